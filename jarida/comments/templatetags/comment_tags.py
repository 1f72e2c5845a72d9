"""Template helpers for comments: an article's comment state and Arabic comment counts."""

from __future__ import annotations

from typing import Any

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from jarida.comments import wording
from jarida.comments.models import Comment, comment_state
from jarida.pagecache import fragments

register = template.Library()


@register.simple_tag(takes_context=True)
def comments_section(context: dict[str, Any], article: Any) -> SafeString:
    """`{% comments_section page %}`: the article's approved comments and whether it takes
    more, kept rendered until a comment on it is approved or removed, its comment settings
    change (both purge the article) or its time for comments runs out. A preview renders it
    afresh and keeps nothing."""
    request = context.get("request")

    def build() -> dict[str, Any]:
        state = comment_state(article)
        html = render_to_string(
            "comments/comments_section.html",
            {"article": article, "comments": Comment.objects.threads_for(article), "state": state},
            request,
        )
        closes = state.closes_at.timestamp() if state.closes_at else None
        return {"html": html, "closes_at": closes}

    section = fragments.cached(
        f"comments:{article.pk}",
        [f"article:{article.pk}"],
        build,
        expires_at=lambda value: value["closes_at"],
        request=request,
    )
    return mark_safe(section["html"])  # escaped by its template


@register.filter
def comment_count(n: int | None) -> str:
    """`{{ article.approved_comment_count|comment_count }}`: «تعليقان»، «١١ تعليقاً»."""
    return wording.comment_count(int(n or 0))


@register.filter
def thread_size(threads: list[Any]) -> int:
    """How many comments a list of threads shows, replies included."""
    return sum(1 + len(getattr(thread, "approved_replies", [])) for thread in threads)
