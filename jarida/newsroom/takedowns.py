"""Takedown: one action that removes an article from every public surface.

It unpublishes the article (so Wagtail's unpublish signal reaches every surface that listens:
search index, caches), cancels any scheduled republication, records who and why, and leaves an
active `Takedown` that `published()` excludes and the editor refuses to republish over.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from wagtail.log_actions import log

from jarida.news.models import ArticlePage
from jarida.newsroom.models import Takedown


class TakedownError(Exception):
    pass


@transaction.atomic
def take_down(article: ArticlePage, user: AbstractBaseUser | None, reason: str) -> Takedown:
    reason = reason.strip()
    if not reason:
        raise TakedownError("اكتب سبب السحب: يبقى في سجل الخبر.")
    if article.takedowns.active().exists():
        raise TakedownError("هذا الخبر مسحوب أصلاً.")
    article.revisions.update(approved_go_live_at=None)
    if article.live:
        article.unpublish(user=user, log_action=True)
    takedown = Takedown.objects.create(article=article, reason=reason, taken_down_by=user)
    log(instance=article, action="newsroom.takedown", user=user, data={"reason": reason})
    return takedown


@transaction.atomic
def lift(takedown: Takedown, user: AbstractBaseUser | None) -> None:
    """End a takedown; the article stays unpublished until an editor publishes it again."""
    takedown.lifted_at = timezone.now()
    takedown.lifted_by = user
    takedown.save(update_fields=["lifted_at", "lifted_by"])
    log(
        instance=takedown.article,
        action="newsroom.takedown_lifted",
        user=user,
        data={"reason": takedown.reason},
    )
