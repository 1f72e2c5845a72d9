"""A section's pages, however deep: counted and cut from one index (`page_parent_newest`),
and showing exactly what a reader may see, in order. Pages in the second half are read from
the far end of the list, in reverse, so the deepest page is where a mistake would show."""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from jarida.news import publication as takedowns
from jarida.news.models import ArticlePage, SectionPage
from jarida.news.tests.factories import ArticleFactory, SectionFactory
from jarida.news.tests.html import soup, visible_text

pytestmark = pytest.mark.django_db

BEIRUT = zoneinfo.ZoneInfo("Asia/Beirut")
INDEX = "page_parent_newest"


def at(day: int, hour: int = 12) -> dt.datetime:
    return dt.datetime(2021, 7, day, hour, tzinfo=BEIRUT)


def headlines(html: str) -> list[str]:
    return [a.get_text() for a in soup(html).select(".card-title a")]


def move(article: ArticlePage, section: SectionPage) -> None:
    """As the admin moves a page: to the end of a freshly read section."""
    article.move(SectionPage.objects.get(pk=section.pk), pos="last-child")


def listing_queries(client, url: str) -> list[str]:
    """The SQL of the page count and of the page's ids, as the request ran them."""
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    found = [
        q["sql"]
        for q in queries.captured_queries
        if 'FROM "wagtailcore_page" WHERE' in q["sql"]
        and ("COUNT(*)" in q["sql"] or "ORDER BY" in q["sql"])
    ]
    assert len(found) == 2, found
    return found


def plan(sql: str) -> list[str]:
    """The query plan, one line per step."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # A test database holds a few rows, where reading the table and sorting is rightly
            # cheaper: the question is whether the index can answer the query, in its order,
            # at all, so the planner is told to avoid the alternatives (for this test's
            # transaction only).
            for setting in ("seqscan", "bitmapscan", "sort", "incremental_sort"):
                cursor.execute(f"SET LOCAL enable_{setting} = off")
            cursor.execute("EXPLAIN " + sql)
        else:
            cursor.execute("EXPLAIN QUERY PLAN " + sql)
        return [str(row[-1]) for row in cursor.fetchall()]


def test_the_deepest_page_shows_the_oldest_articles_a_reader_may_see(client, settings):
    settings.ARTICLES_PER_PAGE = 3
    local, sport = SectionFactory(title="محليات"), SectionFactory(title="رياضة")
    shown = [
        ArticleFactory(parent=local, title=f"خبر محلي {n}", first_published_at=at(2 + n // 3))
        for n in range(9)
    ]
    moved_in = ArticleFactory(parent=sport, title="نُقل إلى المحليات", first_published_at=at(1))
    move(moved_in, local)
    shown.append(ArticlePage.objects.get(pk=moved_in.pk))
    # Each of these, were it listed, would land on the last page, beside `moved_in`.
    moved_out = ArticleFactory(parent=local, title="نُقل إلى الرياضة", first_published_at=at(1, 9))
    move(moved_out, sport)
    ArticleFactory(parent=sport, title="خبر رياضي", first_published_at=at(1, 10))
    ArticleFactory(parent=local, title="مسودة لم تُنشر", publish=False)
    ArticleFactory(parent=local, title="أُلغي نشره", first_published_at=at(1, 11)).unpublish()
    expired = ArticleFactory(parent=local, title="انتهت مدته", first_published_at=at(1, 13))
    ArticlePage.objects.filter(pk=expired.pk).update(
        expire_at=timezone.now() - dt.timedelta(minutes=1)  # the scheduler has not run since
    )
    taken_down = ArticleFactory(
        parent=local, title="سُحب ثم أُعيد نشره", first_published_at=at(1, 14)
    )
    takedowns.take_down(taken_down, None, "طلب قضائي")
    # Live again by a write no publish rule sees; the takedown still stands.
    ArticlePage.objects.filter(pk=taken_down.pk).update(live=True)
    expected = [
        a.title for a in sorted(shown, key=lambda a: (a.first_published_at, a.pk), reverse=True)
    ]

    html = [client.get(f"{local.url}?page={n}").content.decode() for n in (1, 2, 3, 4)]

    pages = [headlines(page) for page in html]
    assert [len(page) for page in pages] == [3, 3, 3, 1]
    assert [title for page in pages for title in page] == expected
    assert pages[-1] == ["نُقل إلى المحليات"]
    assert "صفحة 4 من 4" in visible_text(html[-1])
    assert client.get(f"{local.url}?page=99").status_code == 404


@pytest.mark.parametrize("number", [2, 5], ids=["an offset from the front", "the deepest"])
def test_a_page_is_counted_and_cut_from_the_parent_index_in_its_order(client, settings, number):
    """From the index alone, in its order, with no sort: an offset is a walk over index
    entries, and the deepest page (5 of 5) is read from the other end, as page 1 is."""
    settings.ARTICLES_PER_PAGE = 2
    section = SectionFactory(title="اقتصاد")
    for n in range(9):
        ArticleFactory(parent=section, title=f"خبر اقتصادي {n}", first_published_at=at(1 + n))

    for sql in listing_queries(client, f"{section.url}?page={number}"):
        steps = plan(sql)

        if connection.vendor == "postgresql":
            # Index Only Scan wherever the visibility map allows; a fresh test table may not.
            # A count needs no order: on a table this small PostgreSQL may as well count
            # through another index (with the corpus imported it counts from this one alone,
            # index-only), but a page of ids in order can only come from this one.
            if not sql.startswith("SELECT COUNT("):
                assert any(
                    re.search(rf"Index (Only )?Scan (Backward )?using {INDEX}", s) for s in steps
                ), steps
            assert not any("Sort" in s or "Seq Scan on wagtailcore_page" in s for s in steps), steps
        else:
            assert any(f"USING COVERING INDEX {INDEX}" in s for s in steps), steps
            assert not any("TEMP B-TREE" in s for s in steps), steps
