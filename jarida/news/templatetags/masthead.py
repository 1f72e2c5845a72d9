"""`{% load masthead %}`: the top of every page: the paper's name, the date and «آخر تحديث» of
what the page shows, the sections' navigation, and the «عاجل» strip."""

from __future__ import annotations

import re
from typing import Any

from django import template
from django.conf import settings
from django.core.files.storage import default_storage
from django.urls import reverse

from jarida.arabic import normalise
from jarida.news.links import home_of, path_under, url_of
from jarida.news.models import ArticlePage
from jarida.news.templatetags.dates import hijri_line
from jarida.news.views import NEWSROOM_PAGES

register = template.Library()
BREAKING_ITEMS = 3
# A headline that starts «عاجل:» would read «عاجل عاجل:» after the strip's own chip.
BREAKING_PREFIX = re.compile(r"^\s*عاجل\s*[:：|\-–—]\s*")


def _logo(request: Any) -> dict[str, Any] | None:
    """The editors' logo from the site settings (`HomePage.chrome`: no query), with its
    dark-mode variant if they gave one, or None for the built-in wordmark (which follows the
    colour scheme by itself: `currentColor`)."""
    home = home_of(request) if request is not None else None
    found = home.chrome.logo if home is not None else None
    if home is None or found is None:
        return None
    name, width, height = found
    dark = home.chrome.logo_dark
    return {
        "url": default_storage.url(name),
        "width": width,
        "height": height,
        "dark_url": default_storage.url(dark) if dark else "",
    }


def _public_sections(request: Any) -> list[dict[str, str]]:
    home = home_of(request) if request is not None else None
    sections = home.public_sections() if home is not None else []
    return [{"title": s.title, "url": url_of(s, request)} for s in sections]


@register.inclusion_tag("news/includes/masthead.html", takes_context=True)
def masthead(context: dict[str, Any]) -> dict[str, Any]:
    """The date line and «آخر تحديث» are those of the page's own content, as the reference
    paper prints them above an article: the article's last substantive update, or the newest
    story on a list. A page with no dated content prints neither."""
    request = context.get("request")
    last_change = context.get("last_change")
    return {
        "request": request,
        "site_name": settings.SITE_NAME,
        "last_change": last_change,
        "hijri_date": hijri_line(request, last_change) if last_change else "",
        "city": settings.NEWSROOM_CITY,
        "sections": _public_sections(request),
        "logo": _logo(request),
        "current_path": request.path if request else "",
    }


@register.inclusion_tag("news/includes/breaking.html", takes_context=True)
def breaking_strip(context: dict[str, Any]) -> dict[str, Any]:
    """The site-wide «عاجل» strip: breaking articles until their window closes (a query
    only while there are any: the masthead's facts say)."""
    request = context.get("request")
    home = home_of(request) if request is not None else None
    if home is None or not home.chrome.has_breaking:
        return {"articles": []}
    breaking = ArticlePage.objects.breaking().newest_first().defer("body")[:BREAKING_ITEMS]
    return {
        "articles": [
            {"title": BREAKING_PREFIX.sub("", a.title) or a.title, "url": url_of(a, request)}
            for a in breaking
        ]
    }


@register.inclusion_tag("news/includes/footer.html", takes_context=True)
def site_footer(context: dict[str, Any]) -> dict[str, Any]:
    """Every page's foot: the sections again, the newsroom's own pages (من نحن، اتصل بنا,
    written in the settings), the corrections, the feed, the copyright line. No query: the
    sections are the masthead's."""
    request = context.get("request")
    home = home_of(request) if request is not None else None
    listed = home.chrome.footer_pages if home is not None else []
    pages = [{"title": title, "url": path_under(home, path)} for title, path in listed]
    # The settings' own «من نحن» and «اتصل بنا» give way to a page of the same name (an
    # imported WordPress one, say): a reader never sees two links called «من نحن».
    named = {normalise(page["title"]) for page in pages}
    own = [
        {"title": title, "url": reverse(f"news:{name}")}
        for name, (title, _field) in NEWSROOM_PAGES.items()
        if normalise(title) not in named
    ]
    return {
        "site_name": settings.SITE_NAME,
        "sections": _public_sections(request),
        "pages": [*own, *pages],
    }
