import unicodedata

import pytest
from hypothesis import given

from jarida.arabic import clean
from jarida.arabic.normalise import BIDI_CONTROLS, UNICODE_SPACES, ZERO_WIDTH, ZWJ
from jarida.arabic.tests.strategies import PROPERTY, texts


def test_clean_keeps_harakat_shadda_and_hamza_as_written() -> None:
    assert clean("أَمْرِيكَا") == "أَمْرِيكَا"
    assert clean("الأمريكيّة") == "الأمريكيّة"
    assert clean("مسؤول رئيس آمن إيران") == "مسؤول رئيس آمن إيران"


def test_clean_keeps_tatweel_and_punctuation() -> None:
    assert clean("بـــيروت، «عاجل»؟") == "بـــيروت، «عاجل»؟"


def test_clean_turns_presentation_form_letters_into_base_letters() -> None:
    assert clean("ﺑﻴﺮﻭﺕ") == "بيروت"


def test_clean_splits_lam_alef_ligatures_into_two_letters() -> None:
    assert clean("ﻻ") == "لا"
    assert clean("ﻷ") == "لأ"
    assert clean("ﻹ") == "لإ"
    assert clean("ﻵ") == "لآ"


def test_clean_attaches_isolated_haraka_forms_to_the_letter_before() -> None:
    assert clean("شكراﹰ") == "شكراً"


def test_clean_expands_honorific_ligatures_into_words() -> None:
    assert clean("النبي ﷺ") == "النبي صلى الله عليه وسلم"


@pytest.mark.parametrize("control", sorted(BIDI_CONTROLS))
def test_clean_removes_every_bidi_control(control: str) -> None:
    assert clean(f"{control}بيروت{control} 2021") == "بيروت 2021"


def test_clean_removes_a_right_to_left_override_that_would_reverse_a_comment() -> None:
    assert clean("تعليق \u202eعادي\u202c") == "تعليق عادي"


@pytest.mark.parametrize("char", sorted(ZERO_WIDTH))
def test_clean_removes_zero_width_characters_between_letters(char: str) -> None:
    assert clean(f"بير{char}وت") == "بيروت"


def test_clean_removes_zwnj_because_arabic_copy_does_not_need_it() -> None:
    assert clean("می\u200cخواهم") == "میخواهم"


def test_clean_removes_a_leading_byte_order_mark() -> None:
    assert clean("\ufeffعنوان") == "عنوان"


def test_clean_keeps_zwj_inside_emoji_sequences() -> None:
    family = "👨\u200d👩\u200d👧"
    rainbow_flag = "🏳\ufe0f\u200d🌈"
    skin_tone = "👩\U0001f3fd\u200d💻"
    assert clean(f"{family} {rainbow_flag} {skin_tone}") == f"{family} {rainbow_flag} {skin_tone}"


def test_clean_removes_zwj_at_the_edge_of_an_emoji() -> None:
    assert clean("👍\u200dرائع") == "👍رائع"
    assert clean("رائع\u200d👍") == "رائع👍"


def test_clean_removes_soft_hyphens() -> None:
    assert clean("وا\u00adشنطن") == "واشنطن"


@pytest.mark.parametrize("space", sorted(UNICODE_SPACES))
def test_clean_turns_every_unicode_space_into_a_plain_space(space: str) -> None:
    assert clean(f"بيروت{space}-{space}لبنان") == "بيروت - لبنان"


def test_unicode_spaces_lists_every_space_separator_but_the_plain_space() -> None:
    separators = {chr(c) for c in range(0x110000) if unicodedata.category(chr(c)) == "Zs"}
    assert separators - {" "} == UNICODE_SPACES


def test_clean_does_not_collapse_internal_spaces_or_indentation() -> None:
    assert clean("  قال  الوزير") == "  قال  الوزير"


def test_clean_strips_trailing_whitespace_on_each_line() -> None:
    assert clean("سطر أول \t\nسطر ثان\u00a0\n") == "سطر أول\nسطر ثان\n"


def test_clean_turns_every_kind_of_line_break_into_a_newline() -> None:
    text = "أ\r\nب\rت\x85ث\u2028ج\u2029ح\x0bخ\x0cد"
    assert clean(text) == "أ\nب\nت\nث\nج\nح\nخ\nد"


def test_clean_removes_control_characters_that_xml_feeds_reject() -> None:
    assert clean("عنوان\x00 جديد\x1f\x7f\x9b") == "عنوان جديد"


def test_clean_keeps_tabs() -> None:
    assert clean("الاسم\tالقيمة") == "الاسم\tالقيمة"


def test_clean_composes_hamza_and_accents_to_nfc() -> None:
    assert clean("ا\u0654") == "أ"
    assert clean("ا\u0653") == "آ"
    assert clean("Beyonce\u0301") == "Beyoncé"


@PROPERTY
@given(texts)
def test_clean_is_idempotent(text: str) -> None:
    once = clean(text)
    assert clean(once) == once


@PROPERTY
@given(texts)
def test_clean_output_is_nfc(text: str) -> None:
    cleaned = clean(text)
    assert unicodedata.is_normalized("NFC", cleaned)


@PROPERTY
@given(texts)
def test_clean_output_has_no_invisible_characters_except_emoji_joiners(text: str) -> None:
    cleaned = clean(text)
    invisible = BIDI_CONTROLS | (ZERO_WIDTH - {ZWJ}) | UNICODE_SPACES | {"\r", "\u00ad"}
    assert not invisible & set(cleaned)
    assert not any(unicodedata.category(c) == "Cc" and c not in "\t\n" for c in cleaned)
    for index, char in enumerate(cleaned):
        if char == ZWJ:
            assert 0 < index < len(cleaned) - 1
            assert unicodedata.category(cleaned[index + 1]) == "So"


@PROPERTY
@given(texts)
def test_clean_leaves_no_whitespace_at_line_ends(text: str) -> None:
    for line in clean(text).split("\n"):
        assert line == line.rstrip(" \t")
