"""Does a 1,000,000-row file go through the admin with no request over a second?

Issue 12's benchmark: the trade CSV of ``bench/import_trade.py`` (N unique rows, default 1,000,000) uploaded
through the admin's import as a Curator, with an HTTP client (cookies, CSRF), to gunicorn started with the
production command and ``gunicorn.conf.py`` (its own workers: sync, 2 x cores + 1), PostgreSQL and Redis, and two
import workers (``manage.py db_worker --queue-name imports``, the README's command). The client does what the job
page's script does: it asks the job's status URL every second (and ``/healthz``, to see whether pages go on),
loads the job page when the state changes, confirms the preview, and asks again until the import has completed.

Prints the time until the preview is ready and until the import has completed (rows a second for each pass),
every request's slowest time and how many took over a second (goal: none), and, measured in the same run, the
baselines: ``/healthz`` before the upload, and the floor, the database's own bulk load of the same file
(``import_trade.run_floor``; the faster of one run before and one after). Exits 1 if a request took over a
second or the import did not complete, unless ``--no-assert``.

    python bench/admin_jobs.py [--rows N] [--database-url URL] [--workers 2]

The database is ``bench_jobs`` on the PostgreSQL server of ``--database-url`` (default DATABASE_URL if it is
PostgreSQL, else postgres://postgres@127.0.0.1:5432/postgres), made anew and dropped at the end; Redis database
``--redis-db`` (default 10) is flushed. ``IMPORT_MAX_FILE_SIZE`` is raised for the run (a million trade rows are
about 80 MB of CSV; the default limit is 20 MB).
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
from types import SimpleNamespace

from import_trade import FLOWS, YEARS, database_version, generated_count, make_csv, reset, run_floor
from load import PYTHON, ROOT, flush_redis, free_port, loadavg, manage, production_env, start_gunicorn
from scratch import configure, create_database, drop_database

SCRATCH = "bench_jobs"
USERNAME, PASSWORD = "bench-curator", secrets.token_urlsafe(16)
SLOW_SECONDS = 1.0
POLL_SECONDS = 1.0  # as the job page's script (core/jobs/static/jobs/progress.js)
IMPORT_URL = "/en/admin/trade/traderecord/import/"
# The password's check is slow on purpose (PBKDF2, Django's default iterations): shown, not held against the flow.
LOGIN = "POST login"


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1_000_000, help="rows in the file (default 1,000,000)")
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
    """A browser's requests: one session's cookies and CSRF token, every request timed.

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

    def log_in(self):
        token = self.form_token("/en/admin/login/")
        data = {"username": USERNAME, "password": PASSWORD, "csrfmiddlewaretoken": token, "next": "/en/admin/"}
        self.request("POST", "/en/admin/login/", LOGIN, expect=(302,), data=data)

    def upload(self, content):
        """The admin's *Check the file*: the job's page, where the answer redirects."""
        token = self.form_token(IMPORT_URL)
        files = {"import_file": ("trade.csv", content, "text/csv")}
        data = {"csrfmiddlewaretoken": token, "format": "", "preset": ""}
        response = self.request("POST", IMPORT_URL, "POST import (upload)", expect=(302,), data=data, files=files)
        return response.headers["Location"]

    def confirm(self, job_page):
        page = self.request("GET", job_page, "GET job page").text
        token = re.search(r'name="token" value="([^"]+)"', page).group(1)
        csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        data = {"csrfmiddlewaretoken": csrf, "token": token, "confirm": "Confirm import"}
        return self.request("POST", IMPORT_URL, "POST import (confirm)", expect=(302,), data=data).headers["Location"]

    def wait(self, job_page, until, timeout):
        """Ask the status URL every second until the job's state is ``until``; the last status."""
        state, shown, deadline = None, 0, time.monotonic() + timeout
        while time.monotonic() < deadline:
            status = self.request("GET", job_page.replace("/change/", "/status/"), "GET job status").json()
            self.request("GET", "/healthz", "GET /healthz (during the jobs)")
            if status["state"] != state:  # the page's script reloads the page
                self.request("GET", job_page, "GET job page")
            if status["state"] != state or time.monotonic() - shown > 30:  # the bar, now and then
                state, shown = status["state"], time.monotonic()
                total = f"{status['rows_total']:,}" if status["rows_total"] else "?"
                print(f"  {time.strftime('%H:%M:%S')} {state}: {status['rows_done']:,} of {total} rows")
            if status["state"] == until:
                return status
            if status["finished"]:
                raise SystemExit(f"the job ended {status['state']}: {status['reason']}")
            time.sleep(POLL_SECONDS)
        raise SystemExit(f"the job was not {until} within {timeout} s")


def make_curator():
    from django.contrib.auth.models import Group, User

    from core.roles import CURATORS

    user = User.objects.create_user(USERNAME, password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name=CURATORS))


def start_workers(count, env, log):
    command = [PYTHON, "manage.py", "db_worker", "--queue-name", "imports", "--no-reload"]
    return [
        subprocess.Popen([*command, "--worker-id", f"bench-{n}"], cwd=ROOT, env=env, stdout=log, stderr=log)
        for n in range(count)
    ]


def milliseconds(values):
    return f"median {statistics.median(values) * 1000:.0f} ms, max {max(values) * 1000:.0f} ms"


def database_floor(content, rows):
    """The database's own bulk load of the file, the generated rows deleted again (and the jobs, which name the
    import records that ``reset`` deletes); seconds."""
    from core.jobs.models import Job

    Job.objects.all().delete()
    reset()
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


def run_flow(client, content, timeout):
    """Upload, preview, confirm, completed; the seconds until the preview and from the confirmation to the end."""
    for _ in range(20):
        client.request("GET", "/healthz", "GET /healthz (before)")
    client.log_in()
    started = time.perf_counter()
    job_page = client.upload(content)
    print(f"  the upload answered in {client.timings[-1][0]:.2f} s")
    client.wait(job_page, "awaiting", timeout)
    preview = time.perf_counter() - started
    print(f"  the preview is ready after {preview:.1f} s")
    confirmed = time.perf_counter()
    client.confirm(job_page)
    client.wait(job_page, "completed", timeout)
    return preview, time.perf_counter() - confirmed


def report(args, client, preview, imported, floor):
    rows = args.rows
    before = [s for s, _m, what, _st in client.timings if what == "GET /healthz (before)"]
    during = [s for s, _m, what, _st in client.timings if what == "GET /healthz (during the jobs)"]
    print(f"{'time until the preview is ready':<44}{preview:>9.1f} s{rows / preview:>12,.0f} rows/s")
    print(f"{'time from the confirmation to completed':<44}{imported:>9.1f} s{rows / imported:>12,.0f} rows/s")
    total = preview + imported
    print(f"{'upload to completed (check + import)':<44}{total:>9.1f} s{rows / total:>12,.0f} rows/s")
    print(f"{'floor: PostgreSQL COPY + INSERT … ON CONFLICT':<44}{floor:>9.1f} s{rows / floor:>12,.0f} rows/s")
    print(f"check + import / floor (rows/s): {floor / total:.2f}")
    print(f"/healthz before the upload: {milliseconds(before)}; during the jobs: {milliseconds(during)}")
    login = next(seconds for seconds, _m, what, _st in client.timings if what == LOGIN)
    timings = [t for t in client.timings if t[2] != LOGIN]
    print(f"log-in (password hashing, slow on purpose; not counted): {login:.2f} s")
    seconds, _method, what, status = max(timings)
    slow = [t for t in timings if t[0] > SLOW_SECONDS]
    print(f"{len(timings)} requests; the slowest: {seconds:.2f} s ({what}, HTTP {status})")
    print(f"requests over {SLOW_SECONDS:.0f} s: {len(slow)} (goal: none)")
    for seconds, _method, what, status in sorted(slow, reverse=True)[:10]:
        print(f"  {seconds:.2f} s {what} (HTTP {status})")
    return not slow


def main():
    args = parse_args()
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
        make_curator()
        floors = [database_floor(content, args.rows)]
        connection.close()
        manage("collectstatic", "--noinput", "-v0", env=env)
        flush_redis(args)
        port = free_port()
        server = start_gunicorn(SimpleNamespace(workers=None), env, port, log)
        workers = start_workers(args.workers, env, log)
        conf = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
        print(
            f"{args.rows:,} rows ({reporters} reporters, {len(content) / 1e6:.0f} MB of CSV) through the admin: "
            f"gunicorn on 127.0.0.1:{port} (gunicorn.conf.py: {conf['workers']} workers x {conf['threads']} thread, "
            f"timeout {conf['timeout']} s), {database_version()}, {args.workers} import workers"
        )
        client = Client(port)
        warm = warm_up(client, conf["workers"])
        print(f"warm-up (not counted): {len(warm)} requests, the slowest {max(warm):.2f} s")
        preview, imported = run_flow(client, content, args.timeout)
        print(f"load average after the flow: {loadavg()}")
        created = generated_count()
        if created != args.rows:
            raise SystemExit(f"the import created {created:,} rows, not {args.rows:,}")
        floors.append(database_floor(content, args.rows))
        ok = report(args, client, preview, imported, min(floors))
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
