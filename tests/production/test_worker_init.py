"""A gunicorn worker loads the search's word segmenter before it takes requests; a preloading master loads jieba's
dictionary once, before it forks them (bri_portal/gunicorn_hooks.py)."""

import gc
import logging
import re
import subprocess
from types import SimpleNamespace

import pytest

from bri_portal.gunicorn_hooks import post_worker_init, when_ready
from portal.search import text
from tests.production.processes import ROOT, environment
from tests.production.test_gunicorn import GUNICORN

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


@pytest.mark.django_db
def test_a_preloading_master_loads_jiebas_dictionary_and_freezes_what_it_holds_before_forking(closed):
    master = SimpleNamespace(cfg=SimpleNamespace(preload_app=True))
    try:
        when_ready(master)
        assert "dictionary" in text._tools and "jieba" not in text._tools  # the names are each worker's to read
        assert gc.get_freeze_count() > 0 and closed == ["closed"]
        post_worker_init(WORKER)
        assert text._tools["jieba"] is text._tools["dictionary"]  # the worker adds the names to the one it got
    finally:
        gc.unfreeze()


def test_a_master_that_does_not_preload_leaves_it_to_the_workers(closed):
    when_ready(SimpleNamespace(cfg=SimpleNamespace(preload_app=False)))
    assert text._tools == {} and gc.get_freeze_count() == 0 and closed == []


def test_the_deployment_preloads_and_caps_kept_alive_connections():
    printed = subprocess.run(
        [str(GUNICORN), "-c", "gunicorn.conf.py", "--print-config", "bri_portal.wsgi"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env=environment(),
    ).stdout
    assert re.search(r"^preload_app\s+= True$", printed, re.MULTILINE)
    assert re.search(r"^pre_request\s+= <closing_after", printed, re.MULTILINE)
    assert re.search(r"^when_ready\s+= <when_ready", printed, re.MULTILINE)
