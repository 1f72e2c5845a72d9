"""WordPress's own test exports (in ../shared) and running the WXR import on them, for the
importer's tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from jarida.importers.tests.command import run_import

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
    return run_import("--format", "wxr", *args)
