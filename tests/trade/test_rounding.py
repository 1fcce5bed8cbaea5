"""One rounding rule (halves away from zero, one decimal, never "−0.0") for the change on the previous
year, whether read on the explorer's page, in its CSV or in its XLSX."""

import csv
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from core.numbers import rounded
from core.templatetags.portal import number, percent_change
from reference.models import Country
from tests.factories import sourced
from tests.portal.helpers import uncached  # noqa: F401
from trade.models import TradeRecord

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("uncached")]
# Changes on the previous year: −29.95 %, +0.45 %, −0.0216 %.
VALUES = {2001: "2000", 2002: "1401", 2003: "1407.3045", 2004: "1407"}
EXPECTED_CHANGES = [None, Decimal("-30.0"), Decimal("0.5"), Decimal("0.0")]
SHOWN = ["—", "−30.0 %", "+0.5 %", "±0.0 %"]
QUERY = "country=NZL&flow=total"


@pytest.mark.parametrize(
    "value, expected",
    [("-29.95", "-30.0"), ("0.45", "0.5"), ("0.449", "0.4"), ("-0.04", "0.0"), ("-0.05", "-0.1"), (0.45, "0.5")],
)
def test_rounded_halves_away_from_zero_and_never_gives_minus_zero(value, expected):
    result = rounded(Decimal(value) if isinstance(value, str) else value, 1)
    assert str(result) == expected


def test_the_page_filters_round_as_the_downloads_do():
    assert [percent_change(Decimal(v)) for v in ("-29.95", "0.45", "-0.04")] == ["−30.0 %", "+0.5 %", "±0.0 %"]
    assert number(Decimal("80.45"), 1) == "80.5"


@pytest.fixture
def nzl_records(db):
    china, nzl = Country.objects.get(iso3="CHN"), Country.objects.get(iso3="NZL")
    for year, value in VALUES.items():
        TradeRecord.objects.create(
            **sourced(
                reporter=china,
                partner=nzl,
                year=year,
                flow="total",
                value=Decimal(value),
                unit="100m-usd",
                publication_status="published",
            )
        )


def test_page_csv_and_xlsx_give_the_same_change(client, nzl_records):
    page = client.get(f"/en/trade/?{QUERY}")
    assert [row["change"] for row in page.context["table"].rows] == EXPECTED_CHANGES
    html = page.content.decode()
    for shown in SHOWN[1:]:
        assert f'<td class="num">{shown}</td>' in html
    assert "−0.0" not in html and "−29.9" not in html and "+0.4 %" not in html

    rows = list(csv.reader(io.StringIO(client.get(f"/en/trade/data.csv?{QUERY}").content.decode("utf-8-sig"))))
    change = rows[0].index("Change on previous year (%)")
    assert [Decimal(row[change]) if row[change] else None for row in rows[1:5]] == EXPECTED_CHANGES

    workbook = load_workbook(io.BytesIO(client.get(f"/en/trade/data.xlsx?{QUERY}").content))
    sheet = list(workbook.worksheets[0].iter_rows(values_only=True))
    change = sheet[0].index("Change on previous year (%)")
    cells = [row[change] for row in sheet[1:5]]
    assert [None if cell is None else Decimal(str(cell)) for cell in cells] == EXPECTED_CHANGES
    assert all(cell is None or isinstance(cell, int | float) for cell in cells)
