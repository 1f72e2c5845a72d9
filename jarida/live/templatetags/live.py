"""`{% load live %}{% live_now %}`: a «مباشر» strip of the coverage running now, for the home
page (every section) or a section's page (`{% live_now section %}`). One query. Pages the
list below already shows as cards (`shown=shown_articles`) are left out of it.

Stays fresh without a purge of its own: home carries `latest` and a section page its
`section:<id>`, which a live page's publish, unpublish or state change purges
(`jarida.live.cache_rules`); an update changes nothing the strip shows.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import template
from wagtail.models import Page

from jarida.live.models import LiveCoveragePage
from jarida.news.links import url_of

register = template.Library()
LIVE_NOW_ITEMS = 3


@register.inclusion_tag("live/includes/live_now.html", takes_context=True)
def live_now(
    context: dict[str, Any], section: Page | None = None, shown: Iterable[Any] = ()
) -> dict[str, Any]:
    """`shown`: the cards the page already carries; a live page among them is not named
    again in the strip (each story once on a page)."""
    pages = LiveCoveragePage.objects.published().filter(state=LiveCoveragePage.State.LIVE)
    if section is not None:
        pages = pages.child_of(section)
    if skip := [p.pk for p in shown if isinstance(p, LiveCoveragePage)]:
        pages = pages.exclude(pk__in=skip)
    request = context.get("request")
    chosen = list(
        pages.newest_first().only("id", "title", "path", "depth", "url_path")[:LIVE_NOW_ITEMS]
    )
    return {"pages": [{"title": p.title, "url": url_of(p, request)} for p in chosen]}
