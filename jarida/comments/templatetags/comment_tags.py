"""Template helpers for comments: an article's comment state and Arabic comment counts."""

from __future__ import annotations

from typing import Any

from django import template

from jarida.comments import wording
from jarida.comments.models import CommentState, comment_state

register = template.Library()


@register.simple_tag
def comment_state_for(article: Any) -> CommentState:
    """`{% comment_state_for page as state %}`: open or closed, and how comments publish."""
    return comment_state(article)


@register.filter
def comment_count(n: int | None) -> str:
    """`{{ article.approved_comment_count|comment_count }}`: «تعليقان»، «١١ تعليقاً»."""
    return wording.comment_count(int(n or 0))


@register.filter
def thread_size(threads: list[Any]) -> int:
    """How many comments a list of threads shows, replies included."""
    return sum(1 + len(getattr(thread, "approved_replies", [])) for thread in threads)
