"""Whole pages are cached for anonymous visitors and invalidated by any change to a record."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from alliances.models import Alliance
from cooperation.models import CooperationProject, Recommendation
from core import cache as page_cache
from reference.models import Country
from tests.portal.helpers import get_page, page_text

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()


def test_second_visit_is_served_from_the_cache_without_queries(client):
    assert get_page(client, "/en/alliances/")["X-Portal-Cache"] == "miss"
    with CaptureQueriesContext(connection) as queries:
        response = get_page(client, "/en/alliances/")
    assert response["X-Portal-Cache"] == "hit" and len(queries) == 0
    assert response["X-Frame-Options"] == "DENY"


def test_languages_queries_and_hosts_are_cached_apart(client, settings):
    settings.ALLOWED_HOSTS = ["testserver", "other.example"]
    get_page(client, "/en/alliances/")
    assert get_page(client, "/zh-hans/alliances/")["X-Portal-Cache"] == "miss"
    assert get_page(client, "/en/alliances/", q="silk")["X-Portal-Cache"] == "miss"
    assert client.get("/en/alliances/", HTTP_HOST="other.example")["X-Portal-Cache"] == "miss"


def test_saving_a_record_invalidates_every_page(client):
    get_page(client, "/en/alliances/")
    get_page(client, "/en/")
    alliance = Alliance.objects.get(slug="new-silk-road")
    alliance.name_en = "Renamed Silk Road Alliance"
    alliance.save()
    response = get_page(client, "/en/alliances/")
    assert response["X-Portal-Cache"] == "miss" and "Renamed Silk Road Alliance" in page_text(response)
    assert get_page(client, "/en/")["X-Portal-Cache"] == "miss"


def test_deleting_and_relinking_records_invalidate(client):
    project = CooperationProject.objects.get(slug="hit-spbu-joint-campus")
    get_page(client, "/en/cooperation/projects/", country="KAZ")
    project.countries.add(Country.objects.get(iso3="KAZ"))
    response = get_page(client, "/en/cooperation/projects/", country="KAZ")
    assert "joint campus" in page_text(response)
    get_page(client, "/en/problems/")
    Recommendation.objects.filter(slug="build-research-fund-pool-for-university-alliances").delete()
    assert get_page(client, "/en/problems/")["X-Portal-Cache"] == "miss"


def test_a_change_to_a_country_invalidates_too(client):
    get_page(client, "/en/countries/")
    Country.objects.get(iso3="RUS").save()
    assert get_page(client, "/en/countries/")["X-Portal-Cache"] == "miss"


def test_signed_in_curators_always_see_fresh_pages(curator_client):
    assert get_page(curator_client, "/en/alliances/").get("X-Portal-Cache") is None
    assert get_page(curator_client, "/en/alliances/").get("X-Portal-Cache") is None


def test_errors_and_redirects_are_not_cached(client):
    get_page(client, "/en/alliances/no-such-alliance/", status=404)
    assert client.get("/en/alliances/no-such-alliance/").get("X-Portal-Cache") is None
    assert client.get("/en/trade/?country=KAZ&country=RUS").status_code == 302


def test_downloads_are_cached_whole(client):
    first = get_page(client, "/en/trade/data.csv?country=RUS&flow=total")
    second = get_page(client, "/en/trade/data.csv?country=RUS&flow=total")
    assert second["X-Portal-Cache"] == "hit" and second.content == first.content
    assert second["Content-Disposition"] == first["Content-Disposition"]


def test_cache_can_be_switched_off(client, settings):
    settings.PORTAL_CACHE_SECONDS = 0
    get_page(client, "/en/alliances/")
    assert get_page(client, "/en/alliances/").get("X-Portal-Cache") is None


def test_bulk_changes_invalidate_once_at_the_end(client):
    get_page(client, "/en/alliances/")
    version = page_cache.current_version()
    with page_cache.bulk_changes():
        Alliance.objects.filter(slug="new-silk-road").update(name_en="Bulk renamed")
        alliance = Alliance.objects.get(slug="new-silk-road")
        alliance.save()
        assert page_cache.current_version() == version  # no per-record invalidation meanwhile
    assert page_cache.current_version() != version
    assert "Bulk renamed" in page_text(get_page(client, "/en/alliances/"))
    # the receivers are connected again
    version = page_cache.current_version()
    alliance.save()
    assert page_cache.current_version() != version


def test_version_survives_a_cache_without_it():
    cache.delete(page_cache.VERSION_KEY)
    version = page_cache.current_version()
    assert version and page_cache.current_version() == version


@pytest.mark.parametrize("secret", ["csrf", "session"])
def test_a_page_carrying_a_visitor_s_secret_is_never_cached(secret):
    """Whatever page public_page wraps: one that used a CSRF token or wrote the session is not stored."""
    from django.contrib.sessions.middleware import SessionMiddleware
    from django.http import HttpResponse
    from django.middleware.csrf import get_token
    from django.test import RequestFactory

    from core.cache import public_page

    @public_page
    def view(request):
        if secret == "csrf":
            return HttpResponse(f"<input name=csrfmiddlewaretoken value={get_token(request)}>")
        request.session["seen"] = True
        return HttpResponse("hello")

    def visit():
        request = RequestFactory().get("/en/secret-page/")
        SessionMiddleware(lambda request: None).process_request(request)
        return view(request)

    first, second = visit(), visit()
    assert first.get("X-Portal-Cache") is None and second.get("X-Portal-Cache") is None
    assert first.content != second.content or secret == "session"


def test_a_hit_reads_the_version_and_the_page_in_one_cache_call(client, monkeypatch):
    """One call, so one round trip to Redis (MGET); the local-memory cache answers it with a get per key."""
    get_page(client, "/en/alliances/")
    calls, depth = [], []

    def counted(name, original):
        def call(*args, **kwargs):
            if not depth:
                calls.append(name)
            depth.append(name)
            try:
                return original(*args, **kwargs)
            finally:
                depth.pop()

        return call

    for name in ("get", "get_many", "add", "set"):
        monkeypatch.setattr(cache, name, counted(name, getattr(cache, name)))
    assert get_page(client, "/en/alliances/")["X-Portal-Cache"] == "hit"
    assert calls == ["get_many"]
