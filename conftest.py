"""Test set-up shared by every app: where the shared inputs are, and the browser."""

from __future__ import annotations

from pathlib import Path

import pytest

# The test run's own var folder (database file, cache, media) is set up by the
# `jarida.pytest_environment` plugin, before Django reads its settings.

SHARED = Path(__file__).resolve().parent.parent / "shared"
REFERENCE_PAGE = SHARED / "fixtures" / "articles" / "almodon-2021-07-23-us-combat-troops-iraq.txt"
CORPUS = SHARED / "corpus" / "saudinewsnet" / "articles.jsonl.gz"
CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    """Every test starts with an empty cache: a page cached by one test must never be served
    to the next, whose database says otherwise."""
    from django.conf import settings

    if settings.configured:
        from django.core.cache import cache

        from jarida.pagecache.health import health

        health.reset()
        cache.clear()


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
