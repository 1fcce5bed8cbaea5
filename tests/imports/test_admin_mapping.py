"""The admin's import page: presets in the form, and the mapping step for columns the table does not know."""

import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from reference.models import Source
from trade.models import TradeRecord

pytestmark = pytest.mark.django_db

IMPORT_URL = "/en/admin/trade/traderecord/import/"
COMTRADE = Path(__file__).parent / "files" / "comtrade_china_2022.csv"
# A partner's own headers: none is a column name or label of trade records.
OWN_HEADERS = (
    "Partner country,Yr,Trade value,Document,Where in the document,Remarks\n"
    "NZL,2019,7.5,eurasian-practice-2022,p. 3,x\n"
)


def upload(client, content, name="trade.csv", **fields):
    return client.post(IMPORT_URL, {"import_file": SimpleUploadedFile(name, content), "format": "", **fields})


def token_of(response):
    return re.search(r'name="token" value="([^"]+)"', response.content.decode()).group(1)


def selected(page, index):
    """The option preselected for the file's ``index``-th unknown header."""
    select = re.search(rf'<select name="column-{index}".*?</select>', page, re.S).group(0)
    found = re.search(r'<option value="([^"]*)" selected>', select)
    return found.group(1) if found else ""


def test_the_form_offers_the_tables_presets(curator_client):
    page = curator_client.get(IMPORT_URL).content.decode()
    assert 'value="un-comtrade"' in page and 'value="none"' in page
    assert 'name="preset"' not in curator_client.get("/en/admin/alliances/institution/import/").content.decode()


def test_a_comtrade_download_is_previewed_and_imported_through_its_preset(curator_client):
    Source.objects.create(slug="un-comtrade", title_original="UN Comtrade Database", language="en")
    preview = upload(curator_client, COMTRADE.read_bytes(), COMTRADE.name, preset="un-comtrade")
    page = preview.content.decode()
    assert 'class="import-new">5<' in page and "un-comtrade" in page
    done = curator_client.post(IMPORT_URL, {"token": token_of(preview)})
    assert done.status_code == 302
    assert TradeRecord.objects.filter(source__slug="un-comtrade", unit="100m-usd").count() == 5


def test_unknown_columns_get_a_mapping_step_with_proposals(curator_client):
    page = upload(curator_client, OWN_HEADERS.encode()).content.decode()
    assert "Unknown column" in page and "import-mapping" in page
    assert 'name="confirm"' not in page
    assert [selected(page, i) for i in range(6)] == ["partner", "year", "value", "", "", ""]
    mapped = curator_client.post(
        IMPORT_URL,
        {
            "token": token_of(page_response := upload(curator_client, OWN_HEADERS.encode())),
            "mapping": "1",
            "column-0": "partner",
            "column-1": "year",
            "column-2": "value",
            "column-3": "source",
            "column-4": "source_locator",
            "column-5": "",  # ignored
        },
    )
    assert page_response.status_code == 200
    preview = mapped.content.decode()
    assert 'class="import-new">1<' in preview and 'name="confirm"' in preview
    assert not TradeRecord.objects.filter(partner__iso3="NZL", year=2019).exists()
    assert curator_client.post(IMPORT_URL, {"token": token_of(mapped)}).status_code == 302
    record = TradeRecord.objects.get(partner__iso3="NZL", year=2019)
    assert record.source_locator == "p. 3" and record.note_en == ""


def test_a_mapping_still_reports_bad_values_by_the_files_own_headers(curator_client):
    token = token_of(upload(curator_client, OWN_HEADERS.replace("7.5", "seven").encode()))
    mapping = {"column-0": "partner", "column-1": "year", "column-2": "value", "column-3": "source"}
    page = curator_client.post(
        IMPORT_URL, {"token": token, "mapping": "1", **mapping, "column-4": "source_locator"}
    ).content.decode()
    assert "Trade value" in page and "seven" in page and 'name="confirm"' not in page


def test_the_mapping_token_is_good_once_and_for_its_user_only(curator_client, django_user_model):
    token = token_of(upload(curator_client, OWN_HEADERS.encode()))
    client = Client()
    client.force_login(django_user_model.objects.create_superuser("other", "o@example.org", "x"))
    refused = client.post(IMPORT_URL, {"token": token, "mapping": "1"}, follow=True)
    assert "upload the file again" in refused.content.decode()
    assert curator_client.post(IMPORT_URL, {"token": token, "mapping": "1"}).status_code == 200
    again = curator_client.post(IMPORT_URL, {"token": token, "mapping": "1"}, follow=True)
    assert "upload the file again" in again.content.decode()


def test_the_mapping_step_speaks_chinese(curator_client):
    page = curator_client.post(
        "/zh-hans/admin/trade/traderecord/import/",
        {"import_file": SimpleUploadedFile("t.csv", OWN_HEADERS.encode()), "format": ""},
    ).content.decode()
    assert "import-mapping" in page and "忽略" in page
