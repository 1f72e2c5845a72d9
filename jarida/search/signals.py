"""Keep the index in step with what readers see, through Wagtail's own signals.

Publishing (from the admin, a workflow, the importer, or `publish_scheduled` for scheduled
articles) fires `page_published`; unpublishing (by hand, a takedown, or expiry) fires
`page_unpublished`. Deleting an article deletes its row by the foreign key's cascade, and a
move needs nothing: section and URL are read from the page tree at query time.

Wagtail also sends `page_published` when an editor only *schedules* a page that has never been
live (a go-live time in the future): the page stays `live=False`, so it must not be indexed.
"""

from __future__ import annotations

from typing import Any

from wagtail.signals import page_published, page_unpublished

from jarida.news.models import ArticlePage
from jarida.search.documents import index_articles, remove_articles


def article_published(sender: type, instance: ArticlePage, **kwargs: Any) -> None:
    if not instance.live:  # scheduled, not published
        remove_articles([instance.pk])
        return
    # Re-read from the database: published() also checks expiry, takedowns and privacy.
    index_articles([instance.pk])


def article_unpublished(sender: type, instance: ArticlePage, **kwargs: Any) -> None:
    remove_articles([instance.pk])


def connect() -> None:
    page_published.connect(article_published, sender=ArticlePage, dispatch_uid="search-publish")
    page_unpublished.connect(
        article_unpublished, sender=ArticlePage, dispatch_uid="search-unpublish"
    )
