"""The full-text part of the search index, which Django's fields cannot say on either database.

SQLite: an FTS5 table mirroring ``names`` and ``body`` (external content), kept in step by triggers.
PostgreSQL: a generated, GIN-indexed ``tsvector`` (names weighted A, text B, pinyin C) and pg_trgm for near spellings.
The rows are filled after migrate where the index is empty (``portal.apps``), or by ``rebuild_search_index``.
"""

from django.db import migrations

SQLITE = [
    "CREATE VIRTUAL TABLE portal_search_fts USING fts5(names, body, pinyin, content='portal_searchentry', content_rowid='id',"
    " tokenize='unicode61 remove_diacritics 0')",
    "CREATE TRIGGER portal_search_ai AFTER INSERT ON portal_searchentry BEGIN"
    " INSERT INTO portal_search_fts(rowid, names, body, pinyin) VALUES (new.id, new.names, new.body, new.pinyin); END",
    "CREATE TRIGGER portal_search_ad AFTER DELETE ON portal_searchentry BEGIN"
    " INSERT INTO portal_search_fts(portal_search_fts, rowid, names, body, pinyin)"
    " VALUES ('delete', old.id, old.names, old.body, old.pinyin);"
    " END",
    "CREATE TRIGGER portal_search_au AFTER UPDATE ON portal_searchentry BEGIN"
    " INSERT INTO portal_search_fts(portal_search_fts, rowid, names, body, pinyin)"
    " VALUES ('delete', old.id, old.names, old.body, old.pinyin);"
    " INSERT INTO portal_search_fts(rowid, names, body, pinyin) VALUES (new.id, new.names, new.body, new.pinyin); END",
]
SQLITE_REVERSE = [
    "DROP TRIGGER portal_search_au",
    "DROP TRIGGER portal_search_ad",
    "DROP TRIGGER portal_search_ai",
    "DROP TABLE portal_search_fts",
]
POSTGRESQL = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "ALTER TABLE portal_searchentry ADD COLUMN document tsvector GENERATED ALWAYS AS ("
    "setweight(to_tsvector('simple'::regconfig, coalesce(names, '')), 'A') || "
    "setweight(to_tsvector('simple'::regconfig, coalesce(body, '')), 'B') || "
    "setweight(to_tsvector('simple'::regconfig, coalesce(pinyin, '')), 'C')) STORED",
    "CREATE INDEX portal_search_document ON portal_searchentry USING GIN (document)",
    "CREATE INDEX portal_searchword_trigram ON portal_searchword USING GIN (word gin_trgm_ops)",
]
POSTGRESQL_REVERSE = [
    "DROP INDEX portal_searchword_trigram",
    "DROP INDEX portal_search_document",
    "ALTER TABLE portal_searchentry DROP COLUMN document",
]


def forwards(apps, schema_editor):
    statements = SQLITE if schema_editor.connection.vendor == "sqlite" else POSTGRESQL
    for statement in statements:
        schema_editor.execute(statement)


def backwards(apps, schema_editor):
    statements = SQLITE_REVERSE if schema_editor.connection.vendor == "sqlite" else POSTGRESQL_REVERSE
    for statement in statements:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0001_initial"),
        ("alliances", "0004_aliases"),
        ("cooperation", "0003_aliases"),
        ("reference", "0003_history"),
        ("trade", "0003_history_and_review"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
    ]
