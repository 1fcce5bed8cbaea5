"""?format=csv: streamed in chunks, filtered and ordered as the list, formulae escaped, errors in JSON."""

import csv
import io

from django.http import StreamingHttpResponse

from alliances.models import Institution
from core.api import csv as api_csv
from tests.factories import make_institution
from trade.models import Observation, TradeRecord


def read(response):
    assert isinstance(response, StreamingHttpResponse)
    return list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))


def test_csv_is_streamed_a_chunk_at_a_time(anonymous, monkeypatch, django_assert_max_num_queries):
    monkeypatch.setattr(api_csv, "CHUNK", 10)
    response = anonymous.get("/api/v1/trade/", {"format": "csv"})
    chunks = list(response.streaming_content)
    total = TradeRecord.objects.count()
    assert len(chunks) == 1 + -(-total // 10)  # the header, then one piece per chunk of records
    assert sum(chunk.count(b"\n") for chunk in chunks) == total + 1


def test_csv_follows_the_filters_and_the_ordering(anonymous):
    rows = read(anonymous.get("/api/v1/trade/", {"format": "csv", "country": "KAZ", "ordering": "-year"}))
    assert [row["year"] for row in rows] == [str(year) for year in range(2021, 2012, -1)]
    assert {row["partner"] for row in rows} == {"KAZ"}


def test_csv_names_relations_by_natural_key_several_in_one_cell(anonymous):
    rows = read(anonymous.get("/api/v1/projects/", {"format": "csv", "country": "RUS"}))
    assert rows and all("RUS" in row["countries"].split(" | ") for row in rows)
    assert any(":" in row["participants"] for row in rows)


def test_csv_escapes_formulae_but_not_negative_numbers(curator_api, db):
    make_institution("formula-university", name_zh="＝1+1", city_en="@SUM(A1)", description_en="-2+3")
    observation = Observation.objects.order_by("pk").first()
    Observation.objects.filter(pk=observation.pk).update(value=-5, note_en='=HYPERLINK("http://x")')
    rows = read(curator_api.get("/api/v1/institutions/", {"format": "csv", "slug": "formula-university"}))
    assert (rows[0]["name_zh"], rows[0]["city_en"], rows[0]["description_en"]) == ("'＝1+1", "'@SUM(A1)", "'-2+3")
    rows = read(curator_api.get("/api/v1/observations/", {"format": "csv"}))
    negative = next(row for row in rows if row["value"].startswith(("-", "'")))
    assert negative["value"] == "-5.0000"
    assert negative["note_en"].startswith("'=HYPERLINK")


def test_csv_hides_drafts_from_the_public(anonymous):
    Institution.objects.filter(slug="gansu-provincial-government").update(publication_status="draft")
    rows = read(anonymous.get("/api/v1/institutions/", {"format": "csv"}))
    assert "gansu-provincial-government" not in {row["slug"] for row in rows}
    projects = read(anonymous.get("/api/v1/projects/", {"format": "csv"}))
    assert not any("gansu-provincial-government" in row["participants"] for row in projects)


def test_csv_starts_with_a_byte_order_mark_for_excel(anonymous):
    response = anonymous.get("/api/v1/countries/", {"format": "csv"})
    assert b"".join(response.streaming_content).startswith("\ufeffiso3,".encode())


def test_a_csv_request_that_fails_answers_in_json(anonymous):
    response = anonymous.get("/api/v1/trade/", {"format": "csv", "year__gte": "soon"})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert list(response.json()) == ["year__gte"]


def test_csv_is_for_lists(anonymous):
    response = anonymous.get("/api/v1/countries/KAZ/", {"format": "csv"})
    assert response.status_code == 404
    assert response.json()["detail"]
