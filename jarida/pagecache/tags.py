"""Cache tags: which stored pages a change makes stale, and purges that are never lost.

A stored page carries tags (`article:12`, `section:3`...). Each tag has a version in the
cache: the time of its last purge, in nanoseconds. A page remembers the versions its tags had
when it was rendered and is fresh while they are unchanged, so a purge is one write per tag
however many URLs carry it (the idea of cache tags, as pressfreedomtracker.us uses them).
A tag whose version is missing (never purged, or lost with the cache) counts as purged now:
nothing stored under an unknown version is served.

`purge(tags)` records the purge in the database, in the transaction of the change that made
the pages stale, and applies it to the cache once that commits. The cache may not get it
(Redis down or frozen), or may lose it (Redis restarted from saved data older than the
purge). So the cache also holds a marker, the highest purge id it has applied; `replay`
applies every purge it may lack (never applied, or newer than its marker) before the cache
is read again: in each process after a cache outage ends, on every new connection to Redis,
when a process starts, and on every scheduler tick.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import secrets
import time
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.base import BaseCache
from django.db import DatabaseError, models, transaction
from django.utils import timezone

from jarida.pagecache.health import health
from jarida.pagecache.models import Purge

logger = logging.getLogger("jarida.pagecache")

# Every stored page carries this tag: purging it empties the page cache (a deploy).
ALL = "all"
PREFIX = "pagecache:tag:"
MARKER = "pagecache:applied-purge"
# A value that changes with every purge (written with the versions it moves, in one
# transaction): a page checked against its tags since the last purge is fresh without
# reading them again, so a hit is one round trip (`middleware.lookup`).
GENERATION = "pagecache:generation"
# How often a process that could not replay (the database was down too) tries again.
REPLAY_RETRY_SECONDS = 5.0


def store() -> BaseCache:
    """The cache pages and tag versions live in (`PAGE_CACHE_ALIAS`, fail-safe)."""
    return caches[getattr(settings, "PAGE_CACHE_ALIAS", "default")]


def key(tag: str) -> str:
    """The cache key holding `tag`'s version."""
    return f"{PREFIX}{tag}"


def retention() -> dt.timedelta:
    """How long a purge matters: the longest a stored page may be served (fresh, then stale
    while the database is down), with a margin."""
    seconds = settings.PAGE_CACHE_SECONDS + getattr(settings, "STALE_IF_ERROR_SECONDS", 0)
    return dt.timedelta(seconds=seconds + 3600)


def versions(tags: Iterable[str], missing_as: int | None = None) -> dict[str, int] | None:
    """The current versions of `tags`, in one round trip; None if the cache does not answer
    (see `snapshot`)."""
    found = snapshot(tags, missing_as)
    return found[0] if found is not None else None


def snapshot(
    tags: Iterable[str], missing_as: int | None = None
) -> tuple[dict[str, int], str | None] | None:
    """The current versions of `tags`, and the generation they belong to, in one round trip;
    None if the cache does not answer.

    A tag without one (never purged, or lost with the cache) gets one: `missing_as` when a
    page rendered from that moment is being stored, else now, so that what was stored under
    a lost version is stale. Added only where still missing, so a purge that lands meanwhile
    is never overwritten by an older version."""
    tags = set(tags)
    found = read([GENERATION, *(key(tag) for tag in tags)])
    if found is None:
        return None
    current = {tag: found[key(tag)] for tag in tags if key(tag) in found}
    cache = store()
    for tag in tags - current.keys():
        version = missing_as if missing_as is not None else time.time_ns()
        if not cache.add(key(tag), version, timeout=None):
            version = cache.get(key(tag)) or time.time_ns()
        current[tag] = version
    generation = found.get(GENERATION)
    if generation is None:  # none yet (a new or emptied cache): this one, or another's
        generation = new_generation()
        if not cache.add(GENERATION, generation, timeout=None):
            generation = cache.get(GENERATION)
    return current, generation


def new_generation() -> str:
    return secrets.token_hex(8)


def read(keys: list[str]) -> dict[str, Any] | None:
    """`keys` from the cache in one round trip, after any purge it may lack; None if it does
    not answer."""
    replay_if_needed()
    cache = store()
    found = cache.get_many(keys)
    if not found and not _answers(cache):
        return None
    return found


def _answers(cache: BaseCache) -> bool:
    available = getattr(cache, "available", None)
    return bool(available()) if callable(available) else True


def fresh(stored: dict[str, int], current: dict[str, int]) -> bool:
    """Whether a page stored with tag versions `stored` is fresh against `current`."""
    return all(current.get(tag) == version for tag, version in stored.items())


def purge(tags: Iterable[str]) -> None:
    """Make everything carrying any of `tags` stale, from the moment the current transaction
    commits (a reader asking right after gets the new version, never one rendered from a
    database that had not yet committed). Recorded in that transaction, so it is not lost."""
    tags = sorted(set(tags))
    if not tags:
        return
    row = Purge.objects.create(tags=tags)
    transaction.on_commit(lambda: apply(row.pk, tags))


def purge_now(tags: Iterable[str]) -> None:
    """Record and apply a purge at once, whatever transaction is open (an operator's
    command: there is no change of data to wait for)."""
    tags = sorted(set(tags))
    apply(Purge.objects.create(tags=tags).pk, tags)


def apply(purge_id: int, tags: list[str]) -> bool:
    """Move `tags`' versions in the cache; False (left for `replay`) if it does not answer."""
    now = time.time_ns()
    moved = {MARKER: purge_id, GENERATION: new_generation(), **{key(tag): now for tag in tags}}
    failed = store().set_many(moved, timeout=None)
    if failed:
        health.needs_replay = True
        return False
    # If this fails it stays "not applied": the next replay applies it again, harmlessly.
    with contextlib.suppress(DatabaseError):
        Purge.objects.filter(pk=purge_id).update(applied=True)
    return True


def replay_if_needed() -> None:
    if not health.needs_replay or time.monotonic() < health.replay_after:
        return
    if not replay():
        health.replay_after = time.monotonic() + REPLAY_RETRY_SECONDS


def replay() -> bool:
    """Apply every purge the cache may lack: those never applied, and those newer than the
    cache's marker (a cache restored from saved data has an old one; an emptied cache has
    none, and gets every purge of the retention window). False if the cache or the database
    did not answer."""
    health.needs_replay = False
    cache = store()
    try:
        marker = cache.get(MARKER)
        if marker is None and not _answers(cache):
            health.needs_replay = True
            return False
        recent = Purge.objects.filter(created_at__gte=timezone.now() - retention())
        lacking = recent.filter(models.Q(applied=False) | models.Q(pk__gt=marker or 0))
        rows = list(lacking.values_list("pk", "tags", "applied"))
    except DatabaseError as error:
        logger.warning("Could not read the purge log (%s); will try again.", error)
        health.needs_replay = True
        return False
    if not rows:
        return True
    tags = {tag for _pk, row_tags, _applied in rows for tag in row_tags}
    now = time.time_ns()
    top = max(pk for pk, _tags, _applied in rows)
    moved = {MARKER: top, GENERATION: new_generation(), **{key(tag): now for tag in tags}}
    if cache.set_many(moved, timeout=None):
        health.needs_replay = True
        return False
    logger.info("Applied %d purges the cache lacked (%d tags).", len(rows), len(tags))
    with contextlib.suppress(DatabaseError):
        Purge.objects.filter(pk__in=[pk for pk, _t, applied in rows if not applied]).update(
            applied=True
        )
    return True


def trim() -> int:
    """Delete purges older than `retention()`: no page stored before them is served."""
    deleted, _ = Purge.objects.filter(created_at__lt=timezone.now() - retention()).delete()
    return deleted
