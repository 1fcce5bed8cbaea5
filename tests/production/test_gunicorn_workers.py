"""How gunicorn's workers share and renew their work (``gunicorn.conf.py``): a kept-alive connection ends after
``GUNICORN_KEEPALIVE_REQUESTS`` requests, so clients spread again over the workers; the master preloads the
application, so a worker restarted after ``max_requests`` is forked ready and answers at once, the Chinese search
included."""

import http.client
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


def test_a_preloaded_worker_restarts_after_max_requests_and_answers_at_once(tmp_path):
    server, base, port = start(tmp_path, GUNICORN_WORKERS="1", GUNICORN_MAX_REQUESTS="4")
    try:
        first = workers_of(server.pid)
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        statuses = [ask(connection)[0] for _ in range(10)]
        search, _ = ask(connection, "/zh-hans/search/?q=" + urllib.parse.quote("大学"))
        assert statuses == [200] * 10 and search == 200
        assert workers_of(server.pid) != first  # restarted twice by now
        log = next(tmp_path.glob("gunicorn-*.log")).read_text()
        assert log.count("Autorestarting worker") >= 2
        assert "is not loaded yet" not in log
    finally:
        stop(server)
