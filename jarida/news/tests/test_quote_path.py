"""Our percent-encoding of page paths is `urllib.parse.quote`'s, byte for byte."""

from __future__ import annotations

from urllib.parse import quote

from hypothesis import given
from hypothesis import strategies as st

from jarida.news.links import URL_SAFE, quote_path

SAMPLES = [
    "/",
    "/الشرق-الأوسط/علم-كوبا-يرفرف-1961/",
    "/a b/%25/؟x=1&y=٢/",
    "/~:@!$&'()*+,;=/\x00\x7f",
]


@given(st.text())
def test_any_text_is_quoted_as_quote_quotes_it(text: str) -> None:
    try:
        expected = quote(text, safe=URL_SAFE)
    except UnicodeEncodeError:  # a lone surrogate: no URL has one
        return
    assert quote_path(text) == expected


def test_paths_are_quoted_as_quote_quotes_them() -> None:
    for path in SAMPLES:
        assert quote_path(path) == quote(path, safe=URL_SAFE)
