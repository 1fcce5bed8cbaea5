"""Presets for official statistics: a UN Comtrade download and a World Bank WDI download import as they are.

The sample files in ``files/`` follow the formats' published documentation: the Comtrade data API's CSV
(47 columns, values in US dollars, the world and re-exports among the rows) and the WDI bulk CSV (four
metadata lines above the header, one column per year, a trailing comma on every line, aggregates).
"""

import csv
import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation
from rest_framework.test import APIClient

from core.imports.context import ImportContext
from core.imports.files import import_file
from core.imports.marked import marked_file
from core.imports.presets import named, presets_for, sniffed
from trade.models import Indicator, Observation, TradeRecord

pytestmark = pytest.mark.django_db

FILES = Path(__file__).parent / "files"
COMTRADE = FILES / "comtrade_china_2022.csv"
WDI = FILES / "wdi_gdp.csv"


def comtrade(**context):
    return import_file(
        TradeRecord, COMTRADE.read_bytes(), COMTRADE.name, context=ImportContext(file_name=COMTRADE.name, **context)
    )


def test_comtrade_rows_become_trade_records_in_100_million_dollars(statistics_sources):
    report = comtrade()
    assert report.ok, [str(p) for p in report.problems]
    assert report.preset == "un-comtrade"  # found from the header
    assert report.totals["new"] == 5  # the world and the re-export are left out
    record = TradeRecord.objects.get(reporter__iso3="CHN", partner__iso3="RUS", year=2022, flow="export")
    assert record.value == Decimal("1141.4913")  # 114,149,131,575 US dollars
    assert record.unit == "100m-usd"
    assert record.source.slug == "un-comtrade"
    assert "reporter 156, partner 643, 2022, flow X" in record.source_locator
    assert TradeRecord.objects.get(partner__iso3="KAZ", year=2022, flow="import").value == Decimal("147.0691")
    assert not TradeRecord.objects.filter(partner__iso3="VNM", flow="total").exists()


def test_importing_the_same_download_again_changes_nothing(statistics_sources):
    assert comtrade().ok
    again = comtrade()
    assert again.ok and again.totals == {"new": 0, "update": 0, "skip": 5, "pending": 0}


def test_comtrade_by_numeric_codes_when_the_iso_columns_are_left_out(statistics_sources, tmp_path):
    rows = list(csv.DictReader(io.StringIO(COMTRADE.read_text("utf-8"))))
    out = io.StringIO()
    headers = [h for h in rows[0] if h not in ("reporterISO", "partnerISO")]
    writer = csv.DictWriter(out, headers, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    report = import_file(TradeRecord, out.getvalue().encode(), "codes.csv", context=ImportContext(preset="un-comtrade"))
    assert report.ok, [str(p) for p in report.problems]
    assert TradeRecord.objects.filter(partner__iso3="VNM", year=2022, flow="export").exists()


def test_a_bad_comtrade_row_names_its_row_column_and_value_and_nothing_is_written(statistics_sources):
    text = COMTRADE.read_text("utf-8").replace("146959525612.0,0,True", "n/a,0,True")
    with translation.override("zh-hans"):
        report = import_file(TradeRecord, text.encode(), "c.csv", context=ImportContext(preset="un-comtrade"))
    assert [(p.row, p.column) for p in report.problems] == [(6, "primaryValue")]
    assert report.problems[0].value == "n/a"
    assert any("\u4e00" <= ch <= "\u9fff" for ch in str(report.problems[0].message))  # in the user's language
    assert not TradeRecord.objects.filter(year=2022, source__slug="un-comtrade").exists()


def test_wdi_download_with_its_metadata_lines_becomes_observations(statistics_sources):
    report = import_file(Observation, WDI.read_bytes(), WDI.name, context=ImportContext())
    assert report.ok, [str(p) for p in report.problems]
    assert report.preset == "world-bank-wdi"
    values = {
        (o.country.iso3, o.year): o.value
        for o in Observation.objects.filter(indicator__slug="ny-gdp-mktp-cd").select_related("country")
    }
    assert values == {
        ("KAZ", 2021): Decimal("197112255360.7340"),
        ("KAZ", 2022): Decimal("225496290292.5660"),
        ("UZB", 2022): Decimal("80391853887.0564"),
    }  # the world (an aggregate) is left out; Aruba has no values
    assert Observation.objects.filter(source__slug="world-bank-wdi").first().source_locator.endswith("NY.GDP.MKTP.CD")


def test_wdi_problems_keep_the_row_numbers_of_the_downloaded_file(statistics_sources):
    text = WDI.read_text("utf-8-sig").replace('"Uzbekistan","UZB"', '"Utopia","UTO"')
    report = import_file(Observation, text.encode("utf-8"), "wdi.csv", context=ImportContext(preset="world-bank-wdi"))
    assert [(p.row, p.column, p.value) for p in report.problems] == [(8, "Country Code", "UTO")]


def test_a_preset_for_another_table_is_refused_with_its_reason():
    report = import_file(Observation, COMTRADE.read_bytes(), "c.csv", context=ImportContext(preset="un-comtrade"))
    assert "trade.TradeRecord" in str(report.problems[0])
    report = import_file(TradeRecord, COMTRADE.read_bytes(), "c.csv", context=ImportContext(preset="nope"))
    assert "un-comtrade" in str(report.problems[0])


def test_no_preset_means_unknown_columns():
    report = import_file(TradeRecord, COMTRADE.read_bytes(), "c.csv", context=ImportContext(preset="none"))
    assert {p.column for p in report.problems} >= {"refYear", "primaryValue"}


def test_presets_are_found_only_where_unambiguous():
    assert sniffed(TradeRecord, COMTRADE.read_bytes()).name == "un-comtrade"
    assert sniffed(Observation, WDI.read_bytes()).name == "world-bank-wdi"
    assert sniffed(TradeRecord, WDI.read_bytes()) is None
    assert sniffed(Observation, b"indicator,year,value\n") is None
    assert [p.name for p in presets_for(TradeRecord)] == ["un-comtrade"]
    assert named(Observation, "world-bank-wdi").preamble_rows


def test_the_command_takes_a_preset(statistics_sources):
    call_command("import_data", "trade.TradeRecord", str(COMTRADE), "--preset", "un-comtrade")
    assert TradeRecord.objects.filter(source__slug="un-comtrade").count() == 5
    with pytest.raises(CommandError):
        call_command("import_data", "trade.Observation", str(COMTRADE), "--preset", "un-comtrade")


def test_the_api_takes_a_preset(statistics_sources, curator):
    client = APIClient()
    client.force_authenticate(curator)
    with WDI.open("rb") as upload:
        response = client.post(
            "/api/v1/observations/bulk/file/?preset=world-bank-wdi", {"file": upload}, format="multipart"
        )
    assert response.status_code == 200, response.content
    assert response.json()["totals"]["new"] == 3


def test_a_wdi_file_comes_back_marked_and_goes_in_again_once_corrected(statistics_sources):
    text = WDI.read_text("utf-8-sig").replace('"Uzbekistan","UZB"', '"Utopia","UTO"')
    report = import_file(Observation, text.encode("utf-8"), "wdi.csv", context=ImportContext())
    assert not report.ok
    marked, _name, _type = marked_file(text.encode("utf-8"), "wdi.csv", report)
    lines = marked.decode("utf-8-sig").splitlines()
    assert lines[0].startswith('"Data Source"') or lines[0].startswith("Data Source")  # metadata left as it was
    rows = list(csv.reader(lines[4:]))
    assert rows[0][-1] == "Problems" and "Country Code" in rows[3][-1] and rows[1][-1] == ""
    corrected = marked.decode("utf-8-sig").replace("Utopia,UTO", "Uzbekistan,UZB").encode("utf-8")
    again = import_file(Observation, corrected, "wdi-problems.csv", context=ImportContext())
    assert again.ok, [str(p) for p in again.problems]
    assert again.totals["new"] == 3


# -- indicators a WDI download names and the portal lacks -------------------------------------


def without_the_indicator():
    Indicator.objects.filter(slug="ny-gdp-mktp-cd").delete()


def test_a_wdi_download_creates_its_missing_indicator_as_a_draft(statistics_sources):
    without_the_indicator()
    check = import_file(Observation, WDI.read_bytes(), WDI.name, context=ImportContext(dry_run=True))
    assert check.ok, [str(p) for p in check.problems]
    assert check.totals["new"] == 4 and not Indicator.objects.filter(slug="ny-gdp-mktp-cd").exists()
    assert check.preview and all(isinstance(row.instance, Observation) for row in check.preview)
    report = import_file(Observation, WDI.read_bytes(), WDI.name, context=ImportContext())
    assert report.ok, [str(p) for p in report.problems]
    indicator = Indicator.objects.get(slug="ny-gdp-mktp-cd")
    assert (indicator.name_en, indicator.unit_en, indicator.publication_status) == (
        "GDP (current US$)",
        "current US$",
        "draft",
    )
    assert indicator.source.slug == "world-bank-wdi" and indicator.source_locator.endswith("NY.GDP.MKTP.CD")
    assert indicator.observations.count() == 3
    assert import_file(Observation, WDI.read_bytes(), WDI.name, context=ImportContext()).totals["new"] == 0


def test_the_command_creates_the_missing_indicator(statistics_sources):
    without_the_indicator()
    call_command("import_data", "trade.Observation", str(WDI))
    assert Indicator.objects.get(slug="ny-gdp-mktp-cd").observations.count() == 3


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_a_partner_is_told_where_and_how_to_have_the_indicator_created(statistics_sources, partner, language):
    without_the_indicator()
    with translation.override(language):
        report = import_file(Observation, WDI.read_bytes(), WDI.name, context=ImportContext(user=partner))
        message = str(report.problems[0].message)
    assert [(p.row, p.column, p.value) for p in report.problems] == [(6, "Indicator Code", "NY.GDP.MKTP.CD")]
    assert "ny-gdp-mktp-cd" in message
    assert ("ask a curator" in message) if language == "en" else ("请管理员" in message)
    assert not Indicator.objects.exists() or not Indicator.objects.filter(slug="ny-gdp-mktp-cd").exists()


def test_the_api_creates_the_missing_indicator(statistics_sources, curator):
    without_the_indicator()
    client = APIClient()
    client.force_authenticate(curator)
    with WDI.open("rb") as upload:
        response = client.post("/api/v1/observations/bulk/file/", {"file": upload}, format="multipart")
    assert response.status_code == 200, response.content
    assert Indicator.objects.get(slug="ny-gdp-mktp-cd").publication_status == "draft"
