"""Throttling: configurable rates, 429 with Retry-After, anonymous readers by address, users by account."""

import uuid

import pytest
from django.core.cache import cache
from django.test import override_settings

from tests.test_redis_cache import REDIS_URL


@pytest.fixture
def tiny_rates(settings):
    rates = {"anon": "2/min", "user": "3/min"}
    with override_settings(REST_FRAMEWORK={**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}):
        yield


def test_anonymous_readers_are_throttled_with_retry_after(tiny_rates, anonymous):
    assert [anonymous.get("/api/v1/countries/KAZ/").status_code for _ in range(3)] == [200, 200, 429]
    response = anonymous.get("/api/v1/countries/KAZ/")
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 60
    assert "throttled" in response.json()["detail"]


def test_signed_in_users_have_their_own_larger_allowance(tiny_rates, anonymous, reader):
    anonymous.get("/api/v1/countries/KAZ/")
    anonymous.get("/api/v1/countries/KAZ/")
    assert [reader.get("/api/v1/countries/KAZ/").status_code for _ in range(4)] == [200, 200, 200, 429]


def test_the_default_rates_come_from_the_environment_defaults(settings):
    assert settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] == {"anon": "60/min", "user": "600/min"}


def test_anonymous_readers_are_counted_by_the_anonymous_rate_alone(settings, anonymous):
    rates = {"anon": "3/min", "user": "2/min"}
    with override_settings(REST_FRAMEWORK={**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}):
        assert [anonymous.get("/api/v1/countries/KAZ/").status_code for _ in range(4)] == [200, 200, 200, 429]


def test_a_window_opens_at_a_clients_first_request_and_closes_after_the_period(tiny_rates, anonymous, monkeypatch):
    now = [1_000_000.0]
    monkeypatch.setattr("core.api.throttles.time.time", lambda: now[0])
    assert [anonymous.get("/api/v1/countries/KAZ/").status_code for _ in range(3)] == [200, 200, 429]
    now[0] += 59
    response = anonymous.get("/api/v1/countries/KAZ/")
    assert response.status_code == 429 and response["Retry-After"] == "1"
    now[0] += 1
    assert anonymous.get("/api/v1/countries/KAZ/").status_code == 200


def test_a_history_left_by_drfs_own_throttle_is_not_read(tiny_rates, anonymous):
    cache.set("throttle_anon_127.0.0.1", [3.0, 2.0, 1.0])  # DRF's key and value for this reader, from before
    assert [anonymous.get("/api/v1/countries/KAZ/").status_code for _ in range(3)] == [200, 200, 429]


def test_throttling_counts_in_redis_when_the_cache_is_redis(settings, anonymous):
    """The deployment's cache: the counter is Redis's (``INCR``), its window Redis's expiry. The keys have this
    run's own prefix, removed at the end: other checkouts may share the server."""
    rates = {"anon": "2/min", "user": "3/min"}
    prefix = f"throttle-test-{uuid.uuid4().hex}"
    redis = {"default": {"BACKEND": "core.redis_cache.RedisCache", "LOCATION": REDIS_URL, "KEY_PREFIX": prefix}}
    with override_settings(CACHES=redis, REST_FRAMEWORK={**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}):
        client = cache._cache.get_client(write=True)
        try:
            assert [anonymous.get("/api/v1/countries/KAZ/").status_code for _ in range(3)] == [200, 200, 429]
            response = anonymous.get("/api/v1/countries/KAZ/")
            assert response.status_code == 429 and 55 <= int(response["Retry-After"]) <= 60
            assert cache.get("throttle-window:anon:127.0.0.1") == 4  # refused requests are counted too
        finally:
            for key in client.scan_iter(f"{prefix}:*"):
                client.delete(key)
