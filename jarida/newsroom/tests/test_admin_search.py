"""The admin's page search is Arabic-aware: hamza, alef maksura and teh marbuta variants and
tashkeel find the same article, as reader search does."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from jarida.news.tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def root(db):
    return get_user_model().objects.create_superuser("root", "root@example.com", "x")


@pytest.mark.parametrize(
    ("title", "query"),
    [
        ("الأمطار الغزيرة تغمر شوارع بيروت", "الامطار"),
        ("الامطار الغزيرة تغمر شوارع بيروت", "الأمطار"),
        ("الإدارة الأمريكية تعلن خطة جديدة", "امريكيه"),
        ("مستشفى الجامعة يستقبل المصابين", "مستشفي"),
        ("وزيرُ الماليّة يقدّم الموازنة", "المالية"),
    ],
)
def test_admin_page_search_finds_every_spelling(client, root, title, query):
    ArticleFactory(title=title)
    ArticleFactory(title="خبر آخر عن الرياضة")
    client.force_login(root)

    response = client.get(reverse("wagtailadmin_pages:search"), {"q": query})

    assert response.status_code == 200
    page = response.content.decode()
    assert title in page
    assert "خبر آخر عن الرياضة" not in page


def test_the_editor_explorer_search_is_arabic_aware_too(client, editor, politics):
    ArticleFactory(parent=politics, title="الأمطار تعود إلى الجبل")
    client.force_login(editor)

    response = client.get(reverse("wagtailadmin_explore", args=[politics.pk]), {"q": "الامطار"})

    assert response.status_code == 200
    assert "الأمطار تعود إلى الجبل" in response.content.decode()
