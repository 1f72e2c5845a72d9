"""Every newsletter setting, read in one place with its default (as `jarida.comments.conf`).

`jarida/settings.py` may set these from the environment (same names); code reads them only
through these functions, so `override_settings` and a bench's settings both take effect.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

DEFAULTS: dict[str, Any] = {
    # The morning digest goes out at this time of day in the newsroom's zone ("HH:MM");
    # empty: the scheduler never sends it (send it with `send_newsletter daily`).
    "NEWSLETTER_DAILY_AT": "06:30",
    # The scheduler makes the day's digest as a draft this many minutes before
    # NEWSLETTER_DAILY_AT, for editors to arrange in the admin; at the time it sends that
    # draft as they left it. 0: no draft, the digest is made at the time and sent at once.
    "NEWSLETTER_DRAFT_LEAD_MINUTES": 60,
    # Rows claimed (and messages sent on one SMTP connection) at a time.
    "NEWSLETTER_BATCH_SIZE": 200,
    # A delivery refused for a passing reason (4xx, connection lost) is tried this many times,
    # after 1, 4, 16... minutes, then marked failed.
    "NEWSLETTER_MAX_ATTEMPTS": 5,
    "NEWSLETTER_RETRY_BASE_SECONDS": 60,
    # SMTP connections (threads) sending at once; SQLite always sends on one.
    "NEWSLETTER_SEND_WORKERS": 4,
    # Claimed rows of a sender that died are taken back after this many seconds.
    "NEWSLETTER_CLAIM_TIMEOUT": 600,
    # Seconds of sending per scheduler tick: the scheduler must keep publishing on time.
    "NEWSLETTER_TICK_SECONDS": 10,
    # Breaking alerts sent per hour, whatever the news.
    "NEWSLETTER_ALERTS_PER_HOUR": 3,
    # The subscribe form's rates (requests/period as COMMENTS_RATE_*): per client, and mails
    # sent to one address (so nobody can flood someone else's inbox through the form).
    "NEWSLETTER_RATE_PER_CLIENT": "5/10m",
    "NEWSLETTER_RATE_PER_ADDRESS": "3/d",
    # A confirmation link is valid this many seconds.
    "NEWSLETTER_CONFIRM_MAX_AGE": 48 * 3600,
    # Sender of the newsletters; empty: DEFAULT_FROM_EMAIL.
    "NEWSLETTER_FROM_EMAIL": "",
    # Opt-in open and click counts per edition (`jarida.newsletters.tracking`): an open pixel
    # and counted links in the HTML part. Off: no tracking of any kind in the mail.
    "NEWSLETTER_TRACKING": False,
    # Stories per section in the digest.
    "NEWSLETTER_STORIES_PER_SECTION": 3,
    # Stories in a section's own edition (its lists, sent with the morning digest).
    "NEWSLETTER_SECTION_STORIES": 8,
}


def get(name: str) -> Any:
    return getattr(settings, name, DEFAULTS[name])


def _int(name: str, minimum: int = 0) -> int:
    from jarida.comments.conf import parse_int

    return parse_int(name, get(name), minimum)


def daily_at() -> dt.time | None:
    value = str(get("NEWSLETTER_DAILY_AT") or "").strip()
    if not value:
        return None
    try:
        return dt.time.fromisoformat(value)
    except ValueError:
        raise ImproperlyConfigured(
            f"NEWSLETTER_DAILY_AT must look like 06:30, got {value!r}"
        ) from None


def draft_lead() -> dt.timedelta:
    minutes = _int("NEWSLETTER_DRAFT_LEAD_MINUTES", 0)
    if minutes >= 24 * 60:
        raise ImproperlyConfigured(
            f"NEWSLETTER_DRAFT_LEAD_MINUTES must be under a day (1440), got {minutes}"
        )
    return dt.timedelta(minutes=minutes)


def batch_size() -> int:
    return _int("NEWSLETTER_BATCH_SIZE", 1)


def max_attempts() -> int:
    return _int("NEWSLETTER_MAX_ATTEMPTS", 1)


def retry_base_seconds() -> int:
    return _int("NEWSLETTER_RETRY_BASE_SECONDS", 0)


def claim_timeout() -> int:
    return _int("NEWSLETTER_CLAIM_TIMEOUT", 0)


def tick_seconds() -> float:
    return float(_int("NEWSLETTER_TICK_SECONDS", 1))


def alerts_per_hour() -> int:
    return _int("NEWSLETTER_ALERTS_PER_HOUR", 1)


def confirm_max_age() -> int:
    return _int("NEWSLETTER_CONFIRM_MAX_AGE", 60)


def stories_per_section() -> int:
    return _int("NEWSLETTER_STORIES_PER_SECTION", 1)


def tracking() -> bool:
    value = get("NEWSLETTER_TRACKING")
    if isinstance(value, str):
        return value.strip().lower() in ("1", "true", "yes", "on")
    return bool(value)


def section_stories() -> int:
    return _int("NEWSLETTER_SECTION_STORIES", 1)


def from_email() -> str:
    return str(get("NEWSLETTER_FROM_EMAIL") or settings.DEFAULT_FROM_EMAIL)


def site_url() -> str:
    return str(settings.SITE_URL).rstrip("/")


def mail_domain() -> str:
    """The paper's domain: Message-IDs, List-Id and the unsubscribe mailbox live on it."""
    return urlsplit(site_url()).hostname or "localhost"


def get_site_name() -> str:
    return str(settings.SITE_NAME)


def rate(name: str) -> tuple[int, int] | None:
    """A rate setting as (requests, seconds), read as the comments' rates are."""
    from jarida.comments.conf import parse_rate

    return parse_rate(name, get(name))


def send_workers() -> int:
    return _int("NEWSLETTER_SEND_WORKERS", 1)


def delivery_backend() -> str:
    """The backend that really delivers. Newsletters have their own queue (per-recipient
    rows, retries), so they bypass a site-wide queueing EMAIL_BACKEND (the transactional
    outbox names its real backend OUTBOX_DELIVERY_BACKEND); NEWSLETTER_EMAIL_BACKEND, if set,
    wins."""
    return str(
        getattr(settings, "NEWSLETTER_EMAIL_BACKEND", "")
        or getattr(settings, "OUTBOX_DELIVERY_BACKEND", "")
        or settings.EMAIL_BACKEND
    )
