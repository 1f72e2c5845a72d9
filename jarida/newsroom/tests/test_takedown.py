"""Takedown: one action, every public surface, who and why on record, and no path back.

A taken-down article is refused wherever a publish passes: the editor, a bulk action, a
workflow approval of a revision that was in review, the scheduler, a revision restore, a
shell. Its URLs answer 410 Gone in Arabic; editors' previews keep working.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import quote

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import PageLogEntry, Revision

from jarida.news.models import ArticlePage, CorrectionNotice, PublicationRefused, Takedown
from jarida.news.tests.factories import ArticleFactory, AuthorFactory
from jarida.newsroom.tests.editor import create_article, edit_article

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
        "/feeds/rss/",
        "/sitemaps/articles.xml",
        "/api/v1/articles/",
    ]


def take_down(client, chief, article, reason="حكم قضائي بمنع النشر"):
    client.force_login(chief)
    return client.post(reverse("newsroom_takedown", args=[article.pk]), {"reason": reason})


def shows(response, article) -> bool:
    """The article's headline, or its address (sitemaps list addresses only), is on it."""
    text = response.content.decode()
    return HEADLINE in text or quote(article.url_path.split("/", 2)[2]) in text


def assert_gone(client, article, url):
    client.logout()
    for address in (url, f"/a/{article.pk}/"):
        response = client.get(address)
        assert response.status_code == 410, address
        assert "سُحب هذا الخبر" in response.content.decode()
        assert HEADLINE not in response.content.decode()
    assert not ArticlePage.objects.published().filter(pk=article.pk).exists()
    article.refresh_from_db()
    assert not article.live


def test_a_takedown_removes_the_article_from_every_public_surface(
    client, chief, article, django_capture_on_commit_callbacks
):
    article_url = article.url
    for url in public_urls(article):
        assert shows(client.get(url), article), url

    with django_capture_on_commit_callbacks(execute=True):  # the purge follows the commit
        response = take_down(client, chief, article)

    assert response.status_code == 302
    assert_gone(client, article, article_url)
    for url in public_urls(article):
        assert not shows(client.get(url), article), url


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


def test_the_editor_cannot_republish_it_until_the_chief_lifts_the_takedown(
    client, chief, editor, article
):
    url = article.url
    take_down(client, chief, article)
    client.force_login(editor)

    response = edit_article(client, article, "publish")

    assert "مسحوب من النشر" in response.content.decode()
    assert_gone(client, article, url)
    client.force_login(chief)
    client.post(reverse("newsroom_lift_takedown", args=[article.pk]))
    edit_article(client, article, "publish")
    article.refresh_from_db()
    assert article.live
    assert PageLogEntry.objects.filter(page=article, action="newsroom.takedown_lifted").exists()


def test_a_shell_republish_is_refused_and_the_url_answers_410(client, chief, article):
    url = article.url
    take_down(client, chief, article)

    with pytest.raises(PublicationRefused, match="مسحوب"):
        article.save_revision().publish()  # a script written without the newsroom's rules
    article.refresh_from_db()
    article.live = True
    with pytest.raises(PublicationRefused):
        article.save()  # or one that sets the flag itself

    assert_gone(client, article, url)
    assert HEADLINE not in client.get("/").content.decode()


def test_the_bulk_publish_action_is_refused_with_an_arabic_message(client, chief, article):
    url = article.url
    take_down(client, chief, article)
    article.save_revision(user=chief)
    bulk = (
        reverse("wagtail_bulk_action", args=["wagtailcore", "page", "publish"])
        + f"?id={article.pk}&next=/admin/pages/{article.get_parent().pk}/"
    )

    client.force_login(chief)
    response = client.post(bulk, follow=True)

    assert response.status_code == 200
    assert "مسحوب من النشر" in response.content.decode()
    assert_gone(client, article, url)


def test_approving_a_revision_that_was_in_review_is_refused(
    client, reporter, editor, chief, politics
):
    client.force_login(reporter)
    create_article(client, politics, "submit", title="خبر في المراجعة")
    article = ArticlePage.objects.get(title="خبر في المراجعة")
    article.save_revision().publish()  # an earlier version was live
    client.force_login(reporter)
    edit_article(client, article, "submit")
    task_state = ArticlePage.objects.get(pk=article.pk).current_workflow_task_state
    assert task_state is not None
    url = ArticlePage.objects.get(pk=article.pk).url
    take_down(client, chief, article)

    client.force_login(editor)
    action = reverse(
        "wagtailadmin_pages:workflow_action", args=[article.pk, "approve", task_state.pk]
    )
    response = client.post(action, follow=True)

    assert "مسحوب من النشر" in response.content.decode()
    assert_gone(client, article, url)


def test_restoring_an_older_revision_is_refused(client, chief, article):
    url = article.url
    older = article.live_revision
    take_down(client, chief, article)
    client.force_login(chief)

    restore = reverse("wagtailadmin_pages:revisions_revert", args=[article.pk, older.pk])
    assert client.get(restore).status_code == 200
    response = edit_article(client, article, "publish")

    assert "مسحوب من النشر" in response.content.decode()
    assert_gone(client, article, url)


def test_the_scheduler_skips_a_taken_down_article_and_publishes_the_rest(
    client, chief, article, politics
):
    url = article.url
    later = timezone.now() + dt.timedelta(minutes=5)
    revision = article.save_revision()
    other = ArticleFactory(parent=politics, publish=False, title="خبر مجدول آخر")
    other_revision = other.save_revision()
    take_down(client, chief, article)  # cancels what was scheduled then...
    Revision.objects.filter(pk__in=[revision.pk, other_revision.pk]).update(
        approved_go_live_at=later  # ...so schedule it again behind the newsroom's back
    )

    with time_machine.travel(later + dt.timedelta(minutes=1), tick=False):
        call_command("run_scheduler", "--once")

    other.refresh_from_db()
    assert other.live
    assert not Revision.objects.filter(pk=revision.pk, approved_go_live_at__isnull=False).exists()
    assert_gone(client, article, url)


def test_a_takedown_cancels_a_scheduled_republication(client, chief, article):
    revision = article.save_revision()
    revision.approved_go_live_at = timezone.now() + dt.timedelta(minutes=5)
    revision.save()
    take_down(client, chief, article)

    with time_machine.travel(timezone.now() + dt.timedelta(minutes=10), tick=False):
        call_command("run_scheduler", "--once")

    article.refresh_from_db()
    assert not article.live


def test_an_editor_still_previews_a_taken_down_article(client, chief, article):
    take_down(client, chief, article)
    client.force_login(chief)

    preview = client.get(reverse("wagtailadmin_pages:view_draft", args=[article.pk]))

    assert preview.status_code == 200
    assert HEADLINE in preview.content.decode()


def test_an_expired_article_cannot_be_published_again_as_it_is(article):
    article.expire_at = timezone.now() - dt.timedelta(minutes=1)
    revision = article.save_revision()

    with pytest.raises(PublicationRefused, match="انتهت مدة نشر"):
        revision.publish()
