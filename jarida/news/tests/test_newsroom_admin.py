"""The newsroom works in Wagtail's admin, in Arabic, right to left."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from jarida.news.models import ArticlePage
from jarida.news.tests.factories import SectionFactory
from jarida.news.tests.html import soup
from jarida.newsroom.tests.editor import editor_form

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client):
    user = get_user_model().objects.create_superuser("editor", "editor@example.com", "x-pass-1")
    client.force_login(user)
    return user


def test_the_admin_speaks_arabic_right_to_left(client, editor):
    page = soup(client.get("/admin/").content.decode())

    assert (page.html["lang"], page.html["dir"]) == ("ar", "rtl")


def test_an_editor_writes_an_arabic_article_and_gets_an_arabic_slug(client, editor):
    section = SectionFactory(title="سياسة")
    url = reverse("wagtailadmin_pages:add", args=["news", "articlepage", section.pk])
    form = editor_form(
        client,
        url,
        [("paragraph", "<p>نص الخبر.</p>")],
        "publish",
        title="الحكومةُ تُقـــرّ الموازنة",
        # As a naive slug script might leave it: tatweel included.
        slug="الحكومة-تقـــر-الموازنة",
        tags="الموازنة",
    )

    response = client.post(url, form)

    assert response.status_code == 302
    article = ArticlePage.objects.get()
    assert article.live
    assert article.slug == "الحكومة-تقر-الموازنة"
    assert client.get(article.url).status_code == 200


def test_a_section_cannot_take_a_slug_the_site_uses(client, editor):
    from jarida.news.models import HomePage

    home = HomePage.objects.get()
    response = client.post(
        f"/admin/pages/add/news/sectionpage/{home.pk}/",
        {"title": "وسوم", "slug": "tags", "description": "", "action-publish": "action-publish"},
    )

    assert response.status_code == 200
    assert "محجوز" in response.content.decode()
