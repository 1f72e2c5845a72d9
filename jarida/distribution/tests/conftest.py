"""A small Arabic paper that every distribution test reads: one section, one author, a tag,
and an article with a credited photo, published in July (Beirut is then at +03:00)."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass

import pytest

from jarida.images.tests.factories import NewsImageFactory
from jarida.news.models import ArticleAuthor, ArticlePage, Author, SectionPage, Tag
from jarida.news.tests.factories import ArticleFactory, AuthorFactory, SectionFactory

BEIRUT = zoneinfo.ZoneInfo("Asia/Beirut")
HEADLINE = "البرلمانُ يُقـرّ الموازنة العامة لعام ٢٠٢١"
SUMMARY = "مجلس النواب يصوّت على الموازنة بعد جلسة استمرّت ١٢ ساعة."


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    """These tests change the paper between requests inside one test transaction, where no
    commit (and so no purge) ever happens: they read every answer fresh. What the page cache
    does with feeds, sitemaps and the API is tested in jarida/news/tests/test_cache_rules.py
    and test_cache_coherence.py."""
    settings.PAGE_CACHE_SECONDS = 0


def beirut(day: int, hour: int = 9, minute: int = 30, month: int = 7) -> dt.datetime:
    return dt.datetime(2021, month, day, hour, minute, tzinfo=BEIRUT)


@dataclass
class Paper:
    section: SectionPage
    author: Author
    tag: Tag
    article: ArticlePage


@pytest.fixture
def paper(db) -> Paper:
    section = SectionFactory(title="سياسة", description="أخبار السياسة المحلية.")
    author = AuthorFactory(name="ريم الخوري")
    article = ArticleFactory(
        parent=section,
        title=HEADLINE,
        summary=SUMMARY,
        byline="بيروت - جريدة",
        first_published_at=beirut(23),
        updated_at=beirut(23, 20, 2),
        authors=[author],
        tags=["الموازنة", "مجلس النواب"],
        lead_image=NewsImageFactory(caption="نواب في قاعة المجلس", credit="© رويترز"),
    )
    return Paper(
        section=section,
        author=author,
        tag=Tag.objects.get(name="الموازنة"),
        article=ArticlePage.objects.get(pk=article.pk),
    )


def many_articles(
    section: SectionPage, count: int, start: dt.datetime, **fields: object
) -> list[ArticlePage]:
    """`count` live articles an hour apart from `start`, added straight to the tree (no
    revision history): for tests that need volume, not the editor's path."""
    author = fields.pop("author", None)
    articles = []
    for n in range(count):
        article = ArticlePage(
            title=f"خبر رقم {n}",
            summary="موجز الخبر.",
            first_published_at=start + dt.timedelta(hours=n),
            live=True,
            **fields,
        )
        if author is not None:
            article.article_authors = [ArticleAuthor(author=author)]
        article.tags.set([f"وسم {n % 3}"])
        section.add_child(instance=article)
        articles.append(article)
    return articles
