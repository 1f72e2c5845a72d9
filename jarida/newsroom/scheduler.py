"""Scheduled publishing that never misses, never publishes twice, and outlives outages.

Each tick, inside a transaction that holds the `SchedulerLease` row (`SELECT ... FOR UPDATE
SKIP LOCKED` on PostgreSQL, the database write lock on SQLite, so a second scheduler skips
the tick or waits and then finds nothing left to do):

- unpublishes what has expired, and publishes every revision that is due, each through
  Wagtail's own actions (so a scheduled publish fires exactly the signals of a manual one:
  search index, caches, feeds), each in a savepoint of its own: one that is refused (an
  article taken down since it was scheduled) or fails is logged and the rest go out;
- purges every page when a breaking window closes (the «عاجل» strip is on each);
- applies any cache purge the cache missed and trims the purge log (`jarida.pagecache`).

Everything due is caught up at the next tick, however long the outage: nothing is "missed"
because a tick did not run. `run_scheduler` keeps ticking through database and cache errors.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket

from django.db import DatabaseError, transaction
from django.dispatch import Signal
from django.utils import timezone
from wagtail.models import Page, Revision

from jarida.news import cache_rules
from jarida.news.models import ArticlePage, PublicationRefused
from jarida.newsroom.models import SchedulerLease
from jarida.pagecache import tags as pagecache_tags

logger = logging.getLogger(__name__)

LEASE = "publish"

# --- Hook for other apps' periodic work (jarida.newsletters: the daily send, the queue) ---
# Sent after every tick that held the lease, outside its transaction. Receivers must bound
# their own time: publishing waits for them. Errors are logged, never stop the scheduler.
tick_done = Signal()


def holder_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def end_breaking_windows(since: dt.datetime | None, until: dt.datetime) -> None:
    """The «عاجل» strip is on every cached page: when a breaking window closes, every page
    must be re-rendered without it."""
    closed = ArticlePage.objects.filter(is_breaking=True, breaking_until__lte=until)
    if since is not None:
        closed = closed.filter(breaking_until__gt=since)
    if closed.exists():
        cache_rules.breaking_window_closed()


def unpublish_expired(now: dt.datetime) -> int:
    done = 0
    for page in Page.objects.filter(live=True, expire_at__lt=now).order_by("expire_at"):
        with transaction.atomic():
            page.specific.unpublish(set_expired=True, log_action="wagtail.unpublish.scheduled")
        done += 1
    return done


def publish_due(now: dt.datetime) -> int:
    """Publish every revision due by `now`, oldest first; a refused one is unscheduled."""
    done = 0
    due = Revision.objects.filter(approved_go_live_at__lte=now).order_by("approved_go_live_at")
    for revision in due:
        try:
            with transaction.atomic():
                revision.publish(log_action="wagtail.publish.scheduled")
            done += 1
        except PublicationRefused as refusal:
            logger.warning("scheduled publication of %s refused: %s", revision.object_str, refusal)
            Revision.objects.filter(pk=revision.pk).update(approved_go_live_at=None)
        except DatabaseError:
            raise  # the database is in trouble: the whole tick is retried
        except Exception:
            # One broken revision must not hold back the others; it is tried again next tick.
            logger.exception("scheduled publication of %s failed", revision.object_str)
    return done


def tick(holder: str | None = None) -> bool:
    """Publish what is due and unpublish what has expired; False if another scheduler held
    the lease (or the database was busy) and this tick did nothing."""
    try:
        with transaction.atomic():
            lease = (
                SchedulerLease.objects.select_for_update(skip_locked=True)
                .filter(name=LEASE)
                .first()
            )
            if lease is None:
                return False
            now = timezone.now()
            unpublish_expired(now)
            publish_due(now)
            end_breaking_windows(since=lease.last_tick_at, until=now)
            lease.holder = holder or holder_name()
            lease.last_tick_at = now
            lease.ticks += 1
            lease.save(update_fields=["holder", "last_tick_at", "ticks"])
    except DatabaseError as error:  # SQLite busy, PostgreSQL gone: the next tick catches up
        logger.warning("scheduler tick skipped: %s", error)
        return False
    housekeeping()
    for receiver, error in tick_done.send_robust(sender=tick, now=now):
        if isinstance(error, Exception):
            logger.error("scheduler hook %r failed: %s", receiver, error, exc_info=error)
    return True


def housekeeping() -> None:
    """Purges the cache missed, applied; old ones forgotten."""
    try:
        pagecache_tags.replay()
        pagecache_tags.trim()
    except DatabaseError as error:
        logger.warning("purge log housekeeping skipped: %s", error)
