"""The outbox's knobs, each with a default that suits a newsroom (override in settings)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings


def delivery_backend() -> str:
    """The backend that really sends: the one `EMAIL_URL` names."""
    return str(
        getattr(settings, "OUTBOX_DELIVERY_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
    )


def max_attempts() -> int:
    """Tries before a message is given up as failed (with the defaults, about 8.5 hours)."""
    return int(getattr(settings, "OUTBOX_MAX_ATTEMPTS", 10))


def retry_delay(attempts: int) -> dt.timedelta:
    """Back-off after the n-th failed try: 1, 2, 4, 8 … minutes, never more than an hour."""
    base = float(getattr(settings, "OUTBOX_RETRY_SECONDS", 60))
    ceiling = float(getattr(settings, "OUTBOX_RETRY_MAX_SECONDS", 3600))
    return dt.timedelta(seconds=min(base * 2 ** max(attempts - 1, 0), ceiling))


def keep_sent() -> dt.timedelta:
    """How long delivered messages stay in the table, for the operator to look up."""
    return dt.timedelta(days=int(getattr(settings, "OUTBOX_KEEP_SENT_DAYS", 30)))


# A claimed message that was neither sent nor failed (the scheduler died mid-send) is tried
# again after this long.
CLAIM_TIMEOUT = dt.timedelta(minutes=5)
BATCH = 50
