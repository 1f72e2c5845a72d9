"""`{% page_meta %}` for every page's `<head>`, and the `w3c` date filter for sitemaps."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import template
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

from jarida.distribution import metadata
from jarida.distribution.articles import iso

register = template.Library()


@register.simple_tag(takes_context=True)
def page_meta(context: template.Context) -> SafeString:
    """Canonical URL, description, OpenGraph, Twitter card, feed links and (on articles)
    JSON-LD, all computed from what the page's template already has."""
    html = meta_tags(metadata.build(context.flatten()))
    # One tag a line, indented as in base.html's <head>.
    lines = (line.strip() for line in html.splitlines())
    return mark_safe("\n  ".join(line for line in lines if line))  # escaped by meta_tags


def meta_tags(meta: metadata.PageMeta) -> str:
    """The tags of `meta`, one a line, each value escaped as a template escapes it. Written
    here rather than as a template of thirty `{{ meta.x }}`: on a cold article page that
    template cost as much CPU as computing what it prints."""

    def tag(html: str, **values: Any) -> None:
        lines.append(html.format(**{k: conditional_escape(localize(v)) for k, v in values.items()}))

    lines: list[str] = []
    tag('<link rel="canonical" href="{href}">', href=meta.canonical)
    tag('<meta name="description" content="{content}">', content=meta.description)
    tag('<meta property="og:site_name" content="{content}">', content=meta.site_name)
    tag('<meta property="og:locale" content="{content}">', content=meta.locale)
    tag('<meta property="og:type" content="{content}">', content=meta.og_type)
    tag('<meta property="og:title" content="{content}">', content=meta.title)
    tag('<meta property="og:description" content="{content}">', content=meta.description)
    tag('<meta property="og:url" content="{content}">', content=meta.canonical)
    image = meta.image
    if image:
        tag('<meta property="og:image" content="{content}">', content=image.url)
        tag('<meta property="og:image:type" content="{content}">', content=image.mime_type)
        tag('<meta property="og:image:width" content="{content}">', content=image.width)
        tag('<meta property="og:image:height" content="{content}">', content=image.height)
        if image.caption:
            tag('<meta property="og:image:alt" content="{content}">', content=image.caption)
    if meta.og_type == "article":
        tag('<meta property="article:published_time" content="{content}">', content=meta.published)
        tag('<meta property="article:modified_time" content="{content}">', content=meta.modified)
        if meta.section:
            tag('<meta property="article:section" content="{content}">', content=meta.section)
        for name in meta.tags:
            tag('<meta property="article:tag" content="{content}">', content=name)
    tag('<meta name="twitter:card" content="{content}">', content=meta.twitter_card)
    if meta.twitter_site:
        tag('<meta name="twitter:site" content="{content}">', content=meta.twitter_site)
    tag('<meta name="twitter:title" content="{content}">', content=meta.title)
    tag('<meta name="twitter:description" content="{content}">', content=meta.description)
    if image:
        tag('<meta name="twitter:image" content="{content}">', content=image.url)
        if image.caption:
            tag('<meta name="twitter:image:alt" content="{content}">', content=image.caption)
    for mime_type, title, href in meta.feeds:
        tag(
            '<link rel="alternate" type="{mime_type}" title="{title}" href="{href}">',
            mime_type=mime_type,
            title=title,
            href=href,
        )
    if meta.json_ld:
        tag('<script type="application/ld+json">{script}</script>', script=meta.json_ld)
    return "\n".join(lines)


@register.filter
def w3c(value: dt.datetime | None) -> str:
    """W3C datetime with the newsroom's offset, as sitemaps want it."""
    return iso(value)
