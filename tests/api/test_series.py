"""Chart series: one per country, points in order, from the list's filters and visibility."""

import pytest

from core.api.views import SeriesMixin
from trade.models import TradeRecord


def test_trade_series_one_per_country(anonymous):
    response = anonymous.get("/api/v1/trade/series/", {"country": "KAZ,RUS", "flow": "total"})
    assert response.status_code == 200
    series = response.json()
    assert [(s["country"], s["unit"], s["source"]) for s in series] == [
        ("KAZ", "100m-usd", "eurasian-practice-2022"),
        ("RUS", "100m-usd", "eurasian-practice-2022"),
    ]
    kaz = series[0]["points"]
    assert kaz[0] == [2013, 286.0]
    assert [year for year, _value in kaz] == sorted(year for year, _value in kaz)
    expected = TradeRecord.objects.filter(partner__iso3="KAZ", flow="total").count()
    assert len(kaz) == expected


def test_trade_series_takes_the_filters_and_hides_drafts(anonymous, curator_api):
    TradeRecord.objects.filter(partner__iso3="KAZ", year=2021).update(publication_status="draft")
    params = {"country": "KAZ", "year__gte": "2019"}
    assert [p[0] for p in anonymous.get("/api/v1/trade/series/", params).json()[0]["points"]] == [2019, 2020]
    assert [p[0] for p in curator_api.get("/api/v1/trade/series/", params).json()[0]["points"]] == [2019, 2020, 2021]


def test_a_series_split_by_unit_never_mixes_units(curator_api):
    TradeRecord.objects.filter(partner__iso3="KAZ", year=2021).update(unit="bn-usd")
    series = curator_api.get("/api/v1/trade/series/", {"country": "KAZ"}).json()
    assert {s["unit"] for s in series} == {"100m-usd", "bn-usd"}


def test_observation_series(anonymous):
    response = anonymous.get("/api/v1/observations/series/", {"indicator": "international-students-in-china"})
    assert response.json() == [
        {
            "indicator": "international-students-in-china",
            "country": None,
            "unit": "students",
            "unit_zh": "人",
            "source": "he-cooperation-modes",
            "points": [[2018, None, 492200.0]],
        }
    ]


def test_too_many_points_is_a_400_not_a_slow_answer(anonymous, monkeypatch):
    monkeypatch.setattr(SeriesMixin, "series_max_points", 10)
    response = anonymous.get("/api/v1/trade/series/")
    assert response.status_code == 400
    assert "10" in response.json()["non_field_errors"][0]


@pytest.mark.parametrize("params", [{"year__gte": "soon"}, {"country": ""}, {"flow": "sideways"}])
def test_bad_filters_are_400_or_ignored(anonymous, params):
    assert anonymous.get("/api/v1/trade/series/", params).status_code in (200, 400)


def test_series_queries_are_few(anonymous, django_assert_max_num_queries):
    with django_assert_max_num_queries(1):
        anonymous.get("/api/v1/trade/series/", {"country": "KAZ,RUS"})


def test_series_take_repeated_values_as_all_of_them(anonymous):
    both = anonymous.get("/api/v1/trade/series/", {"country": "KAZ,RUS"}).json()
    assert {series["country"] for series in both} == {"KAZ", "RUS"}
    assert anonymous.get("/api/v1/trade/series/", {"country": ["KAZ", "RUS"]}).json() == both


@pytest.mark.parametrize("url", ["/api/v1/trade/series/", "/api/v1/observations/series/"])
def test_series_refuse_unknown_parameters_by_name(anonymous, url):
    response = anonymous.get(url, {"contry": "KAZ"})
    assert response.status_code == 400
    assert "contry" in str(response.json())
