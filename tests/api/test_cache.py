"""Anonymous reads of the API are cached like the portal's pages, and never served to a token or a session."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import APIToken
from trade.models import TradeRecord

pytestmark = pytest.mark.django_db

LIST = "/api/v1/trade/?country=KAZ&flow=total"


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()


def test_an_anonymous_list_is_served_again_from_the_cache_without_queries(client):
    first = client.get(LIST)
    assert first.status_code == 200 and first["X-Portal-Cache"] == "miss"
    with CaptureQueriesContext(connection) as queries:
        second = client.get(LIST)
    assert second["X-Portal-Cache"] == "hit" and second.json() == first.json()
    assert len(queries) == 0


def test_records_and_series_are_cached_too(client):
    for url in ("/api/v1/trade/CHN-KAZ-2015-total/", "/api/v1/trade/series/?country=KAZ&flow=total"):
        assert client.get(url)["X-Portal-Cache"] == "miss"
        assert client.get(url)["X-Portal-Cache"] == "hit"


def test_formats_and_languages_are_cached_apart(client):
    client.get(LIST, HTTP_ACCEPT="application/json")
    assert client.get(LIST, HTTP_ACCEPT="text/html")["Content-Type"].startswith("text/html")
    assert client.get(LIST, HTTP_ACCEPT="application/json", HTTP_ACCEPT_LANGUAGE="zh-hans")["X-Portal-Cache"] == "miss"


def test_a_change_to_a_record_shows_at_once(client):
    before = client.get(LIST).json()
    record = TradeRecord.objects.get(reporter__iso3="CHN", partner__iso3="KAZ", year=2015, flow="total")
    record.value += 1
    record.save()
    response = client.get(LIST)
    assert response["X-Portal-Cache"] == "miss" and response.json() != before


def test_token_and_session_requests_never_use_the_cache(client, curator):
    client.get(LIST)
    key = APIToken.objects.issue(curator)
    assert client.get(LIST, HTTP_AUTHORIZATION=f"Token {key}").get("X-Portal-Cache") is None
    client.force_login(curator)
    assert client.get(LIST).get("X-Portal-Cache") is None


def test_errors_are_not_cached(client):
    assert client.get("/api/v1/trade/NOPE-KAZ-2015-total/").status_code == 404
    assert client.get("/api/v1/trade/NOPE-KAZ-2015-total/").get("X-Portal-Cache") is None


@pytest.mark.parametrize("url", [LIST, "/api/v1/trade/CHN-KAZ-2015-total/", "/api/v1/trade/series/?country=KAZ"])
def test_a_page_carrying_a_csrf_secret_is_never_cached(url):
    """The browsable API's page holds a CSRF token: a second visitor must never be handed the first's."""
    from django.test import Client

    first, second = Client(), Client()
    one = first.get(url, HTTP_ACCEPT="text/html")
    token = one.cookies["csrftoken"].value
    assert token and one.get("X-Portal-Cache") is None
    two = second.get(url, HTTP_ACCEPT="text/html")
    assert two.get("X-Portal-Cache") is None
    assert token not in two.content.decode()
    assert two.cookies["csrftoken"].value != token
    # The JSON of the same address carries no secret and is still cached.
    assert first.get(url, HTTP_ACCEPT="application/json")["X-Portal-Cache"] == "miss"
    assert second.get(url, HTTP_ACCEPT="application/json")["X-Portal-Cache"] == "hit"


CSV = "/api/v1/trade/?format=csv&country=KAZ,RUS&flow=total"


def test_an_anonymous_csv_is_stored_once_sent_and_then_served_whole_without_queries(client):
    first = client.get(CSV)
    assert first.streaming and first["X-Portal-Cache"] == "miss"
    content = b"".join(first.streaming_content)
    assert content.count(b"\n") > 2
    with CaptureQueriesContext(connection) as queries:
        second = client.get(CSV)
    assert second["X-Portal-Cache"] == "hit" and not second.streaming and second.content == content
    assert len(queries) == 0
    for header in ("Content-Type", "Content-Disposition"):
        assert second[header] == first[header]
    assert second["X-Frame-Options"] == "DENY" and "Content-Security-Policy" in second


def test_a_csv_not_sent_to_its_end_or_too_large_is_not_stored(client, monkeypatch):
    client.get(CSV)  # the client went away before the first chunk
    assert client.get(CSV)["X-Portal-Cache"] == "miss"
    monkeypatch.setattr("core.cache.STREAM_CACHE_MAX_BYTES", 100)
    b"".join(client.get(CSV).streaming_content)
    assert client.get(CSV)["X-Portal-Cache"] == "miss"


def test_a_csv_stored_before_a_change_is_not_served_after_it(client):
    before = b"".join(client.get(CSV).streaming_content)
    record = TradeRecord.objects.get(reporter__iso3="CHN", partner__iso3="KAZ", year=2015, flow="total")
    record.value += 1
    record.save()
    response = client.get(CSV)
    assert response["X-Portal-Cache"] == "miss" and b"".join(response.streaming_content) != before
