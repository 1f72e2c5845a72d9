"""Cache tags: which cached responses a change makes stale.

A response carries tags (`article:12`, `section:3`, `home`, `feeds`...). Each tag has a
version in the shared cache: the time it was last purged, in nanoseconds. A cached response
stores the versions its tags had; it is fresh while they are unchanged. Purging is bumping a
version: one cache write per tag, whatever the number of paginated or varied URLs that carry
it (the idea of cache tags, as pressfreedomtracker.us uses them with its CDN).
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from typing import Any

from django.core.cache import caches
from django.db import transaction
from django.http import HttpResponse

# Every cached response and fragment carries this tag: bumping it empties the page cache
# and every fragment (a deploy, a change to what every page and fragment shows).
ALL = "all"
# Every cached page carries this tag, and no fragment does: bumping it re-renders every page
# from fragments that stay (the «عاجل» strip, on every page, changed; the articles did not).
PAGES = "pages"
PREFIX = "pagecache:tag:"


def cache():
    return caches["default"]


def tag_response(response: HttpResponse, *tags: str) -> HttpResponse:
    """Mark `response` as cacheable for anonymous readers, stale when any of `tags` is purged."""
    existing: set[str] = getattr(response, "cache_tags", set())
    response.cache_tags = existing | {ALL, PAGES, *tags}  # type: ignore[attr-defined]
    return response


def key(tag: str) -> str:
    """The cache key holding `tag`'s version."""
    return f"{PREFIX}{tag}"


def versions(tags: Iterable[str], missing_as: int | None = None) -> dict[str, int]:
    """Current versions of `tags`. A tag with no version (never purged, or evicted) gets one:
    `missing_as` when storing a page (the moment its render began), else now, so an entry
    stored under a version that has since vanished counts as stale."""
    keys = {key(tag): tag for tag in tags}
    found = cache().get_many(list(keys))
    default = missing_as if missing_as is not None else time.time_ns()
    missing = {name: default for name in keys if name not in found}
    if missing:
        cache().set_many(missing, timeout=None)
        found.update(missing)
    return {keys[name]: value for name, value in found.items()}


def fresh(entry_key: str, expected_tags: Iterable[str]) -> dict[str, Any] | None:
    """The entry stored under `entry_key` (a page or a fragment) if it is fresh (see
    `fresh_many`)."""
    return fresh_many({entry_key: expected_tags})[entry_key]


def fresh_many(expected: dict[str, Iterable[str]]) -> dict[str, dict[str, Any] | None]:
    """For each entry key (a page or a fragment), the entry stored under it if it is fresh:
    not expired, and none of its tags purged since it was stored; else None.

    The entries are read with the versions of the tags each is expected to carry in one
    round trip, so a purge that has committed (its version written) before the read is
    always seen. Any tag of an entry's not read that way (not expected, or its version
    evicted) is read after, with `versions`, which counts a vanished version as a purge.
    """
    tag_keys = {key(tag) for tags in expected.values() for tag in tags}
    found = cache().get_many([*expected, *tag_keys])
    now = time.time()
    entries: dict[str, dict[str, Any]] = {
        name: entry
        for name in expected
        if (entry := found.get(name)) is not None and now < entry["expires"]
    }
    stored_tags = {tag for entry in entries.values() for tag in entry["versions"]}
    current: dict[str, int] = {
        tag: found[key(tag)] for tag in stored_tags if found.get(key(tag)) is not None
    }
    if unread := stored_tags - current.keys():
        current.update(versions(unread))
    return {
        name: entry
        if (entry := entries.get(name)) is not None
        and all(current[tag] == version for tag, version in entry["versions"].items())
        else None
        for name in expected
    }


def purge_now(tags: Iterable[str]) -> None:
    now = time.time_ns()
    cache().set_many({key(tag): now for tag in set(tags)}, timeout=None)


def purge(tags: Iterable[str]) -> None:
    """Make every response carrying any of `tags` stale, once the current transaction has
    committed (a reader who asks right after must get the new version, not the old one
    rendered from a not-yet-committed database)."""
    tags = set(tags)
    transaction.on_commit(lambda: purge_now(tags))
