"""The trade explorer, its downloads and the statistics pages."""

import csv
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from core.downloads import escape_formula
from reference.models import Country
from tests.factories import sourced
from tests.portal.helpers import data_island, get_page, page_text, uncached  # noqa: F401
from trade.models import Indicator, TradeRecord

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("uncached")]
KAZ_RUS = "/en/trade/?country=KAZ,RUS&flow=total&year__gte=2013&year__lte=2021"


def test_explorer_defaults_to_the_five_largest_partners_of_the_latest_year(client):
    response = get_page(client, "/en/trade/")
    chart = data_island(response, "trade-chart-data")
    assert [series["name"] for series in chart["series"]] == [
        "Russia",
        "Kazakhstan",
        "Ukraine",
        "Uzbekistan",
        "Kyrgyzstan",
    ]
    assert chart["categories"][0] == "2013" and chart["categories"][-1] == "2021"
    assert chart["series"][0]["data"][0] == 892.5  # Table 1 of source 004, Russia 2013
    assert chart["unit"] == "100 million USD"


def test_explorer_chart_and_table_show_the_same_selection(client):
    response = get_page(client, KAZ_RUS)
    chart = data_island(response, "trade-chart-data")
    assert [series["name"] for series in chart["series"]] == ["Kazakhstan", "Russia"]
    table = response.context["table"]
    assert table.columns[:2] == ["Kazakhstan", "Russia"]
    row_2021 = table.rows[-1]
    assert row_2021["values"] == [Decimal("252.5"), Decimal("1468.9")]
    assert row_2021["total"] == Decimal("1721.4")
    assert round(row_2021["change"], 1) == Decimal("33.2")  # on 2020: 214.3 + 1077.7
    text = page_text(response)
    assert "1,721.4" in text and "+33.2 %" in text
    assert "In 2021 the selected countries total 1,721.4 (100 million USD)." in text


def test_explorer_in_chinese(client):
    response = get_page(client, "/zh-hans/trade/?country=KAZ,RUS&flow=total")
    chart = data_island(response, "trade-chart-data")
    assert [series["name"] for series in chart["series"]] == ["哈萨克斯坦", "俄罗斯"]
    assert chart["locale"] == "ZH"
    assert "亿美元" in page_text(response)


def test_form_submission_redirects_to_the_stable_url(client):
    response = client.get("/en/trade/", {"country": ["KAZ", "RUS"], "flow": "total", "year__gte": ""})
    assert response.status_code == 302
    assert response["Location"] == KAZ_RUS


def test_explorer_years_and_flow(client):
    response = get_page(client, "/en/trade/?country=RUS&flow=total&year__gte=2019&year__lte=2020")
    assert [row["year"] for row in response.context["table"].rows] == [2019, 2020]
    response = get_page(client, "/en/trade/?country=RUS&flow=export")
    assert response.context["table"].rows == []
    assert "No trade records match this selection." in page_text(response)


def test_explorer_reports_unknown_countries(client):
    text = page_text(get_page(client, "/en/trade/?country=RUS,XYZ&flow=total"))
    assert "No trade records for: XYZ." in text


def test_draft_and_other_reporters_records_are_not_shown(client):
    TradeRecord.objects.create(
        **sourced(
            reporter=Country.objects.get(iso3="CHN"),
            partner=Country.objects.get(iso3="RUS"),
            year=2022,
            value=Decimal("9999"),
            flow="total",
        )
    )
    TradeRecord.objects.create(
        **sourced(
            reporter=Country.objects.get(iso3="KAZ"),
            partner=Country.objects.get(iso3="RUS"),
            year=2021,
            value=Decimal("7777"),
            publication_status="published",
        )
    )
    response = get_page(client, "/en/trade/?country=RUS&flow=total")
    assert [row["year"] for row in response.context["table"].rows][-1] == 2021
    assert "9,999" not in page_text(response) and "7,777" not in page_text(response)


def read_csv(response):
    text = response.content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_csv_download_is_exactly_the_table_shown(client):
    page = get_page(client, KAZ_RUS)
    response = get_page(client, "/en/trade/data.csv?country=KAZ,RUS&flow=total&year__gte=2013&year__lte=2021")
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="bri-trade-chn-kaz-rus-total-2013-2021.csv"' in response["Content-Disposition"]
    rows = read_csv(response)
    assert rows[0] == ["Year", "Kazakhstan", "Russia", "Total", "Change on previous year (%)", "Unit", "Source"]
    assert rows[1][:6] == ["2013", "286", "892.5", "1178.5", "", "100 million USD"]
    assert all(row[6] for row in rows[1:]), "every row names its source"
    assert rows[-2][0] == "2021" and rows[-2][1:4] == ["252.5", "1468.9", "1721.4"]
    assert rows[-1][0] == "2013–2021"
    assert len(rows) == 1 + len(page.context["table"].rows) + 1
    assert "/en/trade/data.csv?country=KAZ,RUS&amp;flow=total" in page.content.decode()


def test_xlsx_download_is_the_same_table(client):
    response = get_page(client, "/zh-hans/trade/data.xlsx?country=KAZ,RUS&flow=total")
    workbook = load_workbook(io.BytesIO(response.content))
    rows = list(workbook.worksheets[0].iter_rows(values_only=True))
    assert rows[0] == ("年份", "哈萨克斯坦", "俄罗斯", "合计", "比上年变化（%）", "单位", "来源")
    assert rows[1][:4] == (2013, 286, 892.5, 1178.5)
    assert rows[1][5] == "亿美元" and rows[1][6]
    about = [row[0] for row in workbook.worksheets[1].iter_rows(values_only=True)]
    assert about[1] == "亿美元"
    assert "数据获取日期" in about[2]


@pytest.mark.parametrize(
    "value, expected",
    [
        ("=1+1", "'=1+1"),
        ("+SUM(A1)", "'+SUM(A1)"),
        ("-2", "'-2"),
        ("@cmd", "'@cmd"),
        ("\tx", "'\tx"),
        ("＝1+1", "'＝1+1"),
        ("Russia", "Russia"),
        (-2.5, -2.5),
        (None, None),
    ],
)
def test_cells_that_would_run_as_formulas_are_escaped(value, expected):
    assert escape_formula(value) == expected


def test_downloads_escape_formula_like_names(client):
    russia = Country.objects.get(iso3="RUS")
    russia.name_en = "=HYPERLINK(evil)"
    russia.save()
    rows = read_csv(get_page(client, "/en/trade/data.csv?country=RUS&flow=total"))
    assert rows[0][1] == "'=HYPERLINK(evil)"
    response = get_page(client, "/en/trade/data.xlsx?country=RUS&flow=total")
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert sheet["B1"].value == "'=HYPERLINK(evil)" and sheet["B1"].data_type == "s"


def test_unknown_download_format_is_not_found(client):
    get_page(client, "/en/trade/data.pdf?country=RUS", status=404)


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_indicator_list(client, language):
    response = get_page(client, f"/{language}/statistics/")
    text = page_text(response)
    assert ("来华留学生人数" if language == "zh-hans" else "International students in China") in text
    assert ("492200" if language == "zh-hans" else "492,200") in text


def test_indicator_page_cites_its_source(client):
    response = get_page(client, "/en/statistics/international-students-in-china/")
    text = page_text(response)
    assert "492,200" in text and "2018" in text
    assert "§2.2 Cooperation in Talent Development, para 1" in text
    assert "Cite this" in text


def test_draft_indicator_is_not_public(client):
    Indicator.objects.create(**sourced(slug="test-draft-indicator", name_en="Hidden series", unit_en="units"))
    get_page(client, "/en/statistics/test-draft-indicator/", status=404)
    assert "Hidden series" not in page_text(get_page(client, "/en/statistics/"))


def flows_offered(response):
    return [value for value, _label in response.context["flows"]]


def test_explorer_offers_only_the_flows_the_selection_has(client):
    """The seed data has totals only: offering exports or imports leads to "No trade records match"."""
    assert flows_offered(get_page(client, "/en/trade/?country=KAZ,RUS")) == ["total"]
    html = get_page(client, "/en/trade/?country=KAZ,RUS").content.decode()
    assert 'value="export"' not in html and 'value="import"' not in html
    TradeRecord.objects.create(
        **sourced(
            reporter=Country.objects.get(iso3="CHN"),
            partner=Country.objects.get(iso3="KAZ"),
            year=2020,
            flow="export",
            value=Decimal("100"),
            publication_status="published",
        )
    )
    assert flows_offered(get_page(client, "/en/trade/?country=KAZ")) == ["total", "export"]
    assert flows_offered(get_page(client, "/en/trade/?country=RUS")) == ["total"]
