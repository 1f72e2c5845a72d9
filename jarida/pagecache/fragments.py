"""Fragments of a page that many pages share (the masthead's last-update time, the «عاجل»
strip, an article's related list), kept in the cache under the same tag rules as whole
pages, so a render that misses the page cache still skips their queries."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from typing import TypeVar

from django.http import HttpRequest

from jarida.pagecache import tags as cache_tags

T = TypeVar("T")
PREFIX = "pagecache:fragment:"
# Upper bound on a fragment's life; purges end it sooner.
FRAGMENT_SECONDS = 300


def cached(
    name: str,
    tags: Iterable[str],
    build: Callable[[], T],
    expires_at: Callable[[T], float | None] = lambda value: None,
    request: HttpRequest | None = None,
) -> T:
    """`build()`'s value, reused until one of `tags` is purged, `FRAGMENT_SECONDS` pass or the
    moment `expires_at(value)` returns (a breaking window's end, say). Values must pickle:
    plain data, not querysets. For a `request` that is a preview, `build()` afresh and keep
    nothing: a draft shares its page's keys."""
    if request is not None and getattr(request, "is_preview", False):
        return build()
    key = f"{PREFIX}{name}"
    tags = {cache_tags.ALL, *tags}
    if (entry := cache_tags.fresh(key, tags)) is not None:
        value: T = entry["value"]
        return value
    started = time.time_ns()
    value = build()
    versions = cache_tags.versions(tags, missing_as=started)
    if max(versions.values()) <= started:
        expires = time.time() + FRAGMENT_SECONDS
        if (moment := expires_at(value)) is not None:
            expires = min(expires, moment)
        entry = {"value": value, "versions": versions, "expires": expires}
        cache_tags.cache().set(key, entry, timeout=max(1, int(expires - time.time()) + 1))
    return value
