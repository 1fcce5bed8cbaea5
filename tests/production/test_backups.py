"""A backup restored into an empty database holds every record of the original, field for field.

Runs on the suite's own database: SQLite (dumpdata/loaddata) or PostgreSQL (pg_dump/pg_restore).
"""

import gzip
import json
import os
import subprocess
from datetime import timedelta

import pytest
from axes.models import AccessAttempt, AccessLog
from django.contrib.auth.models import Group, User
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection
from django.utils import timezone

from accounts.models import APIToken, PartnerProfile
from core.imports.services import import_file
from core.models import ImportRecord
from core.roles import CURATORS, PARTNERS
from tests.factories import make_alliance, make_institution
from tests.production.processes import run
from tests.production.snapshot import snapshot
from trade.models import TradeRecord

DRAFT_TRADE = (
    b"partner,year,value,source,source_locator,publication_status\nNZL,2019,7.5,eurasian-practice-2022,x,draft\n"
)


@pytest.fixture
def empty_database(tmp_path, seeded_transactional_db):
    """A name for a database with nothing in it: a new SQLite file, or a new PostgreSQL database."""
    if connection.vendor == "sqlite":
        yield str(tmp_path / "restored.sqlite3")
        return
    name = f"{connection.settings_dict['NAME']}_restored"
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    yield name
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def extra_records(seeded_transactional_db):
    """Beyond the seed data: users in each role, a partner profile, tokens, drafts and an import with its changes."""
    curator = User.objects.create_user("backup-curator", "c@example.org", "a-long-test-password", is_staff=True)
    curator.groups.add(Group.objects.get(name=CURATORS))
    partner = User.objects.create_user("backup-partner", "p@example.org", "a-long-test-password")
    partner.groups.add(Group.objects.get(name=PARTNERS))
    PartnerProfile.objects.create(user=partner, institution=make_institution("backup-university"))
    make_alliance("backup-draft-alliance", publication_status="draft")
    APIToken.objects.issue(curator)
    APIToken.objects.issue(partner)
    report = import_file(TradeRecord, DRAFT_TRADE, "draft-trade.csv", user=curator, via="api")
    assert report.ok
    ImportRecord.objects.filter(pk=report.record.pk).update(finished_at=timezone.now() - timedelta(days=1))


def test_a_backup_restores_every_record_into_an_empty_database(extra_records, empty_database, tmp_path):
    original = snapshot()
    assert original["accounts.PartnerProfile"] and original["core.ImportRecord"]
    assert original["trade.HistoricalTradeRecord"]  # the import's history rows: what its undo reads
    assert any('"draft"' in row for row in original["alliances.Alliance"])
    backup = tmp_path / ("portal.dump" if connection.vendor == "postgresql" else "portal.yaml.gz")

    run("manage.py", "backup", str(backup))
    run("manage.py", "restore", str(backup), database=empty_database)
    restored = json.loads(run("-m", "tests.production.snapshot", database=empty_database))

    assert restored.keys() == original.keys()
    for label, rows in original.items():
        assert restored[label] == rows, label
    assert sum(len(rows) for rows in original.values()) > 500  # the seed data and the extra records


def test_restore_refuses_a_database_that_is_not_empty(seeded_transactional_db, tmp_path):
    backup = tmp_path / ("portal.dump" if connection.vendor == "postgresql" else "portal.yaml.gz")
    run("manage.py", "backup", str(backup))
    with pytest.raises(AssertionError, match="is not empty; restore into a new one"):
        run("manage.py", "restore", str(backup))


@pytest.fixture
def secrets(extra_records):
    """What a backup must not hold: a live session, login attempts and API tokens (their digests)."""
    session = SessionStore()
    session["_auth_user_id"] = str(User.objects.get(username="backup-curator").pk)
    session.create()
    AccessAttempt.objects.create(username="attempted-name", ip_address="198.51.100.7", failures_since_start=3)
    AccessLog.objects.create(username="logged-name", ip_address="198.51.100.8")
    return [session.session_key, "attempted-name", "logged-name", *APIToken.objects.values_list("digest", flat=True)]


def backup_text(path):
    """The backup as text: the YAML, or the SQL script pg_restore would run."""
    if connection.vendor == "sqlite":
        return gzip.decompress(path.read_bytes()).decode()
    database = connection.settings_dict
    return subprocess.run(["pg_restore", "--file=-", str(path)], check=True, capture_output=True, text=True).stdout + (
        database["NAME"] and ""
    )


def test_a_backup_is_owner_only_and_holds_no_session_login_attempt_or_token(secrets, tmp_path):
    backup = tmp_path / ("portal.dump" if connection.vendor == "postgresql" else "portal.yaml.gz")
    backup.write_bytes(b"an older, world-readable backup")
    backup.chmod(0o644)
    umask = os.umask(0o022)
    try:
        run("manage.py", "backup", str(backup))
    finally:
        os.umask(umask)
    assert backup.stat().st_mode & 0o777 == 0o600
    text = backup_text(backup)
    assert "backup-curator" in text  # the backup holds the users
    for secret in secrets:
        assert secret not in text
