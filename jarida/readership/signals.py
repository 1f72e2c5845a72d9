"""An article that leaves the site leaves «الأكثر قراءة» at once, not at the next refresh."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_save
from django.dispatch import receiver
from wagtail.signals import page_unpublished

from jarida.news.models import ArticlePage, Takedown
from jarida.readership.models import most_read, refresh


@receiver(page_unpublished, sender=ArticlePage)
@receiver(post_save, sender=Takedown)
def article_left(sender: type, **kwargs: Any) -> None:
    if most_read():
        refresh()
