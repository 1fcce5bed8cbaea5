"""Gunicorn as the deployment runs it, for what only separate processes show: production refuses a per-process
cache with several workers; workers die with their master, so a restart can bind the port at once; a request
past the timeout under /api/ is answered in JSON with nothing written."""

import json
import os
import signal
import socket
import subprocess
import time
import urllib.request

import pytest

from accounts.models import APIToken
from core.models import ImportRecord
from core.roles import CURATORS
from tests.production.processes import PRODUCTION_ENV, ROOT, environment
from tests.production.test_gunicorn import GUNICORN, free_port, get
from trade.models import TradeRecord


def start(tmp_path, **variables):
    port = free_port()
    env = environment(GUNICORN_BIND=f"127.0.0.1:{port}", **variables)
    log = (tmp_path / f"gunicorn-{port}.log").open("w")
    server = subprocess.Popen(
        [GUNICORN, "-c", "gunicorn.conf.py", "bri_portal.wsgi"], cwd=ROOT, env=env, stdout=log, stderr=log
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and server.poll() is None:
        try:
            get(f"{base}/healthz")
            break
        except OSError:
            time.sleep(0.2)
    return server, base, port


def stop(server):
    if server.poll() is None:
        server.terminate()
        server.wait(timeout=30)


def workers_of(pid):
    result = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True)
    return [int(line) for line in result.stdout.split()]


def alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return not open(f"/proc/{pid}/stat").read().split()[2] == "Z"


def port_free(port):
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


@pytest.mark.django_db
def test_production_refuses_a_per_process_cache_with_several_workers():
    env = environment(**PRODUCTION_ENV, GUNICORN_WORKERS="3", GUNICORN_BIND=f"127.0.0.1:{free_port()}")
    env.pop("CACHE_URL", None)
    result = subprocess.run(
        [GUNICORN, "-c", "gunicorn.conf.py", "bri_portal.wsgi"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "needs a cache all workers share: set CACHE_URL" in result.stdout + result.stderr


@pytest.mark.django_db
def test_killing_the_master_takes_its_workers_with_it(tmp_path):
    server, base, port = start(tmp_path, GUNICORN_WORKERS="2")
    try:
        deadline = time.monotonic() + 10  # the master forks its preloaded workers a moment apart
        while len(workers_of(server.pid)) < 2 and time.monotonic() < deadline:
            time.sleep(0.1)
        workers = workers_of(server.pid)
        assert len(workers) == 2
        server.send_signal(signal.SIGKILL)
        server.wait(timeout=10)
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline and (any(alive(pid) for pid in workers) or not port_free(port)):
            time.sleep(0.1)
        assert not any(alive(pid) for pid in workers)
        assert port_free(port)
    finally:
        for pid in workers_of(server.pid):
            os.kill(pid, signal.SIGKILL)


def slow_import():
    """Enough rows to take a worker several seconds, even by the bulk path (``core.imports.fast``): 270,000 rows
    (9 MB), each with a year out of range."""
    codes = ["KAZ", "RUS", "UZB", "KGZ", "TJK", "TKM", "MNG", "PAK", "IRN", "TUR"]
    rows = "".join(
        f"{code},{year},{flow},1,eurasian-practice-2022,x\n"
        for code in codes
        for year in range(1000, 10000)
        for flow in ("total", "export", "import")
    )
    return ("partner,year,flow,value,source,source_locator\n" + rows).encode()


def test_an_import_past_the_timeout_under_the_api_is_answered_in_json_with_nothing_written(
    seeded_transactional_db, tmp_path
):
    from django.contrib.auth.models import Group, User

    curator = User.objects.create_user("timeout-curator", password="a-long-test-password")
    curator.groups.add(Group.objects.get(name=CURATORS))
    key = APIToken.objects.issue(curator)
    before = TradeRecord.objects.count()
    server, base, _port = start(tmp_path, GUNICORN_WORKERS="1", GUNICORN_TIMEOUT="2")
    try:
        boundary = "timeout-boundary"
        body = (
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="slow.csv"\r\n'
                "Content-Type: text/csv\r\n\r\n"
            ).encode()
            + slow_import()
            + f"\r\n--{boundary}--\r\n".encode()
        )
        request = urllib.request.Request(
            f"{base}/api/v1/trade/bulk/",
            data=body,
            headers={"Authorization": f"Token {key}", "Content-Type": f"multipart/form-data; boundary={boundary}"},
        )
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                status, content_type, content = response.status, response.headers["Content-Type"], response.read()
        except urllib.error.HTTPError as error:
            status, content_type, content = error.code, error.headers["Content-Type"], error.read()
        assert status == 503, content[:300]
        assert content_type.startswith("application/json")
        assert json.loads(content)["errors"][0]["code"] == "timeout"
        assert TradeRecord.objects.count() == before
        assert not ImportRecord.objects.filter(status="completed", user=curator).exists()
    finally:
        stop(server)
