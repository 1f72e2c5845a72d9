"""Scheduled publishing that never misses and never publishes twice.

Each tick runs Wagtail's own `publish_scheduled` (so a scheduled publish fires exactly the
signals of a manual one: search index, caches, feeds) inside a transaction that holds the
`SchedulerLease` row: `SELECT ... FOR UPDATE SKIP LOCKED` on PostgreSQL, the database write
lock (BEGIN IMMEDIATE) on SQLite. A second scheduler either skips the tick or waits and then
finds nothing left to do. The tick needs no web traffic: it runs in its own process.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import os
import socket

from django.core.management import call_command
from django.db import OperationalError, transaction
from django.utils import timezone

from jarida.news.models import ArticlePage
from jarida.newsroom.models import SchedulerLease
from jarida.pagecache.tags import PAGES, purge

logger = logging.getLogger(__name__)

LEASE = "publish"


def holder_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def end_breaking_windows(since: dt.datetime | None, until: dt.datetime) -> None:
    """The «عاجل» strip is on every cached page: when a breaking window closes, every page
    must be re-rendered without it (the masthead's fragment holding the strip ends itself
    then; the other fragments stay)."""
    closed = ArticlePage.objects.filter(is_breaking=True, breaking_until__lte=until)
    if since is not None:
        closed = closed.filter(breaking_until__gt=since)
    if closed.exists():
        purge([PAGES])


def tick(holder: str | None = None) -> bool:
    """Publish what is due and unpublish what has expired; False if another scheduler held the
    lease (or the database was busy) and this tick did nothing."""
    try:
        with transaction.atomic():
            lease = (
                SchedulerLease.objects.select_for_update(skip_locked=True)
                .filter(name=LEASE)
                .first()
            )
            if lease is None:
                return False
            out = io.StringIO()
            call_command("publish_scheduled", stdout=out)
            now = timezone.now()
            end_breaking_windows(since=lease.last_tick_at, until=now)
            lease.holder = holder or holder_name()
            lease.last_tick_at = now
            lease.ticks += 1
            lease.save(update_fields=["holder", "last_tick_at", "ticks"])
    except OperationalError as error:  # SQLite: another writer held the lock past the timeout
        logger.warning("scheduler tick skipped: %s", error)
        return False
    return True
