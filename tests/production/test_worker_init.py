"""A gunicorn worker loads the search's word segmenter before it takes requests (bri_portal/gunicorn_hooks.py)."""

import logging
from types import SimpleNamespace

import pytest

from bri_portal.gunicorn_hooks import post_worker_init
from portal.search import text

WORKER = SimpleNamespace(log=logging.getLogger("gunicorn.error"))


@pytest.fixture
def closed(monkeypatch):
    calls = []
    monkeypatch.setattr("django.db.connections.close_all", lambda: calls.append("closed"))
    monkeypatch.setattr(text, "_tools", {})
    return calls


@pytest.mark.django_db
def test_a_worker_loads_the_segmenter_and_closes_its_connection(closed):
    post_worker_init(WORKER)
    assert "jieba" in text._tools and closed == ["closed"]


def test_a_worker_serves_anyway_when_it_cannot_load_it(closed, monkeypatch, caplog):
    def database_down():
        raise ConnectionError("no database")

    monkeypatch.setattr(text, "segmenter", database_down)
    with caplog.at_level(logging.WARNING, logger="gunicorn.error"):
        post_worker_init(WORKER)
    assert "not loaded yet: no database" in caplog.text and closed == ["closed"]
