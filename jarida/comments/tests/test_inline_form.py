"""The comment form under the article: the cached article page carries the form without its
per-reader tokens; the page's script fetches them when the reader starts to write, then the
form posts as the separate form page's does (CSRF enforced). Without JavaScript the link to
the form page still works."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from django.utils import timezone

from jarida.comments.models import ArticleCommentSettings, Comment, CommentMode
from jarida.news.tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def inline_form(html: str):
    return BeautifulSoup(html, "html.parser").select_one("#comments form#comment-form-inline")


def test_the_form_under_a_cached_article_carries_no_per_reader_token(client):
    article = ArticleFactory()

    first = client.get(article.url)
    second = client.get(article.url)

    assert second["X-Cache"] == "HIT"
    form = inline_form(second.content.decode())
    assert form is not None and form["action"] == f"/comments/post/{article.pk}/"
    assert form.select_one('[name="csrfmiddlewaretoken"]')["value"] == ""
    assert form.select_one('[name="token"]')["value"] == ""
    assert {"name", "email", "body", "website"} <= {e["name"] for e in form.select("[name]")}
    assert not first.cookies  # the article page sets no cookie: one copy for everyone
    # Without JavaScript: the form stays hidden and the link opens the form page.
    assert form.has_attr("hidden")
    link = BeautifulSoup(second.content.decode(), "html.parser").select_one(".comments-add-link")
    assert client.get(link["href"].split("#")[0]).status_code == 200


def test_a_reader_writes_under_the_article_and_the_comment_reaches_the_desk(time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    article = ArticleFactory()
    browser = Client(enforce_csrf_checks=True, REMOTE_ADDR="203.0.113.8")
    form = inline_form(browser.get(article.url).content.decode())

    # The reader starts typing: the script fetches the tokens.
    tokens = browser.get(form["data-token-url"])
    assert tokens.status_code == 200 and tokens["Cache-Control"].startswith("max-age=0")
    data = tokens.json()
    fields = {e["name"]: e.get("value", "") for e in form.select("input[name]")}
    fields |= {
        "csrfmiddlewaretoken": data["csrf"],
        "token": data["token"],
        "name": "ليلى من صيدا",
        "body": "شكراً على هذا التقرير المفصّل.",
    }
    time_machine.shift(30)  # a person takes a while to write
    response = browser.post(form["action"], fields)

    assert response.status_code == 303
    comment = Comment.objects.get()
    assert (comment.article_id, comment.name) == (article.pk, "ليلى من صيدا")


def test_without_the_fetched_tokens_the_post_is_refused_and_nothing_is_stored():
    article = ArticleFactory()
    browser = Client(enforce_csrf_checks=True)
    form = inline_form(browser.get(article.url).content.decode())
    fields = {e["name"]: e.get("value", "") for e in form.select("input[name]")}
    fields |= {"name": "مستعجل", "body": "تعليق بلا رمز"}

    assert browser.post(form["action"], fields).status_code == 403
    assert not Comment.objects.exists()


def test_a_closed_article_gives_no_tokens():
    article = ArticleFactory()
    ArticleCommentSettings.objects.create(article=article, mode=CommentMode.CLOSED)

    response = Client().get(f"/comments/token/{article.pk}/")

    assert response.status_code == 403
    assert "أُغلق" in response.json()["error"]
