"""A live page and its poll endpoint read a fixed number of queries, however many updates
and corrections it has (cold, nothing cached): a breaking-news spike's cache misses stay
cheap."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jarida.live.models import LiveUpdateCorrection
from jarida.live.tests.factories import LiveUpdateFactory

pytestmark = pytest.mark.django_db

# Routing a live page goes through Wagtail's own child lookup and view-restriction check
# (articles have a one-query route of their own): the page cache answers almost all of these.
PAGE_LIMIT = 14
POLL_LIMIT = 11
NOTHING_CACHED = {
    alias: {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    for alias in ("default", "shared", "renditions")
}


def queries(client, url: str) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured.captured_queries)


def test_the_page_and_the_endpoint_cost_the_same_with_3_or_60_updates(client, coverage, settings):
    settings.CACHES = NOTHING_CACHED
    settings.PAGE_CACHE_SECONDS = 0
    counts = []
    for total in (3, 60):
        while coverage.updates.count() < total:
            update = LiveUpdateFactory(page=coverage, key_event=True, pinned=total == 3)
            LiveUpdateCorrection.objects.create(update=update, text="تصحيح")
        counts.append((queries(client, coverage.url), queries(client, f"{coverage.url}updates/")))

    assert counts[0] == counts[1], counts
    page, poll = counts[1]
    assert page <= PAGE_LIMIT and poll <= POLL_LIMIT, counts
