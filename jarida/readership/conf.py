"""The readership app's settings, read at call time."""

from __future__ import annotations

from django.conf import settings


def repeat_seconds() -> int:
    """A second view of an article from one client within this many seconds is not counted."""
    return int(getattr(settings, "MOST_READ_REPEAT_SECONDS", 1800))


def refresh_seconds() -> int:
    """How often «الأكثر قراءة» is recomputed (pages show it as it was then)."""
    return int(getattr(settings, "MOST_READ_REFRESH_SECONDS", 600))


def per_address_per_hour() -> int:
    """At most this many views counted from one address in an hour (a newsroom behind one
    NAT reads a lot; a script rotating its user agent should not make the list)."""
    return int(getattr(settings, "MOST_READ_PER_ADDRESS_PER_HOUR", 120))
