"""`{% load links %}`: `{% url_of page %}`, a page's URL with no lookup of the sites' root
paths (`jarida.news.links`)."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from django import template
from django.conf import settings
from django.urls import reverse
from wagtail.models import Page

from jarida.news import links

register = template.Library()


@register.simple_tag(takes_context=True)
def url_of(context: dict[str, Any], page: Page) -> str:
    return links.url_of(page, context.get("request"))


@register.simple_tag(takes_context=True)
def short_url(context: dict[str, Any], article: Page) -> str:
    """The article's absolute short link `/a/<id>/`: it survives a new headline or section."""
    path = reverse("news:article_by_id", args=[article.pk])
    request = context.get("request")
    return request.build_absolute_uri(path) if request is not None else settings.SITE_URL + path


@register.simple_tag
def share_links(url: str, title: str) -> list[dict[str, str]]:
    """Plain share links, WhatsApp first (what Arabic readers share with most): no script
    and no request to any of these services until the reader clicks."""
    text = quote(f"{title} {url}")
    link, headline = quote(url, safe=""), quote(title)
    return [
        {"name": "واتساب", "kind": "whatsapp", "href": f"https://wa.me/?text={text}"},
        {
            "name": "إكس",
            "kind": "x",
            "href": f"https://x.com/intent/post?url={link}&text={headline}",
        },
        {
            "name": "فيسبوك",
            "kind": "facebook",
            "href": f"https://www.facebook.com/sharer/sharer.php?u={link}",
        },
        {
            "name": "تلغرام",
            "kind": "telegram",
            "href": f"https://t.me/share/url?url={link}&text={headline}",
        },
    ]
