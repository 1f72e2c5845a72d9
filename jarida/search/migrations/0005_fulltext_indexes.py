"""Schema: the full-text indexes, rebuilt for queries that need no join and no recheck.

SQLite: the FTS5 table again, now with `sort_key` as its rowid. Same table and triggers as
0002 otherwise: an external-content FTS5 table `search_fts` over `search_document`, the `ascii`
tokenizer (it only splits on the analyser's spaces), and three triggers that keep it in step
with every insert, update and delete. With the published time in the rowid, FTS5 itself
orders matches by recency and cuts date ranges (`jarida.search.backends.sqlite`). FTS5 reads
`search_document` only in a 'rebuild'; queries never look a row up by its key.

PostgreSQL: the generated `vector` column again, with every exact headline form written with
the letter ى in front (normalisation folds ى to ي, so no stem can have it): stems and exact
forms become two vocabularies, and queries need no weight restriction, which the GIN index
cannot check (`jarida.search.backends.postgresql`). Same weights and GIN index as 0002; the
body and vector are moved out of the rows that searches scan.
"""

from importlib import import_module
from typing import Any

from django.db import migrations

from jarida.migration_sql import sql_per_vendor

SQLITE_FORWARD = [
    """
    CREATE VIRTUAL TABLE search_fts USING fts5(
        title, body, title_exact,
        content='search_document', content_rowid='sort_key', tokenize='ascii'
    )
    """,
    """
    CREATE TRIGGER search_document_after_insert AFTER INSERT ON search_document BEGIN
        INSERT INTO search_fts(rowid, title, body, title_exact)
        VALUES (new.sort_key, new.title, new.body, new.title_exact);
    END
    """,
    """
    CREATE TRIGGER search_document_after_delete AFTER DELETE ON search_document BEGIN
        INSERT INTO search_fts(search_fts, rowid, title, body, title_exact)
        VALUES ('delete', old.sort_key, old.title, old.body, old.title_exact);
    END
    """,
    """
    CREATE TRIGGER search_document_after_update AFTER UPDATE ON search_document BEGIN
        INSERT INTO search_fts(search_fts, rowid, title, body, title_exact)
        VALUES ('delete', old.sort_key, old.title, old.body, old.title_exact);
        INSERT INTO search_fts(rowid, title, body, title_exact)
        VALUES (new.sort_key, new.title, new.body, new.title_exact);
    END
    """,
    # The rows indexed before this migration.
    "INSERT INTO search_fts(search_fts) VALUES ('rebuild')",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS search_document_after_update",
    "DROP TRIGGER IF EXISTS search_document_after_delete",
    "DROP TRIGGER IF EXISTS search_document_after_insert",
    "DROP TABLE IF EXISTS search_fts",
]


POSTGRESQL_FORWARD = [
    # Keep heap rows to what a search reads (ids, sort key, headline): the body and the vector
    # go to TOAST even when they compress small, so a bitmap scan over 30,000 matches reads a
    # third of the pages it did.
    "ALTER TABLE search_document SET (toast_tuple_target = 256)",
    "DROP INDEX IF EXISTS search_document_vector_gin",
    "ALTER TABLE search_document DROP COLUMN IF EXISTS vector",
    r"""
    ALTER TABLE search_document ADD COLUMN vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple'::regconfig, title), 'A')
        || setweight(
            to_tsvector('simple'::regconfig, regexp_replace(title_exact, '(\S+)', 'ى\1', 'g')),
            'B'
        )
        || setweight(to_tsvector('simple'::regconfig, body), 'D')
    ) STORED
    """,
    "CREATE INDEX search_document_vector_gin ON search_document USING gin (vector)",
]
POSTGRESQL_BACKWARD = [
    "ALTER TABLE search_document RESET (toast_tuple_target)",
    "DROP INDEX IF EXISTS search_document_vector_gin",
    "ALTER TABLE search_document DROP COLUMN IF EXISTS vector",
    *import_module("jarida.search.migrations.0002_fulltext_index").POSTGRESQL_FORWARD,
]


class Migration(migrations.Migration):
    dependencies = [("search", "0004_fill_sort_key")]

    operations = [
        sql_per_vendor(
            {"sqlite": SQLITE_FORWARD, "postgresql": POSTGRESQL_FORWARD},
            {"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRESQL_BACKWARD},
        )
    ]
