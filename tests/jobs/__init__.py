"""Helpers for the jobs' tests: run the queued tasks here, as a worker would, or start real worker processes
(``manage.py db_worker``) on the test database, as the worker tests and the browser test do."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from unittest import mock

from django.core.management import call_command
from django.db import connection

BASE_DIR = Path(__file__).resolve().parents[2]
COLUMNS = "reporter,partner,year,flow,value,unit,source,source_locator,publication_status\n"


def run_queued_jobs():
    """One worker's pass over the queue (``db_worker --batch``), in this process. The worker closes its
    connection between tasks, which would close the test's transaction: not here."""
    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
        call_command(
            "db_worker", queue_name="imports", batch=True, reload=False, startup_delay=False, interval=0, verbosity=0
        )


def trade_csv(rows, reporter="CHN", first_year=1900, locator="jobs-test"):
    from reference.models import Country

    partners = [c for c in Country.objects.order_by("iso3").values_list("iso3", flat=True) if c != reporter]
    lines = [COLUMNS]
    for n in range(rows):
        partner, year = partners[n % len(partners)], first_year + n // len(partners)
        lines.append(f"{reporter},{partner},{year},export,{n}.5,100m-usd,eurasian-practice-2022,{locator},draft\n")
    return "".join(lines).encode()


def database_url():
    s = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{s['NAME']}"
    return f"postgres://{s['USER']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def start_worker(settings):
    """A worker process on the test database, reading uploads from the test's folder; it must see committed
    data, so the test's database is transactional."""
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "IMPORT_UPLOAD_DIR": str(settings.IMPORT_UPLOAD_DIR),
        "JOBS_IMPORT_WAIT_SECONDS": "1",
        "JOBS_HEARTBEAT_SECONDS": "0.2",
    }
    command = [sys.executable, "manage.py", "db_worker", "--queue-name", "imports", "--interval", "0.1"]
    return subprocess.Popen(
        [*command, "--no-startup-delay", "--no-reload"], cwd=BASE_DIR, env=env, stdout=subprocess.DEVNULL
    )


def stop_worker(worker):
    """SIGTERM, as systemd stops a worker: it ends the task it runs, then leaves."""
    if worker.poll() is None:
        worker.send_signal(signal.SIGTERM)
        worker.wait(10)


def wait_for(condition, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False
