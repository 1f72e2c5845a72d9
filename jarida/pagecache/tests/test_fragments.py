"""An uncached article render reuses its kept fragments (the article, its metadata, its
comments), and still shows every change a reader must see: a new version, an approved
comment, comments closed by the desk or by time, a lead photo's new credit, and an editor's
draft in preview."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.contrib.auth import get_user_model

from jarida.comments.models import ArticleCommentSettings, Comment, CommentMode
from jarida.comments.tests.factories import CommentFactory
from jarida.images.tests.factories import NewsImageFactory, jpeg_file
from jarida.news.tests.factories import ArticleFactory, SectionFactory
from jarida.newsroom.tests.editor import edit_article

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def article(settings):
    settings.PAGE_CACHE_SECONDS = 0  # every request renders: only fragments are kept
    return ArticleFactory(parent=SectionFactory(title="اقتصاد"), title="المصرف يرفع الفائدة")


@pytest.fixture
def editor_client(client):
    editor = get_user_model().objects.create_superuser("editor", "e@example.com", "pass-1234")
    editor_client = type(client)()
    editor_client.force_login(editor)
    return editor_client


def page(client, article) -> str:
    response = client.get(article.url)
    assert response.status_code == 200 and "X-Cache" not in response
    return response.content.decode()


def test_a_second_render_reads_one_row_and_shows_the_same_page(
    client, article, django_assert_num_queries
):
    first = page(client, article)

    with django_assert_num_queries(1):  # the article itself: is it still live, and where
        second = page(client, article)

    assert second == first
    assert "المصرف يرفع الفائدة" in second and "التعليقات" in second
    assert "NewsArticle" in second  # the JSON-LD kept with it


def test_a_new_version_replaces_the_kept_article_and_its_metadata(client, article, editor_client):
    page(client, article)

    edit_article(editor_client, article, "publish", title="المصرف يثبّت الفائدة")

    html = page(client, article)
    assert "المصرف يثبّت الفائدة" in html
    assert "المصرف يرفع الفائدة" not in html  # neither in <h1>, <title>, og:title nor JSON-LD


def test_an_approved_comment_appears_on_the_next_render(client, article):
    comment = CommentFactory(article=article, status=Comment.Status.PENDING, body="تعليق جديد")
    assert "تعليق جديد" not in page(client, article)

    Comment.objects.filter(pk=comment.pk).set_status(Comment.Status.APPROVED)

    assert "تعليق جديد" in page(client, article)


def test_comments_closed_by_the_desk_close_on_the_page_at_once(client, article):
    assert "أضف تعليقاً" in page(client, article)

    ArticleCommentSettings.objects.create(article=article, mode=CommentMode.CLOSED)

    html = page(client, article)
    assert "أضف تعليقاً" not in html and "أُغلق باب التعليق على هذا الخبر." in html


def test_comments_close_when_their_time_runs_out_with_nothing_purged(client, article, settings):
    settings.COMMENTS_CLOSE_AFTER_DAYS = 3
    assert "أضف تعليقاً" in page(client, article)

    closing = article.first_published_at + dt.timedelta(days=3)
    with time_machine.travel(closing + dt.timedelta(seconds=1), tick=False):
        html = page(client, article)

    assert "أضف تعليقاً" not in html and "أُغلق باب التعليق بعد" in html


def test_a_preview_shows_the_draft_not_the_kept_article(client, article, editor_client):
    page(client, article)
    edit_article(editor_client, article, "save", title="مسودة لم تُنشر بعد")
    article.refresh_from_db()
    draft = article.get_latest_revision_as_object()

    preview = draft.make_preview_request().content.decode()

    assert "مسودة لم تُنشر بعد" in preview
    # Nor did the preview leave its draft in the kept article.
    assert "مسودة لم تُنشر بعد" not in page(client, article)


def test_a_lead_photo_credited_anew_shows_its_new_credit(client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    photo = NewsImageFactory(file=jpeg_file(320, 180), credit="© Getty")
    article = ArticleFactory(parent=SectionFactory(title="رياضة"), lead_image=photo)
    assert "© Getty" in page(client, article)

    photo.credit = "تصوير: ريم الخوري"
    photo.save()

    html = page(client, article)
    assert "تصوير: ريم الخوري" in html and "© Getty" not in html
