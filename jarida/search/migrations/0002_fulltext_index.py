"""The full-text index over `search_document`, built by the database itself, per vendor.

SQLite: an external-content FTS5 table `search_fts` (rowid = article id) and three triggers
that keep it in step with every insert, update and delete of `search_document`. The `ascii`
tokenizer only splits on the spaces the analyser put between tokens (every other code point
is a token character), so FTS5 indexes exactly Jarida's terms.

PostgreSQL: a generated `tsvector` column, `simple` configuration (no stemming, no stop
words: the text is already analysed) with the headline's stems weighted A, the exact headline
forms B and the body's stems D, so a query can address each the way FTS5 addresses columns;
and the GIN index `search_document_vector_gin` that `@@` in `jarida.search.backends.postgresql`
uses.

Model state is unchanged by this migration: the index belongs to the database, not the ORM.
"""

from collections.abc import Callable
from typing import Any

from django.db import migrations

from jarida.migration_sql import sql_per_vendor

SQLITE_FORWARD = [
    """
    CREATE VIRTUAL TABLE search_fts USING fts5(
        title, body, title_exact,
        content='search_document', content_rowid='article_id', tokenize='ascii'
    )
    """,
    """
    CREATE TRIGGER search_document_after_insert AFTER INSERT ON search_document BEGIN
        INSERT INTO search_fts(rowid, title, body, title_exact)
        VALUES (new.article_id, new.title, new.body, new.title_exact);
    END
    """,
    """
    CREATE TRIGGER search_document_after_delete AFTER DELETE ON search_document BEGIN
        INSERT INTO search_fts(search_fts, rowid, title, body, title_exact)
        VALUES ('delete', old.article_id, old.title, old.body, old.title_exact);
    END
    """,
    """
    CREATE TRIGGER search_document_after_update AFTER UPDATE ON search_document BEGIN
        INSERT INTO search_fts(search_fts, rowid, title, body, title_exact)
        VALUES ('delete', old.article_id, old.title, old.body, old.title_exact);
        INSERT INTO search_fts(rowid, title, body, title_exact)
        VALUES (new.article_id, new.title, new.body, new.title_exact);
    END
    """,
    # Rows that existed before the index did.
    "INSERT INTO search_fts(search_fts) VALUES ('rebuild')",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS search_document_after_update",
    "DROP TRIGGER IF EXISTS search_document_after_delete",
    "DROP TRIGGER IF EXISTS search_document_after_insert",
    "DROP TABLE IF EXISTS search_fts",
]

POSTGRESQL_FORWARD = [
    """
    ALTER TABLE search_document ADD COLUMN vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple'::regconfig, title), 'A')
        || setweight(to_tsvector('simple'::regconfig, title_exact), 'B')
        || setweight(to_tsvector('simple'::regconfig, body), 'D')
    ) STORED
    """,
    "CREATE INDEX search_document_vector_gin ON search_document USING gin (vector)",
]
POSTGRESQL_BACKWARD = [
    "DROP INDEX IF EXISTS search_document_vector_gin",
    "ALTER TABLE search_document DROP COLUMN IF EXISTS vector",
]


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [
        sql_per_vendor(
            {"sqlite": SQLITE_FORWARD, "postgresql": POSTGRESQL_FORWARD},
            {"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRESQL_BACKWARD},
        )
    ]
