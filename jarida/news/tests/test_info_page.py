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


def footer_links(html: str) -> list[tuple[str, str]]:
    footer = html[html.index('<nav class="footer-links"') :]
    footer = footer[: footer.index("</nav>")]
    return re.findall(r'<a href="([^"]+)"[^>]*>([^<]+)</a>', footer)


def publish_info_page(home: HomePage, title: str, slug: str, **fields: Any) -> InfoPage:
    page = home.add_child(instance=InfoPage(title=title, slug=slug, **fields))
    page.save_revision().publish()
    return page


def test_plain_pages_are_in_every_pages_footer_as_soon_as_they_are_published(
    client, django_capture_on_commit_callbacks
):
    """A reader on a page cached before the editor published «من نحن» sees the new link
    (the publish purged every page), once: the settings' own «من نحن» gives way to it."""
    from jarida.news.tests.factories import ArticleFactory, SectionFactory

    article = ArticleFactory(parent=SectionFactory(title="سياسة"))
    before = footer_links(client.get(article.url).content.decode())
    assert ("/about/", "من نحن") in before and ("/contact/", "اتصل بنا") in before

    home = HomePage.objects.get()
    with django_capture_on_commit_callbacks(execute=True):  # the purges run at commit
        about = publish_info_page(home, "مَن نحن", "من-نحن")
        publish_info_page(home, "سياسة الخصوصية", "privacy")
        draft = InfoPage(title="صفحة قيد الكتابة", slug="draft", live=False)
        home.add_child(instance=draft)
        hidden = publish_info_page(home, "إعلانات مبوبة", "ads", show_in_menus=False)

    for url in (article.url, "/", "/corrections/"):
        links = footer_links(client.get(url).content.decode())
        titles = [title for _, title in links]
        assert (about.url, "مَن نحن") in links, links
        assert ("/privacy/", "سياسة الخصوصية") in links, links
        assert "من نحن" not in titles, "the settings' link gave way to the page of that name"
        assert ("/contact/", "اتصل بنا") in links
        assert draft.title not in titles and hidden.title not in titles

    # The editor unticks «إظهار في القوائم»: gone from the footer, the page itself stays.
    about.show_in_menus = False
    with django_capture_on_commit_callbacks(execute=True):
        about.save_revision().publish()
    links = footer_links(client.get(article.url).content.decode())
    assert ("/about/", "من نحن") in links and "مَن نحن" not in [t for _, t in links]
    assert client.get(about.url).status_code == 200
