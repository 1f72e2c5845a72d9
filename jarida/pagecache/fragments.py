"""Fragments of a page that many pages share (the masthead's last-update time, the «عاجل»
strip, an article's related list), kept in the cache under the same tag rules as whole
pages, so a render that misses the page cache still skips their queries.

Within a request (`request_scope`), each fragment is read once, and the fragments a URL's
last render read in this process are read together, in one round trip, before its next
render asks for them: a render that misses the page cache costs one cache read rather
than one per fragment.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from contextvars import ContextVar
from typing import Any, TypeVar

from django.http import HttpRequest

from jarida.pagecache import tags as cache_tags

T = TypeVar("T")
PREFIX = "pagecache:fragment:"
# Upper bound on a fragment's life; purges end it sooner.
FRAGMENT_SECONDS = 300

Plan = tuple[tuple[str, tuple[str, ...]], ...]
# Per process: for each recently rendered URL, the fragments (name, tags) its render read.
# A plan is only a guess about what to read early: a stale one costs a wasted key or a
# later read, never a stale fragment, as every read checks the tags as usual.
_PLANS: dict[str, Plan] = {}
PLANS_MAX = 2048


class Scope:
    """One request's fragments: those read or built (value and tags, or `None` for one
    known to need building), and which it used, in order. A request that should not shape
    its URL's next read (an error page, a stranger's made-up URL) sets `remember` false."""

    def __init__(self) -> None:
        self.found: dict[str, tuple[Any, tuple[str, ...]] | None] = {}
        self.used: dict[str, tuple[str, ...]] = {}
        self.remember = True


_scope: ContextVar[Scope | None] = ContextVar("jarida_fragments", default=None)


def cached(
    name: str,
    tags: Iterable[str],
    build: Callable[[], T],
    expires_at: Callable[[T], float | None] = lambda value: None,
    request: HttpRequest | None = None,
    tags_of: Callable[[T], Iterable[str]] = lambda value: (),
) -> T:
    """`build()`'s value, reused until one of `tags` (or of `tags_of(value)`, the tags only
    the value knows) is purged, `FRAGMENT_SECONDS` pass or the moment `expires_at(value)`
    returns (a breaking window's end, say). Values must pickle: plain data, not querysets.
    For a `request` that is a preview, `build()` afresh and keep nothing: a draft shares
    its page's keys."""
    if request is not None and getattr(request, "is_preview", False):
        return build()
    scope = _scope.get()
    key = f"{PREFIX}{name}"
    tags = {cache_tags.ALL, *tags}
    if scope is not None and name in scope.found:
        known = scope.found[name]
    else:
        known = _known(cache_tags.fresh(key, tags))
    if known is not None:
        value: T = known[0]
        if scope is not None:
            scope.found[name] = known
            scope.used[name] = known[1]
        return value

    started = time.time_ns()
    value = build()
    tags |= set(tags_of(value))
    versions = cache_tags.versions(tags, missing_as=started)
    if max(versions.values()) <= started:
        expires = time.time() + FRAGMENT_SECONDS
        if (moment := expires_at(value)) is not None:
            expires = min(expires, moment)
        entry = {"value": value, "versions": versions, "expires": expires}
        cache_tags.cache().set(key, entry, timeout=max(1, int(expires - time.time()) + 1))
    if scope is not None:
        scope.found[name] = (value, tuple(tags))
        scope.used[name] = tuple(tags)
    return value


def _known(entry: dict[str, Any] | None) -> tuple[Any, tuple[str, ...]] | None:
    """A fresh entry as a scope keeps it: its value and all its tags."""
    return (entry["value"], tuple(entry["versions"])) if entry is not None else None


@contextmanager
def request_scope(url: str) -> Iterator[Scope]:
    """Within it, fragments are read at most once, and those that `url`'s last render in
    this process read are read first, all in one round trip."""
    scope = Scope()
    token = _scope.set(scope)
    plan = _PLANS.get(url)
    try:
        if plan:
            found = cache_tags.fresh_many({f"{PREFIX}{name}": tags for name, tags in plan})
            for name, _tags in plan:
                scope.found[name] = _known(found[f"{PREFIX}{name}"])
        yield scope
    finally:
        _scope.reset(token)
        used = tuple(scope.used.items())
        if scope.remember and used and used != plan:
            _remember(url, used)


def _remember(url: str, plan: Plan) -> None:
    if len(_PLANS) >= PLANS_MAX:
        # The oldest plan goes; another thread may be removing it too.
        with suppress(KeyError, RuntimeError, StopIteration):
            del _PLANS[next(iter(_PLANS))]
    _PLANS[url] = plan
