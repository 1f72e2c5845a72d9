"""Test set-up shared by every app: where the shared inputs are, and the browser."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

import pytest

# Uploaded images, renditions and the generated secret key of a test run go to a throwaway
# folder, never into the developer's var/. Set before Django reads its settings.
# Connections are not kept between requests in tests: the live server's thread would otherwise
# hold the PostgreSQL test database open at teardown.
os.environ["DATABASE_CONN_MAX_AGE"] = "0"
if "JARIDA_VAR_DIR" not in os.environ:
    os.environ["JARIDA_VAR_DIR"] = tempfile.mkdtemp(prefix="jarida-test-")
    atexit.register(shutil.rmtree, os.environ["JARIDA_VAR_DIR"], ignore_errors=True)

SHARED = Path(__file__).resolve().parent.parent / "shared"
REFERENCE_PAGE = SHARED / "fixtures" / "articles" / "almodon-2021-07-23-us-combat-troops-iraq.txt"
CORPUS = SHARED / "corpus" / "saudinewsnet" / "articles.jsonl.gz"
CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture
def reference_page() -> Path:
    if not REFERENCE_PAGE.exists():
        pytest.skip(f"reference page not found at {REFERENCE_PAGE} (../shared is absent)")
    return REFERENCE_PAGE


@pytest.fixture
def corpus() -> Path:
    if not CORPUS.exists():
        pytest.skip(f"corpus not found at {CORPUS} (../shared/corpus is absent)")
    return CORPUS


@pytest.fixture
def browser(monkeypatch):
    # Playwright's sync API keeps an event loop in the test thread, which makes Django refuse
    # ORM calls there; the test itself is synchronous, so that guard does not apply.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    if not CHROMIUM.exists():
        pytest.skip("Chromium not installed (apt install chromium); browser tests skipped")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()
