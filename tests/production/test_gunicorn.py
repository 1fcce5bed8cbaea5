"""The documented deployment: collectstatic, then gunicorn with gunicorn.conf.py in production mode.

Gunicorn serves the test database; WhiteNoise serves the static files by their hashed names;
every line on standard output is one JSON object.
"""

import json
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from types import SimpleNamespace

import pytest

from tests.production.processes import PRODUCTION_ENV, ROOT, environment, run

GUNICORN = Path(sys.executable).parent / "gunicorn"
pytestmark = pytest.mark.django_db  # so that pytest-django creates the test database gunicorn serves


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def get(url, **headers):
    """(status, headers, body) without following redirects."""
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(urllib.request.Request(url, headers=headers), timeout=10) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


@pytest.fixture(scope="module")
def static_root(tmp_path_factory, django_db_setup):
    static_root = tmp_path_factory.mktemp("static")
    run("manage.py", "collectstatic", "--noinput", **PRODUCTION_ENV, STATIC_ROOT=str(static_root))
    return static_root


@pytest.fixture(scope="module")
def gunicorn(static_root, tmp_path_factory, django_db_blocker):
    """A running gunicorn: its base ``url`` and the ``log`` file its standard output goes to."""
    port = free_port()
    log = tmp_path_factory.mktemp("gunicorn") / "stdout.log"
    with django_db_blocker.unblock():
        env = environment(
            **PRODUCTION_ENV,
            STATIC_ROOT=str(static_root),
            GUNICORN_BIND=f"127.0.0.1:{port}",
            GUNICORN_WORKERS="1",
            USE_X_FORWARDED_PROTO="True",
        )
    with log.open("w") as output:
        server = subprocess.Popen(
            [GUNICORN, "-c", "gunicorn.conf.py", "bri_portal.wsgi"], cwd=ROOT, env=env, stdout=output, stderr=output
        )
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and server.poll() is None:
            try:
                get(f"{base}/healthz")
                break
            except OSError:
                time.sleep(0.2)
        try:
            yield SimpleNamespace(url=base, log=log)
        finally:
            server.terminate()
            server.wait(timeout=30)


def test_healthz_answers_over_plain_http(gunicorn):
    status, _, body = get(f"{gunicorn.url}/healthz")
    assert status == 200
    assert json.loads(body)["database"] == "ok"


def test_whitenoise_serves_static_files_by_hashed_name(gunicorn, static_root):
    manifest = json.loads((static_root / "staticfiles.json").read_text())
    hashed = manifest["paths"]["portal/css/portal.css"]
    assert hashed != "portal/css/portal.css"
    status, headers, body = get(f"{gunicorn.url}/static/{hashed}", **{"X-Forwarded-Proto": "https"})
    assert status == 200
    assert body == (ROOT / "static/portal/css/portal.css").read_bytes()
    assert "immutable" in headers["Cache-Control"]
    status, _, _ = get(f"{gunicorn.url}/static/{hashed}", **{"Accept-Encoding": "gzip", "X-Forwarded-Proto": "https"})
    assert status == 200


def test_plain_http_is_redirected_to_https(gunicorn):
    status, headers, _ = get(f"{gunicorn.url}/en/")
    assert status == 301
    assert headers["Location"] == gunicorn.url.replace("http://", "https://") + "/en/"


def test_https_behind_the_proxy_gets_hsts_and_secure_cookies(gunicorn):
    status, headers, _ = get(f"{gunicorn.url}/en/admin/login/", **{"X-Forwarded-Proto": "https"})
    assert status == 200
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert headers["Referrer-Policy"] == "same-origin"
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    cookie = headers["Set-Cookie"]
    assert cookie.startswith("csrftoken=") and "Secure" in cookie


def log_entries(gunicorn, until):
    """The JSON lines gunicorn has written, once ``until(entries)`` holds (the access log comes after the response)."""
    deadline = time.monotonic() + 15
    while True:
        entries = [json.loads(line) for line in gunicorn.log.read_text().splitlines() if line.strip()]
        if until(entries) or time.monotonic() > deadline:
            return entries
        time.sleep(0.1)


def test_logs_are_json_lines_with_the_request(gunicorn):
    get(f"{gunicorn.url}/en/no-such-page/", **{"X-Forwarded-Proto": "https"})
    request = {"method": "GET", "path": "/en/no-such-page/", "status": 404}
    entries = log_entries(
        gunicorn,
        lambda entries: any(
            request.items() <= entry.items() for entry in entries if entry["logger"] == "gunicorn.access"
        ),
    )
    assert all({"timestamp", "level", "logger", "message"} <= entry.keys() for entry in entries)
    django = [entry for entry in entries if entry["logger"] == "django.request"]
    assert request.items() <= django[-1].items()
    access = [entry for entry in entries if entry["logger"] == "gunicorn.access"]
    assert request.items() <= access[-1].items()
    assert access[-1]["duration_us"] > 0
