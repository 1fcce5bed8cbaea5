"""One anonymous request cannot ask for unbounded work: search terms (count and length) in the API and the
portal, values of one filter, and the rows of an anonymous CSV export are bounded; past the bounds the
API answers 400 naming the parameter (the portal's search uses the first words only)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from core.api.filters import MAX_FILTER_VALUES, MAX_SEARCH_TERMS, MAX_TERM_LENGTH
from core.api.views import ANONYMOUS_CSV_MAX_ROWS
from portal.search.text import MAX_QUERY_TERMS as MAX_WORDS
from tests.api.conftest import token_client


@pytest.fixture
def anonymous(db):
    return APIClient()


@pytest.mark.parametrize(
    "query",
    [
        "search=" + "+".join(["kaz"] * (MAX_SEARCH_TERMS + 1)),
        "search=" + "k" * (MAX_TERM_LENGTH + 1),
        "search=" + "+".join(f"w{i}" for i in range(1900)),
    ],
)
def test_too_many_or_too_long_search_terms_are_refused(anonymous, query):
    response = anonymous.get(f"/api/v1/trade/?{query}")
    assert response.status_code == 400
    assert "search" in response.json()


def test_search_within_the_bounds_still_works(anonymous):
    response = anonymous.get("/api/v1/trade/?search=" + "+".join(["Kazakhstan"] * MAX_SEARCH_TERMS))
    assert response.status_code == 200 and response.json()["count"] > 0


@pytest.mark.parametrize("separator", [",", "&country="])
def test_too_many_values_of_one_filter_are_refused(anonymous, separator):
    codes = separator.join(f"K{i:02d}" for i in range(MAX_FILTER_VALUES + 1))
    response = anonymous.get(f"/api/v1/trade/?country={codes}")
    assert response.status_code == 400
    assert "country" in response.json()


def test_the_portal_search_uses_a_bounded_number_of_words(db):
    from django.test import Client

    words = "+".join(f"w{i}" for i in range(900))
    with CaptureQueriesContext(connection) as queries:
        response = Client().get(f"/en/search/?q={words}")
    assert response.status_code == 200
    longest = max(len(query["sql"]) for query in queries.captured_queries)
    assert longest < 2000 * MAX_WORDS


def test_an_anonymous_csv_is_bounded_a_token_s_is_not(anonymous, settings, curator):
    from core.api import views

    views.ANONYMOUS_CSV_MAX_ROWS, limit = 10, views.ANONYMOUS_CSV_MAX_ROWS
    try:
        response = anonymous.get("/api/v1/trade/?format=csv")
        assert response.status_code == 400
        assert "format" in response.json()
        assert anonymous.get("/api/v1/trade/?format=csv&country=KAZ&year__gte=2019").status_code == 200
        assert token_client(curator).get("/api/v1/trade/?format=csv").status_code == 200
    finally:
        views.ANONYMOUS_CSV_MAX_ROWS = limit
    assert limit == ANONYMOUS_CSV_MAX_ROWS
