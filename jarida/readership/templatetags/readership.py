"""`{% load readership %}`: «الأكثر قراءة» as last computed."""

from __future__ import annotations

from typing import Any

from django import template

from jarida.readership.models import most_read as stored_list

register = template.Library()


@register.inclusion_tag("readership/most_read.html")
def most_read() -> dict[str, Any]:
    """No query: the list `refresh` stored. A page keeps it as long as the page cache keeps
    the page (PAGE_CACHE_SECONDS): a list recomputed every ten minutes needs no purge."""
    return {"articles": stored_list()}
