"""One search over every public record type, in both languages.

Each type searches the text fields its FilterSet declares (``search_fields``). Every word of
the query must occur in one of them (case-insensitive substring, so Chinese, which has no
spaces between words, matches too). On PostgreSQL full-text search is added: English names
and titles are stemmed ("universities" finds "University") and results are ranked by relevance.
"""

from dataclasses import dataclass
from functools import reduce
from operator import and_, or_

from django.db import connection
from django.db.models import Count, Q, Window

from .records import public_records, searched

RESULTS_PER_TYPE = 10
TITLE_FIELDS = ("name_en", "title_en")
MAX_QUERY_LENGTH = 200


@dataclass
class ResultGroup:
    record_type: object
    results: list
    count: int


def substring_match(fields, words):
    return reduce(and_, (reduce(or_, (Q(**{f"{name}__icontains": word}) for name in fields)) for word in words))


def full_text(queryset, fields, text, words):
    """PostgreSQL: the English name or title stemmed and ranked, every field matched by substring.

    Only the name or title is read as text search (with no index, every row's document is built
    for each search: titles are short, descriptions are not); descriptions and the Chinese fields
    are matched by substring, as on SQLite.
    """
    from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

    titles = [name for name in fields if name in TITLE_FIELDS]
    if not titles:
        return queryset.filter(substring_match(fields, words))
    vector = SearchVector(*titles, config="english")
    query = SearchQuery(text, config="english", search_type="websearch")
    ordering = [field for field in queryset.model._meta.ordering if isinstance(field, str)]
    return (
        queryset.annotate(search_document=vector, search_rank=SearchRank(vector, query))
        .filter(Q(search_document=query) | substring_match(fields, words))
        .order_by("-search_rank", *ordering)
    )


def first_and_count(matches):
    """The first matches and how many there are.

    PostgreSQL counts them in the same query (a window over the matches); SQLite would copy every
    match to do so, so it counts in a second query, and only when there may be more than shown.
    """
    if connection.vendor == "postgresql":
        results = list(matches.annotate(match_count=Window(Count("pk")))[:RESULTS_PER_TYPE])
        return results, (results[0].match_count if results else 0)
    results = list(matches[:RESULTS_PER_TYPE])
    return results, (len(results) if len(results) < RESULTS_PER_TYPE else matches.count())


def search(text, record_types=None):
    text = " ".join(text.split())[:MAX_QUERY_LENGTH]
    words = text.split()
    if not words:
        return []
    groups = []
    for record_type in searched() if record_types is None else record_types:
        if not record_type.searchable:
            continue
        fields = record_type.search_fields
        queryset = public_records(record_type)
        if connection.vendor == "postgresql":
            matches = full_text(queryset, fields, text, words)
        else:
            matches = queryset.filter(substring_match(fields, words))
        results, count = first_and_count(matches)
        if results:
            groups.append(ResultGroup(record_type, results, count))
    return groups
