"""`{% load dates %}`: dates and times as the newsroom prints them (locale and zone from
settings), and the Hijri date where the site shows it."""

from __future__ import annotations

import datetime as dt

from django import template
from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone

from jarida.arabic import format_date_line, format_hijri, format_long_date, format_time, to_local
from jarida.news.links import home_of

register = template.Library()


@register.filter
def date_line(value: dt.datetime | dt.date | None) -> str:
    """`الجمعة 2021/07/23`: weekday and date in the newsroom's zone."""
    if value is None:
        return ""
    return format_date_line(value, settings.NEWSROOM_LOCALE, settings.NEWSROOM_TIME_ZONE)


@register.filter
def long_date(value: dt.datetime | dt.date | None) -> str:
    """`23 تموز/يوليو 2021` with the newsroom's month style."""
    if value is None:
        return ""
    zone = settings.NEWSROOM_TIME_ZONE if isinstance(value, dt.datetime) else None
    return format_long_date(
        value, settings.NEWSROOM_LOCALE, settings.NEWSROOM_MONTH_STYLE, time_zone=zone
    )


@register.filter
def clock(value: dt.datetime | None) -> str:
    """`20:02` in the newsroom's zone."""
    return format_time(value, settings.NEWSROOM_TIME_ZONE) if value else ""


@register.filter
def iso(value: dt.datetime | None) -> str:
    """Machine-readable time with the newsroom's offset, for `<time datetime>`."""
    if value is None:
        return ""
    return to_local(value, settings.NEWSROOM_TIME_ZONE).isoformat(timespec="minutes")


def hijri_line(request: HttpRequest | None, moment: dt.datetime) -> str:
    """`13 ذو الحجة 1442 هـ` for the newsroom's local date, if the site shows Hijri dates,
    shifted by the editor's announced-month offset (read with the masthead's facts)."""
    home = home_of(request) if request is not None else None
    if home is None or not home.chrome.show_hijri:
        return ""
    local_day = to_local(moment, settings.NEWSROOM_TIME_ZONE).date()
    try:
        return format_hijri(local_day, home.chrome.hijri_offset)
    except ValueError:  # outside the Umm al-Qura tables
        return ""


@register.filter
def hijri(value: dt.datetime | None, request: HttpRequest | None) -> str:
    """The Hijri date of `value` for this site (empty when the site does not show them)."""
    return hijri_line(request, value) if value else ""


@register.filter
def card_time(value: dt.datetime | None) -> str:
    """A card's time as an Arabic daily prints it: «اليوم 10:45» for today's stories, the
    weekday and time within the week, the date line before that (newsroom's zone)."""
    if value is None:
        return ""
    zone = settings.NEWSROOM_TIME_ZONE
    day = to_local(value, zone).date()
    today = to_local(timezone.now(), zone).date()
    if day == today:
        return f"اليوم {format_time(value, zone)}"
    if today - day < dt.timedelta(days=7):
        weekday = format_date_line(value, settings.NEWSROOM_LOCALE, zone).split()[0]
        return f"{weekday} {format_time(value, zone)}"
    return date_line(value)
