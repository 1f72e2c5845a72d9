"""An article that leaves the site leaves «الأكثر قراءة» at once, not at the next refresh:
the list is recomputed, and since every article page shows it, every stored page is purged
(rare: only when the article leaving was on the list)."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_save
from django.dispatch import receiver
from wagtail.signals import page_unpublished

from jarida.news import cache_rules
from jarida.news.models import ArticlePage, Takedown
from jarida.readership.models import most_read, refresh


def _left(article_id: int) -> None:
    if any(entry.get("id") == article_id for entry in most_read()):
        refresh()
        cache_rules.purge_everything()


@receiver(page_unpublished, sender=ArticlePage)
def article_unpublished(sender: type, instance: ArticlePage, **kwargs: Any) -> None:
    _left(instance.pk)


@receiver(post_save, sender=Takedown)
def article_taken_down(sender: type, instance: Takedown, **kwargs: Any) -> None:
    _left(instance.article_id)
