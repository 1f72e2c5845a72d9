"""Hostile input answers 404 (or an ordinary page), never 500, on SQLite and on PostgreSQL
(run with DATABASE_URL=postgres://...): NUL and other control characters in every slug-taking
URL, a live article without a first-publication date in the API, random query strings that
must not each make a cache entry."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.core.cache import cache
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from jarida.news.models import ArticlePage
from jarida.news.tests.factories import ArticleFactory, AuthorFactory

pytestmark = pytest.mark.django_db

CONTROL_SEGMENTS = ["%00", "abc%00def", "%01", "%1F", "%7F", "%C2%85", "%E2%80%8E%00"]
TEMPLATES = [
    "/tags/{}/",
    "/authors/{}/",
    "/feeds/{}/rss/",
    "/feeds/{}/atom/",
    "/feeds/tags/{}/rss/",
    "/feeds/tags/{}/atom/",
    "/feeds/authors/{}/rss/",
    "/feeds/authors/{}/atom/",
    "/{}/",
    "/section/{}/",
    "/sitemaps/{}.xml",
]


@pytest.fixture
def site_with_content(db):
    article = ArticleFactory(authors=[AuthorFactory(name="ريم الخوري")], tags=["انتخابات"])
    return article


@pytest.mark.parametrize("template", TEMPLATES)
@pytest.mark.parametrize("segment", CONTROL_SEGMENTS)
def test_control_characters_in_a_slug_answer_404(client, site_with_content, template, segment):
    response = client.get(template.format(segment))

    assert response.status_code == 404


def test_nul_in_a_query_string_is_not_a_server_error(client, site_with_content):
    for url in ("/search/?q=%00", "/api/v1/articles/?q=%00", "/?page=%00", "/tags/%D8%A7/?x=%00"):
        assert client.get(url).status_code < 500, url


def test_a_live_article_without_a_first_publication_date_does_not_break_the_api(client):
    ArticleFactory(title="خبر بلا تاريخ نشر أول")
    ArticleFactory(title="خبر عادي")
    ArticlePage.objects.filter(title="خبر بلا تاريخ نشر أول").update(first_published_at=None)

    response = client.get("/api/v1/articles/")

    assert response.status_code == 200
    titles = [item["title"] for item in response.json()["items"]]
    assert "خبر عادي" in titles


def _cache_keys() -> int:
    """How many entries the page cache's store holds (file or Redis backed `shared`)."""
    from django.core.cache import caches

    shared = caches["shared"]
    location = settings.CACHES["shared"]["LOCATION"]
    if settings.CACHES["shared"]["BACKEND"].endswith("FileBasedCache"):
        return sum(1 for path in Path(location).rglob("*.djcache"))
    import redis

    client = redis.Redis.from_url(location[0] if isinstance(location, list) else location)
    return len(client.keys(f"{shared.key_prefix}*"))


def test_random_query_strings_do_not_each_make_a_cache_entry(client, site_with_content):
    cache.clear()
    client.get(site_with_content.url)
    before = _cache_keys()

    for n in range(30):
        response = client.get(f"{site_with_content.url}?utm_source=x{n}&fbclid={n}")
        assert response.status_code == 200

    assert _cache_keys() <= before + 1


def test_the_api_detail_of_an_article_without_a_first_publication_date_answers(client):
    article = ArticleFactory(title="خبر بلا تاريخ")
    ArticlePage.objects.filter(pk=article.pk).update(first_published_at=None)

    response = client.get(f"/api/v1/articles/{article.pk}/")

    assert response.status_code == 200
    assert response.json()["published_at"]


def test_parameters_a_page_reads_still_make_their_own_page(client, site_with_content):
    cache.clear()
    section_url = site_with_content.get_parent().url

    assert client.get(f"{section_url}?utm_source=a")["X-Cache"] == "MISS"
    assert client.get(f"{section_url}?fbclid=zz")["X-Cache"] == "HIT"
    assert client.get(f"{section_url}?page=1&utm_source=b")["X-Cache"] == "MISS"
    assert client.get(f"{section_url}?utm_source=c&page=1")["X-Cache"] == "HIT"

    search_a = client.get("/search/?q=الموازنة&utm_source=a").content.decode()
    search_b = client.get("/search/?q=انتخابات&utm_source=a").content.decode()
    assert "الموازنة" in search_a
    assert search_a != search_b


ROUTES = [
    "/{}/",
    "/tags/{}/",
    "/authors/{}/",
    "/feeds/{}/rss/",
    "/feeds/tags/{}/atom/",
    "/archive/{}/",
    "/a/{}/",
    "/search/?q={}",
    "/api/v1/articles/?tag={}",
]


@hypothesis_settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(route=st.sampled_from(ROUTES), segment=st.text(min_size=1, max_size=12))
def test_no_path_segment_makes_a_server_error(client, site_with_content, route, segment):
    response = client.get(route.format(quote(segment, safe="")))

    assert response.status_code < 500, (route, segment)
