"""RSS and Atom feeds, read by feedparser the way a feed reader reads them."""

from __future__ import annotations

import datetime as dt
from urllib.parse import unquote, urlsplit

import feedparser
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jarida.distribution.tests.conftest import HEADLINE, SUMMARY, Paper, beirut, many_articles
from jarida.images.tests.factories import NewsImageFactory
from jarida.news.tests.factories import ArticleFactory, AuthorFactory, SectionFactory

pytestmark = pytest.mark.django_db


def feed_paths(paper: Paper) -> dict[str, str]:
    """Every kind of feed, in both formats, for the fixture paper."""
    slugs = {
        "site": "",
        "section": f"{paper.section.slug}/",
        "tag": f"tags/{paper.tag.slug}/",
        "author": f"authors/{paper.author.slug}/",
    }
    return {
        f"{kind} {fmt}": f"/feeds/{prefix}{fmt}/"
        for kind, prefix in slugs.items()
        for fmt in ("rss", "atom")
    }


def read(client, path: str) -> feedparser.FeedParserDict:
    response = client.get(path)
    assert response.status_code == 200, path
    headers = {name.lower(): value for name, value in response.headers.items()}
    return feedparser.parse(response.content, response_headers=headers)


def test_feedparser_reads_every_feed_cleanly_with_the_arabic_intact(client, paper):
    article_url = "http://testserver" + paper.article.url

    for name, path in feed_paths(paper).items():
        feed = read(client, path)

        assert feed.bozo == 0, f"{name}: {feed.get('bozo_exception')}"
        assert feed.feed.language == "ar", name
        assert "جريدة" in feed.feed.title, name
        [entry] = feed.entries
        assert entry.title == HEADLINE, name
        assert entry.summary == SUMMARY, name
        assert entry.link == article_url, name
        assert (
            unquote(urlsplit(entry.link).path) == "/سياسة/البرلمان-يقر-الموازنة-العامة-لعام-2021/"
        )
        assert entry.id == f"http://testserver/a/{paper.article.pk}/", name
        assert entry.author == "ريم الخوري", name
        assert {tag.term for tag in entry.tags} == {"سياسة", "الموازنة", "مجلس النواب"}, name


def test_each_feed_names_its_list(client, paper):
    titles = {name: read(client, path).feed.title for name, path in feed_paths(paper).items()}

    assert titles["site rss"] == titles["site atom"] == "جريدة"
    assert titles["section atom"] == "سياسة | جريدة"
    assert titles["tag rss"] == "وسم: الموازنة | جريدة"
    assert titles["author atom"] == "ريم الخوري | جريدة"


def test_the_lead_photo_travels_as_an_enclosure(client, paper):
    image = paper.article.lead_image

    for name, path in feed_paths(paper).items():
        [entry] = read(client, path).entries
        [enclosure] = entry.enclosures
        assert enclosure.href == f"http://testserver{image.file.url}", name
        assert enclosure.type == "image/jpeg", name
        assert client.get(urlsplit(enclosure.href).path).status_code == 200


def test_dates_carry_the_newsroom_offset(client, paper):
    rss = client.get("/feeds/rss/").content.decode()
    atom = client.get("/feeds/atom/").content.decode()

    # RFC 822 with a numeric offset in RSS; ISO 8601 with the offset in Atom.
    assert "<pubDate>Fri, 23 Jul 2021 09:30:00 +0300</pubDate>" in rss
    assert "<published>2021-07-23T09:30:00+03:00</published>" in atom
    # Atom's `updated` is the last substantive update, not a typo fix.
    assert "<updated>2021-07-23T20:02:00+03:00</updated>" in atom
    entry = feedparser.parse(rss).entries[0]
    assert entry.published_parsed[:6] == (2021, 7, 23, 6, 30, 0)  # the same instant in UTC


def test_a_section_feed_carries_only_its_own_articles(client, paper):
    ArticleFactory(parent=SectionFactory(title="رياضة"), title="النجمة يفوز بالكأس")

    section_titles = [e.title for e in read(client, f"/feeds/{paper.section.slug}/rss/").entries]
    site_titles = [e.title for e in read(client, "/feeds/rss/").entries]

    assert section_titles == [HEADLINE]
    assert "النجمة يفوز بالكأس" in site_titles


def test_feeds_answer_with_their_own_media_types(client, paper):
    assert client.get("/feeds/rss/")["Content-Type"].startswith("application/rss+xml")
    assert client.get("/feeds/atom/")["Content-Type"].startswith("application/atom+xml")


def test_unknown_sections_tags_and_authors_have_no_feed(client, paper):
    for path in ("/feeds/لا-يوجد/rss/", "/feeds/tags/لا-يوجد/rss/", "/feeds/authors/لا-يوجد/atom/"):
        assert client.get(path).status_code == 404, path
    assert client.get("/feeds/json/").status_code == 404


def test_a_feed_carries_the_newest_fifty_in_a_fixed_number_of_queries(
    client, paper, django_assert_max_num_queries
):
    client.get("/feeds/rss/")  # Wagtail caches the site's root paths on first use
    with CaptureQueriesContext(connection) as one_article:
        read(client, "/feeds/rss/")
    start = dt.datetime(2021, 8, 1, tzinfo=dt.UTC)
    many_articles(paper.section, 55, start, author=AuthorFactory(), lead_image=NewsImageFactory())

    with django_assert_max_num_queries(8):
        entries = read(client, "/feeds/rss/").entries

    assert len(entries) == 50
    assert entries[0].title == "خبر رقم 54" and entries[-1].title == "خبر رقم 5"
    # Nothing is fetched per item: fifty cost what one did.
    with CaptureQueriesContext(connection) as fifty_articles:
        client.get("/feeds/rss/")
    assert len(fifty_articles) == len(one_article)


def test_the_feed_length_is_a_setting(client, paper, settings):
    settings.FEED_ITEMS = 2
    for day in (24, 25, 26):
        ArticleFactory(parent=paper.section, first_published_at=beirut(day))

    assert len(read(client, "/feeds/atom/").entries) == 2


def test_a_feed_reader_polling_an_unchanged_feed_gets_a_304(client, paper):
    first = client.get("/feeds/rss/")

    unchanged = client.get("/feeds/rss/", headers={"If-None-Match": first["ETag"]})
    paper.article.unpublish()
    removed = client.get("/feeds/rss/", headers={"If-None-Match": first["ETag"]})

    assert unchanged.status_code == 304
    # A feed's newest date is no proof that nothing changed: an article may have gone.
    assert "Last-Modified" not in first
    assert removed.status_code == 200 and HEADLINE not in removed.content.decode()
