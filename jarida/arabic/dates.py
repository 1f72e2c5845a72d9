"""Dates as Arabic newspapers print them, from Babel's CLDR data.

Arab countries name the Gregorian months differently: the Levant and Iraq say تموز, Egypt and
the Gulf يوليو, Morocco يوليوز, Algeria and Tunisia جويلية. CLDR knows each locale's names, so
there is no month or weekday table here: the locale (`ar_LB`, `ar_EG`, ...) is the newsroom's
setting. Levantine papers print both names, regional first (تموز/يوليو); `MonthStyle` chooses.

Babel's date patterns emit Latin digits, which is what the reference papers print; nothing here
converts them (templates that want ٢٠٢١ call `to_arabic_indic_digits`).

Datetimes are stored in UTC; every function that takes one also takes the newsroom's IANA zone,
because the date on the page is the local date (a story at 00:30 in Beirut is dated that day,
though it is still the day before in UTC).
"""

from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache
from typing import Final, Literal, get_args
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, get_month_names

__all__ = [
    "MonthStyle",
    "format_date_line",
    "format_long_date",
    "format_month_year",
    "format_time",
    "month_name",
    "to_local",
    "validate_locale",
]

MonthStyle = Literal["regional", "standard", "dual"]
_MONTH_STYLES: Final = frozenset(get_args(MonthStyle))

# The locale whose month names count as "standard": CLDR's base Arabic (يناير ... ديسمبر).
STANDARD_LOCALE: Final = "ar"

MonthContext = Literal["format", "stand-alone"]


@lru_cache(maxsize=64)
def _parse_locale(locale: str) -> Locale:
    try:
        parsed = Locale.parse(locale.replace("-", "_"))
    except (UnknownLocaleError, ValueError, TypeError) as exc:
        raise ValueError(f"unknown locale {locale!r}: expected an identifier like 'ar_LB'") from exc
    if parsed.language != "ar":
        raise ValueError(f"locale {locale!r} is not an Arabic locale (expected 'ar' or 'ar_XX')")
    return parsed


def validate_locale(locale: str) -> str:
    """The canonical identifier for an Arabic locale ("ar-lb" -> "ar_LB").

    Raises ValueError for anything CLDR does not know or that is not Arabic, so a bad setting
    fails at startup rather than on the first page render.
    """
    return str(_parse_locale(locale))


def _zone(time_zone: str) -> ZoneInfo:
    try:
        return ZoneInfo(time_zone)
    except (ZoneInfoNotFoundError, ValueError, TypeError) as exc:
        raise ValueError(f"unknown time zone {time_zone!r}: expected an IANA name") from exc


def to_local(value: datetime, time_zone: str) -> datetime:
    """`value` in the IANA zone `time_zone`. Naive datetimes are refused: their zone is a guess."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{value.isoformat()} is naive; pass a timezone-aware datetime")
    return value.astimezone(_zone(time_zone))


def _local_date(value: date | datetime, time_zone: str | None) -> date:
    """The calendar date a reader in `time_zone` sees (a plain date has no zone to convert)."""
    if isinstance(value, datetime):
        if time_zone is None:
            raise ValueError("a datetime needs a time_zone to know which day it falls on")
        return to_local(value, time_zone).date()
    return value


def _check_style(style: str) -> None:
    if style not in _MONTH_STYLES:
        raise ValueError(f"unknown month style {style!r}: expected one of {sorted(_MONTH_STYLES)}")


def _month_name(month: int, locale: str, style: MonthStyle, context: MonthContext) -> str:
    _check_style(style)
    if not 1 <= month <= 12:
        raise ValueError(f"month must be in 1..12, got {month}")
    regional = str(get_month_names("wide", context, _parse_locale(locale))[month])
    standard = str(get_month_names("wide", context, _parse_locale(STANDARD_LOCALE))[month])
    if style == "regional":
        return regional
    if style == "standard" or regional == standard:
        return standard
    return f"{regional}/{standard}"


def _literal(text: str) -> str:
    """Quote `text` for a CLDR date pattern, so a month name is printed, not interpreted."""
    return "'" + text.replace("'", "''") + "'"


def month_name(month: int, locale: str, style: MonthStyle = "dual") -> str:
    """The wide month name in date context: تموز, يوليو or تموز/يوليو (collapsed when equal)."""
    return _month_name(month, locale, style, "format")


def format_date_line(value: date | datetime, locale: str, time_zone: str | None = None) -> str:
    """The weekday and numeric date of a dateline, "الجمعة 2021/07/23".

    A datetime is converted to `time_zone` first (required for datetimes); a date is used as is.
    """
    return format_date(_local_date(value, time_zone), "EEEE y/MM/dd", locale=_parse_locale(locale))


def format_time(value: datetime, time_zone: str) -> str:
    """The local 24-hour time, "20:02", in Latin digits."""
    return f"{to_local(value, time_zone):%H:%M}"


def format_long_date(
    value: date | datetime,
    locale: str,
    style: MonthStyle = "dual",
    time_zone: str | None = None,
    weekday: bool = False,
) -> str:
    """The date in words, "23 تموز/يوليو 2021", or "الجمعة 23 تموز/يوليو 2021" with `weekday`."""
    day = _local_date(value, time_zone)
    month = _literal(_month_name(day.month, locale, style, "format"))
    pattern = f"EEEE d {month} y" if weekday else f"d {month} y"
    return format_date(day, pattern, locale=_parse_locale(locale))


def format_month_year(year: int, month: int, locale: str, style: MonthStyle = "dual") -> str:
    """A month heading for archives, "تموز/يوليو 2021" (stand-alone month names)."""
    name = _literal(_month_name(month, locale, style, "stand-alone"))
    return format_date(date(year, month, 1), f"{name} y", locale=_parse_locale(locale))
