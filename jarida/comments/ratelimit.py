"""Counting comment attempts in Django's cache, the same for every worker and host.

A sliding-window estimate over two fixed windows (the current count, plus the previous
window's count weighted by how much of it still overlaps the last `period` seconds). A plain
fixed window, which is what django-ratelimit counts, lets a client send twice the limit
across a window's edge; this does not, and costs one more cache read.

Counting is `add` (create with a time to live, only if absent) then `incr`: both atomic in
Redis and in the local-memory cache, so concurrent requests in several workers never lose a
count. Refused attempts are taken back off, so Retry-After tells the truth.

The cache alias (`COMMENTS_RATE_CACHE`) must be one that raises when it fails (the `shared`
alias, not the fail-safe `default`): limits that cannot be counted refuse the comment.
"""

from __future__ import annotations

import contextlib
import math
import time
from dataclasses import dataclass
from typing import Any

from django.core.cache import caches

from jarida.comments import conf
from jarida.pagecache.health import health

PREFIX = "jarida:comments:rate"


class Unavailable(Exception):
    """The counts could not be read or written (the cache is down or frozen)."""


@dataclass(frozen=True)
class Usage:
    refused: bool
    estimate: float
    retry_after: int  # seconds until the attempt would be accepted; 0 when it was


def hit(key: str, limit: int, period: int, now: float | None = None) -> Usage:
    """Count one attempt for `key` against `limit` per `period` seconds; `Unavailable` if
    the cache does not answer (while it is known to be down, without asking it)."""
    if not health.usable():
        raise Unavailable("the cache is down")
    try:
        return _hit(caches[conf.rate_cache()], key, limit, period, now)
    except Unavailable:
        raise
    except Exception as error:  # a cache that fails: Redis down, frozen, refusing writes
        health.failed(error)
        raise Unavailable(str(error)) from error


def _hit(cache: Any, key: str, limit: int, period: int, now: float | None) -> Usage:
    now = time.time() if now is None else now
    window, elapsed = divmod(now, period)
    current_key = f"{PREFIX}:{period}:{key}:{int(window)}"
    previous_key = f"{PREFIX}:{period}:{key}:{int(window) - 1}"
    ttl = 2 * period + 5  # the next window still reads this one
    if cache.add(current_key, 1, ttl):
        current = 1
    else:
        try:
            current = cache.incr(current_key)
        except ValueError:  # expired between add and incr
            cache.add(current_key, 1, ttl)
            current = 1
    previous = int(cache.get(previous_key) or 0)
    overlap = (period - elapsed) / period
    estimate = previous * overlap + current
    if estimate <= limit:
        return Usage(False, estimate, 0)
    with contextlib.suppress(ValueError):
        cache.decr(current_key)  # a refused attempt does not count
    accepted = current - 1  # in this window
    if accepted + 1 <= limit:
        # Room in this window once enough of the previous one has slid out.
        wait = (period - elapsed) - (limit - accepted - 1) * period / previous
    else:
        # This window is full: wait for it to end, then for enough of it to slide out.
        wait = (period - elapsed) + period * (1 - (limit - 1) / accepted)
    return Usage(True, estimate, max(1, math.ceil(wait)))
