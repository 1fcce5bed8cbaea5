"""Templates that help: per user, drop-down lists, an example row the import skips, a README in their language."""

import io

import openpyxl
import pytest

from alliances.models import Institution
from core.imports.files import import_file
from core.imports.workbooks import import_workbook
from trade.models import Observation, TradeRecord

pytestmark = pytest.mark.django_db

TRADE = "/en/data/templates/trade.TradeRecord.xlsx"
OBSERVATIONS = "/data/templates/trade.Observation.xlsx"
WORKBOOK = "/data/templates/workbook.xlsx"


def book(response):
    assert response.status_code == 200
    return openpyxl.load_workbook(io.BytesIO(response.content))


def headers(sheet):
    return [cell.value for cell in sheet[1]]


def validations(sheet):
    """{header: the list's range} of the sheet's drop-down lists."""
    found = {}
    for validation in sheet.data_validations.dataValidation:
        for cells in validation.sqref.ranges:
            found[sheet.cell(1, cells.min_col).value] = (validation.formula1, validation.showErrorMessage)
    return found


def list_values(workbook, formula):
    sheet_range = formula.split("!")[1].replace("$", "")
    return [cell.value for row in workbook["Lists"][sheet_range] for cell in row]


def fill(workbook, sheet_name, rows):
    """Append rows ({header: value}) below the example row, which stays in."""
    sheet = workbook[sheet_name]
    names = headers(sheet)
    for row in rows:
        sheet.append([row.get(name) for name in names])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def test_a_curators_table_template_has_lists_an_example_row_and_a_readme(curator_client):
    workbook = book(curator_client.get(TRADE))
    assert workbook.sheetnames == ["trade records", "README", "Lists"]
    assert workbook["Lists"].sheet_state == "hidden"
    sheet = workbook["trade records"]
    assert "Publication status / 发布状态" in headers(sheet)
    assert sheet["A2"].value == "EXAMPLE"
    lists = validations(sheet)
    assert "KAZ" in list_values(workbook, lists["Partner / 贸易伙伴"][0])
    assert list_values(workbook, lists["Flow / 贸易流向"][0]) == ["total", "export", "import"]
    assert "published" in list_values(workbook, lists["Publication status / 发布状态"][0])
    assert "eurasian-practice-2022" in list_values(workbook, lists["Source / 来源"][0])
    readme = [[cell.value for cell in row] for row in workbook["README"].iter_rows()]
    assert any(row[2] == "flow" and "export (Exports)" in row[5] for row in readme if row[2])


def test_a_filled_template_imports_with_its_example_row_left_in(curator_client):
    workbook = book(curator_client.get(TRADE))
    row = {
        "Partner / 贸易伙伴": "NZL",
        "Year / 年份": 2019,
        "Value / 数值": 7.5,
        "Source / 来源": "eurasian-practice-2022",
        "Source locator / 来源位置": "x",
    }
    report = import_file(TradeRecord, fill(workbook, "trade records", [row]), "filled.xlsx")
    assert report.ok, [str(p) for p in report.problems]
    assert report.totals == {"new": 1, "update": 0, "skip": 0, "pending": 0}  # the example row was skipped


def test_a_partners_template_leaves_out_the_curators_columns_and_speaks_chinese(client, partner):
    client.force_login(partner)
    workbook = book(client.get("/zh-hans" + OBSERVATIONS))
    sheet = workbook.worksheets[0]
    assert not any("publication" in (header or "").lower() for header in headers(sheet))
    assert sheet["A2"].value == "示例"
    readme = "\n".join(str(cell.value) for row in workbook["README"].iter_rows() for cell in row if cell.value)
    assert "草稿" in readme and "字段名" in readme
    row = {
        "Indicator / 指标": "international-students-in-china",
        "Year / 年份": 2031,
        "Value / 数值": 12,
        "Reported by / 报告机构": "xi-an-jiaotong-university",
        "Source / 来源": "bri-university-alliances",
        "Source locator / 来源位置": "annual report",
    }
    assert set(row) <= set(headers(sheet)), headers(sheet)
    report = import_file(Observation, fill(workbook, sheet.title, [row]), "mine.xlsx", user=partner)
    assert report.ok, [str(p) for p in report.problems]
    assert Observation.objects.get(year=2031).publication_status == "draft"


def test_a_partners_keys_are_those_they_may_see(client, partner):
    hidden = Institution.objects.create(
        slug="someone-elses-draft",
        name_en="Draft U",
        kind="university",
        country_id=Institution.objects.first().country_id,
        source_id=Institution.objects.first().source_id,
        source_locator="x",
    )
    client.force_login(partner)
    workbook = book(client.get("/en" + OBSERVATIONS))
    formula, _strict = validations(workbook.worksheets[0])["Reported by / 报告机构"]
    keys = list_values(workbook, formula)
    assert "xi-an-jiaotong-university" in keys and hidden.slug not in keys


def test_the_workbook_template_has_a_sheet_per_table_in_import_order(curator_client):
    workbook = book(curator_client.get("/en" + WORKBOOK))
    names = workbook.sheetnames
    assert names[-2:] == ["README", "Lists"]
    assert names.index("institutions") < names.index("memberships") < names.index("cooperation projects")
    assert names.index("indicators") < names.index("observations")


def test_a_partners_workbook_template_lists_only_their_tables_and_imports_as_one(client, partner):
    client.force_login(partner)
    workbook = book(client.get("/en" + WORKBOOK))
    assert workbook.sheetnames == [
        "sources",  # partners add the documents they cite
        "institutions",
        "memberships",
        "cooperation projects",
        "observations",
        "README",
        "Lists",
    ]
    content = fill(
        workbook,
        "observations",
        [
            {
                "Indicator / 指标": "international-students-in-china",
                "Year / 年份": 2032,
                "Value / 数值": 3,
                "Reported by / 报告机构": "xi-an-jiaotong-university",
                "Source / 来源": "bri-university-alliances",
                "Source locator / 来源位置": "p. 1",
            }
        ],
    )
    report = import_workbook(content, "mine.xlsx", user=partner)
    assert report.ok, [str(p) for p in report.problems]
    assert [(s.model_label, s.new) for s in report.sheets if s.new] == [("trade.Observation", 1)]


def test_anyone_may_read_the_workbook_template(client):
    workbook = book(client.get("/en" + WORKBOOK))
    assert "trade records" in workbook.sheetnames
