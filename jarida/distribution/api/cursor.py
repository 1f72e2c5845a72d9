"""Opaque cursors for keyset pagination over (first_published_at, id), newest first.

A cursor names the last article a client has seen, not an offset, so articles published
while a client pages through the archive never shift or repeat what it reads next.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json

from django.db.models import Q


class InvalidCursor(ValueError):
    pass


def encode(published_at: dt.datetime, pk: int) -> str:
    raw = json.dumps([published_at.isoformat(), pk], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode(cursor: str) -> tuple[dt.datetime, int]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        stamp, pk = json.loads(raw)
        published_at = dt.datetime.fromisoformat(stamp)
        if published_at.tzinfo is None:
            raise ValueError("a cursor's time always has its offset")
        published_at = published_at.astimezone(dt.UTC)
    except (binascii.Error, ValueError, TypeError, OverflowError) as error:
        raise InvalidCursor(cursor) from error
    if type(pk) is not int or not 0 < pk < 2**63:
        raise InvalidCursor(cursor)
    return published_at, pk


def after(cursor: str) -> Q:
    """Articles that come after the cursor's article in newest-first order."""
    published_at, pk = decode(cursor)
    return Q(first_published_at__lt=published_at) | Q(first_published_at=published_at, pk__lt=pk)
