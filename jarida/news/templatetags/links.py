"""`{% load links %}`: `{% url_of page %}`, a page's URL with no lookup of the sites' root
paths (`jarida.news.links`)."""

from __future__ import annotations

from typing import Any

from django import template
from wagtail.models import Page

from jarida.news import links

register = template.Library()


@register.simple_tag(takes_context=True)
def url_of(context: dict[str, Any], page: Page) -> str:
    return links.url_of(page, context.get("request"))
