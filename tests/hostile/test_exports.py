"""Every export path escapes every formula prefix: a country named ``＠SUM(1)`` by a hostile import
comes out as text (``'＠SUM(1)``) in the admin export, ``export_data``, the API's CSV and the
trade explorer's CSV and XLSX downloads."""

import csv
import io
from pathlib import Path

import openpyxl
import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client

from core.downloads import FORMULA_PREFIXES
from reference.models import Country

pytestmark = pytest.mark.django_db


def cells_of_csv(content):
    return {cell for row in csv.reader(io.StringIO(content.decode("utf-8-sig"))) for cell in row}


def cells_of_xlsx(content):
    """The workbook's cells; a carriage return reads back as a line feed (XML normalises line ends)."""
    workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
    cells = {cell for sheet in workbook.worksheets for row in sheet.iter_rows(values_only=True) for cell in row}
    return cells | {cell.replace("\n", "\r") for cell in cells if isinstance(cell, str)}


def exports(curator_client, tmp_path):
    out = Path(tmp_path) / "countries.csv"
    call_command("export_data", "reference.Country", "--output", str(out))
    api = Client().get("/api/v1/countries/", {"format": "csv"})
    return {
        "admin export": cells_of_csv(curator_client.get("/en/admin/reference/country/export/?format=csv").content),
        "admin export xlsx": cells_of_xlsx(
            curator_client.get("/en/admin/reference/country/export/?format=xlsx").content
        ),
        "export_data": cells_of_csv(out.read_bytes()),
        "API CSV": cells_of_csv(b"".join(api.streaming_content)),
        "trade download CSV": cells_of_csv(Client().get("/en/trade/data.csv?country=KAZ").content),
        "trade download XLSX": cells_of_xlsx(Client().get("/en/trade/data.xlsx?country=KAZ").content),
    }


@pytest.mark.parametrize("prefix", FORMULA_PREFIXES, ids=repr)
def test_every_export_escapes_the_prefix(prefix, curator_client, tmp_path):
    cache.clear()  # the public downloads are cached pages
    name = f"{prefix}SUM(1)"
    Country.objects.filter(iso3="KAZ").update(name_en=name)
    failures = {
        path for path, cells in exports(curator_client, tmp_path).items() if f"'{name}" not in cells or name in cells
    }
    assert not failures
