"""One truth: an article a reader may not see appears on no surface at all.

A draft, an article scheduled for tomorrow, one past its expiry (before the scheduler has
unpublished it), an unpublished one and a taken-down one all share a section, a tag, an
author and a day with a published article. That published article shows on every surface,
so each "absent" below is a real check; the others show on none: pages, lists, feeds,
sitemaps, the API and search.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from urllib.parse import unquote, urlsplit
from xml.etree import ElementTree

import pytest
from django.utils import timezone

from jarida.distribution.tests.conftest import Paper
from jarida.news import publication as takedowns
from jarida.news.models import ArticlePage
from jarida.news.tests.factories import ArticleFactory, AuthorFactory

pytestmark = pytest.mark.django_db

VISIBLE = "الموازنة: خبر منشور للقراء"
HIDDEN_TITLES = {
    "draft": "الموازنة: مسودة لم تُنشر",
    "scheduled": "الموازنة: خبر مجدول للغد",
    "expired": "الموازنة: خبر انتهت مدة نشره",
    "unpublished": "الموازنة: خبر أُلغي نشره",
    "taken_down": "الموازنة: خبر سُحب بقرار التحرير",
}


def take_down(article: ArticlePage) -> None:
    takedowns.take_down(article, None, "طلب قضائي")


@pytest.fixture
def site(paper: Paper) -> dict[str, ArticlePage]:
    """The visible article and one article in each hidden state, all from the last hour."""
    now = timezone.now()
    common = {
        "parent": paper.section,
        "tags": [paper.tag.name],
        "first_published_at": now - dt.timedelta(hours=1),
    }
    articles = {"visible": ArticleFactory(title=VISIBLE, authors=[paper.author], **common)}
    # The hidden ones also have an author known only by them.
    common["authors"] = [paper.author, AuthorFactory(name="كاتب لم يُنشر له شيء")]

    articles["draft"] = ArticleFactory(title=HIDDEN_TITLES["draft"], publish=False, **common)

    scheduled = ArticleFactory(
        title=HIDDEN_TITLES["scheduled"],
        publish=False,
        go_live_at=now + dt.timedelta(days=1),
        **{**common, "first_published_at": None},
    )
    scheduled.save_revision().publish()  # Wagtail schedules it instead of making it live
    articles["scheduled"] = scheduled

    expired = ArticleFactory(title=HIDDEN_TITLES["expired"], **common)
    # Its expiry passed a minute ago and the scheduler has not run since.
    ArticlePage.objects.filter(pk=expired.pk).update(expire_at=now - dt.timedelta(minutes=1))
    articles["expired"] = expired

    unpublished = ArticleFactory(title=HIDDEN_TITLES["unpublished"], **common)
    unpublished.unpublish()
    articles["unpublished"] = unpublished

    taken_down = ArticleFactory(title=HIDDEN_TITLES["taken_down"], **common)
    take_down(taken_down)
    articles["taken_down"] = taken_down

    articles = {name: ArticlePage.objects.get(pk=a.pk) for name, a in articles.items()}
    assert not articles["scheduled"].live and articles["scheduled"].go_live_at is not None
    assert articles["expired"].live  # still live: only published() keeps it away
    return articles


def hidden(site: dict[str, ArticlePage]) -> dict[str, ArticlePage]:
    return {name: article for name, article in site.items() if name != "visible"}


def assert_only_visible(text: str, site: dict[str, ArticlePage], where: str) -> None:
    assert VISIBLE in text, f"the published article is missing from {where}"
    for state, article in hidden(site).items():
        assert article.title not in text, f"{state} article shows on {where}"


def test_hidden_articles_have_no_page_and_are_in_no_list(client, site, paper):
    assert client.get(site["visible"].url).status_code == 200
    assert client.get(f"/a/{site['visible'].pk}/").status_code == 301
    for state, article in hidden(site).items():
        assert client.get(article.url).status_code in (404, 410), state
        assert client.get(f"/a/{article.pk}/").status_code in (404, 410), state

    today = timezone.localdate(timezone.now(), zoneinfo.ZoneInfo("Asia/Beirut"))
    lists = [
        "/",
        paper.section.url,
        paper.tag.get_absolute_url(),
        paper.author.get_absolute_url(),
        f"/archive/{today.year}/",
        f"/archive/{today.year}/{today.month}/",
        f"/archive/{today.year}/{today.month}/{today.day}/",
    ]
    for path in lists:
        response = client.get(path)
        assert response.status_code == 200, path
        assert_only_visible(response.content.decode(), site, unquote(path))
    # Nor among the published article's related articles.
    related = client.get(paper.article.url).content.decode()
    for state, article in hidden(site).items():
        assert article.title not in related, state


def test_hidden_articles_are_in_no_feed_and_no_sitemap(client, site, paper):
    prefixes = ["", paper.section.url.lstrip("/"), f"tags/{paper.tag.slug}/"]
    prefixes.append(f"authors/{paper.author.slug}/")
    for prefix in prefixes:
        for fmt in ("rss", "atom"):
            path = f"/feeds/{prefix}{fmt}/"
            response = client.get(path)
            assert response.status_code == 200, path
            text = response.content.decode()
            assert_only_visible(text, site, unquote(path))
            for state, article in hidden(site).items():
                assert f"/a/{article.pk}/" not in text, (state, path)

    ns = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    index = ElementTree.fromstring(client.get("/sitemap.xml").content)
    sitemaps = [loc.text for loc in index.iterfind("sm:sitemap/sm:loc", ns)]
    assert any("news.xml" in url for url in sitemaps)
    listed: list[str] = []
    for url in sitemaps:
        parts = urlsplit(url)
        response = client.get(parts.path + (f"?{parts.query}" if parts.query else ""))
        listed += [
            urlsplit(loc.text).path
            for loc in ElementTree.fromstring(response.content).iter(f"{{{ns['sm']}}}loc")
        ]
        if "news.xml" in url:
            assert_only_visible(response.content.decode(), site, "the Google News sitemap")

    assert site["visible"].url in listed
    for state, article in hidden(site).items():
        assert article.url not in listed, state


def test_hidden_articles_are_in_no_api_answer_and_no_search_result(client, site, paper):
    today = timezone.localdate(timezone.now(), zoneinfo.ZoneInfo("Asia/Beirut")).isoformat()
    queries = [
        "",
        f"?section={paper.section.slug}",
        f"?tag={paper.tag.slug}",
        f"?author={paper.author.slug}",
        f"?date_from={today}&date_to={today}",
    ]
    for query in queries:
        response = client.get(f"/api/v1/articles/{query}")
        assert response.status_code == 200, query
        assert_only_visible(response.content.decode(), site, f"/api/v1/articles/{query}")

    assert client.get(f"/api/v1/articles/{site['visible'].pk}/").status_code == 200
    for state, article in hidden(site).items():
        assert client.get(f"/api/v1/articles/{article.pk}/").status_code == 404, state
    # The author known only by hidden articles is not listed.
    assert [a["slug"] for a in client.get("/api/v1/authors/").json()] == [paper.author.slug]

    api = client.get("/api/v1/search/?q=الموازنة&limit=100")
    assert api.status_code == 200
    assert_only_visible(api.content.decode(), site, "the search API")

    page = client.get("/search/?q=الموازنة")
    assert_only_visible(page.content.decode(), site, "the search page")
