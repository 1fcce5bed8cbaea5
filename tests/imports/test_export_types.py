"""Exports a spreadsheet reads as meant: numbers as numbers, a named sheet, unit and source alongside.

Read back with openpyxl, whose cells carry the type the file gives them (``n`` numbers, ``s`` text).
"""

import csv
import io
from decimal import Decimal

import pytest
from django.db import models
from openpyxl import load_workbook

from core.imports.services import export_file
from core.registry import importable_models

pytestmark = pytest.mark.django_db


def workbook_of(content):
    return load_workbook(io.BytesIO(content), read_only=True)


@pytest.mark.parametrize("model", importable_models(), ids=lambda model: model._meta.label)
def test_every_xlsx_export_has_numbers_as_numbers_on_a_named_sheet(model):
    workbook = workbook_of(export_file(model, "xlsx"))
    assert workbook.sheetnames == [str(model._meta.verbose_name_plural)[:31]]
    rows = list(workbook.active.iter_rows())
    header = [cell.value for cell in rows[0]]
    numeric = {
        str(field.verbose_name)
        for field in model._meta.get_fields()
        if isinstance(field, models.IntegerField | models.DecimalField | models.FloatField)
        and not field.primary_key
        and not field.choices
    }
    checked = 0
    for row in rows[1:]:
        for name, cell in zip(header, row, strict=False):
            if any(str(name).lower() == label.lower() for label in numeric) and cell.value not in (None, ""):
                assert cell.data_type == "n", (name, cell.value)
                assert isinstance(cell.value, int | float | Decimal)
                checked += 1
    assert checked or not numeric or len(rows) == 1


def test_trade_xlsx_export_reads_years_as_whole_numbers_and_values_as_numbers(curator_client):
    response = curator_client.get("/en/admin/trade/traderecord/export/?format=xlsx")
    workbook = workbook_of(response.content)
    assert workbook.sheetnames == ["trade records"]
    rows = list(workbook.active.iter_rows(values_only=True))
    header = [str(name).lower() for name in rows[0]]
    year, value = header.index("year"), header.index("value")
    assert {type(row[year]) for row in rows[1:]} == {int}
    assert all(isinstance(row[value], int | float) for row in rows[1:])
    assert {"unit", "source", "source locator"} <= set(header)


def test_the_sheet_is_named_in_the_users_language(client, curator):
    client.force_login(curator)
    response = client.get("/zh-hans/admin/trade/traderecord/export/?format=xlsx")
    assert workbook_of(response.content).sheetnames == ["贸易记录"]


def test_admin_csv_export_carries_unit_and_source(curator_client):
    content = curator_client.get("/en/admin/trade/traderecord/export/?format=csv").content.decode("utf-8-sig")
    header = [name.lower() for name in next(csv.reader(io.StringIO(content)))]
    assert {"unit", "source", "source locator"} <= set(header)
