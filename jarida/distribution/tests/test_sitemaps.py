"""Sitemaps and robots.txt, read the way a crawler reads them: from robots.txt down."""

from __future__ import annotations

import datetime as dt
from urllib.parse import unquote, urlsplit
from xml.etree import ElementTree

import pytest
from django.utils import timezone

from jarida.distribution.tests.conftest import HEADLINE, beirut, many_articles
from jarida.news.tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

NS = {
    "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "news": "http://www.google.com/schemas/sitemap-news/0.9",
}


def fetch_xml(client, url: str) -> ElementTree.Element:
    parts = urlsplit(url)
    response = client.get(parts.path + (f"?{parts.query}" if parts.query else ""))
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("application/xml"), url
    return ElementTree.fromstring(response.content)


def index_locations(client) -> list[str]:
    return [loc.text for loc in fetch_xml(client, "/sitemap.xml").iterfind("sm:sitemap/sm:loc", NS)]


def urls_in(client, sitemap_url: str) -> dict[str, ElementTree.Element]:
    return {
        url.findtext("sm:loc", namespaces=NS): url
        for url in fetch_xml(client, sitemap_url).iterfind("sm:url", NS)
    }


def test_robots_txt_points_crawlers_to_the_sitemaps(client, paper):
    response = client.get("/robots.txt")

    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines and "Disallow: /admin/" in lines
    sitemaps = [line.removeprefix("Sitemap: ") for line in lines if line.startswith("Sitemap:")]
    assert sitemaps == ["http://testserver/sitemap.xml", "http://testserver/sitemaps/news.xml"]
    for url in sitemaps:
        fetch_xml(client, url)


def test_the_index_leads_to_every_article_and_section_by_its_arabic_url(client, paper):
    urls: dict[str, ElementTree.Element] = {}
    for sitemap_url in index_locations(client):
        urls.update(urls_in(client, sitemap_url))

    paths = {unquote(urlsplit(loc).path) for loc in urls}
    assert {"/", "/سياسة/", "/سياسة/البرلمان-يقر-الموازنة-العامة-لعام-2021/"} <= paths
    for loc in urls:
        assert loc.startswith("http://testserver/") and loc.isascii(), loc
        assert client.get(urlsplit(loc).path).status_code == 200, unquote(loc)


def test_lastmod_is_the_last_substantive_update_with_the_newsroom_offset(client, paper):
    # A typo fix republishes the article (Wagtail's last_published_at moves) ...
    article = paper.article
    article.title = HEADLINE + "."
    article.save_revision().publish()

    [entry] = urls_in(client, "/sitemaps/articles.xml").values()

    # ... but the sitemap keeps the time of the last substantive update.
    assert entry.findtext("sm:lastmod", namespaces=NS) == "2021-07-23T20:02:00+03:00"


def test_an_article_never_updated_is_last_modified_when_first_published(client, paper):
    ArticleFactory(parent=paper.section, first_published_at=beirut(25, 8, 0))

    lastmods = [
        url.findtext("sm:lastmod", namespaces=NS)
        for url in urls_in(client, "/sitemaps/articles.xml").values()
    ]

    assert lastmods == ["2021-07-23T20:02:00+03:00", "2021-07-25T08:00:00+03:00"]


def test_article_sitemaps_are_paginated_oldest_first(client, paper, settings):
    settings.SITEMAP_PAGE_SIZE = 2
    many_articles(paper.section, 4, dt.datetime(2021, 8, 1, tzinfo=dt.UTC))

    locations = index_locations(client)
    article_pages = [loc for loc in locations if "/sitemaps/articles.xml" in loc]

    assert article_pages == [
        "http://testserver/sitemaps/articles.xml",
        "http://testserver/sitemaps/articles.xml?p=2",
        "http://testserver/sitemaps/articles.xml?p=3",
    ]
    pages = [list(urls_in(client, page)) for page in article_pages]
    assert [len(page) for page in pages] == [2, 2, 1]
    every = [unquote(urlsplit(loc).path) for page in pages for loc in page]
    assert every[0].endswith("البرلمان-يقر-الموازنة-العامة-لعام-2021/")
    assert [path.rsplit("/", 2)[1] for path in every[1:]] == [f"خبر-رقم-{n}" for n in range(4)]
    assert client.get("/sitemaps/articles.xml?p=4").status_code == 404


def test_the_page_size_never_passes_googles_limit(settings):
    from jarida.distribution.sitemaps import ArticleSitemap

    settings.SITEMAP_PAGE_SIZE = 100_000

    assert ArticleSitemap().limit == 50_000


def test_the_news_sitemap_has_the_last_48_hours_for_google_news(client, paper, settings):
    settings.GOOGLE_NEWS_PUBLICATION_NAME = "جريدة بيروت"
    now = timezone.now()
    ArticleFactory(
        parent=paper.section,
        title="عاجل: جلسة حكومية",
        first_published_at=now - dt.timedelta(hours=2),
    )
    ArticleFactory(
        parent=paper.section, title="خبر الأمس", first_published_at=now - dt.timedelta(hours=47)
    )
    ArticleFactory(
        parent=paper.section, title="خبر قديم", first_published_at=now - dt.timedelta(hours=49)
    )

    root = fetch_xml(client, "/sitemaps/news.xml")

    entries = root.findall("sm:url/news:news", NS)
    assert [e.findtext("news:title", namespaces=NS) for e in entries] == [
        "عاجل: جلسة حكومية",
        "خبر الأمس",
    ]
    first = entries[0]
    assert first.findtext("news:publication/news:name", namespaces=NS) == "جريدة بيروت"
    assert first.findtext("news:publication/news:language", namespaces=NS) == "ar"
    published = dt.datetime.fromisoformat(first.findtext("news:publication_date", namespaces=NS))
    assert published.utcoffset() in (dt.timedelta(hours=2), dt.timedelta(hours=3))
    assert abs(published - (now - dt.timedelta(hours=2))) < dt.timedelta(seconds=1)


def test_the_sections_sitemap_dates_each_section_by_its_latest_article(client, paper):
    ArticleFactory(parent=paper.section, first_published_at=beirut(30, 18, 0))

    urls = {
        unquote(urlsplit(loc).path): url
        for loc, url in urls_in(client, "/sitemaps/sections.xml").items()
    }

    assert urls["/"].findtext("sm:lastmod", namespaces=NS) == "2021-07-30T18:00:00+03:00"
    assert urls["/سياسة/"].findtext("sm:lastmod", namespaces=NS) == "2021-07-30T18:00:00+03:00"


def test_an_article_sitemap_page_costs_a_fixed_number_of_queries(
    client, paper, django_assert_max_num_queries
):
    many_articles(paper.section, 30, dt.datetime(2021, 8, 1, tzinfo=dt.UTC))
    client.get("/sitemaps/articles.xml")  # Wagtail caches the site's root paths on first use

    # The count, the page, and the next moment the site changes by itself (how long the
    # answer may be kept).
    with django_assert_max_num_queries(4):
        assert len(urls_in(client, "/sitemaps/articles.xml")) == 31
    # The index: a handful per sitemap (Wagtail's `public()` reads the view restrictions
    # each time), however many articles there are.
    with django_assert_max_num_queries(16):
        fetch_xml(client, "/sitemap.xml")


def test_an_unchanged_sitemap_is_a_304(client, paper):
    etag = client.get("/sitemaps/articles.xml")["ETag"]

    assert client.get("/sitemaps/articles.xml", headers={"If-None-Match": etag}).status_code == 304
