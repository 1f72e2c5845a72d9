"""Purging a CDN or Varnish in front of the site, through Wagtail's frontend cache backends
(`WAGTAILFRONTENDCACHE`, configured from FRONTEND_CACHE_* variables). Nothing happens when
no backend is configured. Pages are purged by URL: the article, its short link and every list
that shows it; deeper pages of a list age out with their `s-maxage`."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import transaction
from wagtail.contrib.frontend_cache.utils import PurgeBatch

from jarida.news.models import HomePage, SectionPage


def enabled() -> bool:
    return bool(getattr(settings, "WAGTAILFRONTENDCACHE", None))


def _absolute(path: str) -> str:
    return path if path.startswith("http") else f"{settings.SITE_URL}{path}"


def purge_urls(urls: Iterable[str]) -> None:
    if not enabled():
        return
    batch = PurgeBatch()
    batch.add_urls(sorted({_absolute(url) for url in urls if url}))
    transaction.on_commit(batch.purge)


def article_urls(article: Any) -> list[str]:
    urls = [article.full_url or "", _absolute(article.get_short_url())]
    parent = article.get_parent()
    urls += [parent.full_url or "" if parent else ""]
    urls += [home.full_url or "" for home in HomePage.objects.all()]
    urls += [_absolute(tag.get_absolute_url()) for tag in article.tags.all()]
    urls += [_absolute(author.get_absolute_url()) for author in article.authors]
    urls += [_absolute(path) for path in ("/corrections/", "/sitemap.xml")]
    return urls


def purge_article(article: Any) -> None:
    if enabled():
        purge_urls(article_urls(article))


def purge_everything() -> None:
    """The pages every reader lands on; the rest follow within their `s-maxage`."""
    if enabled():
        purge_urls(
            [page.full_url or "" for page in [*HomePage.objects.all(), *SectionPage.objects.live()]]
        )
