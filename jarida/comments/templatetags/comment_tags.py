"""Template helpers for comments: an article's comment state and Arabic comment counts."""

from __future__ import annotations

from typing import Any

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from jarida.comments import wording
from jarida.comments.forms import CommentForm
from jarida.comments.models import Comment, comment_state
from jarida.pagecache.middleware import expire_by

register = template.Library()


@register.simple_tag(takes_context=True)
def comments_section(context: dict[str, Any], article: Any) -> SafeString:
    """`{% comments_section page %}`: the article's approved comments and whether it takes
    more. The page it is on is kept no later than the moment comments close by themselves.
    No query for an article without comments (its own query counted them)."""
    request = context.get("request")
    state = comment_state(article)
    if state.closes_at is not None and request is not None:
        expire_by(request, state.closes_at)
    if getattr(article, "approved_comment_count", None) == 0:
        threads: list[Any] = []
    else:
        threads = Comment.objects.threads_for(article)
    if not threads and not state.is_open:
        # Nothing to read and nothing to write: an old article shows no empty block.
        return mark_safe("")
    context = {"article": article, "comments": threads, "state": state}
    if state.is_open:
        # The form's fields only: its tokens are per reader, fetched by its script.
        context["form"] = CommentForm(article_id=article.pk)
    html = render_to_string("comments/comments_section.html", context, request)
    return mark_safe(html)  # escaped by its template


@register.filter
def comment_count(n: int | None) -> str:
    """`{{ article.approved_comment_count|comment_count }}`: «تعليقان»، «١١ تعليقاً»."""
    return wording.comment_count(int(n or 0))


@register.filter
def thread_size(threads: list[Any]) -> int:
    """How many comments a list of threads shows, replies included."""
    return sum(1 + len(getattr(thread, "approved_replies", [])) for thread in threads)
