"""Live coverage off the site: its own RSS feed of updates, and the API apps poll with a
cursor."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from wagtail.models import PageViewRestriction

from jarida.live.models import LiveUpdateCorrection
from jarida.live.tests.factories import LiveCoverageFactory, LiveUpdateFactory

pytestmark = pytest.mark.django_db


def test_the_feed_carries_the_latest_updates_newest_first(client, coverage):
    old = LiveUpdateFactory(page=coverage, title="إغلاق الطريق")
    new = LiveUpdateFactory(page=coverage, title="فتح الطريق", key_event=True)
    LiveUpdateCorrection.objects.create(update=new, text="فُتح مسرب واحد فقط.")

    response = client.get(f"{coverage.url}feed/")

    items = ET.fromstring(response.content).findall("./channel/item")
    assert response.status_code == 200 and response["X-Cache"] == "MISS"
    assert [i.findtext("title") for i in items] == ["فتح الطريق", "إغلاق الطريق"]
    assert items[0].findtext("link").endswith(f"/update/{new.pk}/")
    assert "تصحيح: فُتح مسرب واحد فقط." in items[0].findtext("description")
    assert items[0].findtext("category") == "حدث رئيسي"
    assert old.pk != new.pk


def test_the_api_pages_through_updates_with_a_cursor_and_polls_with_next(
    client, coverage, django_capture_on_commit_callbacks
):
    updates = [LiveUpdateFactory(page=coverage) for _ in range(3)]
    url = f"/api/v1/live/{coverage.pk}/updates"

    first = client.get(url).json()
    caught_up = client.get(url, {"after": first["next"]}).json()
    with django_capture_on_commit_callbacks(execute=True):  # its purge, as on commit
        newer = LiveUpdateFactory(page=coverage, title="جديد")
    then = client.get(url, {"after": first["next"]}).json()

    assert [u["id"] for u in first["updates"]] == [u.pk for u in updates]
    assert first["live"]["state"] == "live" and first["live"]["title"] == coverage.title
    assert caught_up["updates"] == [] and caught_up["next"] == first["next"]
    assert [u["id"] for u in then["updates"]] == [newer.pk]
    assert then["updates"][0]["title"] == "جديد"


def test_the_api_refuses_a_bad_cursor_in_arabic(client, coverage):
    response = client.get(f"/api/v1/live/{coverage.pk}/updates", {"after": "!!"})

    assert response.status_code == 400
    assert "after" in response.json()["detail"]


def test_the_api_shows_only_published_coverage(client, coverage):
    draft = LiveCoverageFactory(parent=coverage.get_parent(), publish=False)
    restricted = LiveCoverageFactory(parent=coverage.get_parent())
    PageViewRestriction.objects.create(page=restricted, restriction_type="login")

    assert client.get(f"/api/v1/live/{draft.pk}/updates").status_code == 404
    assert client.get(f"/api/v1/live/{restricted.pk}/updates").status_code == 404
    assert client.get(f"/api/v1/live/{coverage.pk}/updates").status_code == 200


def test_google_news_lists_the_page_while_it_runs(
    client, coverage, django_capture_on_commit_callbacks
):
    LiveUpdateFactory(page=coverage)
    draft = LiveCoverageFactory(parent=coverage.get_parent(), publish=False, title="مسودة")

    running = client.get("/sitemaps/news.xml").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        coverage.state = "ended"
        coverage.save_revision().publish()
    ended = client.get("/sitemaps/news.xml").content.decode()

    assert coverage.title in running and draft.title not in running
    assert coverage.full_url in running or coverage.url in running
    assert coverage.title not in ended


def test_the_site_and_section_feeds_carry_the_page_and_its_key_events_at_once(
    client, coverage, editor, django_capture_on_commit_callbacks
):
    from django.test import Client
    from django.urls import reverse

    from jarida.news.tests.factories import ArticleFactory

    ArticleFactory(parent=coverage.get_parent(), title="خبر عادي")
    LiveUpdateFactory(page=coverage, title="ليس حدثاً رئيسياً")
    before = client.get("/feeds/rss/")
    desk = Client()
    desk.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        desk.post(
            reverse("live_desk", args=[coverage.pk]),
            {"title": "انهيار جسر المديرج", "text": "انهار الجسر فجراً.", "key_event": "on"},
        )

    titles = [
        i.findtext("title") for i in ET.fromstring(client.get("/feeds/rss/").content).iter("item")
    ]
    section_feed = client.get(f"/feeds/{coverage.get_parent().slug}/atom/").content.decode()

    assert before["X-Cache"] == "MISS"
    assert coverage.title in titles and "خبر عادي" in titles
    assert f"{coverage.title}: انهيار جسر المديرج" in titles
    assert not any("ليس حدثاً رئيسياً" in t for t in titles)
    assert "انهيار جسر المديرج" in section_feed
