"""Imports that do not end well: the process killed while it writes, its database connection cut, and
two imports of overlapping rows started at the same moment.

Each import runs as ``manage.py import_data`` in its own process against the test database (the
test uses a transactional database, so the process sees the seed data and the test sees what the
process committed). Afterwards the database must be exactly as before, or, for the concurrent
imports, equal to one of the two serial outcomes, with no duplicate row.
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from core.models import ImportRecord
from reference.models import Country
from tests.hostile.fingerprint import fingerprint
from trade.models import TradeRecord

MANAGE = Path(settings.BASE_DIR) / "manage.py"
SOURCE = "eurasian-practice-2022"
HEADER = "partner,year,flow,value,source,source_locator\n"
TIMEOUT = 120


def database_url():
    """The test database, as the child process's DATABASE_URL."""
    db = settings.DATABASES["default"]
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def start_import():
    """Start ``import_data`` on a file in a child process; every child is gone when the test ends, hung or not."""
    children = []

    def start(path):
        env = {**os.environ, "DATABASE_URL": database_url(), "PYTHONUNBUFFERED": "1"}
        child = subprocess.Popen(
            [sys.executable, str(MANAGE), "import_data", "trade.TradeRecord", str(path)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        children.append(child)
        return child

    yield start
    for child in children:
        if child.poll() is None:
            child.kill()
        child.communicate()


def large_file(tmp_path):
    """About 25,000 new trade rows: every partner, every year of the twentieth century."""
    partners = Country.objects.exclude(iso3="CHN").values_list("iso3", flat=True)
    lines = [
        f"{iso3},{year},total,{year % 97}.5,{SOURCE},fault test\n" for iso3 in partners for year in range(1900, 2000)
    ]
    path = tmp_path / "large.csv"
    path.write_text(HEADER + "".join(lines))
    return path


def state():
    return fingerprint(), ImportRecord.objects.count()


def writing_backend():
    """The PostgreSQL backend of the child that has started writing trade rows (its last statement: the bulk path
    inserts the rows in a statement that also writes their history, ``WITH written AS (INSERT INTO …) …``)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() "
            """AND query LIKE '%%INSERT INTO "trade_traderecord"%%'"""
        )
        row = cursor.fetchone()
    return row and row[0]


def sqlite_journal():
    return Path(f"{settings.DATABASES['default']['NAME']}-journal")


def wait_until_writing(process):
    """Return once the child is writing rows (PostgreSQL: its INSERT; SQLite: its rollback journal)."""
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        assert process.poll() is None, f"the import ended before it was interrupted: {process.communicate()}"
        if connection.vendor == "postgresql":
            pid = writing_backend()
            if pid:
                return pid
        elif sqlite_journal().exists() and sqlite_journal().stat().st_size > 0:
            time.sleep(0.5)  # well into its writes
            return None
        time.sleep(0.05)
    raise AssertionError("the import never started writing")  # the fixture ends the child


def test_an_import_killed_while_it_writes_leaves_nothing(seeded_transactional_db, tmp_path, start_import):
    path = large_file(tmp_path)
    before = state()
    process = start_import(path)
    wait_until_writing(process)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=TIMEOUT)
    assert process.returncode == -signal.SIGKILL
    if connection.vendor == "postgresql":  # the server notices the dead client and rolls back
        deadline = time.monotonic() + 30
        while writing_backend() and time.monotonic() < deadline:
            time.sleep(0.1)
    assert state() == before
    assert not TradeRecord.objects.filter(source_locator="fault test").exists()


@pytest.mark.postgresql  # cutting one connection is a database server's fault
def test_an_import_whose_connection_drops_fails_clearly_and_leaves_nothing(
    seeded_transactional_db, tmp_path, start_import
):
    path = large_file(tmp_path)
    before = state()
    process = start_import(path)
    pid = wait_until_writing(process)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
    out, err = process.communicate(timeout=TIMEOUT)
    assert process.returncode == 1, (out, err)
    assert "The database failed during the import" in err and "nothing was written" in err, err
    assert "Traceback" not in err, err
    assert state() == before


def test_overlapping_imports_at_the_same_moment_end_as_one_after_the_other(
    seeded_transactional_db, tmp_path, start_import
):
    first, second = tmp_path / "first.csv", tmp_path / "second.csv"
    first.write_text(HEADER + "".join(f"NZL,{year},total,1,{SOURCE},first\n" for year in range(1990, 2000)))
    second.write_text(HEADER + "".join(f"NZL,{year},total,2,{SOURCE},second\n" for year in range(1995, 2005)))
    processes = [start_import(first), start_import(second)]
    results = [process.communicate(timeout=TIMEOUT) for process in processes]
    assert [process.returncode for process in processes] == [0, 0], results
    stored = sorted(TradeRecord.objects.filter(partner__iso3="NZL").values_list("year", "source_locator"))
    first_then_second = [(year, "first") for year in range(1990, 1995)] + [(y, "second") for y in range(1995, 2005)]
    second_then_first = [(year, "first") for year in range(1990, 2000)] + [(y, "second") for y in range(2000, 2005)]
    assert stored in (first_then_second, second_then_first)
    assert ImportRecord.objects.filter(status="completed").count() == 2
