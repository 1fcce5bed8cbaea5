"""Running a search on the index: match, rank, facets, and near spellings when nothing matches.

Every word of the query must match (a Latin word as a prefix of a stemmed word, a Chinese word as a
phrase of its character pairs), in a record's names or text; names weigh more. SQLite matches with
FTS5 and ranks with bm25; PostgreSQL with a GIN-indexed ``tsvector`` and ``ts_rank``. The facets'
counts and each record type's best matches come from one statement (``Matcher.find``).
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


FACET_COLUMNS = ("record_type", "year", "source_id")


class Matcher:
    """The SQL pieces of one query on this database: FROM, WHERE (with params) and the rank (lower first)."""

    def __init__(self, words, similar, filters):
        if connection.vendor == "sqlite":
            self.source = "portal_searchentry e JOIN portal_search_fts f ON f.rowid = e.id"
            where, params = ["portal_search_fts MATCH %s"], [fts5_expression(words, similar)]
            self.score, self.score_params = "bm25(portal_search_fts, 10.0, 1.0, 5.0)", []
            # the matches first, then their countries: left to itself SQLite reads every row of the countries
            self.outer_join = "CROSS JOIN"
        else:
            self.source = "portal_searchentry e"
            expression = tsquery_expression(words, similar)
            where, params = ["e.document @@ to_tsquery('simple', %s)"], [expression]
            self.score, self.score_params = "-ts_rank(e.document, to_tsquery('simple', %s))", [expression]
            self.outer_join = "JOIN"
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

    def find(self, record_types, limit):
        """Every facet's counts and the best ``limit`` matches of each record type, in one statement.

        ``(counts, top)``: ``counts`` is ``{column: [(value, count)]}`` (most first; ``record_type``,
        ``year``, ``source_id``, ``country_id``), ``top`` is ``{record type: [object id]}``, best first.
        The matches are found once (a materialized CTE), not once per facet and per record type: on
        PostgreSQL each match re-reads the weighted document of every candidate row.
        """
        counts = [
            f"SELECT '{column}', CAST(m.{column} AS TEXT), COUNT(*), 0.0 FROM m WHERE m.{column} IS NOT NULL"
            f" GROUP BY m.{column}"
            for column in FACET_COLUMNS
        ]
        sql = (
            "WITH m AS MATERIALIZED (SELECT e.id, e.record_type, e.object_id, e.year, e.source_id,"
            f" {self.score} AS score FROM {self.source} WHERE {self.where}) "
            + " UNION ALL ".join(counts)
            + " UNION ALL SELECT 'country_id', CAST(c.country_id AS TEXT), COUNT(*), 0.0 FROM m"
            f" {self.outer_join} portal_searchentry_countries c ON c.searchentry_id = m.id GROUP BY c.country_id"
            # each type's best: a top-N of its matches (a window over all of them would sort them all)
            + "".join(
                " UNION ALL SELECT * FROM (SELECT 'top', m.record_type, m.object_id, m.score FROM m"
                " WHERE m.record_type = %s ORDER BY m.score, m.id LIMIT %s) t" + str(number)
                for number in range(len(record_types))
            )
        )
        params = [*self.score_params, *self.params]
        for record_type in record_types:
            params += [record_type, limit]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        counts, top = {column: [] for column in (*FACET_COLUMNS, "country_id")}, {}
        for facet, key, number, _score in sorted(rows, key=lambda row: (row[0] != "top", row[3])):
            if facet == "top":
                top.setdefault(key, []).append(number)
            else:
                counts[facet].append((key if facet == "record_type" else int(key), number))
        for values in counts.values():
            values.sort(key=lambda row: (-row[1], row[0]))
        return counts, top


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
