"""Does a 1,000,000-row file go through the admin and the API with no request over a second?

Issue 12's benchmark: the trade CSV of ``bench/import_trade.py`` (N unique rows, default 1,000,000) sent as a
Curator through each door, with an HTTP client, to gunicorn started with the production command and
``gunicorn.conf.py`` (its own workers: sync, 2 x cores + 1), PostgreSQL and Redis, and two import workers
(``manage.py db_worker --queue-name imports``, the README's command).

- The admin (cookies, CSRF): the import's *Check the file*, then what the job page's script does: ask the job's
  status URL every second (and ``/healthz``, to see whether pages go on), load the job page when the state
  changes, confirm the preview, and ask again until the import has completed.
- The API (a Curator's token, ``Authorization: Token``; never printed): ``POST /api/v1/trade/bulk/file/?background=1``
  with the file, 202 and the job's URL (``Location``), asked every second (and ``/healthz``) until the job has
  completed. The API's job has no preview to confirm: its one pass checks and imports, all or nothing.

Prints, for each door, the time of each phase and from the upload to the end (rows a second), every request's
slowest time and how many took over a second (goal: none), and, measured in the same run, the baselines:
``/healthz`` before the upload, and the floor, the database's own bulk load of the same file
(``import_trade.run_floor``; the faster of one run before and one after). Exits 1 if a request took over a
second or an import did not complete, unless ``--no-assert``.

    python bench/admin_jobs.py [--rows N] [--door admin|api|both] [--database-url URL] [--workers 2]

The database is ``bench_jobs`` on the PostgreSQL server of ``--database-url`` (default DATABASE_URL if it is
PostgreSQL, else postgres://postgres@127.0.0.1:5432/postgres), made anew and dropped at the end; Redis database
``--redis-db`` (default 10) is flushed. The imported rows are deleted between the doors. ``IMPORT_MAX_FILE_SIZE``
is raised for the run (a million trade rows are about 80 MB of CSV; the default limit is 20 MB).
"""

import argparse
import os
import re
import runpy
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlsplit

from import_trade import FLOWS, YEARS, database_version, generated_count, make_csv, reset, run_floor
from load import PYTHON, ROOT, flush_redis, free_port, loadavg, manage, production_env, start_gunicorn
from scratch import configure, create_database, drop_database

SCRATCH = "bench_jobs"
USERNAME, PASSWORD = "bench-curator", secrets.token_urlsafe(16)
SLOW_SECONDS = 1.0
POLL_SECONDS = 1.0  # as the job page's script (core/jobs/static/jobs/progress.js)
IMPORT_URL = "/en/admin/trade/traderecord/import/"
BULK_FILE_URL = "/api/v1/trade/bulk/file/?background=1"
# A job's states in the order it goes through them (core.jobs.models.JobState); the others end it.
ORDER = ["queued", "checking", "awaiting", "importing", "completed"]
PASSES = {"awaiting", "completed"}  # the states that end a pass over the file (the check, the import)
# The password's check is slow on purpose (PBKDF2, Django's default iterations): shown, not held against the flow.
LOGIN = "POST login"


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1_000_000, help="rows in the file (default 1,000,000)")
    parser.add_argument("--door", choices=["admin", "api", "both"], default="both", help="the way in (default both)")
    default_url = os.environ.get("DATABASE_URL", "")
    if not default_url.startswith("postgres"):
        default_url = "postgres://postgres@127.0.0.1:5432/postgres"
    parser.add_argument("--database-url", default=default_url, help="a PostgreSQL URL (two workers share a queue)")
    parser.add_argument("--workers", type=int, default=2, help="import workers (db_worker processes)")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379", help="Redis server (no database number)")
    parser.add_argument("--redis-db", type=int, default=10)
    parser.add_argument("--timeout", type=int, default=7200, help="seconds to wait for each pass")
    parser.add_argument("--no-assert", action="store_true", help="exit 0 even if the goal is missed")
    args, _unknown = parser.parse_known_args()  # `make bench` passes every script the same BENCH_ARGS
    return args


class Client:
    """One user's requests, every request timed: a browser's cookies, or a program's token header.

    The portal runs in production mode behind a TLS proxy (``X-Forwarded-Proto: https``, believed from 127.0.0.1),
    so its cookies are ``Secure``; the client sends them back over the loopback's plain HTTP all the same."""

    def __init__(self, port):
        import requests

        self.base = f"http://127.0.0.1:{port}"
        self.session = requests.Session()
        self.session.headers.update({"X-Forwarded-Proto": "https", "Origin": f"https://127.0.0.1:{port}"})
        self.timings = []  # (seconds, method, what, status)

    def request(self, method, path, what=None, expect=(200,), **kwargs):
        started = time.perf_counter()
        response = self.session.request(method, self.base + path, allow_redirects=False, timeout=300, **kwargs)
        seconds = time.perf_counter() - started
        self.timings.append((seconds, method, what or path, response.status_code))
        for cookie in self.session.cookies:
            cookie.secure = False
        if response.status_code not in expect:
            raise SystemExit(f"{method} {path}: HTTP {response.status_code}, expected {expect}")
        return response

    def form_token(self, path):
        page = self.request("GET", path).text
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)

    def wait(self, status_url, until, timeout, changed):
        """Ask the status URL every second until the job has reached the state ``until``; the last status.
        ``changed()`` on each new state (the job page's script reloads the page)."""
        state, shown, deadline = None, 0, time.monotonic() + timeout
        while time.monotonic() < deadline:
            status = self.request("GET", status_url, "GET job status").json()
            self.request("GET", "/healthz", "GET /healthz (during the jobs)")
            if status["state"] != state:
                changed()
            if status["state"] != state or time.monotonic() - shown > 30:  # the bar, now and then
                state, shown = status["state"], time.monotonic()
                total = f"{status['rows_total']:,}" if status["rows_total"] else "?"
                print(f"  {time.strftime('%H:%M:%S')} {state}: {status['rows_done']:,} of {total} rows")
            if state in ORDER and ORDER.index(state) >= ORDER.index(until):
                return status
            if status["finished"]:
                raise SystemExit(f"the job ended {status['state']}: {status['reason']} {status.get('errors', '')}")
            time.sleep(POLL_SECONDS)
        raise SystemExit(f"the job was not {until} within {timeout} s")


class AdminDoor:
    """A Curator in the admin: log in, *Check the file*, the preview, *Confirm import*."""

    title = "the admin"
    upload_label = "the upload (the answer: the job's page)"
    steps = [("awaiting", "time until the preview is ready"), ("completed", "time from the confirmation to completed")]

    def __init__(self, client, key):
        self.client, self.job_page = client, None

    def sign_in(self):
        token = self.client.form_token("/en/admin/login/")
        data = {"username": USERNAME, "password": PASSWORD, "csrfmiddlewaretoken": token, "next": "/en/admin/"}
        self.client.request("POST", "/en/admin/login/", LOGIN, expect=(302,), data=data)

    def upload(self, content):
        """*Check the file*: the answer redirects to the job's page; its status URL."""
        token = self.client.form_token(IMPORT_URL)
        files = {"import_file": ("trade.csv", content, "text/csv")}
        data = {"csrfmiddlewaretoken": token, "format": "", "preset": ""}
        response = self.client.request(
            "POST", IMPORT_URL, "POST import (upload)", expect=(302,), data=data, files=files
        )
        self.job_page = response.headers["Location"]
        return self.job_page.replace("/change/", "/status/")

    def changed(self):
        self.client.request("GET", self.job_page, "GET job page")

    def reached(self, state):
        """The preview is ready: confirm it, as a person does on the job's page."""
        if state != "awaiting":
            return
        page = self.client.request("GET", self.job_page, "GET job page").text
        token = re.search(r'name="token" value="([^"]+)"', page).group(1)
        csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        data = {"csrfmiddlewaretoken": csrf, "token": token, "confirm": "Confirm import"}
        self.client.request("POST", IMPORT_URL, "POST import (confirm)", expect=(302,), data=data)


class APIDoor:
    """A program with a Curator's token: the bulk file endpoint in the background, then the job's URL.
    Its job checks and imports in one pass: nothing to confirm."""

    title = "the API"
    upload_label = "the upload (the answer: 202 and the job's URL)"
    steps = [("importing", "time until a worker starts the job"), ("completed", "time from the start to completed")]

    def __init__(self, client, key):
        self.client = client
        client.session.headers["Authorization"] = f"Token {key}"  # never printed, never in a URL

    def sign_in(self):
        pass

    def upload(self, content):
        files = {"file": ("trade.csv", content, "text/csv")}
        response = self.client.request("POST", BULK_FILE_URL, "POST bulk/file (upload)", expect=(202,), files=files)
        return urlsplit(response.headers["Location"]).path

    def changed(self):
        pass

    def reached(self, state):
        pass


DOORS = {"admin": AdminDoor, "api": APIDoor}


def make_curator():
    """The Curator who imports, and an API token of theirs: its key, which only the API door's client holds."""
    from django.contrib.auth.models import Group, User

    from accounts.models import APIToken
    from core.roles import CURATORS

    user = User.objects.create_user(USERNAME, password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name=CURATORS))
    return APIToken.objects.issue(user, name="bench/admin_jobs.py")


def start_workers(count, env, log):
    command = [PYTHON, "manage.py", "db_worker", "--queue-name", "imports", "--no-reload"]
    return [
        subprocess.Popen([*command, "--worker-id", f"bench-{n}"], cwd=ROOT, env=env, stdout=log, stderr=log)
        for n in range(count)
    ]


def await_workers(log, count, timeout=120):
    """Until every import worker says it listens: each starts Django, seconds of CPU on this machine, and an upload
    sent meanwhile waited for them (2.1 s instead of 0.8); a deployment's workers are up long before."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if Path(log.name).read_text().count("Starting worker worker_id=bench-") >= count:
            return
        time.sleep(0.5)
    raise SystemExit(f"the import workers did not start within {timeout} s")


def milliseconds(values):
    return f"median {statistics.median(values) * 1000:.0f} ms, max {max(values) * 1000:.0f} ms"


def clear():
    """Back to the seed data: the generated rows deleted, and the jobs, which name the import records that
    ``reset`` deletes."""
    from core.jobs.models import Job

    Job.objects.all().delete()
    reset()


def database_floor(content, rows):
    """The database's own bulk load of the file, the generated rows deleted again; seconds."""
    clear()
    seconds = run_floor(content, rows)
    reset()
    return seconds


def warm_up(client, processes):
    """Each fresh gunicorn worker's first requests load the URLs, the templates and the connections (about a
    second on this machine): as many clients as workers ask /healthz and the login page a few times, so that the
    flow measures the import, not a restart. Their times are kept apart."""
    import requests

    def ask(path):
        started = time.perf_counter()
        requests.get(client.base + path, headers=client.session.headers, timeout=60)
        return time.perf_counter() - started

    with ThreadPoolExecutor(processes) as pool:
        return list(pool.map(ask, ["/healthz", "/en/admin/login/"] * processes * 3))


def run_flow(door, content, timeout):
    """Sign in, upload, then each of the door's steps; the seconds of each step."""
    client = door.client
    for _ in range(20):
        client.request("GET", "/healthz", "GET /healthz (before)")
    door.sign_in()
    started = time.perf_counter()
    status_url = door.upload(content)
    print(f"  {door.upload_label}: {client.timings[-1][0]:.2f} s")
    phases = []
    for state, label in door.steps:
        client.wait(status_url, state, timeout, door.changed)
        phases.append(time.perf_counter() - started)
        print(f"  {label}: {phases[-1]:.1f} s")
        started = time.perf_counter()
        door.reached(state)
    return phases


def report(args, door, phases, floor):
    rows, timings = args.rows, door.client.timings
    before = [s for s, _m, what, _st in timings if what == "GET /healthz (before)"]
    during = [s for s, _m, what, _st in timings if what == "GET /healthz (during the jobs)"]
    print(f"-- {args.rows:,} rows through {door.title}")
    for (state, label), seconds in zip(door.steps, phases, strict=True):
        rate = f"{rows / seconds:>12,.0f} rows/s" if state in PASSES else ""  # a queue's wait reads no row
        print(f"{label:<44}{seconds:>9.1f} s{rate}")
    total = sum(phases)
    print(f"{'upload to completed':<44}{total:>9.1f} s{rows / total:>12,.0f} rows/s")
    print(f"{'floor: PostgreSQL COPY + INSERT … ON CONFLICT':<44}{floor:>9.1f} s{rows / floor:>12,.0f} rows/s")
    print(f"upload to completed / floor (rows/s): {floor / total:.2f}")
    print(f"/healthz before the upload: {milliseconds(before)}; during the jobs: {milliseconds(during)}")
    login = [seconds for seconds, _m, what, _st in timings if what == LOGIN]
    timings = [t for t in timings if t[2] != LOGIN]
    if login:
        print(f"log-in (password hashing, slow on purpose; not counted): {login[0]:.2f} s")
    seconds, _method, what, status = max(timings)
    slow = [t for t in timings if t[0] > SLOW_SECONDS]
    print(f"{len(timings)} requests; the slowest: {seconds:.2f} s ({what}, HTTP {status})")
    print(f"requests over {SLOW_SECONDS:.0f} s: {len(slow)} (goal: none)")
    for seconds, _method, what, status in sorted(slow, reverse=True)[:10]:
        print(f"  {seconds:.2f} s {what} (HTTP {status})")
    return not slow


def main():
    args = parse_args()
    doors = ["admin", "api"] if args.door == "both" else [args.door]
    print(f"load average at the start: {loadavg()} on {os.cpu_count()} CPUs")
    url = configure(args.database_url, SCRATCH, DEBUG="False")
    create_database()
    from django.db import connection

    static_root = tempfile.mkdtemp(prefix="bri-jobs-static-")
    uploads = tempfile.mkdtemp(prefix="bri-jobs-uploads-")
    env = {
        **production_env(url, args, static_root),
        "IMPORT_UPLOAD_DIR": uploads,
        "IMPORT_MAX_FILE_SIZE": str(200 * 1024 * 1024),
    }
    log = tempfile.NamedTemporaryFile("w", prefix="bri-jobs-", suffix=".log", delete=False)
    server, workers, ok = None, [], False
    try:
        reporters = -(-args.rows // (248 * len(YEARS) * len(FLOWS)))
        content = make_csv(args.rows, reporters=reporters)
        key = make_curator()
        floors = [database_floor(content, args.rows)]
        connection.close()
        manage("collectstatic", "--noinput", "-v0", env=env)
        flush_redis(args)
        port = free_port()
        server = start_gunicorn(SimpleNamespace(workers=None), env, port, log)
        workers = start_workers(args.workers, env, log)
        await_workers(log, args.workers)
        conf = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
        print(
            f"{args.rows:,} rows ({reporters} reporters, {len(content) / 1e6:.0f} MB of CSV) through "
            f"{' and '.join(DOORS[name].title for name in doors)}: gunicorn on 127.0.0.1:{port} (gunicorn.conf.py: "
            f"{conf['workers']} workers x {conf['threads']} thread, timeout {conf['timeout']} s), "
            f"{database_version()}, {args.workers} import workers"
        )
        warm = warm_up(Client(port), conf["workers"])
        print(f"warm-up (not counted): {len(warm)} requests, the slowest {max(warm):.2f} s")
        results = []
        for name in doors:
            if results:
                clear()
            door = DOORS[name](Client(port), key)
            print(f"through {door.title}:")
            results.append((door, run_flow(door, content, args.timeout)))
            created = generated_count()
            if created != args.rows:
                raise SystemExit(f"the import created {created:,} rows, not {args.rows:,}")
            print(f"load average after the flow: {loadavg()}")
        floors.append(database_floor(content, args.rows))
        ok = all([report(args, door, phases, min(floors)) for door, phases in results])
    finally:
        for process in [*workers, server]:
            if process and process.poll() is None:
                process.send_signal(signal.SIGTERM)
                process.wait(timeout=60)
        shutil.rmtree(static_root, ignore_errors=True)
        shutil.rmtree(uploads, ignore_errors=True)
        drop_database()
    if ok:
        os.unlink(log.name)
    else:
        print(f"the log of gunicorn and the workers: {log.name}")
    sys.exit(0 if ok or args.no_assert else 1)


if __name__ == "__main__":
    main()
