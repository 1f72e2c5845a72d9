"""The font-size control, driven in Chromium by mouse, keyboard and with JavaScript off."""

from __future__ import annotations

import pytest

from jarida.news.tests.factories import ArticleFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def body_size(page) -> float:
    return page.locator(".article-body").evaluate("e => parseFloat(getComputedStyle(e).fontSize)")


def test_the_chosen_size_follows_the_reader_to_the_next_article(live_server, browser):
    first, second = ArticleFactory(), ArticleFactory()
    page = browser.new_page()

    page.goto(live_server.url + first.url)
    normal = body_size(page)
    page.get_by_role("radio", name="كبير جداً").check()
    enlarged = body_size(page)
    page.goto(live_server.url + second.url)

    assert enlarged > normal
    assert page.get_by_role("radio", name="كبير جداً").is_checked()
    assert body_size(page) == enlarged


def test_the_control_is_a_labelled_group_a_keyboard_can_drive(live_server, browser):
    article = ArticleFactory()
    page = browser.new_page()
    page.goto(live_server.url + article.url)

    group = page.get_by_role("group", name="حجم الخط")
    assert [r.get_attribute("value") for r in group.get_by_role("radio").all()] == [
        "s",
        "m",
        "l",
        "xl",
    ]
    page.get_by_role("radio", name="عادي").focus()
    normal = body_size(page)
    # In a right-to-left group, the left arrow moves to the next (larger) option.
    page.keyboard.press("ArrowLeft")

    assert page.get_by_role("radio", name="كبير", exact=True).is_checked()
    assert body_size(page) > normal


def test_without_javascript_the_page_reads_and_the_control_still_works(live_server, browser):
    article = ArticleFactory()
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + article.url)

    assert article.title in page.locator("h1").inner_text()
    normal = body_size(page)
    page.get_by_role("radio", name="صغير").check()

    assert body_size(page) < normal
    context.close()
