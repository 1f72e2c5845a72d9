"""The whole flow in Chromium: two reporters post from the desk at phone width, a reader's
open page announces «٣ تحديثات جديدة» and shows them without a reload, an editor pins and
corrects, the coverage ends, and the page says so, stops polling and stays an archive whose
structured data extruct reads as a `LiveBlogPosting`."""

from __future__ import annotations

import extruct
import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from jarida.live.models import LiveCoveragePage, LiveUpdate
from jarida.live.tests.factories import LiveUpdateFactory
from jarida.news.templatetags.dates import clock, date_line, iso

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE = {"width": 375, "height": 740}


def desk_page(browser, live_server, user, url: str):
    """A phone browser signed in as `user`, on `url`."""
    client = Client()
    client.force_login(user)
    context = browser.new_context(viewport=PHONE, locale="ar")
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    page = context.new_page()
    page.goto(live_server.url + url)
    return page


def post(desk, text: str) -> None:
    desk.get_by_label("نص التحديث").first.fill(text)
    desk.get_by_role("button", name="انشر الآن").click()


def test_reporters_post_a_reader_sees_them_live_an_editor_corrects_and_the_coverage_ends(
    live_server, browser, coverage, reporter, editor, django_user_model
):
    first = LiveUpdateFactory(page=coverage, title="بداية التغطية")
    colleague = django_user_model.objects.create_user("reporter2", first_name="نادين")
    colleague.groups.add(*reporter.groups.all())
    desk_url = reverse("live_desk", args=[coverage.pk])

    reader = browser.new_page()
    reader.clock.install()
    reader.goto(live_server.url + coverage.url)
    reader.evaluate("window.stillTheSamePage = true")
    one, two = (desk_page(browser, live_server, u, desk_url) for u in (reporter, colleague))
    # At phone width the desk fits: nothing to scroll sideways to reach the button.
    assert one.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    post(one, "انقطاع الكهرباء عن ثلاث قرى في جرد جبيل.")
    post(two, "الدفاع المدني يُجلي عائلتين من منزل تصدّع سقفه.")
    post(one, "وزارة الأشغال: فتح طريق ترشيش خلال ساعتين.")

    reader.clock.fast_forward("00:31")
    notice = reader.locator(".live-notice button")
    notice.wait_for(state="visible")
    assert notice.inner_text() == "٣ تحديثات جديدة"
    notice.click()

    shown = reader.locator(".live-stream .live-update")
    assert shown.count() == 4
    assert "وزارة الأشغال" in shown.first.inner_text()
    assert shown.last.get_attribute("data-update-id") == str(first.pk)
    assert reader.evaluate("window.stillTheSamePage") is True
    assert not reader.locator(".live-notice").is_visible()
    newest = LiveUpdate.objects.newest_first().first()
    stamp = reader.locator(".live-last time")
    assert stamp.get_attribute("datetime") == iso(newest.posted_at)
    assert stamp.inner_text() == f"{date_line(newest.posted_at)} {clock(newest.posted_at)}"

    # The editor pins and corrects from the desk; then the coverage ends.
    pinned = next(u for u in LiveUpdate.objects.all() if "الدفاع المدني" in u.body_text())
    editor_desk = desk_page(browser, live_server, editor, desk_url)
    item = editor_desk.locator(f"#desk-update-{pinned.pk}")
    item.get_by_role("button", name="ثبّت").click()
    item = editor_desk.locator(f"#desk-update-{pinned.pk}")
    item.get_by_text("أضف تصحيحاً").click()
    item.get_by_label("نص التصحيح").fill("العائلات ثلاث لا اثنتان.")
    item.get_by_role("button", name="انشر التصحيح").click()
    coverage = LiveCoveragePage.objects.get(pk=coverage.pk)
    coverage.state = LiveCoveragePage.State.ENDED
    coverage.save_revision(user=editor).publish()

    reader.clock.fast_forward("00:31")
    reader.locator(".live-notice button", has_text="انتهت التغطية").wait_for(state="visible")
    reader.reload()

    html = reader.content()
    assert "انتهت التغطية" in reader.locator(".live-state").inner_text()
    assert "العائلات ثلاث لا اثنتان." in reader.locator(f"#update-{pinned.pk}").inner_text()
    assert reader.locator(f"#pinned-update-{pinned.pk}").count() == 1
    assert "live.js" not in html
    found = extruct.extract(html, base_url=reader.url, syntaxes=["json-ld"])["json-ld"]
    live = next(item for item in found if item["@type"] == "LiveBlogPosting")
    assert len(live["liveBlogUpdate"]) == 4 and live["coverageEndTime"]


def test_the_script_revalidates_with_its_etag_and_backs_off_while_the_tab_is_hidden(
    live_server, browser, coverage
):
    LiveUpdateFactory(page=coverage)
    reader = browser.new_page()
    polls: list[tuple[int, str | None]] = []
    reader.on(
        "response",
        lambda r: (
            polls.append((r.status, r.request.headers.get("if-none-match")))
            if r.url.endswith("/updates/")
            else None
        ),
    )
    reader.clock.install()
    reader.goto(live_server.url + coverage.url)

    for _ in range(2):
        reader.clock.fast_forward("00:31")
        reader.wait_for_timeout(300)
    # The tab goes to the background: the next poll waits four times as long.
    reader.evaluate(
        """() => {
        Object.defineProperty(document, "hidden", {value: true, configurable: true});
        document.dispatchEvent(new Event("visibilitychange"));
    }"""
    )
    reader.clock.fast_forward("00:31")
    reader.wait_for_timeout(300)
    while_hidden = len(polls)
    reader.clock.fast_forward("02:00")
    reader.wait_for_timeout(300)

    assert polls[0] == (200, None)
    assert polls[1][0] == 304 and polls[1][1]
    assert while_hidden == 2
    assert len(polls) == 3
    assert not reader.locator(".live-notice").is_visible()
