"""What readers see under an article has changed: `news.signals.article_page_changed`.

Sent with `article` (the ArticlePage) when a comment becomes visible or stops being visible
(approved, un-approved, rejected or marked spam after approval, deleted), when a visible
comment is edited, and when the article's comment settings change. The paper's cache rules
purge what shows it (`jarida.news.cache_rules`); this app caches nothing itself.

It is sent after the transaction commits (a purge before the commit would let a reader cache
the old page again), and once per article per transaction however many comments changed.
"""

from __future__ import annotations

import threading

from django.db import transaction

from jarida.news.signals import article_page_changed

_pending = threading.local()


def _pending_ids() -> set[int]:
    if not hasattr(_pending, "ids"):
        _pending.ids = set()
    return _pending.ids  # type: ignore[no-any-return]


def notify(article_id: int) -> None:
    """Announce the change to the article once the current transaction commits."""
    _pending_ids().add(article_id)
    transaction.on_commit(lambda: _send(article_id))


def _send(article_id: int) -> None:
    # Several on_commit callbacks for one article in one transaction: the first sends, the
    # rest find it gone. An id left behind by a rolled-back transaction is sent with the next
    # change to that article, which is harmless.
    pending = _pending_ids()
    if article_id not in pending:
        return
    pending.discard(article_id)
    from jarida.comments.models import Comment
    from jarida.news.models import ArticlePage

    article = ArticlePage.objects.filter(pk=article_id).first()
    if article is not None:  # gone with its comments: the page's own deletion purges it
        article_page_changed.send(sender=Comment, article=article)
