"""The downloads: the Data Package validates with frictionless; the workbook and JSON hold every table."""

import io
import json
import zipfile

import pytest
from frictionless import Package, system
from openpyxl import load_workbook

from releases.publish import publish_release

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("version", ["2026.1", "now"])
def test_the_data_package_validates_with_frictionless(client, tmp_path, version):
    release = publish_release("2026.1")
    response = client.get(f"/en/releases/{version}/download.datapackage.zip")
    assert response.status_code == 200
    zipfile.ZipFile(io.BytesIO(response.content)).extractall(tmp_path)
    descriptor = json.loads((tmp_path / "datapackage.json").read_text())
    trade = next(r for r in descriptor["resources"] if r["name"] == "traderecord")
    assert trade["schema"]["primaryKey"] == ["reporter", "partner", "year", "flow"]
    assert {"fields": "partner", "reference": {"resource": "country", "fields": "iso3"}} in trade["schema"][
        "foreignKeys"
    ]
    year = next(f for f in trade["schema"]["fields"] if f["name"] == "year")
    assert year["type"] == "integer" and year["title"] == "year" and year["title_zh"] == "年份"
    with system.use_context(trusted=True):
        report = Package(str(tmp_path / "datapackage.json")).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:10]
    assert sum(task.stats["rows"] for task in report.tasks) == release.record_count


def test_the_workbook_has_readme_dictionary_and_a_sheet_per_table(client):
    release = publish_release("2026.1")
    book = load_workbook(io.BytesIO(client.get("/en/releases/2026.1/download.xlsx").content), read_only=True)
    assert book.sheetnames[:2] == ["README", "dictionary"]
    assert set(release.counts) <= set(book.sheetnames)
    assert len(list(book["traderecord"].iter_rows())) == release.counts["traderecord"] + 1


def test_the_json_download_holds_every_record(client):
    release = publish_release("2026.1")
    document = json.loads(client.get("/en/releases/2026.1/download.json").content)
    assert {table: len(rows) for table, rows in document["tables"].items()} == release.counts
    assert document["license"]["name"] == "CC BY 4.0"


def test_the_workbook_imports_back_as_it_is(client):
    """A release's XLSX re-imports through the workbook import: every sheet read, nothing new or changed."""
    from django.contrib.auth.models import User

    from core.imports.workbooks import import_workbook

    release = publish_release("2026.1")
    content = client.get("/en/releases/2026.1/download.xlsx").content
    curator = User.objects.create_superuser("release-reader", password="a-long-test-password")
    report = import_workbook(content, "release-2026.1.xlsx", user=curator, dry_run=True)
    assert report.ok, [str(problem) for problem in report.problems[:5]]
    assert report.rows == release.record_count
    assert report.totals["new"] == report.totals["update"] == 0
