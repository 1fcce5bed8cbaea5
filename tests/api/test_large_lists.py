"""How a list stays fast on a large table, and still gives what it gave before (bench/api_lists.py times it):
a search finds related names and notes as lists of keys first; a page past the middle is found from the
other end, in the reverse order; a page of records is serialized with each field's reader worked out once."""

import pytest
from django.core.cache import cache
from django.db.models import Q
from rest_framework.request import Request

from core.api import filters
from core.api.pagination import ends_with_the_key
from core.api.serializers import PortalListSerializer
from core.registry import entries
from trade.filtersets import TradeRecordFilterSet
from trade.models import TradeRecord

URL = "/api/v1/trade/"


def keys_of(results):
    return [result["api_url"].split(URL, 1)[1].rstrip("/") for result in results]


def expected_keys(queryset):
    return [
        f"{r.reporter.iso3}-{r.partner.iso3}-{r.year}-{r.flow}" for r in queryset.select_related("reporter", "partner")
    ]


def searched(client, word):
    response = client.get(URL, {"search": word, "page_size": 1000, "ordering": "country,year,flow"})
    assert response.status_code == 200, response.content
    return response.json()


WORDS = ["892.5", "Kazakh", "rus", "表1", "Belt", "a", "no-such-word"]  # "a": a broad word


@pytest.mark.parametrize("word", WORDS)
def test_a_search_finds_what_the_filtersets_search_finds(anonymous, word):
    expected = TradeRecordFilterSet({"q": word}, queryset=TradeRecord.objects.published()).qs
    expected = expected.order_by("partner__iso3", "year", "flow", "pk")
    data = searched(anonymous, word)
    assert data["count"] == expected.count()
    assert keys_of(data["results"]) == expected_keys(expected)


def test_a_word_only_in_notes_is_found_through_them(anonymous):
    assert searched(anonymous, "892.5")["count"]
    TradeRecord.objects.filter(Q(note_en__contains="892.5") | Q(note_zh__contains="892.5")).update(
        note_en="", note_zh=""
    )
    cache.clear()  # anonymous reads are cached
    assert searched(anonymous, "892.5")["count"] == 0


@pytest.mark.parametrize("word", WORDS)
def test_beyond_the_list_limit_the_search_is_the_same(anonymous, monkeypatch, word):
    listed = searched(anonymous, word)
    monkeypatch.setattr(filters, "RESOLVED_MAX", 0)  # every list stays a subquery or a condition
    monkeypatch.setattr(filters, "SQLITE_RELATED_KEYS_MAX", 0)
    cache.clear()
    assert searched(anonymous, word) == listed


def test_a_search_looks_up_lists_of_keys_not_the_whole_table(anonymous, django_assert_max_num_queries):
    with django_assert_max_num_queries(10) as queries:
        assert searched(anonymous, "Kazakh")["count"]
    count = next(query["sql"] for query in queries.captured_queries if "COUNT(*)" in query["sql"])
    assert " LIKE " not in count and count.count("SELECT") == 1, count


@pytest.fixture
def unthrottled(settings):
    rates = {"anon": "1000000/min", "user": "1000000/min"}
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}


@pytest.mark.parametrize(
    ("ordering", "size"), [(None, 1), ("-year", 7), ("flow", 5), ("country,-value", 7), ("-reporter", 2)]
)
def test_every_page_from_either_end_is_the_same_order(anonymous, unthrottled, ordering, size):
    params = {"ordering": ordering} if ordering else {}
    whole = anonymous.get(URL, {**params, "page_size": 1000}).json()
    assert whole["count"] > 2 * size
    pages = []
    for number in range(1, -(-whole["count"] // size) + 1):
        pages += keys_of(anonymous.get(URL, {**params, "page_size": size, "page": number}).json()["results"])
    assert pages == keys_of(whole["results"])
    last = anonymous.get(URL, {**params, "page_size": size, "page": "last"}).json()["results"]
    assert keys_of(last) == pages[-len(last) :]


@pytest.mark.parametrize(
    "entry", [entry for entry in entries() if entry.viewset], ids=lambda entry: entry.model._meta.label
)
def test_a_list_of_records_is_serialized_as_each_record_is(db, rf, entry):
    request = Request(rf.get("/"))
    records = list(entry.model.objects.all())
    many = entry.serializer_class(records, many=True, context={"request": request})
    assert isinstance(many, PortalListSerializer)
    one = [entry.serializer_class(record, context={"request": request}).data for record in records]
    assert many.data == one and len(one) == entry.model.objects.count() > 0


def test_only_an_order_ending_with_the_key_is_reversed():
    # Records that tie on the last sort key could come in another order either way: no reversing then.
    assert ends_with_the_key(TradeRecord.objects.order_by("year", "pk"))
    assert ends_with_the_key(TradeRecord.objects.order_by("-year", "-id"))
    assert not ends_with_the_key(TradeRecord.objects.order_by("year", "flow"))
    assert not ends_with_the_key(TradeRecord.objects.all())  # the model's default order is not the query's
