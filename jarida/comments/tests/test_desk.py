"""The comment moderator at the desk: the queue, its filters, approve / reject / spam one or
many, deleting every comment of an e-mail address, the per-article mode and the word lists.
All through the admin's own pages, as a member of «مشرف التعليقات»."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone

from jarida.comments.models import ArticleCommentSettings, Comment, ModerationWord
from jarida.comments.tests.factories import CommentFactory
from jarida.news.tests.factories import ArticleFactory
from jarida.news.tests.html import soup, visible_text

pytestmark = pytest.mark.django_db

QUEUE = "/admin/comments/queue/"
PENDING = Comment.Status.PENDING
STATUS_AFTER = {"reject": Comment.Status.REJECTED, "spam": Comment.Status.SPAM}


@pytest.fixture
def desk(client, moderator):
    client.force_login(moderator)
    return client


def bulk(action: str, *comments: Comment, **params: str) -> str:
    query = "&".join([f"id={c.pk}" for c in comments] + [f"{k}={v}" for k, v in params.items()])
    return reverse("wagtail_bulk_action", args=("comments", "comment", action)) + "?" + query


def test_the_queue_shows_pending_comments_oldest_first_with_the_rule_that_held_each(desk):
    article = ArticleFactory(title="الموازنة")
    older = CommentFactory(
        article=article,
        status=PENDING,
        body="نص فيه رابطان",
        moderation_reasons=[{"rule": "links", "message": "روابط كثيرة: 3 (الحدّ 2)"}],
    )
    Comment.objects.filter(pk=older.pk).update(created_at=timezone.now() - dt.timedelta(hours=3))
    newer = CommentFactory(article=article, status=PENDING, body="تعليق عادي")
    CommentFactory(article=article, body="تعليق منشور")

    page = desk.get(QUEUE)

    assert page.status_code == 200
    rows = soup(page.content.decode()).select("tbody tr")
    assert [r.select_one("td:nth-of-type(2) a").get_text(strip=True) for r in rows] == [
        older.body,
        newer.body,
    ]
    text = visible_text(page.content.decode())
    assert "روابط كثيرة: 3 (الحدّ 2)" in text
    assert "لا قاعدة؛ مراجعة قبل النشر" in text
    assert "تعليق منشور" not in text


def test_the_queue_filters_by_article_status_and_age(desk):
    budget, power = ArticleFactory(), ArticleFactory()
    CommentFactory(article=budget, status=PENDING, body="عن الموازنة")
    CommentFactory(article=power, status=PENDING, body="عن الكهرباء")
    CommentFactory(article=power, status=Comment.Status.SPAM, body="إعلان مزعج")
    old = CommentFactory(article=power, status=PENDING, body="تعليق قديم")
    Comment.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(days=9))

    def shown(query: str) -> str:
        return visible_text(desk.get(f"{QUEUE}?{query}").content.decode())

    by_article = shown(f"article={budget.pk}")
    assert "عن الموازنة" in by_article and "عن الكهرباء" not in by_article
    spam = shown("status=spam")
    assert "إعلان مزعج" in spam and "عن الكهرباء" not in spam
    everything = shown("status=all")
    assert all(t in everything for t in ("عن الموازنة", "إعلان مزعج", "تعليق قديم"))
    recent = shown("age=day")
    assert "عن الكهرباء" in recent and "تعليق قديم" not in recent
    assert "تعليق قديم" in shown("age=older")


def test_a_moderator_approves_one_comment_and_readers_see_it(
    desk, client, changed, django_capture_on_commit_callbacks
):
    article = ArticleFactory()
    comment = CommentFactory(article=article, status=PENDING, body="<b>رأي</b> جريء")
    listing = desk.get(QUEUE).content.decode()
    approve_url = bulk("approve", comment, next=QUEUE)
    assert approve_url.replace("&", "&amp;") in listing or bulk("approve", comment) in listing

    confirm = desk.get(approve_url)
    assert confirm.status_code == 200
    assert "رأي" in visible_text(confirm.content.decode())
    with django_capture_on_commit_callbacks(execute=True):
        done = desk.post(approve_url)

    assert done.status_code == 302
    comment.refresh_from_db()
    assert comment.status == Comment.Status.APPROVED
    assert comment.moderated_by.username == "moderator" and comment.moderated_at
    assert changed == [article.pk]
    client.logout()
    html = client.get(article.url).content.decode()
    assert "&lt;b&gt;رأي&lt;/b&gt; جريء" in html  # plain text, escaped


@pytest.mark.parametrize("action", ["reject", "spam"])
def test_bulk_actions_moderate_many_comments_and_signal_each_article_once(
    desk, changed, django_capture_on_commit_callbacks, action
):
    first, second = ArticleFactory(), ArticleFactory()
    shown = [CommentFactory(article=first), CommentFactory(article=first)]
    waiting = CommentFactory(article=second, status=PENDING)
    untouched = CommentFactory(article=second, status=PENDING)

    with django_capture_on_commit_callbacks(execute=True):
        desk.post(bulk(action, *shown, waiting))

    statuses = dict(Comment.objects.values_list("pk", "status"))
    assert {statuses[c.pk] for c in [*shown, waiting]} == {STATUS_AFTER[action]}
    assert statuses[untouched.pk] == PENDING
    # Two visible comments on the first article went: one purge. Nothing visible changed on
    # the second.
    assert changed == [first.pk]


def test_select_all_in_the_listing_means_the_filtered_listing(desk):
    budget, power = ArticleFactory(), ArticleFactory()
    on_budget = [CommentFactory(article=budget, status=PENDING) for _ in range(3)]
    on_power = CommentFactory(article=power, status=PENDING)
    spam = CommentFactory(article=budget, status=Comment.Status.SPAM)

    desk.post(bulk("approve", id="all", article=str(budget.pk), status="pending"))

    approved = set(Comment.objects.approved().values_list("pk", flat=True))
    assert approved == {c.pk for c in on_budget}
    assert Comment.objects.get(pk=on_power.pk).status == PENDING
    assert Comment.objects.get(pk=spam.pk).status == Comment.Status.SPAM


def test_someone_without_the_moderate_permission_cannot_approve(client):
    editor = User.objects.create_user("reporter", password="x")
    from django.contrib.auth.models import Permission

    editor.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(content_type__app_label="comments", codename="change_comment"),
    )
    client.force_login(editor)
    comment = CommentFactory(status=PENDING)

    client.post(bulk("approve", comment))

    assert Comment.objects.get(pk=comment.pk).status == PENDING


def test_readers_cannot_reach_the_desk(client):
    comment = CommentFactory(status=PENDING)

    assert client.get(QUEUE).status_code == 302  # to the login page
    client.post(bulk("approve", comment))
    assert Comment.objects.get(pk=comment.pk).status == PENDING


def test_nobody_writes_comments_from_the_admin(desk, client):
    assert desk.get(f"{QUEUE}add/").status_code in (302, 403, 404)
    superuser = User.objects.create_superuser("chief", password="x")
    client.force_login(superuser)
    assert client.get(f"{QUEUE}add/").status_code in (302, 403, 404)
    assert desk.post(f"{QUEUE}add/", {"name": "محرر", "body": "مزروع"}).status_code != 200
    assert f"{QUEUE}add/" not in client.get(QUEUE).content.decode()
    assert not Comment.objects.exists()


def test_a_moderator_redacts_a_published_comment_and_the_page_is_refreshed(
    desk, client, changed, django_capture_on_commit_callbacks
):
    article = ArticleFactory()
    comment = CommentFactory(article=article, body="رقم هاتفي 0123456789", name="منى")

    with django_capture_on_commit_callbacks(execute=True):
        response = desk.post(f"{QUEUE}edit/{comment.pk}/", {"name": "منى", "body": "[حُذف رقم]"})

    assert response.status_code == 302
    assert changed == [article.pk]
    assert "[حُذف رقم]" in visible_text(client.get(article.url).content.decode())


def test_deleting_every_comment_of_an_email_address(
    desk, changed, django_capture_on_commit_callbacks
):
    article = ArticleFactory()
    theirs = [
        CommentFactory(article=article, email="troll@example.com"),
        CommentFactory(status=PENDING, email="troll@example.com"),
    ]
    reply_to_them = CommentFactory(article=article, parent=theirs[0], email="other@example.com")
    someone_else = CommentFactory(article=article, email="reader@example.com")
    erase = f"{QUEUE}erase/"

    preview = desk.get(erase, {"email": "TROLL@example.com"})
    text = visible_text(preview.content.decode())
    assert "2 من التعليقات" in text and "1 من ردود قراء آخرين" in text
    assert Comment.objects.count() == 4
    with django_capture_on_commit_callbacks(execute=True):
        done = desk.post(erase, {"email": "troll@example.com", "confirm": "1"})

    assert done.status_code == 302
    assert list(Comment.objects.all()) == [someone_else]
    assert not Comment.objects.filter(pk=reply_to_them.pk).exists()
    assert changed == [article.pk]


def test_only_moderators_with_the_delete_permission_may_erase(client):
    viewer = User.objects.create_user("viewer", password="x")
    from django.contrib.auth.models import Permission

    viewer.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(viewer)
    CommentFactory(email="x@example.com")

    response = client.post(f"{QUEUE}erase/", {"email": "x@example.com", "confirm": "1"})

    assert response.status_code in (302, 403)
    assert Comment.objects.count() == 1


def test_the_desk_closes_comments_on_an_article(desk, client):
    article = ArticleFactory()
    # A thread with comments says it is closed (one with none shows no comment block).
    CommentFactory(article=article, status=Comment.Status.APPROVED, body="تعليق قبل الإغلاق")

    response = desk.post("/admin/comments/articles/add/", {"article": article.pk, "mode": "closed"})

    assert response.status_code == 302
    assert ArticleCommentSettings.objects.get(article=article).mode == "closed"
    page = visible_text(client.get(article.url).content.decode())
    assert "أُغلق باب التعليق على هذا الخبر." in page
    assert "تعليق قبل الإغلاق" in page


def test_a_word_added_at_the_desk_stops_the_next_comment(desk, reader):
    response = desk.post("/admin/comments/words/add/", {"word": "فاسِد", "kind": "banned"})

    assert response.status_code == 302
    assert ModerationWord.objects.get().word == "فاسِد"
    assert reader.send(ArticleFactory(), body="أنت فاسد").status_code == 400
