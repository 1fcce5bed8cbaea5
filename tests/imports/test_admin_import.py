"""The admin's import (upload, preview, confirm) and export, and the import history with undo."""

import re

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.models import ImportRecord
from trade.models import TradeRecord

pytestmark = pytest.mark.django_db

IMPORT_URL = "/en/admin/trade/traderecord/import/"
GOOD = b"partner,year,value,source,source_locator,publication_status\nNZL,2019,7.5,eurasian-practice-2022,x,published\n"


def upload(client, content=GOOD, name="trade.csv"):
    return client.post(IMPORT_URL, {"import_file": SimpleUploadedFile(name, content), "format": ""})


def token_of(response):
    return re.search(r'name="token" value="([^"]+)"', response.content.decode()).group(1)


def test_changelist_offers_import_and_export(curator_client):
    content = curator_client.get("/en/admin/trade/traderecord/").content.decode()
    assert IMPORT_URL in content and "export/?format=xlsx" in content


def test_preview_then_confirm(curator_client):
    preview = upload(curator_client)
    page = preview.content.decode()
    assert preview.status_code == 200
    assert 'class="import-new">1<' in page and 'class="import-encoding">utf-8' in page.replace("-sig", "")
    assert not TradeRecord.objects.filter(partner__iso3="NZL", year=2019).exists()
    done = curator_client.post(IMPORT_URL, {"token": token_of(preview)})
    assert done.status_code == 302
    assert TradeRecord.objects.get(partner__iso3="NZL", year=2019).value == 7.5
    assert ImportRecord.objects.filter(status="completed", via="admin", created=1).exists()


def test_a_file_with_errors_gets_no_confirm_button(curator_client):
    page = upload(curator_client, GOOD.replace(b"7.5", b"seven")).content.decode()
    assert 'name="token"' not in page
    assert "seven" in page and "import-problems" in page


def test_the_confirmation_is_good_once(curator_client):
    token = token_of(upload(curator_client))
    assert curator_client.post(IMPORT_URL, {"token": token}).status_code == 302
    replay = curator_client.post(IMPORT_URL, {"token": token}, follow=True)
    assert replay.status_code == 200
    assert "already confirmed" in replay.content.decode()
    assert TradeRecord.objects.filter(partner__iso3="NZL", year=2019).count() == 1


def test_the_confirmation_is_bound_to_its_user(curator_client, client, django_user_model):
    token = token_of(upload(curator_client))
    other = django_user_model.objects.create_user("other", password="x", is_staff=True)
    other.groups.add(Group.objects.get(name="Curators"))
    client.force_login(other)
    response = client.post(IMPORT_URL, {"token": token}, follow=True)
    assert "cannot be confirmed" in response.content.decode()
    assert not TradeRecord.objects.filter(partner__iso3="NZL", year=2019).exists()


def test_a_forged_token_is_refused(curator_client):
    response = curator_client.post(IMPORT_URL, {"token": "forged:value"}, follow=True)
    assert response.status_code == 200 and "cannot be confirmed" in response.content.decode()


def test_a_confirm_that_fails_reports_the_errors_not_success(curator_client):
    preview = upload(curator_client)
    # Between preview and confirm, someone else makes the file invalid: the partner no longer exists.
    TradeRecord.objects.filter(partner__iso3="NZL").delete()
    from reference.models import Country

    Country.objects.filter(iso3="NZL").update(iso3="NZX", iso2="NX", name_en="Gone", name_zh="无")
    response = curator_client.post(IMPORT_URL, {"token": token_of(preview)})
    assert response.status_code == 200
    assert "import-problems" in response.content.decode()
    assert not TradeRecord.objects.filter(year=2019, partner__iso3="NZX").exists()


def test_staff_without_the_rights_get_403(client, django_user_model):
    viewer = django_user_model.objects.create_user("viewer", password="x", is_staff=True)
    viewer.groups.add(Group.objects.get(name="Partners"))  # view rights, no organisation: may export, not import
    client.force_login(viewer)
    assert client.get(IMPORT_URL).status_code == 403
    assert client.get("/en/admin/trade/traderecord/export/?format=csv").status_code == 200
    nobody = django_user_model.objects.create_user("nobody", password="x", is_staff=True)
    client.force_login(nobody)
    assert client.get(IMPORT_URL).status_code == 403
    assert client.get("/en/admin/trade/traderecord/export/?format=csv").status_code == 403


def test_export_follows_the_changelist_filters(curator_client):
    response = curator_client.get(
        "/en/admin/trade/traderecord/export/?format=csv&partner__region__exact=south-caucasus"
    )
    lines = response.content.decode().strip().splitlines()
    assert response["Content-Type"].startswith("text/csv")
    assert len(lines) == 1 + 27  # three South Caucasus countries × nine years


@pytest.mark.parametrize("file_format", ["csv", "tsv", "xlsx", "json"])
def test_export_every_format(curator_client, file_format):
    response = curator_client.get(f"/en/admin/reference/source/export/?format={file_format}")
    assert response.status_code == 200 and len(response.content) > 100


def test_undo_from_the_history(curator_client, curator):
    curator.is_superuser = True
    curator.save()
    token = token_of(upload(curator_client))
    curator_client.post(IMPORT_URL, {"token": token})
    record = ImportRecord.objects.get(status="completed")
    changelist = reverse("admin:core_importrecord_changelist")
    asked = curator_client.post(changelist, {"action": "undo_imports", "_selected_action": [record.pk]})
    assert asked.status_code == 200 and "Yes, undo" in asked.content.decode()  # asks first, undoes nothing
    record.refresh_from_db()
    assert record.status == "completed"
    curator_client.post(changelist, {"action": "undo_imports", "_selected_action": [record.pk], "confirm": "yes"})
    record.refresh_from_db()
    assert record.status == "undone"
    assert not TradeRecord.objects.filter(partner__iso3="NZL", year=2019).exists()
