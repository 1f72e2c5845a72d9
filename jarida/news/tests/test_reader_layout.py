"""The reader site as a person sees it, in Chromium at a phone's 390 px and a laptop's 1366 px:
the «عاجل» strip, the phone navigation, touch targets, the article's photo and font-size
control (also without CSS :has()), dark mode, rows of cards without holes, and print."""

from __future__ import annotations

import datetime as dt
import itertools
import re
import shutil
import subprocess

import pytest
from django.utils import timezone
from wagtail.models import Site

from jarida.comments.tests.factories import CommentFactory
from jarida.images.tests.factories import NewsImageFactory, jpeg_file
from jarida.news.models import NewsroomSettings
from jarida.news.tests.factories import ArticleFactory, SectionFactory, paragraphs

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1366, "height": 900}
TAP = 44  # px: WCAG 2.5.5's target size, Apple's and Google's minimum


def box(page, selector: str) -> dict:
    return page.locator(selector).first.bounding_box()


def style(page, selector: str, prop: str, pseudo: str | None = None) -> str:
    return page.locator(selector).first.evaluate(
        "(e, [p, pseudo]) => getComputedStyle(e, pseudo).getPropertyValue(p)", [prop, pseudo]
    )


def rgb(value: str) -> tuple[float, ...]:
    return tuple(float(n) for n in re.findall(r"[\d.]+", value)[:3])


def contrast(a: str, b: str) -> float:
    def luminance(colour: str) -> float:
        channels = [c / 255 for c in rgb(colour)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_the_breaking_strip_is_one_line_with_a_chip_and_a_focus_ring_that_shows(
    live_server, browser
):
    for title in (
        "عاجل: انفجار قوي يهز مرفأ بيروت وأنباء عن إصابات في الأحياء المجاورة",
        "الجيش ينتشر في محيط المرفأ ويغلق الطرق المؤدية إليه حتى إشعار آخر",
    ):
        ArticleFactory(
            title=title, is_breaking=True, breaking_until=timezone.now() + dt.timedelta(hours=1)
        )
    page = browser.new_page(viewport=PHONE)
    page.goto(live_server.url + "/")

    strip = box(page, ".breaking")
    link = box(page, ".breaking li a")
    assert strip["height"] <= 64, "the strip wraps onto several lines"
    assert link["height"] >= TAP
    shown = [a.inner_text() for a in page.locator(".breaking li a").all()]
    assert any(t.startswith("انفجار") for t in shown) and not any("عاجل" in t for t in shown)
    assert style(page, ".breaking li a", "text-decoration-line") == "none"
    chip, band = (
        style(page, ".breaking-label", "background-color"),
        style(page, ".breaking", "background-color"),
    )
    assert contrast(chip, band) >= 3, "the «عاجل» label is not a chip"

    page.locator(".breaking li a").first.focus()
    page.keyboard.press("Tab")
    page.keyboard.press("Shift+Tab")  # focus by keyboard, so :focus-visible applies
    ring = style(page, ".breaking li a", "outline-color")
    assert style(page, ".breaking li a", "outline-style") == "solid"
    assert contrast(ring, band) >= 3, "the focus ring does not show on the strip (WCAG 2.4.7)"


def test_the_phone_navigation_scrolls_shows_it_does_and_cuts_no_word(live_server, browser):
    for title in ("الشرق الأوسط", "سياسة", "اقتصاد", "ثقافة وفنون", "رياضة", "منوعات", "رأي"):
        SectionFactory(title=title)
    ArticleFactory()
    page = browser.new_page(viewport=PHONE)
    page.goto(live_server.url + "/")

    scroller = page.locator(".sections ul")
    assert scroller.evaluate("e => e.scrollWidth > e.clientWidth")
    assert "gradient" in style(page, ".sections", "background-image", "::after")
    for link in page.locator(".sections a").all():
        assert link.evaluate("e => e.scrollWidth <= e.clientWidth"), link.inner_text()
        assert link.bounding_box()["height"] >= TAP
    first = page.locator(".sections a", has_text="الشرق الأوسط")
    assert first.evaluate("e => e.getBoundingClientRect().width") > 60


def test_touch_targets_on_an_article_are_at_least_44_px(live_server, browser):
    article = ArticleFactory(tags=["بيروت"], lead_image=NewsImageFactory())
    CommentFactory(article=article)
    page = browser.new_page(viewport=PHONE)
    page.goto(live_server.url + article.url)

    selectors = [
        ".share a",
        ".comment-actions a",
        ".font-size-option",
        ".tags a",
        ".site-footer nav a",
        ".site-search button",
        ".comment-submit",
    ]
    for selector in selectors:
        for target in page.locator(selector).all():
            size = target.bounding_box()
            assert size and size["height"] >= TAP and size["width"] >= TAP, selector


def test_the_lead_photo_spans_the_article_column(live_server, browser):
    article = ArticleFactory(lead_image=NewsImageFactory())
    page = browser.new_page(viewport=LAPTOP)
    page.goto(live_server.url + article.url)

    photo, column = box(page, ".lead-image img"), box(page, ".article")
    assert column["width"] >= 700
    assert abs(photo["width"] - column["width"]) < 1


def sizes(page) -> list[float]:
    return [
        float(style(page, selector, "font-size").removesuffix("px"))
        for selector in (".headline", ".article-body p", ".lead-image figcaption")
    ]


@pytest.mark.parametrize("has_support", [True, False], ids=["with :has()", "without :has()"])
def test_the_font_size_control_scales_headline_body_and_caption(live_server, browser, has_support):
    article = ArticleFactory(lead_image=NewsImageFactory())
    page = browser.new_page(viewport=PHONE)
    page.goto(live_server.url + article.url)
    if not has_support:
        # Firefox ESR 115 has no :has(): drop every rule that uses it, as it would.
        page.evaluate(
            """() => { for (const sheet of document.styleSheets) {
                 for (let i = sheet.cssRules.length - 1; i >= 0; i--) {
                   const rule = sheet.cssRules[i];
                   const text = rule.selectorText || "";
                   if (text.includes(":has(")) sheet.deleteRule(i);
                 } } }"""
        )
    normal = sizes(page)

    page.get_by_role("radio", name="كبير جداً").check()

    larger = sizes(page)
    assert all(after > before * 1.3 for before, after in zip(normal, larger, strict=True)), (
        normal,
        larger,
    )


def test_dark_mode_styles_every_page_with_readable_text(live_server, browser):
    article = ArticleFactory(tags=["بيروت"], lead_image=NewsImageFactory())
    CommentFactory(article=article)
    context = browser.new_context(color_scheme="dark", viewport=LAPTOP)
    page = context.new_page()

    for url in ("/", article.url, "/tags/بيروت/", "/search/?q=الموازنة", "/no-such-page/"):
        page.goto(live_server.url + url)
        background = style(page, "body", "background-color")
        assert sum(rgb(background)) < 3 * 60, (url, background)
        for selector in ("body", ".site-footer", "h1, .card-title a", ".card-meta, .edition"):
            if page.locator(selector).count():
                colour = style(page, selector, "color")
                assert contrast(colour, background) >= 4.5, (url, selector, colour)
    context.close()


def test_the_masthead_logo_reads_on_dark_paper_built_in_or_uploaded(live_server, browser):
    ArticleFactory(lead_image=NewsImageFactory())

    def dark_home():
        # A new context each time: the browser may keep a page for BROWSER_CACHE_SECONDS.
        context = browser.new_context(color_scheme="dark", viewport=PHONE)
        page = context.new_page()
        page.goto(live_server.url + "/")
        return page

    # The built-in logo: its word follows the text colour, its mark stands off the paper.
    page = dark_home()
    paper = style(page, "body", "background-color")
    assert contrast(style(page, ".logo-word", "fill"), paper) >= 4.5
    assert contrast(style(page, ".logo-mark", "fill"), paper) >= 3

    # An uploaded logo drawn for light paper (dark ink), with no dark variant: on a plate
    # as light as the ink is dark.
    settings = NewsroomSettings.for_site(Site.objects.get(is_default_site=True))
    settings.logo = NewsImageFactory(file=jpeg_file(400, 100, colour="#111111", name="ink.jpg"))
    settings.save()
    page = dark_home()
    assert contrast(style(page, "img.logo", "background-color"), "rgb(17, 17, 17)") >= 4.5

    # With a light variant, the browser shows that one, and no plate.
    settings.logo_dark = NewsImageFactory(file=jpeg_file(400, 100, colour="#eee", name="pale.jpg"))
    settings.save()
    page = dark_home()
    assert "pale" in page.locator("img.logo").evaluate("img => img.currentSrc")
    assert rgb(style(page, "img.logo", "background-color")) == (0, 0, 0)  # transparent


def test_rows_of_cards_have_no_holes_when_some_stories_have_no_photo(live_server, browser):
    section = SectionFactory(title="سياسة")
    now = timezone.now()
    for n in range(20):
        ArticleFactory(
            parent=section,
            title=f"خبر رقم {n}",
            first_published_at=now - dt.timedelta(hours=n + 1),
            lead_image=NewsImageFactory() if n % 3 else None,
        )
    page = browser.new_page(viewport=LAPTOP)
    page.goto(live_server.url + "/")

    for grid in page.locator(".latest .cards, .section-digest .cards").all():
        cards = grid.locator(".card").all()
        rows: dict[int, list[float]] = {}
        for card in cards:
            top = round(card.bounding_box()["y"])
            rows.setdefault(top, []).append(card.locator(".card-title").bounding_box()["y"])
        for titles in rows.values():
            assert max(titles) - min(titles) < 2, "a card's headline sits lower than its row's"

    page.goto(live_server.url + section.url)
    cards = [card.bounding_box() for card in page.locator(".cards--list .card").all()]
    assert len({round(c["x"]) for c in cards}) == 1, "list cards are not one column"
    gaps = [b["y"] - (a["y"] + a["height"]) for a, b in itertools.pairwise(cards)]
    assert max(gaps) < 4, "a hole between list cards"


def test_an_archive_without_photos_gets_full_rows_and_no_empty_photo_panels(live_server, browser):
    section = SectionFactory(title="سياسة")
    now = timezone.now()
    for n in range(20):
        ArticleFactory(
            parent=section,
            title=f"{n} ترامب يتصدر قائمة المرشحين الجمهوريين في استطلاع جديد" * (1 + n % 2),
            first_published_at=now - dt.timedelta(hours=n + 1),
        )
    page = browser.new_page(viewport=LAPTOP)
    page.goto(live_server.url + "/")

    rows: dict[int, int] = {}
    for card in page.locator(".latest .card").all():
        top = round(card.bounding_box()["y"])
        rows[top] = rows.get(top, 0) + 1
    assert set(rows.values()) == {4}, f"«آخر الأخبار» rows of {list(rows.values())} cards"
    panel = ".latest .card--text"
    assert style(page, panel, "background-image", "::before") == "none"
    assert style(page, panel, "height", "::before") == "4px"  # the accent rule alone
    lead = box(page, ".top-story .card")
    assert lead["height"] > 150, "a text lead story shrinks to its headline"

    # On a phone, one card a row: no panel stands in for a photo, even beside photo cards.
    ArticleFactory(parent=section, lead_image=NewsImageFactory())
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + "/")
    assert style(page, panel, "content", "::before") in ("none", "normal")
    page.close()


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) absent")
def test_an_article_prints_whole_without_the_sites_furniture(live_server, browser, tmp_path):
    texts = [
        "قالت وزارة المالية إن العجز تراجع للمرة الأولى منذ سنوات بعد إقرار الموازنة الجديدة.",
        "وأضافت الوزارة أن الإيرادات الجمركية ارتفعت بنسبة كبيرة خلال الأشهر الستة الماضية.",
        "ويرى اقتصاديون أن الخطوة ضرورية لكنها غير كافية لاستعادة ثقة المودعين بالمصارف.",
    ]
    article = ArticleFactory(
        body=paragraphs(*texts), lead_image=NewsImageFactory(), tags=["الموازنة"]
    )
    CommentFactory(article=article, body="تعليق لا يطبع")
    page = browser.new_page(viewport=LAPTOP)
    page.goto(live_server.url + article.url)
    pdf = tmp_path / "article.pdf"
    page.pdf(path=str(pdf), format="A4")

    printed = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    words = set(re.findall(r"[\w\u0600-\u06FF]+", printed))

    for text in texts:
        first, last = (
            re.findall(r"[\w\u0600-\u06FF]+", text)[0],
            re.findall(r"[\w\u0600-\u06FF]+", text)[-1],
        )
        assert first in words and last in words, text
    assert article.title.split()[0] in words
    assert f"/a/{article.pk}" in printed
    for furniture in ("واتساب", "تعليق لا يطبع", "حجم الخط", "ابحث", "التصحيحات"):
        assert furniture not in printed, furniture


def test_search_forms_use_16px_controls_and_hits_are_not_in_highlighter_yellow(
    live_server, browser
):
    ArticleFactory(
        title="الحكومة تقرّ الموازنة",
        body=paragraphs("قال وزير المالية إنّ الموازنة الجديدة تخفض العجز كثيراً."),
    )
    page = browser.new_page(viewport=PHONE)
    page.goto(live_server.url + "/search/?q=الموازنة")

    for control in page.locator(
        ".site-search input, .search-form input, .search-form select"
    ).all():
        assert float(control.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")) >= 16
        assert control.bounding_box()["height"] >= TAP
    assert "Noto" in style(page, ".search-form input", "font-family")
    mark = style(page, ".search-results mark", "background-color")
    assert rgb(mark) != (255.0, 255.0, 0.0)
    assert contrast(style(page, ".search-results mark", "color"), mark) >= 4.5
