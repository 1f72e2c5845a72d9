"""A cold render is fast by itself: with nothing cached at all (every cache alias Django's
DummyCache, the page cache off), an article page runs at most 10 SQL queries and a list page
(home, section, tag, author) at most 12, whatever the length of its lists, and nothing grows
with them (no N+1 on authors, tags, photos, sections or comments)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from jarida.comments.tests.factories import CommentFactory
from jarida.images.tests.factories import NewsImageFactory, jpeg_file
from jarida.news.models import CorrectionNotice, HomePage, InfoPage
from jarida.news.tests.factories import ArticleFactory, AuthorFactory, SectionFactory

pytestmark = pytest.mark.django_db

ARTICLE_LIMIT = 10
LIST_LIMIT = 12
# Tighter: what each page runs today in the costliest case below (comments, a notice, a
# breaking story in the strip, a page in the footer), so that one more query shows here
# rather than as a slower cold render. Lower a number when a change saves a query.
PAGE_BUDGETS = {"article": 9, "home": 9, "section": 8, "tag": 8, "author": 8, "archive": 8}
NOTHING_CACHED = {
    alias: {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    for alias in ("default", "shared", "renditions")
}


@pytest.fixture
def nothing_cached(settings):
    settings.CACHES = NOTHING_CACHED
    settings.PAGE_CACHE_SECONDS = 0


def queries(client, url: str) -> int:
    client.get(url)  # the first view makes the image renditions, once for good
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured.captured_queries)


def add_articles(sections, author, count: int, prefix: str) -> None:
    for n in range(count):
        image = NewsImageFactory(file=jpeg_file(160, 90, name=f"{prefix}{n}.jpg"))
        article = ArticleFactory(
            parent=sections[n % len(sections)],
            tags=["الموازنة", f"{prefix}-{n}"],
            authors=[author],
            lead_image=image,
        )
        CommentFactory(article=article, name="قارئ", body="تعليق منشور")


def test_every_public_page_runs_a_fixed_number_of_queries_whatever_its_length(
    client, nothing_cached
):
    sections = [SectionFactory(title="سياسة"), SectionFactory(title="اقتصاد")]
    author = AuthorFactory(name="ريم الخوري")
    add_articles(sections, author, 3, "a")
    article = sections[0].get_children().live().first().specific
    # The costliest article: comments, a notice, and a breaking story in the strip.
    CommentFactory(article=article, name="سامي", body="تعليق آخر")
    CorrectionNotice.objects.create(article=article, text="صُحّح اسم الوزير")
    ArticleFactory(
        parent=sections[1],
        is_breaking=True,
        breaking_until=timezone.now() + dt.timedelta(hours=1),
    )
    # A plain page in every page's footer (one query of its own).
    home = HomePage.objects.get()
    home.add_child(instance=InfoPage(title="من نحن", slug="about-us")).save_revision().publish()
    pages = {
        "home": "/",
        "section": sections[0].url,
        "tag": "/tags/الموازنة/",
        "author": "/authors/ريم-الخوري/",
        "archive": f"/archive/{article.first_published_at:%Y}/",
    }
    few = {"article": queries(client, article.url)}
    few |= {name: queries(client, url) for name, url in pages.items()}

    add_articles(sections, author, 27, "b")
    many = {"article": queries(client, article.url)}
    many |= {name: queries(client, url) for name, url in pages.items()}

    grew = {name: (few[name], many[name]) for name in few if many[name] > few[name]}
    assert not grew, f"queries grew with the lists (3 articles, 30 articles): {grew}"
    assert many["article"] <= ARTICLE_LIMIT, many
    assert all(many[name] <= LIST_LIMIT for name in pages), many
    over = {name: (many[name], PAGE_BUDGETS[name]) for name in many}
    over = {name: counts for name, counts in over.items() if counts[0] > counts[1]}
    assert not over, f"queries over the page's budget (queries, budget): {over}"


def test_feeds_sitemaps_and_the_api_do_not_grow_with_their_lists(client, nothing_cached):
    section = SectionFactory(title="سياسة")
    author = AuthorFactory(name="ريم الخوري")
    add_articles([section], author, 3, "a")
    urls = {
        "feed": "/feeds/rss/",
        "section feed": f"/feeds{section.url}atom/",
        "sitemap": "/sitemaps/articles.xml",
        "news sitemap": "/sitemaps/news.xml",
        "api": "/api/v1/articles/",
    }
    few = {name: queries(client, url) for name, url in urls.items()}
    add_articles([section], author, 27, "b")
    many = {name: queries(client, url) for name, url in urls.items()}

    grew = {name: (few[name], many[name]) for name in urls if many[name] > few[name]}
    assert not grew, f"queries grew with the list (3 articles, 30 articles): {grew}"
