"""Snippets: the passage that shows why an article matched, marked as the author wrote it."""

from __future__ import annotations

from jarida.arabic.analysis import analyse_query
from jarida.search.backends import matching_terms
from jarida.search.snippets import query_terms, snippet


def wanted(query: str) -> frozenset[str]:
    return query_terms(matching_terms(analyse_query(query)))


def test_the_passage_with_most_matches_is_shown_deep_in_a_long_text():
    filler = " ".join(["خبر عادي عن الطقس"] * 200)
    passage = "وفي المرفأِ قال مدير المرفأ إن إعادة إعمار المرفأ تبدأ."
    text = f"ذُكر المرفأ مرة. {filler} {passage} {filler}"

    html = snippet(text, wanted("مرفأ"))

    assert html.startswith("… ") and html.endswith(" …")
    assert html.count("<mark>") == 3
    assert "<mark>المرفأِ</mark>" in html  # as written, with its kasra


def test_marks_and_tatweel_alone_are_not_words_and_text_is_escaped():
    text = "ً ـــ <b>القوات</b> & الأمريكية"

    html = snippet(text, wanted("امريكا"))

    assert "</b>" not in html and "&lt;/b&gt;" in html and "&amp;" in html
    assert "<mark>الأمريكية</mark>" in html
    assert snippet("ً ـــ", wanted("امريكا")) == "ً ـــ"
