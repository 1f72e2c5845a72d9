"""Schema: every index row gets a `sort_key` (published time and article id in one integer).

On SQLite the FTS5 table and its triggers are dropped first: adding a NOT NULL column makes
Django copy `search_document` into a new table, which would drop the triggers and leave the
external-content index pointing at rows it never saw. Migration 0005 builds them again, keyed
by `sort_key`, once 0004 has filled it in.
"""

from importlib import import_module
from typing import Any

from django.db import migrations, models

fulltext = import_module("jarida.search.migrations.0002_fulltext_index")


def drop_sqlite_index(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "sqlite":
        for statement in fulltext.SQLITE_BACKWARD:
            schema_editor.execute(statement)


def restore_sqlite_index(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "sqlite":
        for statement in fulltext.SQLITE_FORWARD:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("search", "0002_fulltext_index")]

    operations = [
        migrations.RunPython(drop_sqlite_index, restore_sqlite_index),
        migrations.AddField(
            model_name="searchdocument",
            name="sort_key",
            field=models.BigIntegerField(default=0),
            preserve_default=False,
        ),
    ]
