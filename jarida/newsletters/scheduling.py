"""The newsletters' part of the scheduler's tick (`jarida.newsroom.scheduler.tick_done`).

Each tick: when the newsroom's clock has passed `NEWSLETTER_DAILY_AT` (and by less than six
hours: a digest found late in the evening is not a morning digest), the day's edition is made
and queued, once (a unique edition per list and day); then the queue is sent for at most
`NEWSLETTER_TICK_SECONDS`, so publishing is never held up by a big send.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.utils import timezone

from jarida.newsletters import conf

logger = logging.getLogger(__name__)

LATE_LIMIT = dt.timedelta(hours=6)


def daily_due(now: dt.datetime) -> bool:
    from jarida.newsletters.editions import newsroom_zone

    send_at = conf.daily_at()
    if send_at is None:
        return False
    local = now.astimezone(newsroom_zone())
    due = dt.datetime.combine(local.date(), send_at, tzinfo=local.tzinfo)
    return due <= local < due + LATE_LIMIT


def on_tick(sender: Any = None, now: dt.datetime | None = None, **kwargs: Any) -> None:
    from jarida.newsletters.editions import create_daily, newsroom_today
    from jarida.newsletters.models import Edition
    from jarida.newsletters.sending import drain

    now = now or timezone.now()
    today = Edition.objects.filter(day=newsroom_today(now)).exclude(status=Edition.Status.DRAFT)
    if daily_due(now) and not today.exists():  # a draft the editors prepared goes now
        edition = create_daily(now=now)
        if edition is not None:
            logger.info("daily newsletter %s queued", edition.pk)
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
