"""Audit entries Wagtail does not write itself: correction notices, with who published them."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver
from wagtail.log_actions import log
from wagtail.signals import page_published

from jarida.news.models import ArticlePage


@receiver(page_published, sender=ArticlePage)
def log_new_notices(sender: type, instance: ArticlePage, revision: Any, **kwargs: Any) -> None:
    for notice in getattr(instance, "new_notices", []):
        log(
            instance=instance,
            action="newsroom.notice",
            user=revision.user if revision else None,
            data={"kind": notice.kind, "label": notice.get_kind_display(), "text": notice.text},
            revision=revision,
        )
    instance.new_notices = []
