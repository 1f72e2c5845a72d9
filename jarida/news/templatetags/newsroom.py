"""Dates, times and the masthead as the newsroom prints them (locale and zone from settings)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import template
from django.conf import settings
from django.utils import timezone

from jarida.arabic import format_date_line, format_long_date, format_time, to_local
from jarida.news.models import SectionPage, site_last_change

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


@register.inclusion_tag("news/includes/masthead.html", takes_context=True)
def masthead(context: dict[str, Any]) -> dict[str, Any]:
    """Site name, the edition's date line, `آخر تحديث` and the sections' navigation.

    The date line is that of the site's last change, as the reference paper prints it next
    to the update time: a quiet site never shows today's date beside a days-old time.
    """
    last_change = site_last_change()
    request = context.get("request")
    return {
        "request": request,
        "site_name": settings.SITE_NAME,
        "edition_date": last_change or timezone.now(),
        "last_change": last_change,
        "city": settings.NEWSROOM_CITY,
        "sections": SectionPage.objects.live().public().order_by("path"),
        "current_path": request.path if request else "",
    }
