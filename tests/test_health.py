"""/healthz answers 200 only when the database and the cache work."""

import pytest


@pytest.mark.django_db
def test_healthz_checks_database_and_cache(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["database"] == response.json()["cache"] == "ok"


@pytest.mark.django_db
def test_healthz_reports_a_broken_cache(client, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    response = client.get("/healthz")
    assert response.status_code == 503 and response.json()["cache"].startswith("error")
