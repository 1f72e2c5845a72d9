"""WordPress's own test exports (in ../shared) and running the WXR import on them, for the
importer's tests."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import call_command

FIXTURES = Path(__file__).resolve().parents[3].parent / "shared" / "fixtures" / "wordpress"
THEME = "themeunittestdata.wordpress.xml"
BLOCKS = "64-block-test-data.xml"


def export(name: str) -> Path:
    path = FIXTURES / name
    if not path.exists():
        pytest.skip(f"WordPress fixture not found at {path} (../shared is absent)")
    return path


def run(*args: str) -> tuple[int, list[str], str]:
    """`import_articles --format wxr ARGS`: its exit status, output lines and error text."""
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_articles", "--format", "wxr", *args, stdout=out, stderr=err)
        status = 0
    except SystemExit as exit:
        status = int(exit.code or 0)
    return status, out.getvalue().splitlines(), err.getvalue()
