"""Saved presets: the mapping step's choice kept under a name, applied by itself to the next file with the same
headers (for the user's organisation; a curator's for everyone), edited and exported by curators in the admin,
and named on the command line and the API like the built-in presets."""

import json
import re

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils.html import escape
from rest_framework.test import APIClient

from accounts.models import PartnerProfile
from alliances.models import Institution
from core.import_presets import ImportPreset
from core.imports.context import ImportContext
from core.imports.files import import_file
from trade.models import Observation, TradeRecord

pytestmark = pytest.mark.django_db

TRADE_URL = "/en/admin/trade/traderecord/import/"
OBSERVATION_URL = "/en/admin/trade/observation/import/"
OWN_HEADERS = "Partner country,Yr,Trade value,Document,Where in the document,Remarks\n"
MAPPING = {
    "column-0": "partner",
    "column-1": "year",
    "column-2": "value",
    "column-3": "source",
    "column-4": "source_locator",
    "column-5": "",
}
SERIES = "Series,Yr,Amount,Reporter,Document,Page\n"
SERIES_FIELDS = ["indicator", "year", "value", "reported_by", "source", "source_locator"]
SERIES_MAPPING = {f"column-{i}": name for i, name in enumerate(SERIES_FIELDS)}


def trade_file(row="NZL,2019,7.5,eurasian-practice-2022,p. 3,x"):
    return (OWN_HEADERS + row + "\n").encode()


def series_file(reporter="xi-an-jiaotong-university", year=2030):
    return (SERIES + f"international-students-in-china,{year},10,{reporter},bri-university-alliances,p. 1\n").encode()


def upload(client, url, content, name="file.csv", **fields):
    return client.post(url, {"import_file": SimpleUploadedFile(name, content), "format": "", **fields})


def token_of(response):
    return re.search(r'name="token" value="([^"]+)"', response.content.decode()).group(1)


def map_and_save(client, url, content, mapping, name):
    return client.post(
        url, {"token": token_of(upload(client, url, content)), "mapping": "1", **mapping, "preset_name": name}
    )


def test_the_mapping_step_saves_a_preset_that_the_next_file_with_the_same_headers_uses(curator_client, curator):
    page = upload(curator_client, TRADE_URL, trade_file()).content.decode()
    assert 'name="preset_name"' in page
    saved = map_and_save(curator_client, TRADE_URL, trade_file(), MAPPING, "partner-trade-table")
    preview = saved.content.decode()
    assert "Saved as the preset" in preview and 'class="import-new">1<' in preview and "partner-trade-table" in preview
    preset = ImportPreset.objects.get(name="partner-trade-table")
    assert preset.table == "trade.TradeRecord" and preset.organisation == "" and preset.created_by == curator
    assert preset.columns == {
        "partner": ["Partner country"],
        "year": ["Yr"],
        "value": ["Trade value"],
        "source": ["Document"],
        "source_locator": ["Where in the document"],
    }
    assert set(preset.signature) == set(OWN_HEADERS.strip().split(","))
    # Next time: no mapping step, the preset is found from the header, and the file imports.
    again = upload(curator_client, TRADE_URL, trade_file("KAZ,2031,2.5,eurasian-practice-2022,p. 4,y"))
    page = again.content.decode()
    assert "import-mapping" not in page and 'name="confirm"' in page and "partner-trade-table" in page
    assert curator_client.post(TRADE_URL, {"token": token_of(again)}).status_code == 302
    record = TradeRecord.objects.get(partner__iso3="KAZ", year=2031)
    assert record.source_locator == "p. 4" and record.note_en == ""  # Remarks ignored, as chosen


def test_a_bad_preset_name_is_refused_with_the_reason_and_the_file_is_still_checked(curator_client):
    ImportPreset.objects.create(name="taken", table="trade.TradeRecord", columns={"year": ["Yr"]})
    for name, reason in [("un-comtrade", "built-in"), ("Not A Slug", "Lower-case"), ("taken", "already exists")]:
        page = map_and_save(curator_client, TRADE_URL, trade_file(), MAPPING, name).content.decode()
        assert "The preset was not saved" in page and reason in page
        assert 'class="import-new">1<' in page  # checked with the mapping all the same
    assert ImportPreset.objects.count() == 1


def test_the_refusal_speaks_chinese(curator_client):
    url = TRADE_URL.replace("/en/", "/zh-hans/")
    page = map_and_save(curator_client, url, trade_file(), MAPPING, "un-comtrade").content.decode()
    assert "预设未保存" in page and "内置预设" in page
    assert "另存为预设" in upload(curator_client, url, trade_file()).content.decode()


def partner_of(django_user_model, username, slug):
    user = django_user_model.objects.create_user(username, password="x", is_staff=True)
    user.groups.add(Group.objects.get(name="Partners"))
    PartnerProfile.objects.create(user=user, institution=Institution.objects.get(slug=slug))
    client = Client()
    client.force_login(user)
    return user, client


def test_a_partners_preset_is_for_their_organisation(django_user_model, curator_client):
    partner, client = partner_of(django_user_model, "p1", "xi-an-jiaotong-university")
    page = map_and_save(client, OBSERVATION_URL, series_file(), SERIES_MAPPING, "our-series")
    assert 'class="import-new">1<' in page.content.decode()
    preset = ImportPreset.objects.get(name="our-series")
    assert preset.organisation == f"institution:{partner.partner_profile.institution_id}"
    # A colleague of the same organisation gets it by itself ...
    _colleague, colleague_client = partner_of(django_user_model, "p2", "xi-an-jiaotong-university")
    page = upload(colleague_client, OBSERVATION_URL, series_file(year=2031)).content.decode()
    assert "import-mapping" not in page and 'name="confirm"' in page
    # ... another organisation does not, nor may it name it.
    other, other_client = partner_of(django_user_model, "p3", "gansu-provincial-government")
    page = upload(other_client, OBSERVATION_URL, series_file("gansu-provincial-government")).content.decode()
    assert "import-mapping" in page and "our-series" not in page
    report = import_file(
        Observation, series_file(), "s.csv", context=ImportContext(user=other, preset="our-series", dry_run=True)
    )
    assert "No preset is called “our-series”" in str(report.problems[0])
    assert not ImportPreset.objects.usable_by(other).filter(name="our-series").exists()
    listed = curator_client.get("/en/admin/core/importpreset/").content.decode()  # curators see whose it is
    assert escape(str(partner.partner_profile.institution)) in listed


def test_curators_edit_and_export_presets_in_the_admin(curator_client):
    preset = ImportPreset.objects.create(
        name="partner-trade-table",
        table="trade.TradeRecord",
        signature=OWN_HEADERS.strip().split(","),
        columns={"partner": ["Partner country"], "year": ["Yr"], "value": ["Trade value"]},
        fixed={"source": "eurasian-practice-2022", "source_locator": "{Where in the document}"},
    )
    changelist = curator_client.get("/en/admin/core/importpreset/")
    assert changelist.status_code == 200 and "partner-trade-table" in changelist.content.decode()
    form = curator_client.get(f"/en/admin/core/importpreset/{preset.pk}/change/").content.decode()
    assert "Unit conversion" in form
    data = {
        "name": "partner-trade-table",
        "label": "Trade in 10,000 dollars",
        "table": "trade.TradeRecord",
        "organisation": "",
        "documentation": "",
        "signature": json.dumps(preset.signature),
        "preamble_rows": "0",
        "columns": json.dumps(preset.columns),
        "fixed": json.dumps(preset.fixed),
        "value_maps": "{}",
        "scale": json.dumps({"value": 10000}),
        "decimals": "{}",
        "slugs": "[]",
        "keep": "{}",
        "drop": "{}",
        "creates": "{}",
    }
    response = curator_client.post(f"/en/admin/core/importpreset/{preset.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    report = import_file(TradeRecord, trade_file("KAZ,2032,75000,-,p. 9,x"), "t.csv", context=ImportContext())
    assert report.ok, [str(p) for p in report.problems]
    assert str(TradeRecord.objects.get(partner__iso3="KAZ", year=2032).value) == "7.5000"
    refused = curator_client.post(f"/en/admin/core/importpreset/{preset.pk}/change/", {**data, "scale": "[]"})
    assert refused.status_code == 200 and "A JSON object" in refused.content.decode()
    exported = curator_client.post(
        "/en/admin/core/importpreset/", {"action": "export_presets", "_selected_action": [preset.pk]}
    )
    assert exported["Content-Type"].startswith("application/json")
    [row] = json.loads(exported.content)
    assert (
        row["name"] == "partner-trade-table" and row["scale"] == {"value": 10000} and row["columns"]["year"] == ["Yr"]
    )


def test_partners_do_not_see_presets_in_the_admin(django_user_model):
    _partner, client = partner_of(django_user_model, "p1", "xi-an-jiaotong-university")
    assert client.get("/en/admin/core/importpreset/").status_code == 403


def saved_trade_preset():
    return ImportPreset.objects.create(
        name="partner-trade-table",
        table="trade.TradeRecord",
        signature=["Partner country", "Yr", "Trade value", "Document", "Where in the document"],
        columns={
            "partner": ["Partner country"],
            "year": ["Yr"],
            "value": ["Trade value"],
            "source": ["Document"],
            "source_locator": ["Where in the document"],
        },
    )


def test_the_command_and_the_api_name_saved_presets(tmp_path, curator):
    saved_trade_preset()
    path = tmp_path / "t.csv"
    path.write_bytes(trade_file())
    call_command("import_data", "trade.TradeRecord", str(path), "--preset", "partner-trade-table")
    assert TradeRecord.objects.filter(partner__iso3="NZL", year=2019).exists()
    with pytest.raises(CommandError):
        call_command("import_data", "trade.Observation", str(path), "--preset", "partner-trade-table")
    client = APIClient()
    client.force_authenticate(curator)
    response = client.post(
        "/api/v1/trade/bulk/file/?preset=partner-trade-table",
        {"file": SimpleUploadedFile("t.csv", trade_file("KAZ,2033,1,eurasian-practice-2022,p. 5,x"))},
        format="multipart",
    )
    assert response.status_code == 200, response.content
    assert TradeRecord.objects.filter(partner__iso3="KAZ", year=2033).exists()
