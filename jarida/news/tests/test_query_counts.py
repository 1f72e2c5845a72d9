"""Uncached renders run a fixed number of queries, however long their lists: no N+1 on
authors, tags, images or sections (measured with the page cache off, renditions warm)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jarida.images.tests.factories import NewsImageFactory, jpeg_file
from jarida.news.tests.factories import ArticleFactory, AuthorFactory, SectionFactory

pytestmark = pytest.mark.django_db


def queries(client, url: str) -> int:
    client.get(url)  # the first view makes the image renditions, once for good
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured.captured_queries)


def add_articles(section, author, count: int, prefix: str) -> None:
    for n in range(count):
        image = NewsImageFactory(file=jpeg_file(160, 90, name=f"{prefix}{n}.jpg"))
        ArticleFactory(
            parent=section, tags=["الموازنة", f"{prefix}-{n}"], authors=[author], lead_image=image
        )


def test_every_public_page_costs_the_same_queries_with_3_or_30_articles(client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    section = SectionFactory(title="سياسة")
    author = AuthorFactory(name="ريم الخوري")
    add_articles(section, author, 3, "a")
    article = section.get_children().live().first().specific
    urls = {
        "home": "/",
        "section": section.url,
        "article": article.url,
        "tag": "/tags/الموازنة/",
        "author": "/authors/ريم-الخوري/",
        "archive": f"/archive/{article.first_published_at:%Y}/",
        "feed": "/feeds/rss/",
        "section feed": f"/feeds{section.url}atom/",
        "sitemap": "/sitemaps/articles.xml",
        "news sitemap": "/sitemaps/news.xml",
        "api": "/api/v1/articles/",
    }
    few = {name: queries(client, url) for name, url in urls.items()}

    add_articles(section, author, 27, "b")
    many = {name: queries(client, url) for name, url in urls.items()}

    grew = {name: (few[name], many[name]) for name in urls if many[name] > few[name]}
    assert not grew, f"queries grew with the list (3 articles, 30 articles): {grew}"
    assert max(many.values()) <= 35, many
