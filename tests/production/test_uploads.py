"""Files uploaded for an admin import: outside the web root, random names, deleted when done or expired."""

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from core.imports.admin import CONFIRM_MAX_AGE, CONFIRM_SALT

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
IMPORT_URL = "/en/admin/trade/traderecord/import/"
GOOD = b"partner,year,value,source,source_locator,publication_status\nNZL,2019,7.5,eurasian-practice-2022,x,published\n"
# Valid when previewed; fails when confirmed, once the source it cites is gone.
LATER_BAD = b"partner,year,value,source,source_locator\nNZL,2019,7.5,upload-test-source,x\n"


@pytest.fixture
def uploads(settings, tmp_path):
    settings.IMPORT_UPLOAD_DIR = tmp_path / "uploads"
    return settings.IMPORT_UPLOAD_DIR


def preview(client, content=GOOD, name="trade.csv"):
    response = client.post(IMPORT_URL, {"import_file": SimpleUploadedFile(name, content), "format": ""})
    assert response.status_code == 200
    return re.search(r'name="token" value="([^"]+)"', response.content.decode()).group(1)


def stored_files(uploads):
    return sorted(path.name for path in uploads.iterdir())


def age(path, seconds):
    then = time.time() - seconds
    os.utime(path, (then, then))


def test_an_upload_waits_under_a_random_name_in_a_private_folder(curator_client, uploads):
    preview(curator_client, name="trade.csv")
    preview(curator_client, name="trade.csv")
    names = stored_files(uploads)
    assert len(names) == 2 and names[0] != names[1]
    assert all(re.fullmatch(r"[0-9a-f]{32}", name) for name in names)  # nothing of the user's file name
    assert uploads.stat().st_mode & 0o777 == 0o700


def test_the_file_is_deleted_when_the_import_succeeds(curator_client, uploads):
    assert curator_client.post(IMPORT_URL, {"token": preview(curator_client)}).status_code == 302
    assert stored_files(uploads) == []


def test_the_file_is_deleted_when_the_import_fails(curator_client, uploads):
    from reference.models import Source

    source = Source.objects.order_by("pk").first()
    source.pk, source.slug = None, "upload-test-source"
    source.save()
    token = preview(curator_client, LATER_BAD)
    source.delete()
    response = curator_client.post(IMPORT_URL, {"token": token})
    page = response.content.decode()
    assert response.status_code == 200 and "upload-test-source" in page
    # The upload is gone; what stays (for an hour, for its owner) is the list of problems the page links to.
    kept = stored_files(uploads)
    assert len(kept) == 1 and kept[0].startswith("problems-") and "problems/?token=" in page


def test_confirming_an_expired_token_deletes_its_file(curator_client, uploads, monkeypatch):
    token = preview(curator_client)
    assert len(stored_files(uploads)) == 1
    later = time.time() + CONFIRM_MAX_AGE + 1
    monkeypatch.setattr(signing.time, "time", lambda: later)
    response = curator_client.post(IMPORT_URL, {"token": token}, follow=True)
    assert "cannot be confirmed" in response.content.decode()
    assert stored_files(uploads) == []


def test_a_forged_token_deletes_nothing(curator_client, uploads):
    preview(curator_client)
    name = stored_files(uploads)[0]
    forged = signing.dumps({"file": name}, salt=CONFIRM_SALT, key="not-the-secret-key")
    curator_client.post(IMPORT_URL, {"token": forged})
    assert stored_files(uploads) == [name]


def test_purge_uploads_deletes_only_expired_files(curator_client, uploads, capsys):
    preview(curator_client)
    preview(curator_client)
    old, fresh = (uploads / name for name in stored_files(uploads))
    age(old, CONFIRM_MAX_AGE + 60)
    age(fresh, CONFIRM_MAX_AGE - 60)
    call_command("purge_uploads")
    assert stored_files(uploads) == [fresh.name]
    assert "Deleted 1 expired upload(s)." in capsys.readouterr().out


def test_a_new_upload_purges_expired_ones(curator_client, uploads):
    preview(curator_client)
    age(next(uploads.iterdir()), CONFIRM_MAX_AGE + 60)
    preview(curator_client)
    assert len(stored_files(uploads)) == 1


def test_the_upload_folder_is_not_served(client, curator_client, uploads, settings):
    settings.IMPORT_UPLOAD_DIR = settings.BASE_DIR / "var" / "uploads"
    preview(curator_client)
    name = stored_files(settings.IMPORT_UPLOAD_DIR)[-1]
    for url in (f"/static/{name}", f"/var/uploads/{name}", f"/media/{name}", f"/static/../var/uploads/{name}"):
        assert client.get(url).status_code == 404, url
    (settings.IMPORT_UPLOAD_DIR / name).unlink()


@pytest.mark.parametrize("served", ["STATIC_ROOT", "MEDIA_ROOT"])
def test_settings_refuse_an_upload_folder_inside_a_served_one(served, tmp_path):
    env = {**os.environ, served: str(tmp_path), "IMPORT_UPLOAD_DIR": str(tmp_path / "uploads")}
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    result = subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode != 0
    assert "IMPORT_UPLOAD_DIR must not be inside" in result.stderr
