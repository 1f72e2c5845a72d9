"""Keeping what the news app caches in step with the database."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import PageViewRestriction

from jarida.pagecache.tags import ALL, purge, purge_now


@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
def view_restrictions_changed(sender: type, **kwargs: Any) -> None:
    purge_now(["restrictions"])  # at once: the admin's next request must see it
    purge([ALL])  # pages and lists may now show (or hide) what the restriction covers
