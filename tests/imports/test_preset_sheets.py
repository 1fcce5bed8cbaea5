"""Presets in workbooks: the WDI download as XLSX (metadata lines above its header), and presets per sheet of a
workbook of several tables (found from the sheet's headers, or named by the sheet)."""

import csv
import io
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.utils import translation
from rest_framework.test import APIClient

from core.imports.context import ImportContext
from core.imports.files import import_file
from core.imports.marked import marked_file
from core.imports.workbooks import import_workbook
from trade.models import Indicator, Observation, TradeRecord

pytestmark = pytest.mark.django_db

FILES = Path(__file__).parent / "files"
WDI = FILES / "wdi_gdp.csv"
COMTRADE = FILES / "comtrade_china_2022.csv"


def csv_rows(path):
    return [row for row in csv.reader(io.StringIO(path.read_text("utf-8-sig")))]


def wdi_sheet(sheet, text=None):
    """The WDI download's Data sheet as its Excel file has it: two metadata lines, a blank line, the header."""
    rows = csv_rows(WDI) if text is None else list(csv.reader(io.StringIO(text)))
    for cells in rows:
        cells = cells[:-1] if cells and cells[-1] == "" else cells  # the CSV's trailing comma
        sheet.append([float(c) if c.replace(".", "").isdigit() and len(c) > 4 else c or None for c in cells])


def workbook_bytes(build):
    book = openpyxl.Workbook()
    build(book)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def wdi_xlsx(text=None):
    def build(book):
        book.active.title = "Data"
        wdi_sheet(book.active, text)
        book.create_sheet("Metadata - Countries").append(["Country Code", "Region"])

    return workbook_bytes(build)


def test_the_wdi_xlsx_download_skips_its_metadata_lines(statistics_sources):
    report = import_file(Observation, wdi_xlsx(), "API_NY.GDP.MKTP.CD_DS2_en_excel_v2.xlsx", context=ImportContext())
    assert report.ok, [str(p) for p in report.problems]
    assert report.preset == "world-bank-wdi" and report.totals["new"] == 3
    assert Observation.objects.get(country__iso3="UZB", year=2022).value == Decimal("80391853887.0564")


def test_a_wdi_xlsx_problem_names_the_excel_row_and_comes_back_marked(statistics_sources):
    text = WDI.read_text("utf-8-sig").replace('"Uzbekistan","UZB"', '"Utopia","UTO"')
    content = wdi_xlsx(text)
    with translation.override("zh-hans"):
        report = import_file(Observation, content, "wdi.xlsx", context=ImportContext(preset="world-bank-wdi"))
    assert [(p.row, p.column, p.value) for p in report.problems] == [(8, "Country Code", "UTO")]
    marked = openpyxl.load_workbook(io.BytesIO(marked_file(content, "wdi.xlsx", report)[0]))["Data"]
    assert marked.cell(row=5, column=marked.max_column).value in ("Problems", "问题")  # on the header row
    assert marked.cell(row=8, column=2).comment is not None and marked.cell(row=1, column=2).comment is None


def test_the_command_reads_the_wdi_xlsx(statistics_sources, tmp_path):
    path = tmp_path / "API_NY.GDP.MKTP.CD_DS2_en_excel_v2.xlsx"
    path.write_bytes(wdi_xlsx())
    call_command("import_data", "trade.Observation", str(path))
    assert Observation.objects.filter(indicator__slug="ny-gdp-mktp-cd").count() == 3


def test_an_xlsx_without_a_preset_still_takes_its_first_row_as_header():
    content = workbook_bytes(lambda book: [book.active.append(r) for r in (["slug", "name_en"], ["x", None])])
    report = import_file(Observation, content, "o.xlsx", context=ImportContext(dry_run=True))
    assert {p.column for p in report.problems if p.row == 1} >= {"slug", "name_en"}


# -- workbooks ------------------------------------------------------------------------------


def comtrade_sheet(sheet):
    for cells in csv_rows(COMTRADE):
        sheet.append(cells)


def statistics_workbook(trade_title, observation_title, wdi_text=None):
    """A workbook of a Comtrade download and a WDI download (the latter's metadata lines included)."""

    def build(book):
        book.active.title = trade_title
        comtrade_sheet(book.active)
        wdi_sheet(book.create_sheet(observation_title), wdi_text)

    content = workbook_bytes(build)
    return import_workbook(content, "stats.xlsx", context=ImportContext(file_name="stats.xlsx"))


def test_a_workbook_sheet_with_a_presets_headers_goes_through_it(statistics_sources):
    report = statistics_workbook("Trade records", "Observations")
    assert report.ok, [str(p) for p in report.problems]
    assert {s.sheet: s.new for s in report.sheets} == {"Trade records": 5, "Observations": 3}
    assert TradeRecord.objects.get(partner__iso3="RUS", year=2022, flow="export").value == Decimal("1141.4913")


def test_a_sheet_named_after_a_preset_uses_it(statistics_sources):
    report = statistics_workbook("un-comtrade", "world-bank-wdi")
    assert report.ok, [str(p) for p in report.problems]
    assert {(s.sheet, s.model_label, s.new) for s in report.sheets} == {
        ("un-comtrade", "trade.TradeRecord", 5),
        ("world-bank-wdi", "trade.Observation", 3),
    }


def test_a_bad_row_in_a_preset_sheet_is_located_by_sheet_and_keeps_every_sheet_unwritten(statistics_sources):
    text = WDI.read_text("utf-8-sig").replace('"Uzbekistan","UZB"', '"Utopia","UTO"')
    report = statistics_workbook("Trade records", "Observations", text)
    assert [(p.sheet, p.row, p.column) for p in report.problems] == [("Observations", 8, "Country Code")]
    assert not TradeRecord.objects.filter(source__slug="un-comtrade").exists()


def test_the_admin_workbook_page_previews_preset_sheets(statistics_sources, curator_client):
    def build(book):
        book.active.title = "Trade records"
        comtrade_sheet(book.active)

    page = curator_client.post(
        "/en/admin/core/importrecord/workbook/",
        {"import_file": SimpleUploadedFile("stats.xlsx", workbook_bytes(build))},
    ).content.decode()
    assert 'class="sheet-new">5<' in page and 'name="confirm"' in page


def test_a_wdi_sheet_creates_its_missing_indicator_in_the_workbooks_one_import(statistics_sources):
    Indicator.objects.filter(slug="ny-gdp-mktp-cd").delete()
    report = statistics_workbook("Trade records", "Observations")
    assert report.ok, [str(p) for p in report.problems]
    assert [(s.sheet, s.new) for s in report.sheets] == [
        ("Trade records", 5),
        ("Observations › indicators", 1),
        ("Observations", 3),
    ]
    indicator = Indicator.objects.get(slug="ny-gdp-mktp-cd")
    assert indicator.publication_status == "draft" and indicator.observations.count() == 3


def test_the_command_names_a_preset_per_sheet(statistics_sources, tmp_path):
    def build(book):
        book.active.title = "China"
        comtrade_sheet(book.active)
        wdi_sheet(book.create_sheet("GDP"))

    path = tmp_path / "stats.xlsx"
    path.write_bytes(workbook_bytes(build))
    errors = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_data", "--workbook", str(path), "--preset", "China=un-comtrade,GDP=nope", stderr=errors)
    assert "GDP" in errors.getvalue() and "No preset is called “nope”" in errors.getvalue()
    assert not TradeRecord.objects.filter(source__slug="un-comtrade").exists()
    call_command("import_data", "--workbook", str(path), "--preset", "China=un-comtrade, GDP=world-bank-wdi")
    assert TradeRecord.objects.filter(source__slug="un-comtrade").count() == 5
    assert Observation.objects.filter(indicator__slug="ny-gdp-mktp-cd").count() == 3


def test_an_unknown_preset_for_a_sheet_is_said_in_chinese(statistics_sources):
    content = workbook_bytes(lambda book: comtrade_sheet(book.active))
    with translation.override("zh-hans"):
        context = ImportContext(file_name="s.xlsx", dry_run=True, preset="Sheet=nope")
        report = import_workbook(content, "s.xlsx", context=context)
    assert [(p.sheet, str(p.message)) for p in report.problems] == [("Sheet", "没有名为“nope”的预设。")]


def test_the_api_names_a_preset_per_sheet(statistics_sources, curator):
    content = workbook_bytes(lambda book: comtrade_sheet(book.active))  # a sheet called "Sheet"
    client = APIClient()
    client.force_authenticate(curator)
    response = client.post(
        "/api/v1/workbook/?preset=Sheet%3Dun-comtrade",
        {"file": SimpleUploadedFile("c.xlsx", content)},
        format="multipart",
    )
    assert response.status_code == 200, response.content
    assert response.json()["sheets"][0]["new"] == 5
