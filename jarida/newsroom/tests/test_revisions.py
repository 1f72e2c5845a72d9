"""Every save is a revision; editors compare two and restore an older one."""

from __future__ import annotations

import pytest
from django.urls import reverse

from jarida.news.tests.factories import ArticleFactory
from jarida.newsroom.tests.editor import edit_article

pytestmark = pytest.mark.django_db


def test_an_editor_compares_two_revisions_and_sees_what_changed(client, editor, politics):
    article = ArticleFactory(parent=politics, title="العنوان الأول")
    client.force_login(editor)
    edit_article(client, article, "publish", title="العنوان المعدّل")
    first, second = article.revisions.order_by("created_at")[:2]

    url = reverse("wagtailadmin_pages:revisions_compare", args=[article.pk, first.pk, second.pk])
    response = client.get(url)

    html = response.content.decode()
    assert response.status_code == 200
    # The comparison marks the changed word: the old one deleted, the new one added.
    assert "الأول" in html and "المعدّل" in html
    assert "deletion" in html and "addition" in html


def test_an_editor_restores_an_older_revision(client, editor, politics):
    article = ArticleFactory(parent=politics, title="النسخة الصحيحة")
    client.force_login(editor)
    edit_article(client, article, "publish", title="نسخة خاطئة")
    original = article.revisions.order_by("created_at").first()

    revert_url = reverse("wagtailadmin_pages:revisions_revert", args=[article.pk, original.pk])
    form_page = client.get(revert_url)
    assert form_page.status_code == 200
    assert "النسخة الصحيحة" in form_page.content.decode()
    edit_article(client, article, "publish", title="النسخة الصحيحة", revision=original.pk)

    article.refresh_from_db()
    assert article.title == "النسخة الصحيحة"
    assert article.live
    assert "النسخة الصحيحة" in client.get(article.url).content.decode()
