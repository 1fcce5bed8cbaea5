"""Rankings: the table is the ranking, and every number in it is recomputed here from the records."""

from decimal import Decimal

import pytest

from core.numbers import rounded
from trade.models import Observation, TradeRecord

from .helpers import get_page, page_text, uncached  # noqa: F401 (a fixture)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("uncached")]


def totals(year, members=None):
    records = TradeRecord.objects.public().filter(reporter__iso3="CHN", flow="total", year=year)
    if members:
        records = records.filter(partner__iso3__in=members)
    return {record.partner.iso3: record.value for record in records.select_related("partner")}


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_countries_are_ranked_by_value_with_their_shares(client, language):
    response = get_page(client, f"/{language}/rankings/?series=trade.total&year=2021")
    rows = response.context["rows"]
    values = totals(2021)
    assert [row.value for row in rows] == sorted(values.values(), reverse=True)
    # competition ranking: 1 + the number of countries with more (Azerbaijan and Georgia tie in 2021)
    assert [row.rank for row in rows] == [
        1 + sum(v > values[row.country.iso3] for v in values.values()) for row in rows
    ]
    assert len({row.rank for row in rows}) < len(rows)
    total = sum(values.values())
    assert response.context["total"] == total
    for row in rows:
        assert row.value == values[row.country.iso3]
        assert row.share == rounded(values[row.country.iso3] / total * 100, 1)
    html = response.content.decode()
    assert html.index('data-iso3="RUS"') < html.index('data-iso3="KAZ"')  # the table is in rank order
    assert html.count("<polyline") == len(rows)  # a sparkline for each


def test_countries_are_ranked_by_change_over_the_span(client):
    response = get_page(client, "/en/rankings/?series=trade.total&year=2021&since=2016&by=change")
    then, now = totals(2016), totals(2021)
    changes = {iso3: now[iso3] - then[iso3] for iso3 in now}
    rows = response.context["rows"]
    assert [row.country.iso3 for row in rows] == sorted(changes, key=lambda iso3: -changes[iso3])
    for row in rows:
        assert row.change == changes[row.country.iso3]
        assert row.change_percent == rounded(changes[row.country.iso3] / then[row.country.iso3] * 100, 1)
    assert "Change since 2016" in page_text(response)


def test_a_group_ranks_only_its_countries_and_shares_its_total(client):
    response = get_page(client, "/zh-hans/rankings/?series=trade.total&year=2013&group=south-caucasus")
    values = totals(2013, {"ARM", "AZE", "GEO"})
    rows = response.context["rows"]
    assert {row.country.iso3 for row in rows} == {"ARM", "AZE", "GEO"}
    assert sum(row.share for row in rows) == pytest.approx(Decimal(100), abs=Decimal("0.2"))
    assert response.context["total"] == sum(values.values())
    assert "外高加索" in page_text(response)


def test_an_indicator_is_ranked_too(client):
    response = get_page(client, "/en/rankings/?series=xi-meetings-with-heads-of-state")
    observations = Observation.objects.public().filter(indicator__slug="xi-meetings-with-heads-of-state")
    expected = sorted(observations, key=lambda o: -o.chart_value)
    assert [row.country.iso3 for row in response.context["rows"]] == [o.country.iso3 for o in expected]


def test_equal_values_share_a_rank(client):
    from trade.rankings import ranking
    from trade.series import trade_series

    series = trade_series()
    series.values = {"KAZ": {2020: Decimal(5)}, "RUS": {2020: Decimal(5)}, "UZB": {2020: Decimal(1)}}
    rows, _total = ranking(series, 2020)
    assert [row.rank for row in rows] == [1, 1, 3]


@pytest.mark.parametrize(
    "query, name",
    [("series=nothing", "series"), ("by=colour", "by"), ("group=nowhere", "group"), ("colour=red", "colour")],
)
def test_a_parameter_the_page_cannot_read_is_named(client, query, name):
    response = get_page(client, f"/en/rankings/?{query}", status=400)
    assert f"<code>{name}</code>" in response.content.decode()


def test_the_explorer_links_to_the_rankings_of_its_flow_and_group(client):
    html = get_page(client, "/en/trade/?group=central-asia&flow=export").content.decode()
    assert "/en/rankings/?series=trade.export&amp;group=central-asia" in html


def test_the_new_pages_are_in_the_sitemap(client):
    content = client.get("/sitemap-pages-zh-hans.xml").content.decode()
    for path in ("/zh-hans/rankings/", "/zh-hans/compare/", "/zh-hans/groups/"):
        assert f"{path}</loc>" in content, path
