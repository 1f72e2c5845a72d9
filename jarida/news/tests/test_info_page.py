"""A plain page under Home (من نحن، سياسة الخصوصية), written by an editor through the admin,
with the body's list and table blocks, and read by a reader."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from wagtail.test.utils.form_data import rich_text

from jarida.news.models import HomePage, InfoPage
from jarida.newsroom.tests.editor import editor_form

pytestmark = pytest.mark.django_db


def list_block(values: list[Any]) -> dict[str, Any]:
    """A ListBlock's form data as the editor's JavaScript posts it."""
    items: dict[str, Any] = {"count": len(values)}
    for i, value in enumerate(values):
        items[str(i)] = {"value": value, "deleted": "", "order": i, "id": ""}
    return items


def test_an_editor_publishes_a_plain_page_with_a_list_and_a_table(client):
    chief = get_user_model().objects.create_superuser("chief", "c@example.com", "pw-123456")
    client.force_login(chief)
    home = HomePage.objects.get()
    url = reverse("wagtailadmin_pages:add", args=["news", "infopage", home.pk])
    body = [
        ("paragraph", "<p>جريدة مستقلة تصدر من بيروت.</p>"),
        ("list", rich_text("<ul><li>الأخبار المحلية</li><li>الاقتصاد والأعمال</li></ul>")),
        (
            "table",
            {
                "caption": "ساعات العمل",
                "first_row_is_header": "on",
                "rows": list_block(
                    [list_block(["اليوم", "الساعات"]), list_block(["الاثنين", "٩–٥"])]
                ),
            },
        ),
    ]
    form = editor_form(client, url, body, "publish", title="سياسة التحرير", slug="سياسة-التحرير")

    response = client.post(url, form)

    assert response.status_code == 302, response.content.decode()[:2000]
    page = InfoPage.objects.get()
    assert page.live and page.get_parent().pk == home.pk
    html = client.get(page.url).content.decode()
    assert "سياسة التحرير" in html
    assert re.search(r"<ul><li[^>]*>الأخبار المحلية</li>", html)
    assert "<caption>ساعات العمل</caption>" in html and '<th scope="col">اليوم</th>' in html
    assert "<td>الاثنين</td>" in html
