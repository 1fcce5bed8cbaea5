"""Running a search on the index: match, rank, facets, and near spellings when nothing matches.

Every word of the query must match (a Latin word as a prefix of a stemmed word, a Chinese word as a
phrase of its character pairs), in a record's names or text; names weigh more. SQLite matches with
FTS5 and ranks with bm25; PostgreSQL with a GIN-indexed ``tsvector`` and ``ts_rank``.
"""

from django.db import connection

from .text import pairs

FACET_LIMIT = 12
SIMILAR_WORDS = 3
MIN_SIMILARITY = 0.45


def _alternatives(kind, value, raw, similar):
    """One query word as the alternatives it may match: ``[(phrase tokens, prefix, in pinyin)]``.

    A Latin word: a prefix of a stemmed word of names or text, or a whole pinyin word; or a near name.
    """
    if kind == "han":
        return [(pairs(value), len(value) == 1, False)]
    return [([value], True, False), ([raw], False, True)] + [([word], False, False) for word in similar.get(value, ())]


def fts5_expression(words, similar):
    clauses = []
    for kind, value, raw in words:
        options = []
        for tokens, prefix, pinyin in _alternatives(kind, value, raw, similar):
            column = "pinyin" if pinyin else "{names body}"
            options.append(f'{column} : "' + " ".join(tokens) + '"' + ("*" if prefix else ""))
        clauses.append("(" + " OR ".join(options) + ")")
    return " AND ".join(clauses)


def tsquery_expression(words, similar):
    clauses = []
    for kind, value, raw in words:
        options = []
        for tokens, prefix, pinyin in _alternatives(kind, value, raw, similar):
            weights = "C" if pinyin else "AB"
            options.append("(" + " <-> ".join(f"'{token}':{'*' if prefix else ''}{weights}" for token in tokens) + ")")
        clauses.append("(" + " | ".join(options) + ")")
    return " & ".join(clauses)


class Matcher:
    """The SQL pieces of one query on this database: FROM, WHERE (with params) and the rank order."""

    def __init__(self, words, similar, filters):
        if connection.vendor == "sqlite":
            self.source = "portal_searchentry e JOIN portal_search_fts f ON f.rowid = e.id"
            where, params = ["portal_search_fts MATCH %s"], [fts5_expression(words, similar)]
            self.order = "bm25(portal_search_fts, 10.0, 1.0, 5.0), e.id"
            self.order_params = []
        else:
            self.source = "portal_searchentry e"
            expression = tsquery_expression(words, similar)
            where, params = ["e.document @@ to_tsquery('simple', %s)"], [expression]
            self.order = "ts_rank(e.document, to_tsquery('simple', %s)) DESC, e.id"
            self.order_params = [expression]
        for column, value in filters.items():
            if column == "country":
                where.append(
                    "EXISTS (SELECT 1 FROM portal_searchentry_countries c WHERE c.searchentry_id = e.id"
                    " AND c.country_id = %s)"
                )
            else:
                where.append(f"e.{column} = %s")
            params.append(value)
        self.where, self.params = " AND ".join(where), params

    def rows(self, sql, params=()):
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    def counts(self, column):
        """``[(value, count)]`` of one facet column over the matches, most first."""
        if column == "country_id":
            sql = (
                f"SELECT c.country_id, COUNT(*) FROM {self.source} JOIN portal_searchentry_countries c"
                f" ON c.searchentry_id = e.id WHERE {self.where} GROUP BY c.country_id"
            )
        else:
            sql = (
                f"SELECT e.{column}, COUNT(*) FROM {self.source} WHERE {self.where} AND e.{column} IS NOT NULL"
                f" GROUP BY e.{column}"
            )
        return sorted(self.rows(sql, self.params), key=lambda row: (-row[1], row[0]))

    def top(self, record_type, limit, offset=0):
        sql = (
            f"SELECT e.object_id FROM {self.source} WHERE {self.where} AND e.record_type = %s"
            f" ORDER BY {self.order} LIMIT %s OFFSET %s"
        )
        return [row[0] for row in self.rows(sql, [*self.params, record_type, *self.order_params, limit, offset])]


def similar_words(words):
    """For Latin words no name starts with: the nearest words of names (trigram similarity)."""
    from ..models import SearchWord

    similar = {}
    for kind, value, _raw in words:
        if kind != "latin" or len(value) < 4 or SearchWord.objects.filter(word__startswith=value).exists():
            continue
        found = _similar_postgresql(value) if connection.vendor == "postgresql" else _similar_trigrams(value)
        if found:
            similar[value] = found
    return similar


def _similar_postgresql(value):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT word FROM portal_searchword WHERE word %% %s AND similarity(word, %s) >= %s"
            " ORDER BY similarity(word, %s) DESC, word LIMIT %s",
            [value, value, MIN_SIMILARITY, value, SIMILAR_WORDS],
        )
        return [row[0] for row in cursor.fetchall()]


def _similar_trigrams(value):
    from ..models import SearchTrigram
    from .index import trigrams

    grams = trigrams(value)
    shared = {}
    for word in SearchTrigram.objects.filter(trigram__in=grams).values_list("word__word", flat=True):
        shared[word] = shared.get(word, 0) + 1
    scored = []
    for word, count in shared.items():
        union = len(set(trigrams(word)) | set(grams))
        score = count / union
        if score >= MIN_SIMILARITY:
            scored.append((-score, word))
    return [word for _score, word in sorted(scored)[:SIMILAR_WORDS]]
