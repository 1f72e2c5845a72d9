"""Takedown: one action, every public surface, who and why on record."""

from __future__ import annotations

import pytest
from django.urls import reverse
from wagtail.models import PageLogEntry

from jarida.news.models import ArticlePage
from jarida.news.tests.factories import ArticleFactory, AuthorFactory
from jarida.newsroom.models import CorrectionNotice, Takedown
from jarida.newsroom.tests.editor import edit_article

pytestmark = pytest.mark.django_db

HEADLINE = "خبر يخالف حكماً قضائياً"


@pytest.fixture
def article(politics):
    author = AuthorFactory(name="سامر حداد")
    article = ArticleFactory(parent=politics, title=HEADLINE, authors=[author], tags=["قضاء"])
    CorrectionNotice.objects.create(article=article, kind="correction", text="تصحيح سابق")
    return article


def public_urls(article) -> list[str]:
    """Every reader-facing place that lists or shows an article today."""
    published = article.first_published_at
    return [
        "/",
        article.get_parent().url,
        "/tags/قضاء/",
        "/authors/سامر-حداد/",
        f"/archive/{published:%Y}/",
        f"/archive/{published:%Y/%m}/",
        "/corrections/",
    ]


def take_down(client, chief, article, reason="حكم قضائي بمنع النشر"):
    client.force_login(chief)
    return client.post(reverse("newsroom_takedown", args=[article.pk]), {"reason": reason})


def test_a_takedown_removes_the_article_from_every_public_surface(
    client, chief, article, django_capture_on_commit_callbacks
):
    article_url = article.url
    for url in public_urls(article):
        assert HEADLINE in client.get(url).content.decode(), url

    with django_capture_on_commit_callbacks(execute=True):  # the purge follows the commit
        response = take_down(client, chief, article)
    client.logout()

    assert response.status_code == 302
    assert client.get(article_url).status_code == 404
    assert client.get(f"/a/{article.pk}/").status_code == 404
    for url in public_urls(article):
        assert HEADLINE not in client.get(url).content.decode(), url
    assert not ArticlePage.objects.published().filter(pk=article.pk).exists()


def test_it_records_who_took_it_down_and_why(client, chief, article):
    take_down(client, chief, article, reason="طلب من المحكمة")

    takedown = Takedown.objects.get(article=article)
    assert takedown.taken_down_by == chief and takedown.reason == "طلب من المحكمة"
    entry = PageLogEntry.objects.get(page=article, action="newsroom.takedown")
    assert entry.user == chief and entry.data["reason"] == "طلب من المحكمة"
    history = client.get(reverse("wagtailadmin_pages:history", args=[article.pk])).content
    assert "سُحب من النشر" in history.decode()


def test_a_reason_is_required(client, chief, article):
    response = take_down(client, chief, article, reason="   ")

    assert response.status_code == 400
    assert "اكتب سبب السحب" in response.content.decode()
    article.refresh_from_db()
    assert article.live


def test_a_taken_down_article_cannot_be_republished_until_the_chief_lifts_it(
    client, chief, editor, article
):
    take_down(client, chief, article)
    client.force_login(editor)

    edit_article(client, article, "publish")

    article.refresh_from_db()
    assert not article.live
    client.force_login(chief)
    client.post(reverse("newsroom_lift_takedown", args=[article.pk]))
    edit_article(client, article, "publish")
    article.refresh_from_db()
    assert article.live
    assert PageLogEntry.objects.filter(page=article, action="newsroom.takedown_lifted").exists()


def test_a_takedown_cancels_a_scheduled_republication(client, chief, article):
    import datetime as dt

    import time_machine
    from django.core.management import call_command
    from django.utils import timezone

    revision = article.save_revision()
    revision.approved_go_live_at = timezone.now() + dt.timedelta(minutes=5)
    revision.save()
    take_down(client, chief, article)

    with time_machine.travel(timezone.now() + dt.timedelta(minutes=10), tick=False):
        call_command("run_scheduler", "--once")

    article.refresh_from_db()
    assert not article.live


def test_even_a_republish_that_bypasses_the_editor_stays_off_public_lists(client, chief, article):
    take_down(client, chief, article)

    article.save_revision().publish()  # e.g. a script written without the newsroom's rules

    client.logout()
    assert HEADLINE not in client.get("/").content.decode()
    assert not ArticlePage.objects.published().filter(pk=article.pk).exists()
