import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jarida.arabic import clean, slugify
from jarida.arabic.tests.strategies import PROPERTY, texts

# Django's django.core.validators.slug_unicode_re, which Wagtail applies to page slugs.
SLUG_UNICODE_RE = re.compile(r"^[-\w]+\Z", re.UNICODE)

HEADLINE = "واشنطن قد تسحب قواتها «المقاتلة» من العراق نهاية ٢٠٢١"


def test_slugify_keeps_an_arabic_headline_readable() -> None:
    assert slugify(HEADLINE) == "واشنطن-قد-تسحب-قواتها-المقاتلة-من-العراق-نهاية-2021"


def test_slugify_keeps_hamza_alef_maksura_and_teh_marbuta() -> None:
    slug = slugify("الأمريكيّة تُعلن: مُستشفى «المؤسسة» رئيس آمن")
    assert slug == "الأمريكية-تعلن-مستشفى-المؤسسة-رئيس-آمن"


def test_slugify_removes_harakat_and_tatweel() -> None:
    assert slugify("بَـــيْرُوتُ") == "بيروت"


def test_slugify_folds_presentation_forms_and_persian_letters() -> None:
    assert slugify("ﻻ ﺑﻴﺮﻭﺕ") == "لا-بيروت"
    assert slugify("ایران کابل") == "ايران-كابل"


def test_slugify_turns_all_digits_into_ascii() -> None:
    assert slugify("انتخابات ٢٠٢٢ و۲۰۲۶") == "انتخابات-2022-و2026"


def test_slugify_lowercases_latin() -> None:
    assert slugify("قمة G20 في Roma") == "قمة-g20-في-roma"
    assert slugify("İstanbul") == "istanbul"


def test_slugify_turns_each_run_of_punctuation_spaces_and_emoji_into_one_hyphen() -> None:
    assert slugify("بيروت -- ، ؛ ؟ _ «لبنان»!!!") == "بيروت-لبنان"
    assert slugify("عاجل 🔴🔴 انفجار") == "عاجل-انفجار"
    assert slugify("سعر_الصرف.اليوم") == "سعر-الصرف-اليوم"


def test_slugify_leaves_no_hyphen_at_either_end() -> None:
    assert slugify("«عاجل»") == "عاجل"
    assert slugify(" - بيروت - ") == "بيروت"


def test_slugify_removes_invisible_characters_without_splitting_words() -> None:
    assert slugify("\u202bبير\u200bوت\u202c") == "بيروت"
    assert slugify("می\u200cخواهم") == "ميخواهم"


def test_slugify_applies_nfkc_like_django() -> None:
    assert slugify("ＡＢＣ ﬁnal x²") == "abc-final-x2"


@pytest.mark.parametrize("text", ["", "   ", "؟!«»", "🔴", "ـــ", "\u064b\u064c", "\u200f"])
def test_slugify_returns_empty_for_text_without_letters_or_digits(text: str) -> None:
    assert slugify(text) == ""


def test_slugify_cuts_at_a_word_boundary() -> None:
    assert slugify(HEADLINE, max_length=20) == "واشنطن-قد-تسحب"


def test_slugify_keeps_the_whole_text_when_it_fits_exactly() -> None:
    assert slugify("واشنطن قد تسحب", max_length=14) == "واشنطن-قد-تسحب"


def test_slugify_cuts_a_first_word_only_when_it_alone_is_too_long() -> None:
    assert slugify("abcdefghij klm", max_length=5) == "abcde"
    assert slugify("بيروت" * 30) == ("بيروت" * 30)[:80]


def test_slugify_stops_before_the_word_that_would_pass_the_default_80_characters() -> None:
    slug = slugify(" ".join([HEADLINE] * 3))
    # 73 characters; the next word, المقاتلة, would make 82.
    assert slug == "واشنطن-قد-تسحب-قواتها-المقاتلة-من-العراق-نهاية-2021-واشنطن-قد-تسحب-قواتها"


def test_slugify_rejects_a_max_length_below_one() -> None:
    with pytest.raises(ValueError, match="max_length"):
        slugify("بيروت", max_length=0)


@PROPERTY
@given(texts, st.integers(min_value=1, max_value=100))
def test_slugify_output_only_contains_what_django_allows_in_a_unicode_slug(
    text: str, max_length: int
) -> None:
    slug = slugify(text, max_length)
    assert slug == "" or SLUG_UNICODE_RE.match(slug)
    assert len(slug) <= max_length
    assert not slug.startswith("-")
    assert not slug.endswith("-")
    assert "--" not in slug


@PROPERTY
@given(texts, st.integers(min_value=1, max_value=100))
def test_slugify_is_idempotent(text: str, max_length: int) -> None:
    slug = slugify(text, max_length)
    assert slugify(slug, max_length) == slug


@PROPERTY
@given(texts, st.integers(min_value=1, max_value=100))
def test_slugify_truncation_is_a_prefix_of_the_full_slug(text: str, max_length: int) -> None:
    assert slugify(text, 10_000).startswith(slugify(text, max_length))


@PROPERTY
@given(texts)
def test_slugify_gives_the_same_slug_for_cleaned_text(text: str) -> None:
    assert slugify(clean(text)) == slugify(text)
