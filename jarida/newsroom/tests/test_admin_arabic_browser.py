"""The admin speaks Arabic in a real browser too: a superuser signs in through the login form
and walks the newsroom's screens in Chromium. What the browser shows once Wagtail's scripts
have run (relative times, the body editor's block menus, the status panel, the uploader's
labels) holds no English beyond names and codes. The test-client walk
(`test_admin_arabic.py`) reads the HTML the server sends; this one reads what a journalist
sees."""

from __future__ import annotations

import pytest
from django.urls import reverse

from jarida.news.tests.factories import ArticleFactory, AuthorFactory, SectionFactory
from jarida.newsroom.tests.test_admin_arabic import ALLOWED, EMAIL_ADDRESS, LATIN_WORD

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "حبر-على-ورق-2026"
# File formats the uploader accepts are names, as in the test-client walk's allow-list.
FILE_FORMATS = {"avif", "gif", "jpeg", "jpg", "png", "webp", "svg", "heic"}
# What the browser shows, less commands and code set as such (`<code>`, `<kbd>`): the
# dashboard names `manage.py run_scheduler` for the operator.
SHOWN_TEXT = """() => {
    document.querySelectorAll("code, kbd, samp, pre").forEach((el) => el.remove());
    return document.body.innerText;
}"""


def english_words(text: str) -> set[str]:
    words = set(LATIN_WORD.findall(EMAIL_ADDRESS.sub(" ", text)))
    return {w for w in words if w.lower() not in ALLOWED | FILE_FORMATS}


def test_a_journalist_sees_no_english_on_the_newsrooms_screens(
    live_server, browser, django_user_model
):
    politics = SectionFactory(title="سياسة")
    article = ArticleFactory(parent=politics, title="خبر للاختبار", byline="ريم")
    AuthorFactory(name="ريم الخوري")
    django_user_model.objects.create_superuser("root", "root@example.com", PASSWORD)
    page = browser.new_context(locale="ar", viewport={"width": 1366, "height": 900}).new_page()

    page.goto(live_server.url + reverse("wagtailadmin_login"))
    page.fill("input[name=username]", "root")
    page.fill("input[name=password]", PASSWORD)
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url(live_server.url + reverse("wagtailadmin_home"))

    screens = [
        reverse("wagtailadmin_home"),
        reverse("wagtailadmin_explore", args=[politics.pk]),
        reverse("wagtailadmin_pages:edit", args=[article.pk]),
        reverse("wagtailadmin_pages:add", args=["news", "articlepage", politics.pk]),
        reverse("wagtailadmin_pages:history", args=[article.pk]),
        reverse("wagtailadmin_pages:search") + "?q=خبر",
        reverse("wagtailimages:index"),
        reverse("wagtailimages:add_multiple"),
        reverse("wagtaildocs:index"),
        reverse("wagtailusers_users:index"),
        reverse("wagtailusers_users:add"),
        reverse("wagtailadmin_workflows:index"),
        reverse("wagtailadmin_reports:locked_pages"),
        reverse("wagtailsnippets_news_author:list"),
        reverse("wagtailsnippets_news_author:add"),
        reverse("comments_desk:list"),
        reverse("comments_words:list"),
        reverse("newsletter_editions:index"),
        reverse("newsletter_subscribers:index"),
        reverse("live_desk_index"),
        reverse("wagtailredirects:index"),
        reverse("wagtailsettings:edit", args=["news", "newsroomsettings"]),
        reverse("outbox:index"),
    ]
    leftovers = {}
    for url in screens:
        response = page.goto(live_server.url + url)
        assert response is not None and response.ok, url
        page.wait_for_load_state("networkidle")
        words = english_words(page.evaluate(SHOWN_TEXT))
        if words:
            leftovers[url] = sorted(words)

    assert leftovers == {}
