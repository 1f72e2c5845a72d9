"""Live coverage stays cheap while it changes: the page and its poll endpoint come from the
page cache, an unchanged endpoint answers 304, and posting an update purges exactly the
live page, its endpoint and its feed, so the next reader sees it."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.urls import reverse

from jarida.live.tests.factories import LiveUpdateFactory
from jarida.news.tests.factories import ArticleFactory
from jarida.pagecache.models import Purge

pytestmark = pytest.mark.django_db


def poll_ids(response) -> list[int]:
    return [u["id"] for u in json.loads(response.content)["updates"]]


def test_the_page_and_the_poll_endpoint_come_from_the_cache(client, coverage):
    update = LiveUpdateFactory(page=coverage)
    poll_url = f"{coverage.url}updates/"

    page = [client.get(coverage.url)["X-Cache"], client.get(coverage.url)["X-Cache"]]
    polls = [client.get(poll_url), client.get(poll_url)]

    assert page == ["MISS", "HIT"]
    assert [p["X-Cache"] for p in polls] == ["MISS", "HIT"]
    assert poll_ids(polls[1]) == [update.pk]
    assert polls[1]["Content-Type"] == "application/json"
    assert "public" in polls[1]["Cache-Control"]


def test_an_unchanged_poll_answers_304_from_the_cache_and_on_a_miss(client, coverage):
    LiveUpdateFactory(page=coverage)
    poll_url = f"{coverage.url}updates/"
    first = client.get(poll_url)

    cached = client.get(poll_url, HTTP_IF_NONE_MATCH=first["ETag"])
    zipped = client.get(poll_url, HTTP_ACCEPT_ENCODING="gzip")
    from django.core.cache import cache

    cache.clear()  # a miss: the view compares the tag itself
    missed = client.get(poll_url, HTTP_IF_NONE_MATCH=zipped["ETag"])

    assert (cached.status_code, cached["X-Cache"]) == (304, "HIT")
    assert missed.status_code == 304
    assert missed.content == b""


def test_posting_an_update_makes_the_cached_page_and_endpoint_fresh_and_nothing_else(
    client, coverage, reporter, django_capture_on_commit_callbacks
):
    LiveUpdateFactory(page=coverage)
    article = ArticleFactory(parent=coverage.get_parent())
    poll_url = f"{coverage.url}updates/"
    etag = client.get(poll_url)["ETag"]
    for url in (coverage.url, poll_url, article.url, "/"):
        assert client.get(url)["X-Cache"] in ("MISS", "HIT")
        assert client.get(url)["X-Cache"] == "HIT", url
    Purge.objects.all().delete()

    desk = Client()
    desk.force_login(reporter)
    with django_capture_on_commit_callbacks(execute=True):
        desk.post(reverse("live_desk", args=[coverage.pk]), {"text": "انهيار ثلجي قرب فاريا."})

    assert [row.tags for row in Purge.objects.all()] == [[f"live:{coverage.pk}"]]
    page = client.get(coverage.url)
    polled = client.get(poll_url, HTTP_IF_NONE_MATCH=etag)
    assert page["X-Cache"] == "MISS" and "انهيار ثلجي قرب فاريا." in page.content.decode()
    assert polled.status_code == 200 and len(poll_ids(polled)) == 2
    assert "انهيار ثلجي قرب فاريا." in json.loads(polled.content)["updates"][0]["html"]
    # The rest of the site is untouched.
    assert client.get(article.url)["X-Cache"] == "HIT"
    assert client.get("/")["X-Cache"] == "HIT"


def test_an_editors_pin_and_correction_purge_the_page_too(
    client, coverage, editor, django_capture_on_commit_callbacks
):
    update = LiveUpdateFactory(page=coverage)
    client.get(coverage.url)
    desk = Client()
    desk.force_login(editor)

    with django_capture_on_commit_callbacks(execute=True):
        desk.post(reverse("live_update_pin", args=[update.pk]))
    pinned = client.get(coverage.url)
    with django_capture_on_commit_callbacks(execute=True):
        desk.post(
            reverse("live_update_correct", args=[update.pk]),
            {"kind": "clarification", "text": "المقصود بلدة فاريا لا فقرا."},
        )
    corrected = client.get(coverage.url)

    assert pinned["X-Cache"] == "MISS" and "live-pinned" in pinned.content.decode()
    assert corrected["X-Cache"] == "MISS" and "لا فقرا" in corrected.content.decode()


def test_publishing_the_page_purges_its_section_and_the_lists(
    coverage, django_capture_on_commit_callbacks
):
    Purge.objects.all().delete()
    coverage.summary = "تطوّر جديد"

    with django_capture_on_commit_callbacks(execute=True):
        coverage.save_revision().publish()

    tags = {tag for row in Purge.objects.all() for tag in row.tags}
    assert {f"live:{coverage.pk}", f"section:{coverage.get_parent().pk}", "latest"} <= tags
