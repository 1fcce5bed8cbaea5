"""import_data and export_data on the command line."""

import io

import pytest
from django.core.management import CommandError, call_command

from trade.models import TradeRecord

pytestmark = pytest.mark.django_db


def write(tmp_path, text, name="trade.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_import_prints_a_summary_and_succeeds(tmp_path):
    path = write(tmp_path, "partner,year,value,source,source_locator\nNZL,2019,7.5,eurasian-practice-2022,x\n")
    out = io.StringIO()
    call_command("import_data", "trade.TradeRecord", str(path), stdout=out)
    assert "1 new" in out.getvalue()
    assert TradeRecord.objects.filter(partner__iso3="NZL").exists()


def test_dry_run_writes_nothing(tmp_path):
    path = write(tmp_path, "partner,year,value,source,source_locator\nNZL,2019,7.5,eurasian-practice-2022,x\n")
    out = io.StringIO()
    call_command("import_data", "trade.traderecord", str(path), "--dry-run", stdout=out)
    assert "dry run" in out.getvalue()
    assert not TradeRecord.objects.filter(partner__iso3="NZL").exists()


def test_errors_exit_non_zero_with_one_line_each(tmp_path):
    path = write(
        tmp_path,
        "partner,year,value,source,source_locator\nNZL,2019,x,eurasian-practice-2022,x\n"
        "QQQ,2019,1,eurasian-practice-2022,x\n",
    )
    err = io.StringIO()
    with pytest.raises(CommandError) as raised:
        call_command("import_data", "trade.TradeRecord", str(path), stdout=io.StringIO(), stderr=err)
    assert raised.value.returncode == 1
    lines = err.getvalue().strip().splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("trade.csv: row 2, column “value”, value “x”")
    assert "row 3" in lines[1]


def test_unknown_model_and_user_are_refused(tmp_path):
    path = write(tmp_path, "x\n1\n")
    with pytest.raises(CommandError, match="importable models"):
        call_command("import_data", "trade.Nothing", str(path))
    with pytest.raises(CommandError, match="No such user"):
        call_command("import_data", "trade.TradeRecord", str(path), "--user", "nobody")


def test_export_to_stdout_and_file(tmp_path, capsysbinary):
    call_command("export_data", "trade.TradeRecord", "--format", "csv")
    lines = capsysbinary.readouterr().out.decode().strip().splitlines()
    assert len(lines) == 1 + TradeRecord.objects.count()
    target = tmp_path / "trade.xlsx"
    call_command("export_data", "trade.TradeRecord", "--format", "xlsx", "--output", str(target))
    assert target.read_bytes()[:2] == b"PK"


def test_export_then_import_xlsx_round_trip(tmp_path):
    target = tmp_path / "trade.xlsx"
    call_command("export_data", "trade.TradeRecord", "--format", "xlsx", "--output", str(target))
    out = io.StringIO()
    call_command("import_data", "trade.TradeRecord", str(target), stdout=out)
    assert f"{TradeRecord.objects.count()} unchanged" in out.getvalue()


def test_json_import(tmp_path):
    path = write(
        tmp_path,
        '[{"partner": "NZL", "year": 2019, "value": 7.5, "source": "eurasian-practice-2022", "source_locator": "x"}]',
        "trade.json",
    )
    call_command("import_data", "trade.TradeRecord", str(path), stdout=io.StringIO())
    assert TradeRecord.objects.filter(partner__iso3="NZL", year=2019).exists()


def test_blank_template_and_dictionary(client):
    from openpyxl import load_workbook

    response = client.get("/en/data/templates/trade.TradeRecord.xlsx")
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames[1] == "README"
    headers = [cell.value for cell in workbook.worksheets[0][1]]
    assert "Partner / 贸易伙伴" in headers
    cells = {
        "Partner / 贸易伙伴": "新西兰",
        "Year / 年份": 2019,
        "Value / 数值": 7.5,
        "Source / 来源": "eurasian-practice-2022",
        "Source locator / 来源位置": "x",
    }
    workbook.worksheets[0].append([cells.get(header) for header in headers])
    filled = io.BytesIO()
    workbook.save(filled)
    from core.imports.services import import_file

    report = import_file(TradeRecord, filled.getvalue(), "filled-template.xlsx")
    assert report.ok and report.totals["new"] == 1, [str(p) for p in report.problems]
    readme = [[cell.value for cell in row] for row in workbook["README"].iter_rows()]
    assert readme[0][:3] == ["Column (English)", "Column (Chinese)", "Field name"]
    assert any(row[2] == "partner" and row[1] == "贸易伙伴" for row in readme[1:] if row[2])
    page = client.get("/en/data/dictionary/").content.decode()
    assert "trade.TradeRecord" in page and "贸易伙伴" in page
    assert client.get("/en/data/templates/trade.Nothing.xlsx").status_code == 404
