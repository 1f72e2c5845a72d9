"""Lists, tables and photo galleries in an article's body, as a reader sees them in Chromium:
on a phone a wide table scrolls inside its own box and the page itself never scrolls
sideways; on a laptop a gallery's photos stand side by side; lists keep their markers."""

from __future__ import annotations

import pytest

from jarida.images.tests.factories import NewsImageFactory
from jarida.news.tests.factories import ArticleFactory, paragraphs

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1366, "height": 900}


def article_with_blocks():
    header = ["المحافظة", "عدد السكان", "المساحة بالكيلومتر المربع", "عدد البلديات", "المركز"]
    rows = [header] + [
        [f"محافظة رقم {n}", "١٬٢٣٤٬٥٦٧", "٣٬٤٥٦", "١٢٣", "مدينة ذات اسم طويل جداً"] for n in range(4)
    ]
    photos = [NewsImageFactory(credit="© أ ف ب") for _ in range(3)]
    body = [
        *paragraphs("الفقرة الأولى من الخبر."),
        {
            "type": "list",
            "value": "<ul><li>البند الأول</li><li>البند الثاني</li><li>البند الثالث</li></ul>",
        },
        {
            "type": "table",
            "value": {"caption": "أرقام المحافظات", "first_row_is_header": True, "rows": rows},
        },
        {
            "type": "gallery",
            "value": {
                "images": [{"image": p.pk, "caption": f"صورة {n}"} for n, p in enumerate(photos)],
                "caption": "من موقع الحدث",
            },
        },
    ]
    return ArticleFactory(body=body)


def test_a_wide_table_scrolls_in_its_box_and_a_gallery_stands_side_by_side(live_server, browser):
    article = article_with_blocks()
    phone = browser.new_page(viewport=PHONE)
    phone.goto(live_server.url + article.url)

    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    table_box = phone.locator(".body-table")
    assert table_box.evaluate("e => e.scrollWidth > e.clientWidth"), "the table scrolls in its box"
    assert table_box.evaluate("e => getComputedStyle(e).overflowX") == "auto"
    marker = phone.locator(".body-list li").first.evaluate("e => getComputedStyle(e).display")
    assert marker == "list-item"
    assert phone.locator(".body-table caption").inner_text() == "أرقام المحافظات"

    laptop = browser.new_page(viewport=LAPTOP)
    laptop.goto(live_server.url + article.url)
    tops = laptop.locator(".body-gallery .body-image").evaluate_all(
        "figures => figures.map(f => Math.round(f.getBoundingClientRect().top))"
    )
    assert len(tops) == 3 and tops[0] == tops[1], tops
    assert laptop.evaluate("document.documentElement.scrollWidth") <= LAPTOP["width"]
