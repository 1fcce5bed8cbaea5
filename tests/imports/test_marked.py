"""After a check with problems, the user's own file comes back with them marked, and goes back in as it is."""

import csv
import html
import io
import re

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client
from rest_framework.test import APIClient

from core.imports.services import import_file
from trade.models import TradeRecord

pytestmark = pytest.mark.django_db

HEADER = ["partner", "year", "value", "source", "source_locator"]
ROWS = [
    ["NZL", "2019", "7.5", "eurasian-practice-2022", "x"],
    ["Atlantis", "2019", "1", "eurasian-practice-2022", "x"],
    ["NZL", "2020", "seven", "eurasian-practice-2022", "x"],
]


def csv_bytes(rows, encoding="utf-8", delimiter=",", header=HEADER):
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\n").writerows([header, *rows])
    return out.getvalue().encode(encoding)


def xlsx_bytes(rows):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in [HEADER, *rows]:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def marked_link(page):
    return html.unescape(re.search(r'class="import-marked"><a class="button" href="([^"]+)"', page).group(1))


def fixed(rows):
    """What the user does with the marked file: corrects the two cells, leaves the Problems column in."""
    return [[{"Atlantis": "Kazakhstan", "seven": "7"}.get(cell, cell) for cell in row] for row in rows]


@pytest.mark.parametrize(("language", "column"), [("en", "Problems"), ("zh-hans", "问题")])
def test_admin_hands_back_a_csv_marked_in_its_encoding_and_takes_it_back(curator_client, language, column):
    encoding = "gb18030" if language == "zh-hans" else "utf-8"
    content = csv_bytes([["新西兰", *ROWS[0][1:]], *ROWS[1:]], encoding)  # Chinese in GB18030: not UTF-8
    page = curator_client.post(
        f"/{'zh-hans' if language != 'en' else 'en'}/admin/trade/traderecord/import/",
        {"import_file": SimpleUploadedFile("trade.csv", content), "format": ""},
    ).content.decode()
    download = curator_client.get(marked_link(page))
    assert download.status_code == 200 and "attachment" in download["Content-Disposition"]
    text = download.content.decode(encoding)  # the uploaded encoding, not UTF-8
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == [*HEADER, column]
    assert rows[1][-1] == "" and "Atlantis" in rows[2][-1] and "value" in rows[3][-1]
    report = import_file(TradeRecord, csv_bytes(fixed(rows[1:]), encoding, header=rows[0]), "trade.csv")
    assert report.ok, [str(p) for p in report.problems]


def test_a_marked_csv_with_its_problems_column_goes_back_in():
    report = import_file(TradeRecord, csv_bytes(ROWS), "trade.csv", dry_run=True)
    from core.imports.marked import marked_file

    data, name, content_type = marked_file(csv_bytes(ROWS), "trade.csv", report)
    assert name == "trade-problems.csv" and content_type.startswith("text/csv")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"))))
    again = io.StringIO()
    csv.writer(again, lineterminator="\n").writerows([rows[0], *fixed(rows[1:])])
    report = import_file(TradeRecord, again.getvalue().encode(), "trade.csv")
    assert report.ok, [str(p) for p in report.problems]
    assert TradeRecord.objects.get(partner__iso3="KAZ", year=2019).value == 1


def test_tsv_keeps_its_tabs():
    content = csv_bytes(ROWS, delimiter="\t")
    report = import_file(TradeRecord, content, "trade.tsv", dry_run=True)
    from core.imports.marked import marked_file

    data = marked_file(content, "trade.tsv", report)[0].decode()
    assert data.splitlines()[0] == "\t".join([*HEADER, "Problems"])


def test_xlsx_cells_are_highlighted_and_commented(curator_client):
    page = curator_client.post(
        "/en/admin/trade/traderecord/import/",
        {"import_file": SimpleUploadedFile("trade.xlsx", xlsx_bytes(ROWS)), "format": ""},
    ).content.decode()
    sheet = openpyxl.load_workbook(io.BytesIO(curator_client.get(marked_link(page)).content)).active
    assert sheet.cell(1, 6).value == "Problems"
    partner, value = sheet.cell(3, 1), sheet.cell(4, 3)
    assert partner.fill.fgColor.rgb.endswith("FFC7CE") and "Atlantis" in partner.comment.text
    assert value.comment is not None and "number" in value.comment.text
    assert sheet.cell(2, 1).comment is None and not sheet.cell(2, 6).value
    # corrected in place and sent back with the Problems column
    partner.value, value.value = "Kazakhstan", 7
    out = io.BytesIO()
    sheet.parent.save(out)
    report = import_file(TradeRecord, out.getvalue(), "trade-problems.xlsx")
    assert report.ok, [str(p) for p in report.problems]


def test_the_marked_file_is_only_for_whom_it_was_made(curator_client):
    page = curator_client.post(
        "/en/admin/trade/traderecord/import/",
        {"import_file": SimpleUploadedFile("trade.csv", csv_bytes(ROWS)), "format": ""},
    ).content.decode()
    link = marked_link(page)
    assert Client().get(link).status_code in (302, 404)  # another session
    assert curator_client.get(link.replace("token=", "token=x")).status_code == 404


def test_the_command_writes_the_marked_file(tmp_path):
    path, out = tmp_path / "trade.csv", tmp_path / "marked.csv"
    path.write_bytes(csv_bytes(ROWS))
    with pytest.raises(CommandError):
        call_command("import_data", "trade.TradeRecord", str(path), "--marked", str(out), stderr=io.StringIO())
    assert "Atlantis" in out.read_text().splitlines()[2]


def test_the_api_answers_with_the_marked_file(curator):
    api = APIClient()
    api.force_authenticate(curator)
    upload = SimpleUploadedFile("trade.csv", csv_bytes(ROWS))
    response = api.post("/api/v1/trade/bulk/?marked=1", {"file": upload}, format="multipart")
    assert response.status_code == 400
    assert "Problems" in response.content.decode().splitlines()[0]
    upload = SimpleUploadedFile("trade.csv", csv_bytes(ROWS))
    assert api.post("/api/v1/trade/bulk/", {"file": upload}, format="multipart").json()
