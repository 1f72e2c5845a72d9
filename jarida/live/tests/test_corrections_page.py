"""`/corrections/` lists the notices editors post on live updates beside the articles'
ones, newest first, each linking to the update it corrects; it follows a new correction
from the desk even when cached, and drops notices whose live page left the site."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from jarida.live.tests.factories import LiveUpdateFactory
from jarida.news.models import CorrectionNotice
from jarida.news.tests.factories import ArticleFactory
from jarida.news.tests.html import soup

pytestmark = pytest.mark.django_db


def notices(client) -> list[str]:
    page = soup(client.get("/corrections/").content.decode())
    return [li.get_text(" ", strip=True) for li in page.select(".notice-list li")]


def test_a_correction_posted_at_the_desk_is_listed_and_links_to_its_update(
    client, editor, coverage, django_capture_on_commit_callbacks
):
    article = ArticleFactory(title="الموازنة تُقرّ في البرلمان")
    CorrectionNotice.objects.create(
        article=article, text="صُحّح اسم الوزير", noted_at=timezone.now() - dt.timedelta(hours=1)
    )
    update = LiveUpdateFactory(page=coverage, title="وصول فرق الإنقاذ")
    before = notices(client)  # cached from here on
    assert client.get("/corrections/")["X-Cache"] == "HIT"

    desk = Client()
    desk.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        desk.post(
            reverse("live_update_correct", args=[update.pk]),
            {"kind": "correction", "text": "الفرق وصلت ظهراً لا صباحاً."},
        )
    response = client.get("/corrections/")
    after = notices(client)
    link = soup(response.content.decode()).select(".notice-list li a")[0]["href"]
    opened = client.get(link)

    assert len(before) == 1 and "صُحّح اسم الوزير" in before[0]
    assert response["X-Cache"] == "MISS"
    assert len(after) == 2
    assert "الفرق وصلت ظهراً لا صباحاً." in after[0] and "تصحيح" in after[0]
    assert coverage.title in after[0] and "وصول فرق الإنقاذ" in after[0]
    assert "صُحّح اسم الوزير" in after[1] and article.title in after[1]
    assert opened.status_code == 302 and opened["Location"].endswith(f"#update-{update.pk}")


def test_notices_leave_the_page_with_their_live_page(
    client, editor, coverage, django_capture_on_commit_callbacks
):
    update = LiveUpdateFactory(page=coverage)
    desk = Client()
    desk.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        desk.post(
            reverse("live_update_correct", args=[update.pk]),
            {"kind": "clarification", "text": "توضيح على تحديث سيُسحب."},
        )
    shown = notices(client)  # cached from here on

    with django_capture_on_commit_callbacks(execute=True):
        coverage.unpublish()

    assert len(shown) == 1 and "توضيح" in shown[0] and "توضيح على تحديث سيُسحب." in shown[0]
    assert notices(client) == []
