"""The search analyser: what a reader types and what an article says must meet."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from jarida.arabic import analyse, analyse_query, normalise, stem, tokenise
from jarida.arabic.analysis import MAX_QUERY_TERMS, SEPARATORS, STOP_WORDS, is_stop_word
from jarida.arabic.tests.strategies import PROPERTY, texts


def finds(query: str, text: str) -> bool:
    """Whether every word of `query` matches `text` the way the search backends match."""
    analysed = analyse(text)
    stems, exact = set(analysed.stems.split()), set(analysed.exact.split())
    terms = [term for term in analyse_query(query) if not term.stop]
    return bool(terms) and all(
        stems & set(term.stems) or exact & set(term.exact_forms) for term in terms
    )


def test_a_reader_who_drops_the_hamza_finds_the_hamza() -> None:
    assert finds("امريكا", "زيارة إلى أمريكا")
    assert finds("اسرائيل", "حكومة إسرائيل")
    assert finds("مسوول", "قال مسؤول رفيع")


def test_the_two_spellings_of_american_find_each_other() -> None:
    assert finds("الأميركية", "القوات الأمريكية في العراق")
    assert finds("الأمريكية", "الإدارة الأميركية")
    assert finds("أمريكا", "السفارة الأميركية")


def test_article_and_conjunction_prefixes_are_removed() -> None:
    forms = ["القوات", "والقوات", "بالقوات", "كالقوات", "فالقوات", "للقوات", "قوات"]
    assert {stem(tokenise(form)[0]) for form in forms} == {"قو"}
    assert finds("بالقوات", "انسحاب القوات")
    assert finds("القوات", "وصلت بالقوات")


def test_a_word_that_starts_with_waw_meets_its_article_form() -> None:
    # Light10 reads وزير as و + زير; the query tries the article form as well.
    assert finds("وزير", "قال الوزير")
    assert finds("الوزير", "وزير الخارجية")
    assert finds("والوزير", "وزير المالية")


def test_harakat_and_tatweel_do_not_matter_on_either_side() -> None:
    assert finds("القُوّات", "انسحاب القوات")
    assert finds("القوات", "انسحابُ القُوّاتِ")
    assert finds("الحكـــومة", "قررت الحكومة")
    assert finds("الحكومة", "قررت الحكـــومة")


def test_teh_marbuta_and_alef_maksura_spellings_meet() -> None:
    assert finds("الحكومه", "قررت الحكومة")
    assert finds("مستشفي", "نقل إلى مستشفى")


def test_spelling_variants_apply_at_query_time() -> None:
    assert finds("سوريا", "في سورية")
    assert finds("حزيران", "في يونيو الماضي")
    assert finds("مسئول", "قال مسؤول")


def test_stop_words_are_not_indexed_as_stems_but_kept_as_exact_forms() -> None:
    analysed = analyse("وصل الوفد إلى بيروت من دمشق")
    assert "من" not in analysed.stems.split()
    assert "من" in analysed.exact.split()
    assert [t.word for t in analyse_query("في بيروت") if not t.stop] == ["بيروت"]
    assert {"في", "من", "الي"} <= STOP_WORDS
    assert "علي" not in STOP_WORDS  # على folds onto the name Ali


def test_query_syntax_is_only_a_separator() -> None:
    terms = analyse_query('"القوات" OR NEAR(بيروت*) AND -- ; DROP TABLE x')
    assert [t.word for t in terms] == ["القوات", "or", "near", "بيروت", "and", "drop", "table", "x"]


def test_a_huge_query_is_cut_to_a_bounded_number_of_terms() -> None:
    words = " ".join(f"كلمة{n}" for n in range(5000))
    assert len(analyse_query(words)) == MAX_QUERY_TERMS


TOKEN = re.compile(r"^(?:[^\W\d_]|[0-9])+$")


@given(st.text())
def test_every_term_is_a_run_of_letters_and_digits(text: str) -> None:
    for term in analyse_query(text):
        for value in (*term.stems, *term.exact_forms):
            assert TOKEN.match(value), value
    for value in analyse(text).exact.split() + analyse(text).stems.split():
        assert TOKEN.match(value), value


@given(st.text())
def test_index_analysis_is_stable_under_a_second_pass(text: str) -> None:
    exact = analyse(text).exact
    assert analyse(exact).exact == exact


def whole_text_tokens(text: str) -> list[str]:
    """The definition of the tokens: normalise the whole text (with ڤ and پ folded), then take
    the runs of letters and digits. The analyser gets there a word at a time, for speed."""
    folded = normalise(text).translate({ord("ڤ"): "ف", ord("پ"): "ب"})
    return re.findall(r"(?:[^\W\d_]|[0-9])+", folded)


def test_text_is_only_ever_cut_where_normalise_puts_a_space() -> None:
    for separator in SEPARATORS:
        assert normalise(f"ب{separator}ت") == "ب ت", hex(ord(separator))
    # A control character is deleted, not a space: the letters around it make one word.
    assert tokenise("بي\x1fروت") == ["بيروت"]


@PROPERTY
@given(st.lists(texts, max_size=8).map("".join))
def test_word_at_a_time_analysis_equals_analysing_the_whole_text(text: str) -> None:
    tokens = whole_text_tokens(text)
    analysed = analyse(text)
    assert tokenise(text) == tokens
    assert analysed.exact == " ".join(tokens)
    assert analysed.stems == " ".join(stem(t) for t in tokens if not is_stop_word(t))
