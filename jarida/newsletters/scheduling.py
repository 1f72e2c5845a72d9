"""The newsletters' part of the scheduler's tick (`jarida.newsroom.scheduler.tick_done`).

Each tick:

- from `NEWSLETTER_DRAFT_LEAD_MINUTES` before `NEWSLETTER_DAILY_AT` (newsroom time), the
  day's digest is made as a draft, once, for editors to arrange in the admin;
- when the newsroom's clock has passed `NEWSLETTER_DAILY_AT` (and by less than six hours: a
  digest found late in the evening is not a morning digest), the day's edition is queued,
  once (a unique edition per list and day): the editors' draft as they left it, or one made
  then if there was no draft;
- at the same time, each enabled section list's edition is made and queued (the section's
  stories of the 24 hours before the send time; none when it had no new story);
- then the queue is sent for at most `NEWSLETTER_TICK_SECONDS`, so publishing is never held
  up by a big send.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.utils import timezone

from jarida.newsletters import conf

logger = logging.getLogger(__name__)

LATE_LIMIT = dt.timedelta(hours=6)


def _send_times(now: dt.datetime) -> list[dt.datetime]:
    """Today's and tomorrow's send times in the newsroom's zone (none if never sent)."""
    from jarida.newsletters.editions import newsroom_zone

    send_at = conf.daily_at()
    if send_at is None:
        return []
    local = now.astimezone(newsroom_zone())
    return [
        dt.datetime.combine(local.date() + dt.timedelta(days=n), send_at, tzinfo=local.tzinfo)
        for n in (0, 1)
    ]


def daily_due(now: dt.datetime) -> bool:
    return any(due <= now < due + LATE_LIMIT for due in _send_times(now)[:1])


def draft_day(now: dt.datetime) -> dt.date | None:
    """The day whose digest is to be drafted now: its send time is less than the lead time
    away (tomorrow's, for a send just after midnight)."""
    lead = conf.draft_lead()
    if not lead:
        return None
    for due in _send_times(now):
        if due - lead <= now < due:
            return due.date()
    return None


def on_tick(sender: Any = None, now: dt.datetime | None = None, **kwargs: Any) -> None:
    from jarida.newsletters.editions import create_daily, create_sections, newsroom_today
    from jarida.newsletters.models import Edition, NewsletterList
    from jarida.newsletters.sending import drain

    now = now or timezone.now()
    daily = Edition.objects.filter(newsletter__kind=NewsletterList.Kind.DAILY)
    draft_for = draft_day(now)
    if draft_for is not None and not daily.filter(day=draft_for).exists():
        edition = create_daily(draft_for, now=now, draft=True)
        if edition is not None:
            logger.info("daily newsletter %s drafted for %s", edition.pk, draft_for)
    today = daily.filter(day=newsroom_today(now)).exclude(status=Edition.Status.DRAFT)
    if daily_due(now):
        if not today.exists():  # a draft the editors prepared goes now
            edition = create_daily(now=now)
            if edition is not None:
                logger.info("daily newsletter %s queued", edition.pk)
        # Each section list's edition, with the stories of the 24 hours before the send time.
        for edition in create_sections(now=_send_times(now)[0]):
            logger.info("section newsletter %s queued", edition.pk)
    result = drain(seconds=conf.tick_seconds())
    if result.sent or result.failed or result.stopped:
        logger.info(
            "newsletters: %s sent, %s failed, %s to retry%s",
            result.sent,
            result.failed,
            result.retried,
            f" (stopped: {result.stopped})" if result.stopped else "",
        )


def connect() -> None:
    from jarida.newsroom.scheduler import tick_done

    tick_done.connect(on_tick, dispatch_uid="jarida.newsletters.on_tick")
