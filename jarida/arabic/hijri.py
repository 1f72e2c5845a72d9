"""The Hijri date printed under the Gregorian one in an Arabic newspaper's date line.

Conversion uses hijridate's Umm al-Qura tables (Saudi Arabia's official calendar). Other
countries start a month on a local moon sighting, which can fall a day or two apart, so a
newsroom can shift by `offset_days` to match the dates its own authorities announce.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Final

from hijridate import Gregorian, Hijri

__all__ = ["MAX_OFFSET_DAYS", "HijriDate", "format_hijri", "to_hijri"]

# A sighting differs from the Umm al-Qura prediction by a day, rarely two; more is a typo.
MAX_OFFSET_DAYS: Final = 2


@dataclass(frozen=True)
class HijriDate:
    year: int
    month: int
    day: int
    # The Arabic month name from hijridate ("ذو الحجة").
    month_name: str


def to_hijri(value: date, offset_days: int = 0) -> HijriDate:
    """The Hijri date of the Gregorian day `value`, shifted by `offset_days` (-2..2).

    Takes a date, not a datetime: which day a moment falls on depends on the newsroom's zone,
    so convert with `to_local(...).date()` first. Raises ValueError outside hijridate's range.
    """
    if isinstance(value, datetime):
        raise TypeError("to_hijri takes a date; convert a datetime with to_local(...).date()")
    if not -MAX_OFFSET_DAYS <= offset_days <= MAX_OFFSET_DAYS:
        raise ValueError(
            f"offset_days must be in -{MAX_OFFSET_DAYS}..{MAX_OFFSET_DAYS}, got {offset_days}"
        )
    try:
        shifted = value + timedelta(days=offset_days)
        hijri: Hijri = Gregorian.fromdate(shifted).to_hijri()
    except OverflowError as exc:
        message = f"{value.isoformat()} is outside the Umm al-Qura calendar hijridate covers"
        raise ValueError(f"{message} ({exc})") from exc
    return HijriDate(hijri.year, hijri.month, hijri.day, hijri.month_name("ar"))


def format_hijri(value: date, offset_days: int = 0) -> str:
    """The Hijri date as papers print it, "13 ذو الحجة 1442 هـ"."""
    hijri = to_hijri(value, offset_days)
    return f"{hijri.day} {hijri.month_name} {hijri.year} {Hijri.notation('ar')}"
