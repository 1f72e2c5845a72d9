"""Taking an article down, and lifting a takedown: the two actions on publication state that
the newsroom's chief holds (the `news.take_down_article` permission).

A takedown unpublishes the article (so Wagtail's unpublish signal reaches every surface that
listens: search index, caches, CDN), cancels any scheduled publication, and records who and
why. While it is active, `PublicationGuard.publish()` (articles, live pages) refuses every
publish, `published()` excludes the page, and its URLs answer 410 Gone
(`jarida.news.models.publication`).
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from wagtail.log_actions import log
from wagtail.models import Page

from jarida.news.models import Takedown

PERMISSION = "news.take_down_article"


class TakedownError(Exception):
    pass


@transaction.atomic
def take_down(article: Page, user: AbstractBaseUser | None, reason: str) -> Takedown:
    """Take down `article` (an article or a live coverage page: any `PublicationGuard`)."""
    reason = reason.strip()
    if not reason:
        raise TakedownError("اكتب سبب السحب: يبقى في سجل الخبر.")
    # The article's row is locked first: a publish racing this takedown waits for it, then
    # finds the takedown (`PublicationGuard.publish()` takes the same lock before it looks).
    Page.objects.select_for_update().filter(pk=article.pk).values_list("pk").first()
    # The stored page, not the object passed in, which may be older than a publish: it
    # would stay live (hidden only by `published()`, no cached list purged), and its
    # unpublish would save its old fields over the new ones.
    article.refresh_from_db()
    if Takedown.objects.active().filter(article=article).exists():
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
