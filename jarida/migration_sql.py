"""`sql_per_vendor`: a migration operation running SQL written for each database.

For what Django's schema editor cannot say (FTS5 tables and triggers, generated tsvector
columns, expression indexes matched by their text), where SQLite and PostgreSQL need
different statements; a database with none listed runs nothing.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations

Statements = dict[str, list[str]]  # vendor ("sqlite", "postgresql") -> SQL statements


def sql_per_vendor(forward: Statements, backward: Statements) -> migrations.RunPython:
    return migrations.RunPython(_run(forward), _run(backward))


def _run(statements_by_vendor: Statements) -> Any:
    def run(apps: Any, schema_editor: Any) -> None:
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run
