"""Running `manage.py import_articles` as an operator does, for the importer's tests."""

from __future__ import annotations

import io

from django.core.management import call_command


def run_import(*args: str) -> tuple[int, list[str], str]:
    """`import_articles ARGS`: its exit status, output lines and error text."""
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_articles", *args, stdout=out, stderr=err)
        status = 0
    except SystemExit as exit:
        status = int(exit.code or 0)
    return status, out.getvalue().splitlines(), err.getvalue()
