"""A workbook of several tables imports as one change request: one check, one transaction, one record, one undo."""

import io
import json

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.utils import translation
from rest_framework.test import APIClient

from alliances.models import Institution, Membership
from cooperation.models import CooperationProject
from core.imports.history import undo_import
from core.imports.workbooks import dependency_order, import_workbook
from core.models import ImportRecord

pytestmark = pytest.mark.django_db

SOURCE = {"source": "bri-university-alliances", "source_locator": "workbook test"}
INSTITUTIONS = [
    {
        "slug": "lanzhou-test-university",
        "name_en": "Lanzhou Test University",
        "name_zh": "兰州测试大学",
        "kind": "university",
        "country": "China",
        **SOURCE,
    }
]
MEMBERSHIPS = [{"alliance": "new-silk-road", "institution": "lanzhou-test-university", "role": "member", **SOURCE}]
PROJECTS = [
    {
        "slug": "test-joint-lab",
        "title_en": "Test joint lab",
        "title_zh": "测试联合实验室",
        "kind": "programme",
        "sector": "higher-education",
        "participants": "lanzhou-test-university:lead | xi-an-jiaotong-university",
        **SOURCE,
    }
]


def workbook(sheets):
    """An XLSX: {sheet name: [row dicts]}, sheets in the order given."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        headers = list(dict.fromkeys(key for row in rows for key in row))
        sheet.append(headers)
        for row in rows:
            sheet.append([row.get(h) for h in headers])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# Sheets out of dependency order, named in English plural, Chinese and as a label.
SHEETS = {"alliances.Membership": MEMBERSHIPS, "Cooperation projects": PROJECTS}


def sheets(language="en"):
    with translation.override(language):
        name = str(Institution._meta.verbose_name_plural)
    return {**SHEETS, name: INSTITUTIONS}


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_a_check_sees_the_keys_earlier_sheets_add_and_writes_nothing(curator, language):
    report = import_workbook(workbook(sheets(language)), "book.xlsx", user=curator, dry_run=True)
    assert report.ok, [str(p) for p in report.problems]
    assert [s.model_label for s in report.sheets] == [
        "alliances.Institution",
        "alliances.Membership",
        "cooperation.CooperationProject",
    ]
    assert [s.new for s in report.sheets] == [1, 1, 1]
    assert not Institution.objects.filter(slug="lanzhou-test-university").exists()


def test_the_import_is_one_record_and_one_undo(curator):
    report = import_workbook(workbook(sheets()), "book.xlsx", user=curator)
    assert report.ok, [str(p) for p in report.problems]
    institution = Institution.objects.get(slug="lanzhou-test-university")
    assert Membership.objects.filter(institution=institution).exists()
    assert CooperationProject.objects.get(slug="test-joint-lab").participations.count() == 2
    record = ImportRecord.objects.get(pk=report.record.pk)
    assert record.created == 3 and ImportRecord.objects.filter(sha256=record.sha256).count() == 1
    undo_import(record, curator)
    assert not Institution.objects.filter(slug="lanzhou-test-university").exists()
    assert not CooperationProject.objects.filter(slug="test-joint-lab").exists()


def test_a_bad_row_in_the_last_sheet_leaves_every_sheet_unwritten(curator):
    bad = {**sheets(), "Cooperation projects": [{**PROJECTS[0], "kind": "nonsense"}]}
    report = import_workbook(workbook(bad), "book.xlsx", user=curator)
    assert not report.ok
    problem = report.problems[0]
    assert (problem.sheet, problem.row, problem.column, problem.value) == (
        "Cooperation projects",
        2,
        "kind",
        "nonsense",
    )
    assert not Institution.objects.filter(slug="lanzhou-test-university").exists()
    assert not Membership.objects.filter(institution__slug="lanzhou-test-university").exists()


def test_json_object_of_arrays(curator):
    content = json.dumps({"institutions": INSTITUTIONS, "memberships": MEMBERSHIPS}).encode()
    report = import_workbook(content, "book.json", user=curator)
    assert report.ok, [str(p) for p in report.problems]
    assert Membership.objects.filter(institution__slug="lanzhou-test-university").exists()


def test_an_unknown_sheet_is_named():
    report = import_workbook(workbook({"Pets": [{"name": "cat"}]}), "book.xlsx", dry_run=True)
    assert report.problems[0].sheet == "Pets"


def test_dependency_order():
    assert dependency_order([CooperationProject, Membership, Institution])[0] is Institution


def test_command_and_api(tmp_path, curator):
    path = tmp_path / "book.xlsx"
    path.write_bytes(workbook(sheets()))
    out = io.StringIO()
    call_command("import_data", "--workbook", str(path), "--dry-run", stdout=out)
    assert "Memberships" in out.getvalue() or "alliances.Membership" in out.getvalue()
    api = APIClient()
    api.force_authenticate(curator)
    with path.open("rb") as handle:
        response = api.post("/api/v1/workbook/", {"file": handle}, format="multipart")
    assert response.status_code == 200, response.content
    assert [s["new"] for s in response.json()["sheets"]] == [1, 1, 1]
    assert Institution.objects.filter(slug="lanzhou-test-university").exists()
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(workbook({"Pets": [{"name": "cat"}]}))
    with pytest.raises(CommandError):
        call_command("import_data", "--workbook", str(bad), stdout=io.StringIO(), stderr=io.StringIO())
