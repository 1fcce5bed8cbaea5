"""Single-record writes go through the import resource: its validation, its messages, every problem at once."""

import io
from decimal import Decimal

import pytest

from core.api.parsers import JSONParser
from core.api.writes import to_cell
from core.imports.services import storable_text
from core.models import ImportRecord

TRADE = "/api/v1/trade/"
SOURCE = {"source": "eurasian-practice-2022", "source_locator": "test"}


def errors(response, status=400):
    """The fields at fault, from DRF's standard shape (messages by field)."""
    assert response.status_code == status, response.content
    return set(response.json())


def test_a_write_is_an_import_recorded_as_coming_from_the_api(curator_api):
    response = curator_api.post(TRADE, {"partner": "NZL", "year": 2013, "value": "1.5", **SOURCE})
    assert response.status_code == 201
    record = ImportRecord.objects.latest("pk")
    assert (record.via, record.created, record.user.username) == ("api", 1, "api-curator")
    assert response.json()["publication_status"] == "draft"  # the model's default, as for every import


def test_every_problem_is_reported_at_once_with_the_import_messages(curator_api):
    response = curator_api.post(TRADE, {"partner": "Kazakstan", "year": "20x5", "value": "lots", **SOURCE})
    assert errors(response) == {"partner", "year", "value"}
    messages = {field: " ".join(texts) for field, texts in response.json().items()}
    assert "Did you mean" in messages["partner"] and "KAZ" in messages["partner"]


def test_lenient_spellings_are_read_as_the_import_reads_them(curator_api):
    response = curator_api.post(TRADE, {"partner": "哈萨克斯坦", "year": "2012年", "value": "1,071.5", **SOURCE})
    assert response.status_code == 201, response.content
    assert (response.json()["partner"], response.json()["year"], response.json()["value"]) == ("KAZ", 2012, "1071.5000")


def test_required_and_unknown_fields(curator_api):
    response = curator_api.post(TRADE, {"colour": "red"})
    assert errors(response) >= {"colour", "partner", "value"}


def test_read_only_fields_are_ignored_so_a_read_record_can_be_sent_back(curator_api, anonymous):
    url = f"{TRADE}CHN-KAZ-2015-total/"
    record = anonymous.get(url).json()
    record.update(value="143.0", display="anything", created_at="2000-01-01T00:00:00Z")
    response = curator_api.put(url, record)
    assert response.status_code == 200, response.content
    assert response.json()["value"] == "143.0000"


def test_put_needs_the_required_fields_patch_does_not(curator_api):
    url = f"{TRADE}CHN-KAZ-2015-total/"
    assert errors(curator_api.put(url, {"value": "1"})) == {"source", "source_locator"}
    assert curator_api.patch(url, {"value": "1"}).status_code == 200


def test_the_key_cannot_change(curator_api):
    response = curator_api.patch(f"{TRADE}CHN-KAZ-2015-total/", {"year": 2016, "partner": "KAZ"})
    assert errors(response) == {"year", "partner"}
    assert "key names another record" in response.json()["year"][0]
    assert curator_api.patch(f"{TRADE}chn-kaz-2015-total/", {"partner": "kaz"}).status_code == 200


@pytest.mark.parametrize(
    "body, field",
    [
        ({"value": {"amount": 1}}, "value"),
        ({"value": [1, 2]}, "value"),
        ({"note_en": True}, None),  # a boolean is a value; the text widget keeps it as text
    ],
)
def test_values_must_be_single(curator_api, body, field):
    response = curator_api.patch(f"{TRADE}CHN-KAZ-2015-total/", body)
    if field is None:
        assert response.status_code == 200
    else:
        assert errors(response) == {field}


@pytest.mark.parametrize(
    "countries, participants",
    [
        ("KAZ", []),
        (["KAZ", 3], []),
        (["KAZ | RUS"], []),
        ([], "xi-an-jiaotong-university"),
        ([], [{"institution": "xi-an-jiaotong-university", "colour": "red"}]),
        ([], [{"institution": "xi-an:jiaotong"}]),
    ],
)
def test_lists_must_be_lists_of_keys(curator_api, countries, participants):
    body = {"countries": countries, "participants": participants}
    response = curator_api.patch("/api/v1/projects/bri-st-innovation-cooperation-special-plan/", body)
    assert response.status_code == 400, response.content


def test_numbers_are_read_exactly_and_passed_on_as_text():
    """A JSON number never goes through a float (SQLite then stores what it can; PostgreSQL keeps it all)."""
    body = JSONParser().parse(io.BytesIO(b'{"value": 12345678901234.5678}'))
    assert body["value"] == Decimal("12345678901234.5678")
    assert to_cell(None, body["value"]) == "12345678901234.5678"


@pytest.mark.parametrize(
    "body, content_type, status",
    [
        (b'{"value": ', "application/json", 400),
        (b'{"value": NaN}', "application/json", 400),
        (b"[1, 2]", "application/json", 400),
        (b"\xff\xfe", "application/json", 400),
        (b"value=1", "application/x-www-form-urlencoded", 415),
        (b"<xml/>", "text/xml", 415),
    ],
)
def test_bad_bodies_are_refused_in_json(curator_api, body, content_type, status):
    response = curator_api.generic("PATCH", f"{TRADE}CHN-KAZ-2015-total/", body, content_type=content_type)
    assert response.status_code == status
    assert response.json()


def test_a_body_too_large_is_refused(curator_api, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 100
    response = curator_api.patch(f"{TRADE}CHN-KAZ-2015-total/", {"note_en": "x" * 200})
    assert response.status_code == 413
    assert response.json()["detail"] == "The request body is larger than 100 bytes."


def test_delete_of_a_record_others_refer_to_is_a_conflict(curator_api):
    response = curator_api.delete("/api/v1/countries/KAZ/")
    assert response.status_code == 409
    assert "refer to this one" in response.json()["detail"]


def test_a_nul_character_is_refused_and_the_failed_import_recorded(curator_api):
    """PostgreSQL cannot store NUL: the value is refused, and the failure is recorded (never a 500)."""
    response = curator_api.post(TRADE, {"partner": "NZL", "year": 2013, "value": "1.5", **SOURCE, "note_en": "a\x00b"})
    assert response.status_code == 400, response.content
    assert "NUL" in response.json()["note_en"][0]
    failed = ImportRecord.objects.latest("pk")
    assert failed.status == "failed" and "note_en" in failed.error_summary
    assert storable_text("file\x00.csv") == "file\\x00.csv"
