"""The small pieces behind JSON-LD and the API's plain text, with stand-in objects."""

from __future__ import annotations

import datetime as dt
import json
from types import SimpleNamespace

from jarida.distribution.structured_data import (
    breadcrumbs,
    correction_comment,
    public_notices,
    to_script_json,
)
from jarida.distribution.tests.conftest import beirut
from jarida.distribution.text import html_to_text, truncate


def test_a_notice_with_created_at_and_a_plain_kind_is_a_correction_comment():
    notice = SimpleNamespace(kind="تحديث", text="أُضيف تصريح الوزير.", created_at=beirut(23, 21, 0))

    assert correction_comment(notice) == {
        "@type": "CorrectionComment",
        "text": "تحديث: أُضيف تصريح الوزير.",
        "datePublished": "2021-07-23T21:00:00+03:00",
    }


def test_a_notice_in_winter_carries_beiruts_winter_offset():
    notice = SimpleNamespace(
        kind="تصحيح", text="…", noted_at=dt.datetime(2021, 1, 5, 10, 0, tzinfo=dt.UTC)
    )

    assert correction_comment(notice)["datePublished"] == "2021-01-05T12:00:00+02:00"


def test_an_article_without_a_notices_accessor_has_none():
    assert public_notices(SimpleNamespace()) == []
    assert public_notices(SimpleNamespace(public_notices=lambda: ("a",))) == ["a"]


def test_breadcrumb_positions_start_at_one():
    trail = breadcrumbs([("جريدة", "https://example.com/"), ("سياسة", "https://example.com/s/")])

    assert [item["position"] for item in trail["itemListElement"]] == [1, 2]


def test_script_json_keeps_arabic_readable_and_cannot_end_the_script():
    text = to_script_json({"headline": "عنوان </script> & <!-- "})

    assert "عنوان" in text
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == {"headline": "عنوان </script> & <!-- "}


def test_html_becomes_text_with_a_blank_line_between_paragraphs():
    html = (
        "<p>الفقرة <b>الأولى</b>،\n  ممتدة.</p><h2>عنوان فرعي</h2>"
        "<blockquote><p>قولٌ</p></blockquote><p>سطر<br>وسطر &amp; رمز</p>"
    )

    assert html_to_text(html) == "الفقرة الأولى، ممتدة.\n\nعنوان فرعي\n\nقولٌ\n\nسطر\nوسطر & رمز"


def test_truncation_cuts_at_a_word():
    assert truncate("كلمة " * 3, 200) == "كلمة كلمة كلمة"
    assert truncate("ألف باء تاء ثاء", 10) == "ألف باء…"
