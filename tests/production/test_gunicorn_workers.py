"""How gunicorn's workers share and renew their work (``gunicorn.conf.py``): a kept-alive connection ends after
``GUNICORN_KEEPALIVE_REQUESTS`` requests, so clients spread again over the workers; the master preloads the
application, so a worker restarted after ``max_requests`` is forked ready: it answers, the Chinese search included,
without loading Django or jieba's dictionary again."""

import http.client
import os
import urllib.parse

import pytest

from tests.production.test_gunicorn_processes import start, stop, workers_of

pytestmark = pytest.mark.django_db


def ask(connection, path="/healthz"):
    """GET ``path`` on a kept connection: the status and the ``Connection`` header."""
    connection.request("GET", path)
    response = connection.getresponse()
    response.read()
    return response.status, response.getheader("Connection")


def test_a_kept_alive_connection_ends_after_its_allowance_of_requests(tmp_path):
    server, _base, port = start(tmp_path, GUNICORN_WORKERS="1", GUNICORN_THREADS="2", GUNICORN_KEEPALIVE_REQUESTS="3")
    try:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        answers = [ask(connection) for _ in range(3)]
        assert answers == [(200, "keep-alive"), (200, "keep-alive"), (200, "close")]
        assert connection.sock is None  # closed after the third answer
        connection.close()
    finally:
        stop(server)


def cpu_seconds(pid):
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def test_a_preloaded_worker_restarts_after_max_requests_without_loading_the_application(tmp_path):
    server, base, port = start(tmp_path, GUNICORN_WORKERS="1", GUNICORN_MAX_REQUESTS="4")
    try:
        first = workers_of(server.pid)
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        statuses = [ask(connection)[0] for _ in range(10)]
        search, _ = ask(connection, "/zh-hans/search/?q=" + urllib.parse.quote("大学"))
        assert statuses == [200] * 10 and search == 200
        (worker,) = workers_of(server.pid)
        assert worker not in first  # restarted twice by now
        # Forked from a master that holds Django and jieba's dictionary: it read the portal's names and served a
        # few requests (a few hundredths of a second); loading them would have cost it about a second.
        assert cpu_seconds(worker) < 0.4
        log = next(tmp_path.glob("gunicorn-*.log")).read_text()
        assert log.count("Autorestarting worker") >= 2
        assert "is not loaded yet" not in log
    finally:
        stop(server)
