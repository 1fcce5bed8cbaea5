"""POST /api/v1/<model>/bulk/: a JSON array or an uploaded file, all or nothing, errors by row, never a 500."""

import io

import openpyxl
import pytest

from trade.models import TradeRecord

BULK = "/api/v1/trade/bulk/"
SOURCE = {"source": "eurasian-practice-2022", "source_locator": "test"}


def rows(*years, **fields):
    return [{"partner": "NZL", "year": year, "value": f"{year % 100}.5", **SOURCE, **fields} for year in years]


def upload(content, name):
    file = io.BytesIO(content)
    file.name = name
    return {"file": file}


def nzl():
    return TradeRecord.objects.filter(partner__iso3="NZL")


def test_a_json_array_is_imported(curator_api):
    response = curator_api.post(BULK, rows(2001, 2002, 2003))
    assert response.status_code == 200, response.content
    assert response.json() == {
        "model": "trade.TradeRecord",
        "dry_run": False,
        "rows": 3,
        "totals": {"new": 3, "update": 0, "skip": 0, "pending": 0},
        "message": "",  # a curator's rows wait for no review
    }
    assert nzl().count() == 3


def test_a_dry_run_writes_nothing(curator_api):
    response = curator_api.post(f"{BULK}?dry_run=1", rows(2001, 2002))
    assert response.json()["dry_run"] is True and response.json()["totals"]["new"] == 2
    assert not nzl().exists()


def test_one_bad_row_and_nothing_is_written_every_problem_by_row(curator_api):
    body = rows(2001, 2002, 2003)
    body[1]["value"] = "lots"
    body[2]["partner"] = "Atlantis"
    response = curator_api.post(BULK, body)
    assert response.status_code == 400
    assert [(e["row"], e["field"], e["value"], e["code"]) for e in response.json()["errors"]] == [
        (3, "value", "lots", "invalid"),
        (4, "partner", "Atlantis", "invalid"),
    ]
    assert not nzl().exists()


def test_bulk_errors_keep_their_shape_when_the_request_is_refused_whole(anonymous, curator_api):
    refused = anonymous.post(BULK, rows(2001))
    assert refused.status_code == 401
    assert refused.json()["errors"][0]["code"] == "not_authenticated"
    assert curator_api.post(BULK, {"not": "a list"}).json()["errors"][0]["code"] == "invalid"


def test_objects_must_give_the_same_fields(curator_api):
    body = rows(2001, 2002)
    body[1]["note_en"] = "only here"
    response = curator_api.post(BULK, body)
    assert response.status_code == 400
    assert response.json()["errors"][0] == {**response.json()["errors"][0], "row": 3, "code": "inconsistent_fields"}


def test_a_csv_file(curator_api):
    content = b"partner,year,value,source,source_locator\nNZL,2001,1.5,eurasian-practice-2022,t\n"
    response = curator_api.post(BULK, upload(content, "trade.csv"), format="multipart")
    assert response.status_code == 200, response.content
    assert nzl().get().value == 1.5


def test_an_xlsx_file_with_chinese_headers(curator_api):
    workbook = openpyxl.Workbook()
    workbook.active.append(["对象国", "年份", "数值", "来源", "来源位置"])
    workbook.active.append(["新西兰", 2001, 3.25, "eurasian-practice-2022", "t"])
    content = io.BytesIO()
    workbook.save(content)
    response = curator_api.post(BULK, upload(content.getvalue(), "trade.xlsx"), format="multipart")
    assert response.status_code == 200, response.content
    assert nzl().get().value == 3.25


def test_a_file_row_error_names_the_spreadsheet_row(curator_api):
    content = b"partner,year,value,source,source_locator\nNZL,2001,1,eurasian-practice-2022,t\nNZL,20x1,1,x,t\n"
    response = curator_api.post(BULK, upload(content, "trade.csv"), format="multipart")
    assert response.status_code == 400
    assert {(e["row"], e["field"]) for e in response.json()["errors"]} >= {(3, "year"), (3, "source")}


@pytest.mark.parametrize(
    "content, name",
    [
        (b"", "empty.csv"),
        (b"\x00\x01\x02 not a spreadsheet", "garbage.xlsx"),
        (b"%PDF-1.4 a pdf", "trade.csv"),
        (b"PK\x03\x04broken zip", "trade.xlsx"),
        (b'[{"partner": ', "trade.json"),
        (b"partner;year\nNZL;2001\n", "trade.csv"),
        (b"colour\nred\n", "trade.csv"),
        (b"a,b\n1,2\n", "trade.exe"),
    ],
)
def test_a_bad_file_is_a_400_in_json(curator_api, content, name):
    response = curator_api.post(BULK, upload(content, name), format="multipart")
    assert response.status_code == 400, response.content
    assert response["Content-Type"] == "application/json"
    assert response.json()["errors"][0]["message"]


@pytest.mark.parametrize(
    "body",
    [{"partner": "NZL"}, [], [1, 2], [[]], "text", [{"year": {"nested": 1}}], None],
)
def test_a_bad_body_is_a_400_in_json(curator_api, body):
    response = curator_api.post(BULK, body, format="json")
    assert response.status_code == 400, response.content
    assert response.json()["errors"]


def test_a_multipart_body_without_file(curator_api):
    response = curator_api.post(BULK, {"other": "x"}, format="multipart")
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "file"


def test_a_file_too_large(curator_api, settings):
    settings.IMPORT_MAX_FILE_SIZE = 10
    response = curator_api.post(BULK, upload(b"partner,year\n" * 10, "t.csv"), format="multipart")
    assert response.status_code == 413
    response = curator_api.post(BULK, rows(2001))
    assert response.status_code == 413


def test_bulk_never_answers_html(curator_api):
    response = curator_api.post(BULK, [{"x": 1}], HTTP_ACCEPT="text/html")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"


def test_a_partners_file_is_scoped_as_in_the_admin(partner_a, partner_b):
    content = (
        b"indicator,year,value,reported_by,source,source_locator\n"
        b"cr-express-trains,2035,1,xi-an-jiaotong-university,bri-university-alliances,t\n"
    )
    url = "/api/v1/observations/bulk/"
    assert partner_b.post(url, upload(content, "o.csv"), format="multipart").status_code == 400
    assert partner_a.post(url, upload(content, "o.csv"), format="multipart").status_code == 200
    assert partner_a.post(BULK, upload(content, "o.csv"), format="multipart").status_code == 403
