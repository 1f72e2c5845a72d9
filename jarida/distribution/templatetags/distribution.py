"""`{% page_meta %}` for every page's `<head>`, and the `w3c` date filter for sitemaps."""

from __future__ import annotations

import datetime as dt

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from jarida.distribution import metadata
from jarida.distribution.articles import iso

register = template.Library()


@register.simple_tag(takes_context=True)
def page_meta(context: template.Context) -> SafeString:
    """Canonical URL, description, OpenGraph, Twitter card, feed links and (on articles)
    JSON-LD, all computed from what the page's template already has."""
    html = render_to_string(
        "distribution/page_meta.html", {"meta": metadata.build(context.flatten())}
    )
    # One tag a line, indented as in base.html's <head>.
    lines = (line.strip() for line in html.splitlines())
    return mark_safe("\n  ".join(line for line in lines if line))  # escaped by the template


@register.filter
def w3c(value: dt.datetime | None) -> str:
    """W3C datetime with the newsroom's offset, as sitemaps want it."""
    return iso(value)
