"""Schema: the loose layer (broken-plural roots, variant keys), the vocabulary for «هل تقصد»,
and the editors' spelling variants.

SQLite: the FTS5 table and its triggers are dropped before the column is added (Django copies
`search_document` into a new table to add it, as in 0003) and built again with a fourth
column, `loose`. PostgreSQL: the generated `vector` gets the loose keys at weight C (unused
until now), each written with ة in front (normalisation folds ة to ه, so no stem, exact form
or loose key has it): a third vocabulary beside the stems and the exact forms (ى), so every
query is still one tsquery that the GIN index answers alone. A column of its own, with its
own index, was tried first: a term then became `vector @@ ... OR loose_vector @@ ...`, which
PostgreSQL's planner filtered row by row (reading each vector from TOAST) instead of asking
both indexes; three times slower at 25,000 articles.

Existing rows get an empty loose layer and the vocabulary starts empty: run
`manage.py rebuild_search_index` after this migration.
"""

from importlib import import_module
from typing import Any

from django.db import migrations, models

from jarida.migration_sql import sql_per_vendor

previous = import_module("jarida.search.migrations.0005_fulltext_indexes")


def drop_sqlite_index(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "sqlite":
        for statement in previous.SQLITE_BACKWARD:
            schema_editor.execute(statement)


def restore_sqlite_index(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "sqlite":
        for statement in previous.SQLITE_FORWARD:
            schema_editor.execute(statement)


COLUMNS = "title, body, title_exact, loose"
SQLITE_FORWARD = [
    f"""
    CREATE VIRTUAL TABLE search_fts USING fts5(
        {COLUMNS}, content='search_document', content_rowid='sort_key', tokenize='ascii'
    )
    """,
    f"""
    CREATE TRIGGER search_document_after_insert AFTER INSERT ON search_document BEGIN
        INSERT INTO search_fts(rowid, {COLUMNS})
        VALUES (new.sort_key, new.title, new.body, new.title_exact, new.loose);
    END
    """,
    f"""
    CREATE TRIGGER search_document_after_delete AFTER DELETE ON search_document BEGIN
        INSERT INTO search_fts(search_fts, rowid, {COLUMNS})
        VALUES ('delete', old.sort_key, old.title, old.body, old.title_exact, old.loose);
    END
    """,
    f"""
    CREATE TRIGGER search_document_after_update AFTER UPDATE ON search_document BEGIN
        INSERT INTO search_fts(search_fts, rowid, {COLUMNS})
        VALUES ('delete', old.sort_key, old.title, old.body, old.title_exact, old.loose);
        INSERT INTO search_fts(rowid, {COLUMNS})
        VALUES (new.sort_key, new.title, new.body, new.title_exact, new.loose);
    END
    """,
    "INSERT INTO search_fts(search_fts) VALUES ('rebuild')",
]
SQLITE_BACKWARD = previous.SQLITE_BACKWARD

POSTGRESQL_FORWARD = [
    "DROP INDEX IF EXISTS search_document_vector_gin",
    "ALTER TABLE search_document DROP COLUMN IF EXISTS vector",
    r"""
    ALTER TABLE search_document ADD COLUMN vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple'::regconfig, title), 'A')
        || setweight(
            to_tsvector('simple'::regconfig, regexp_replace(title_exact, '(\S+)', 'ى\1', 'g')),
            'B'
        )
        || setweight(
            to_tsvector('simple'::regconfig, regexp_replace(loose, '(\S+)', 'ة\1', 'g')), 'C'
        )
        || setweight(to_tsvector('simple'::regconfig, body), 'D')
    ) STORED
    """,
    "CREATE INDEX search_document_vector_gin ON search_document USING gin (vector)",
]
POSTGRESQL_BACKWARD = [
    "DROP INDEX IF EXISTS search_document_vector_gin",
    "ALTER TABLE search_document DROP COLUMN IF EXISTS vector",
    *previous.POSTGRESQL_FORWARD[1:],
]


class Migration(migrations.Migration):

    dependencies = [
        ('search', '0005_fulltext_indexes'),
    ]

    operations = [
        migrations.CreateModel(
            name='SearchTerm',
            fields=[
                ('term', models.CharField(max_length=40, primary_key=True, serialize=False)),
                ('documents', models.PositiveIntegerField()),
            ],
            options={
                'verbose_name': 'كلمة في فهرس البحث',
                'verbose_name_plural': 'مفردات فهرس البحث',
                'db_table': 'search_term',
            },
        ),
        migrations.CreateModel(
            name='SpellingVariant',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('spellings', models.CharField(help_text='تهجئات الكلمة الواحدة مفصولة بمسافات أو فواصل، مثل: ترامب، ترمب', max_length=300, verbose_name='التهجئات')),
                ('note', models.CharField(blank=True, max_length=200, verbose_name='ملاحظة')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='آخر تعديل')),
            ],
            options={
                'verbose_name': 'تهجئة بديلة',
                'verbose_name_plural': 'التهجئات البديلة',
                'ordering': ['spellings'],
            },
        ),
        migrations.RunPython(drop_sqlite_index, restore_sqlite_index),
        migrations.AddField(
            model_name='searchdocument',
            name='loose',
            field=models.TextField(default=''),
        ),
        sql_per_vendor(
            {"sqlite": SQLITE_FORWARD, "postgresql": POSTGRESQL_FORWARD},
            {"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRESQL_BACKWARD},
        ),
    ]
