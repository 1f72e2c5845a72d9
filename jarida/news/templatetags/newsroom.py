"""Dates, times and the masthead as the newsroom prints them (locale and zone from settings)."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from typing import Any

from django import template
from django.conf import settings
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from wagtail.models import Site

from jarida.arabic import format_date_line, format_hijri, format_long_date, format_time, to_local
from jarida.news.models import ArticlePage, SectionPage, site_last_change
from jarida.newsroom.models import NewsroomSettings
from jarida.pagecache import fragments
from jarida.pagecache import tags as cache_tags

register = template.Library()
CARD_TEMPLATE = "news/includes/article_card.html"


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
    shifted by the editor's announced-month offset."""
    site = Site.find_for_request(request) if request is not None else None
    if site is None:
        return ""
    # Read on every page (masthead, articles): kept as a fragment, purged when they are saved.
    show, offset = fragments.cached(f"hijri:{site.pk}", [], lambda: _hijri_options(site))
    if not show:
        return ""
    local_day = to_local(moment, settings.NEWSROOM_TIME_ZONE).date()
    try:
        return format_hijri(local_day, offset)
    except ValueError:  # outside the Umm al-Qura tables
        return ""


def _hijri_options(site: Site) -> tuple[bool, int]:
    options = NewsroomSettings.for_site(site)
    return options.show_hijri_date, options.hijri_offset_days


@register.filter
def hijri(value: dt.datetime | None, request: HttpRequest | None) -> str:
    """The Hijri date of `value` for this site (empty when the site does not show them)."""
    return hijri_line(request, value) if value else ""


CARD_SECONDS = 300


def _card_key(request: HttpRequest | None, article: ArticlePage, variant: tuple[Any, ...]) -> str:
    """Everything a card shows, so that any change to it is a new key, never a stale card."""
    image = article.lead_image
    parts = (
        article.pk,
        article.last_published_at.timestamp() if article.last_published_at else None,
        article.url_path,
        getattr(article, "approved_comment_count", None),
        image and (image.pk, image.file.name, image.focal_point_x, image.focal_point_y),
        request.get_host() if request is not None else None,
        settings.NEWSROOM_LOCALE,
        settings.NEWSROOM_TIME_ZONE,
        variant,
    )
    return "news:card:" + hashlib.sha256(repr(parts).encode()).hexdigest()


@register.simple_tag(takes_context=True)
def article_card(
    context: dict[str, Any],
    article: ArticlePage,
    lead: bool = False,
    level: int = 3,
    show_summary: bool = False,
) -> SafeString:
    """An article's card in a list, kept rendered in the cache for `CARD_SECONDS`.

    Its lead image's `<picture>` (two formats, two widths) is the costliest part of every
    list. The key is made of all that a card shows (published version, URL, comment count,
    image, variant), so a changed article gets a new key at once; the time limit only bounds
    what the key cannot see, such as an image file replaced in place. Previews keep nothing.
    """
    return article_cards(context, [article], lead, level, show_summary)


@register.simple_tag(takes_context=True)
def article_cards(
    context: dict[str, Any],
    articles: Iterable[ArticlePage],
    lead: bool = False,
    level: int = 3,
    show_summary: bool = False,
) -> SafeString:
    """The cards of a whole list, read from the cache in one round trip (see `article_card`)."""
    request = context.get("request")
    articles = list(articles)
    variant = {"lead": lead, "level": level, "show_summary": show_summary}
    if getattr(request, "is_preview", False):
        return mark_safe(
            "".join(
                render_to_string(CARD_TEMPLATE, {"article": a, **variant}, request)
                for a in articles
            )
        )
    store = cache_tags.cache()
    keys = [_card_key(request, a, (lead, level, show_summary)) for a in articles]
    found = store.get_many(keys) if keys else {}
    missing = {}
    for key, article in zip(keys, articles, strict=True):
        if key not in found:
            found[key] = missing[key] = render_to_string(
                CARD_TEMPLATE, {"article": article, **variant}, request
            )
    if missing:
        store.set_many(missing, CARD_SECONDS)
    return mark_safe("".join(found[key] for key in keys))


@register.simple_tag(takes_context=True)
def related_list(context: dict[str, Any], article: ArticlePage) -> SafeString:
    """The article's «أخبار ذات صلة» block, rendered once and kept as a fragment under the
    tags of its choice (`ArticlePage.related_choice`): until the article, an article shown
    (an edit, a comment: cards show comment counts), or a new article that could join the
    list changes. A preview renders it afresh and keeps nothing."""
    request = context.get("request")

    def build() -> str:
        related = article.related_articles()
        return render_to_string("news/includes/related.html", {"related": related}, request)

    return mark_safe(
        fragments.cached(
            f"related-html:{article.pk}",
            [],
            build,
            request=request,
            tags_of=lambda _html: article.related_choice()["tags"],
        )
    )


@register.inclusion_tag("news/includes/breaking.html", takes_context=True)
def breaking_strip(context: dict[str, Any]) -> dict[str, Any]:
    """The site-wide «عاجل» strip: breaking articles until their window closes."""
    items = site_chrome()["breaking"]
    return {"articles": [{"title": title, "url": url} for title, url, _ in items]}


def site_chrome() -> dict[str, Any]:
    """What the top of every page shows of the site's articles (the last change, the
    sections, the «عاجل» strip), kept as one fragment until an article is published or
    unpublished or the first breaking window closes."""

    def build() -> dict[str, Any]:
        sections = SectionPage.objects.live().public().order_by("path")
        breaking = ArticlePage.objects.breaking().newest_first().defer("body")[:3]
        return {
            "last_change": site_last_change(),
            "sections": [{"title": s.title, "url": s.url} for s in sections],
            "breaking": [(a.title, a.url or "", a.breaking_until.timestamp()) for a in breaking],
        }

    return fragments.cached(
        "site-chrome",
        ["articles"],
        build,
        expires_at=lambda chrome: min((item[2] for item in chrome["breaking"]), default=None),
    )


@register.inclusion_tag("news/includes/masthead.html", takes_context=True)
def masthead(context: dict[str, Any]) -> dict[str, Any]:
    """Site name, the edition's date line, `آخر تحديث` and the sections' navigation.

    The date line is that of the site's last change, as the reference paper prints it next
    to the update time: a quiet site never shows today's date beside a days-old time.
    """
    chrome = site_chrome()
    last_change = chrome["last_change"]
    request = context.get("request")
    edition_date = last_change or timezone.now()
    return {
        "request": request,
        "site_name": settings.SITE_NAME,
        "edition_date": edition_date,
        "hijri_date": hijri_line(request, edition_date),
        "last_change": last_change,
        "city": settings.NEWSROOM_CITY,
        "sections": chrome["sections"],
        "current_path": request.path if request else "",
    }
