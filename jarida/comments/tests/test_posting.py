"""A reader posts a comment through the form, without JavaScript, with CSRF enforced."""

from __future__ import annotations

import pytest
from django.urls import reverse

from jarida.comments.models import Comment
from jarida.comments.tests.factories import CommentFactory
from jarida.news.tests.factories import ArticleFactory
from jarida.news.tests.html import soup, visible_text

pytestmark = pytest.mark.django_db

RECEIVED = "تعليقك بانتظار المراجعة"


def test_a_reader_follows_the_link_under_the_article_posts_and_is_told_it_awaits_review(
    reader,
):
    article = ArticleFactory()
    article_page = soup(reader.client.get(article.url).content.decode())
    link = article_page.select_one("#comments a.comments-add-link")
    assert link.get_text() == "أضف تعليقاً"

    form_page = reader.client.get(link["href"])
    html = form_page.content.decode()
    form = soup(html).select_one("form#comment-form")
    assert form["method"] == "post" and form["action"] == link["href"].split("#")[0]
    assert form.select_one("textarea[name=body]")["dir"] == "auto"
    assert form.select_one("textarea[name=body]")["maxlength"] == "2000"
    assert soup(html).select_one("html")["dir"] == "rtl"
    assert form.select_one("button[type=submit]").get_text() == "أرسل التعليق"
    assert form_page["Cache-Control"].startswith("max-age=0")

    response = reader.send(
        article, name="ليلى", email="Laila@Example.COM", body="مقال مهمّ عن الموازنة ١٥٪."
    )

    assert response.status_code == 303
    assert response["Location"] == reverse("comments:received", args=[article.pk])
    thanks = reader.client.get(response["Location"])
    assert RECEIVED in visible_text(thanks.content.decode())
    comment = Comment.objects.get()
    assert (comment.name, comment.body, comment.email) == (
        "ليلى",
        "مقال مهمّ عن الموازنة ١٥٪.",
        "laila@example.com",
    )
    assert comment.status == Comment.Status.PENDING
    assert "مقال مهمّ" not in visible_text(reader.client.get(article.url).content.decode())


def test_the_email_is_never_shown_to_readers(reader, client):
    article = ArticleFactory()
    CommentFactory(article=article, name="جاد", email="jad@example.com", body="رأيي")

    html = client.get(article.url).content.decode()

    assert "jad@example.com" not in html
    assert "رأيي" in visible_text(html)


def test_a_forged_csrf_token_is_refused_and_nothing_is_stored(reader):
    article = ArticleFactory()
    fields = reader.form_fields(reader.open_form(article).content.decode())
    fields.update(name="مهاجم", body="تعليق مزوّر", csrfmiddlewaretoken="x" * 64)

    assert reader.post(article, fields).status_code == 403
    assert not Comment.objects.exists()


def test_a_post_from_another_site_without_the_cookie_is_refused(reader):
    article = ArticleFactory()
    fields = reader.form_fields(reader.open_form(article).content.decode())
    fields.update(name="مهاجم", body="تعليق من موقع آخر")
    reader.client.cookies.clear()

    assert reader.post(article, fields).status_code == 403
    assert not Comment.objects.exists()


def test_errors_come_back_in_arabic_with_everything_the_reader_typed(reader):
    article = ArticleFactory()

    response = reader.send(article, name="   ", email="ليس-بريداً", body="رأيي في الخبر")

    assert response.status_code == 400
    text = visible_text(response.content.decode())
    assert "اكتب اسمك." in text
    assert "عنوان البريد الإلكتروني غير صحيح." in text
    kept = reader.form_fields(response.content.decode())
    assert (kept["body"], kept["email"]) == ("رأيي في الخبر", "ليس-بريداً")
    assert not Comment.objects.exists()

    fixed = reader.resend(article, response, name="هدى", email="")

    assert fixed.status_code == 303
    assert Comment.objects.get().name == "هدى"


def test_a_100_kb_body_is_refused_with_a_form_error_not_a_crash(reader):
    article = ArticleFactory()
    body = "كلام " * 20_000  # 100,000 characters

    response = reader.send(article, body=body)

    assert response.status_code == 400
    assert "أطول من 2000" in visible_text(response.content.decode())
    assert not Comment.objects.exists()


def test_a_body_of_exactly_2000_characters_is_accepted(reader):
    article = ArticleFactory()

    response = reader.send(article, body="ب" * 2000)

    assert response.status_code == 303
    assert len(Comment.objects.get().body) == 2000


def test_bidi_overrides_and_invisible_characters_are_removed_before_storing(reader):
    article = ArticleFactory()
    name = "\u202eنادر\u202c"
    body = "\u202eهذا \u200bتعليق\u2066 مقلوب\u2069\u202c abc"

    assert reader.send(article, name=name, body=body).status_code == 303

    comment = Comment.objects.get()
    assert comment.name == "نادر"
    assert comment.body == "هذا تعليق مقلوب abc"


def test_a_comment_of_nothing_but_invisible_characters_is_empty(reader):
    article = ArticleFactory()

    response = reader.send(article, body="\u202e\u200b\u2066 \u200f")

    assert response.status_code == 400
    assert "اكتب تعليقك." in visible_text(response.content.decode())


def test_a_null_byte_is_a_form_error(reader):
    article = ArticleFactory()

    response = reader.send(article, body="نص\x00خفي")

    assert response.status_code == 400
    assert not Comment.objects.exists()


def test_a_reply_joins_the_thread_of_the_comment_it_answers(reader):
    article = ArticleFactory()
    first = CommentFactory(article=article, body="تعليق أول")
    reply = CommentFactory(article=article, parent=first, body="ردّ أول")
    page = soup(reader.client.get(article.url).content.decode())
    reply_link = page.select_one(f"#comment-{first.pk} .comment-actions a")
    assert reply_link.get_text() == "ردّ"
    assert page.select_one(f"#comment-{reply.pk} .comment-actions") is None  # one level

    form_page = reader.client.get(reply_link["href"])
    assert "تعليق أول" in visible_text(form_page.content.decode())
    assert reader.send(article, parent=first, body="ردّ ثانٍ").status_code == 303
    # Answering a reply (a hand-made URL) still lands in the first comment's thread.
    assert reader.send(article, parent=reply, body="ردّ ثالث").status_code == 303

    assert {c.parent_id for c in Comment.objects.filter(body__startswith="ردّ ث")} == {first.pk}


def test_a_reply_to_a_comment_that_is_not_published_is_refused(reader):
    article = ArticleFactory()
    pending = CommentFactory(article=article, status=Comment.Status.PENDING)
    other_article = CommentFactory()
    fields_page = reader.open_form(article)
    fields = reader.form_fields(fields_page.content.decode())

    for parent in (pending, other_article):
        fields.update(name="قارئ", body="ردّ", parent=str(parent.pk))
        response = reader.post(article, fields, wait=30)
        assert response.status_code == 400
        assert "لم يعد منشوراً" in visible_text(response.content.decode())
    assert Comment.objects.filter(name="قارئ").count() == 0


def test_sending_the_same_form_twice_stores_one_comment(reader):
    article = ArticleFactory()
    fields = reader.form_fields(reader.open_form(article).content.decode())
    fields.update(name="رامي", body="أرسلته مرتين بالخطأ")

    first = reader.post(article, fields, wait=30)
    second = reader.post(article, fields, wait=1)

    assert first.status_code == second.status_code == 303
    assert first["Location"] == second["Location"]
    assert Comment.objects.count() == 1


def test_a_forged_form_token_gets_the_form_back_with_a_fresh_one(reader):
    article = ArticleFactory()
    fields = reader.form_fields(reader.open_form(article).content.decode())
    fields.update(name="سمير", body="نصّي", token="forged:token")

    response = reader.post(article, fields, wait=30)

    assert response.status_code == 400
    assert "تعذّر التحقق من النموذج" in visible_text(response.content.decode())
    served = reader.form_fields(response.content.decode())
    assert served["token"] != "forged:token" and served["body"] == "نصّي"
    assert reader.resend(article, response).status_code == 303


def test_a_form_from_another_article_is_not_accepted(reader):
    article, other = ArticleFactory(), ArticleFactory()
    fields = reader.form_fields(reader.open_form(other).content.decode())
    fields.update(name="سمير", body="نصّي")

    assert reader.post(article, fields, wait=30).status_code == 400
    assert not Comment.objects.exists()


def test_a_form_left_open_for_two_days_has_expired_but_keeps_the_text(reader):
    article = ArticleFactory()

    response = reader.send(article, body="كتبته ثم نسيته", wait=2 * 24 * 3600)

    assert response.status_code == 400
    assert "انتهت صلاحية النموذج" in visible_text(response.content.decode())
    assert reader.form_fields(response.content.decode())["body"] == "كتبته ثم نسيته"
    assert reader.resend(article, response).status_code == 303


def test_articles_that_are_not_public_take_no_comments(reader):
    draft = ArticleFactory(publish=False)

    assert reader.open_form(draft).status_code == 404
    assert reader.client.post(reverse("comments:post", args=[draft.pk]), {}).status_code in (
        403,  # no CSRF token: refused before the view
        404,
    )
    assert reader.client.get(reverse("comments:post", args=[999999])).status_code == 404


def test_the_comment_urls_take_only_get_and_post(reader):
    article = ArticleFactory()

    assert reader.client.put(reverse("comments:post", args=[article.pk])).status_code in (403, 405)
    assert reader.client.get(reverse("comments:received", args=[article.pk])).status_code == 200
