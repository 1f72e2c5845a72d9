"""An article's comments are pre-moderated (the default), open or closed, and close by
themselves some days after publication."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from jarida.comments.models import ArticleCommentSettings, Comment, CommentMode, ModerationWord
from jarida.comments.tests.factories import CommentFactory
from jarida.news.tests.factories import ArticleFactory
from jarida.news.tests.html import soup, visible_text

pytestmark = pytest.mark.django_db


def test_by_default_every_comment_waits_for_the_desk(reader, client):
    article = ArticleFactory()

    assert reader.send(article, body="تعليق سليم تماماً").status_code == 303

    assert Comment.objects.get().status == Comment.Status.PENDING
    assert "تُنشر التعليقات بعد مراجعتها." in visible_text(client.get(article.url).content.decode())


def test_in_an_open_article_a_clean_comment_is_published_at_once(
    reader, client, changed, django_capture_on_commit_callbacks
):
    article = ArticleFactory()
    ArticleCommentSettings.objects.create(article=article, mode=CommentMode.OPEN)

    with django_capture_on_commit_callbacks(execute=True):
        response = reader.send(article, body="تعليق سليم يُنشر فوراً")

    comment = Comment.objects.get()
    assert comment.status == Comment.Status.APPROVED
    assert response.status_code == 303
    assert response["Location"] == f"{article.url}#comment-{comment.pk}"
    assert "تعليق سليم يُنشر فوراً" in visible_text(client.get(article.url).content.decode())
    assert changed == [article.pk]


def test_in_an_open_article_a_held_comment_still_waits(
    reader, changed, django_capture_on_commit_callbacks
):
    article = ArticleFactory()
    ArticleCommentSettings.objects.create(article=article, mode=CommentMode.OPEN)
    ModerationWord.objects.create(word="رشوة", kind=ModerationWord.Kind.SUSPECT)

    with django_capture_on_commit_callbacks(execute=True):
        response = reader.send(article, body="هذه رشوة مكشوفة")

    assert response["Location"] == reverse("comments:received", args=[article.pk])
    assert Comment.objects.get().status == Comment.Status.PENDING
    assert changed == []


def test_a_closed_article_shows_its_comments_but_takes_no_more(reader, client):
    article = ArticleFactory()
    ArticleCommentSettings.objects.create(article=article, mode=CommentMode.CLOSED)
    fields = reader.form_fields(
        # A form opened before the desk closed the thread.
        _open_then_close(reader, article)
    )
    fields.update(name="متأخر", body="وصلت متأخراً")

    response = reader.post(article, fields, wait=30)

    assert response.status_code == 403
    text = visible_text(response.content.decode())
    assert "أُغلق باب التعليق على هذا الخبر." in text
    assert soup(response.content.decode()).select_one("textarea.comment-typed").get_text() == (
        "وصلت متأخراً"
    )
    assert not Comment.objects.exists()
    CommentFactory(article=article)  # closed with nothing to read shows no block at all
    page = soup(client.get(article.url).content.decode())
    assert page.select_one("#comments .comments-closed") is not None
    assert page.select_one("#comments a.comments-add-link") is None
    assert soup(reader.open_form(article).content.decode()).select_one("form#comment-form") is None


def _open_then_close(reader, article) -> str:
    settings = ArticleCommentSettings.objects.get(article=article)
    settings.mode = CommentMode.PREMODERATED
    settings.save()
    html = reader.open_form(article).content.decode()
    settings.mode = CommentMode.CLOSED
    settings.save()
    return html


@pytest.mark.parametrize(
    ("age_days", "close_after", "own", "is_open"),
    [
        (13, 14, None, True),
        (15, 14, None, False),
        (400, 0, None, True),  # 0: comments never close by themselves
        (15, 14, 30, True),  # the article's own period
        (15, 14, 0, True),  # the article never closes
        (3, 14, 2, False),
    ],
)
def test_comments_close_by_themselves_days_after_publication(
    reader, client, age_days, close_after, own, is_open
):
    article = ArticleFactory(first_published_at=timezone.now() - dt.timedelta(days=age_days))
    if own is not None:
        ArticleCommentSettings.objects.create(article=article, close_after_days=own)

    with override_settings(COMMENTS_CLOSE_AFTER_DAYS=close_after):
        page = soup(client.get(article.url).content.decode())
        form_page = reader.open_form(article)
        if is_open:
            assert reader.send(article, body="هل ما زال باب التعليق مفتوحاً؟").status_code == 303

    assert (page.select_one("#comments a.comments-add-link") is not None) is is_open
    assert (soup(form_page.content.decode()).select_one("form#comment-form") is not None) is is_open
    assert Comment.objects.exists() is is_open
    if not is_open:
        # Closed and without comments: the article shows no empty comment block.
        assert page.select_one("#comments") is None
        assert "من نشر الخبر" in visible_text(form_page.content.decode())


def test_the_closing_notice_counts_days_in_arabic(client):
    article = ArticleFactory(first_published_at=timezone.now() - dt.timedelta(days=20))
    CommentFactory(article=article)  # a closed thread shows its notice under its comments

    with override_settings(COMMENTS_CLOSE_AFTER_DAYS=11):
        text = visible_text(client.get(article.url).content.decode())

    assert "أُغلق باب التعليق بعد 11 يوماً من نشر الخبر." in text


def test_the_default_mode_is_a_setting(reader):
    with override_settings(COMMENTS_DEFAULT_MODE="open"):
        reader.send(ArticleFactory(), body="مفتوح للجميع")

    assert Comment.objects.get().status == Comment.Status.APPROVED


def test_a_malformed_mode_setting_fails_loudly(reader):
    from django.core.exceptions import ImproperlyConfigured

    with override_settings(COMMENTS_DEFAULT_MODE="sometimes"), pytest.raises(ImproperlyConfigured):
        reader.open_form(ArticleFactory())
