"""The public pages of releases, the compare page against the history, the API and the catalogue."""

import json
import re

import pytest
from django.utils import timezone
from rdflib import Graph
from rdflib.namespace import DCAT, RDF

from releases.publish import publish_release
from trade.models import TradeRecord

pytestmark = pytest.mark.django_db


@pytest.fixture
def release():
    return publish_release("2026.1", summary="The seed data, as transcribed.")


def schema_of(html):
    match = re.search(r'<script id="schema-org" type="application/json">(.*?)</script>', html, re.S)
    return json.loads(json.loads(match.group(1)))


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_release_page_has_notes_downloads_citations_and_schema_org(client, release, language):
    html = client.get(f"/{language}/releases/2026.1/").content.decode()
    assert "The seed data, as transcribed." in html
    assert "/releases/2026.1/download.datapackage.zip" in html and "CC BY 4.0" in html
    assert "[DS/OL]" in html and "@misc{bri-portal-2026.1" in html
    data = schema_of(html)
    assert data["@type"] == "Dataset"
    for name in (
        "name",
        "description",
        "url",
        "license",
        "creator",
        "temporalCoverage",
        "spatialCoverage",
        "distribution",
        "version",
        "citation",
    ):
        assert data[name], name
    assert data["version"] == "2026.1" and data["url"].endswith(f"/{language}/releases/2026.1/")


def test_a_record_as_it_stood_links_to_its_current_version(client, release):
    record = TradeRecord.objects.public().select_related("reporter", "partner").first()
    key = f"{record.reporter.iso3}/{record.partner.iso3}/{record.year}/{record.flow}"
    old_value = str(record.value)
    record.value += 1
    record.save()
    html = client.get(f"/en/releases/2026.1/traderecord/{key}/").content.decode()
    assert "as it stood in release 2026.1" in html
    assert old_value in html and f"?country={record.partner.iso3}" in html
    assert f"/en/releases/2026.1/traderecord/{key}/" in html  # cited by its permanent URL
    record.delete()
    html = client.get(f"/en/releases/2026.1/traderecord/{key}/").content.decode()
    assert "no longer published" in html


def history_counts(model, since):
    """Records added, changed and withdrawn since ``since`` according to the change history."""
    rows = model.history.filter(history_date__gt=since).values_list("id", "history_type")
    kinds = {}
    for pk, kind in rows:
        kinds.setdefault(pk, []).append(kind)
    return {
        "added": sum(1 for k in kinds.values() if k[0] == "+" and "-" not in k),
        "changed": sum(1 for k in kinds.values() if "+" not in k and "-" not in k),
        "withdrawn": sum(1 for k in kinds.values() if "-" in k and "+" not in k),
    }


def test_the_compare_counts_equal_the_history(client, release):
    since = timezone.now()
    records = list(TradeRecord.objects.public()[:4])
    records[0].value += 1
    records[0].save()
    records[1].note_en = "Changed note."
    records[1].save()
    records[2].delete()
    records[3].pk = None
    records[3].year = 1990
    records[3].save()
    expected = history_counts(TradeRecord, since)
    assert expected == {"added": 1, "changed": 2, "withdrawn": 1}
    second = publish_release("2026.2")
    note = second.notes["tables"]["traderecord"]
    assert {kind: note[kind] for kind in expected} == expected
    for target in ("2026.2", "now"):
        html = client.get(f"/en/releases/compare/?from=2026.1&to={target}").content.decode()
        assert '<p class="counts" data-table="traderecord">1 added, 2 changed, 1 withdrawn</p>' in html
        assert "Changed note." in html


def test_the_api_lists_releases_and_reads_a_release(client, release):
    listed = client.get("/api/v1/releases/").json()
    assert listed["results"][0]["version"] == "2026.1"
    detail = client.get("/api/v1/releases/2026.1/").json()
    assert detail["notes"]["tables"]["traderecord"]["added"] == release.counts["traderecord"]
    assert detail["downloads"]["datapackage.zip"].endswith("/releases/2026.1/download.datapackage.zip")
    record = TradeRecord.objects.public().filter(partner__iso3="KAZ", flow="total").order_by("year").first()
    old = str(record.value)
    record.value += 100
    record.save()
    page = client.get(f"/api/v1/trade/?release=2026.1&country=KAZ&flow=total&year={record.year}").json()
    assert page["count"] == 1 and page["results"][0]["value"] == old
    assert page["results"][0]["release_url"].endswith(f"/releases/2026.1/traderecord/CHN/KAZ/{record.year}/total/")
    live = client.get(f"/api/v1/trade/?country=KAZ&flow=total&year={record.year}").json()
    assert live["results"][0]["value"] != old
    series = client.get("/api/v1/trade/series/?release=2026.1&country=KAZ&flow=total").json()
    assert [record.year, float(old)] in series[0]["points"]
    assert client.get("/api/v1/trade/?release=2026.1&search=x").status_code == 400
    assert client.get("/api/v1/trade/?release=1999.9").status_code == 404


def test_the_dcat_catalogue_parses_in_turtle_and_json_ld(client, release):
    for extension, rdf_format in (("ttl", "turtle"), ("jsonld", "json-ld")):
        response = client.get(f"/catalogue.{extension}")
        graph = Graph().parse(data=response.content.decode(), format=rdf_format)
        datasets = list(graph.subjects(RDF.type, DCAT.Dataset))
        assert len(datasets) == 1 and str(datasets[0]).endswith("/en/releases/2026.1/")
        assert len(list(graph.objects(datasets[0], DCAT.distribution))) == 3


def test_the_data_page_has_schema_org(client, release):
    data = schema_of(client.get("/en/data/").content.decode())
    assert data["@type"] == "Dataset" and data["name"] and data["description"] and data["license"]
    assert data["version"] == "2026.1"
