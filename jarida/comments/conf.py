"""Every comment setting, read in one place with its default.

`jarida/settings.py` sets these from the environment (same names); code in this app reads
them only through these functions, so a test's `override_settings` and a bench's settings
module both take effect, and a malformed value fails loudly with `ImproperlyConfigured`.
"""

from __future__ import annotations

import ipaddress
import re
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

MODES = ("premoderated", "open", "closed")

DEFAULTS: dict[str, Any] = {
    # premoderated (every comment waits for the desk), open (clean comments publish at once)
    # or closed. An article's own setting (in the desk) overrides it.
    "COMMENTS_DEFAULT_MODE": "premoderated",
    # Comments close by themselves this many days after first publication; 0 never closes.
    "COMMENTS_CLOSE_AFTER_DAYS": 14,
    # More links than this in one comment hold it for the desk.
    "COMMENTS_MAX_LINKS": 2,
    # A form sent back faster than this (seconds after it was served) was not typed by a person.
    "COMMENTS_MIN_FILL_SECONDS": 3,
    # A form older than this (seconds) is refused as expired and served again, text kept.
    "COMMENTS_FORM_MAX_AGE": 24 * 60 * 60,
    # The same text is "repeated" within this many hours.
    "COMMENTS_REPEAT_WINDOW_HOURS": 24,
    # Rates as requests/period ("5/10m", "60/m", "100/h", "1000/d"); empty turns it off.
    "COMMENTS_RATE_PER_CLIENT": "5/10m",
    "COMMENTS_RATE_PER_ARTICLE": "60/m",
    # The cache the rate limits count in. It must be shared by every worker and increment
    # atomically (Redis, or local memory for one process); a file cache can lose counts.
    "COMMENTS_RATE_CACHE": "default",
    # Proxies (addresses or networks) whose X-Forwarded-For is believed; empty: none is.
    "COMMENTS_TRUSTED_PROXIES": [],
    # Secret for the salted IP hashes; empty derives one from SECRET_KEY.
    "COMMENTS_IP_HASH_SECRET": "",
    # The moderation policy, as a dotted path (see jarida.comments.policy).
    "COMMENTS_POLICY": "jarida.comments.policy.DefaultPolicy",
}


def get(name: str) -> Any:
    return getattr(settings, name, DEFAULTS[name])


def _int(name: str, minimum: int = 0) -> int:
    return parse_int(name, get(name), minimum)


def parse_int(name: str, value: Any, minimum: int = 0) -> int:
    """Setting `name`'s `value` as a whole number of at least `minimum`, or a clear error
    (shared with the newsletters' settings)."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise ImproperlyConfigured(f"{name} must be an integer, got {value!r}") from None
    if number < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, got {number}")
    return number


def default_mode() -> str:
    mode = get("COMMENTS_DEFAULT_MODE")
    if mode not in MODES:
        raise ImproperlyConfigured(
            f"COMMENTS_DEFAULT_MODE must be one of {', '.join(MODES)}, got {mode!r}"
        )
    return str(mode)


def close_after_days() -> int:
    return _int("COMMENTS_CLOSE_AFTER_DAYS")


def max_links() -> int:
    return _int("COMMENTS_MAX_LINKS")


def min_fill_seconds() -> int:
    return _int("COMMENTS_MIN_FILL_SECONDS")


def form_max_age() -> int:
    return _int("COMMENTS_FORM_MAX_AGE", minimum=1)


def repeat_window_hours() -> int:
    return _int("COMMENTS_REPEAT_WINDOW_HOURS", minimum=1)


_RATE = re.compile(r"^(\d+)/(\d*)([smhd])$")
_PERIOD_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def rate(name: str) -> tuple[int, int] | None:
    """A rate setting as (requests, seconds), or None when the limit is off."""
    return parse_rate(name, get(name))


def parse_rate(name: str, value: Any) -> tuple[int, int] | None:
    """`value` ("5/10m") as (requests, seconds), or None when empty; `name` for the error.
    Other apps' rate settings (the newsletter form) are read with it too."""
    value = str(value or "").strip()
    if not value:
        return None
    match = _RATE.match(value)
    if not match or int(match[1]) < 1 or match[2] == "0":
        raise ImproperlyConfigured(
            f"{name} must look like 5/m, 5/10m, 100/h or 1000/d, got {value!r}"
        )
    return int(match[1]), int(match[2] or 1) * _PERIOD_SECONDS[match[3]]


def rate_cache() -> str:
    return str(get("COMMENTS_RATE_CACHE"))


def trusted_proxies() -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    value = get("COMMENTS_TRUSTED_PROXIES")
    items = value.split(",") if isinstance(value, str) else list(value)
    networks = []
    for item in (str(i).strip() for i in items):
        if not item:
            continue
        try:
            networks.append(ipaddress.ip_network(item, strict=False))
        except ValueError:
            raise ImproperlyConfigured(
                f"COMMENTS_TRUSTED_PROXIES: {item!r} is not an address or network"
            ) from None
    return networks


def ip_hash_secret() -> str:
    return str(get("COMMENTS_IP_HASH_SECRET") or settings.SECRET_KEY)


def policy_path() -> str:
    return str(get("COMMENTS_POLICY"))
