from hypothesis import given
from hypothesis import strategies as st

from jarida.arabic import to_arabic_indic_digits, to_latin_digits
from jarida.arabic.digits import ARABIC_INDIC_DIGITS, EXTENDED_ARABIC_INDIC_DIGITS, LATIN_DIGITS
from jarida.arabic.tests.strategies import PROPERTY, texts


def test_to_latin_digits_converts_arabic_indic_digits() -> None:
    assert to_latin_digits("٢٠٢١") == "2021"


def test_to_latin_digits_converts_persian_digits() -> None:
    assert to_latin_digits("۲۰۲۱") == "2021"


def test_to_latin_digits_leaves_the_words_around_the_digits_alone() -> None:
    assert to_latin_digits("عام ٢٠٢١ و۱۹۹۹ و2000") == "عام 2021 و1999 و2000"


def test_to_arabic_indic_digits_converts_ascii_digits() -> None:
    assert to_arabic_indic_digits("23/07/2021") == "٢٣/٠٧/٢٠٢١"


def test_to_arabic_indic_digits_converts_persian_digits_so_sets_never_mix() -> None:
    assert to_arabic_indic_digits("۲۰۲۱ و2022") == "٢٠٢١ و٢٠٢٢"


def test_to_arabic_indic_digits_leaves_letters_and_punctuation_alone() -> None:
    assert to_arabic_indic_digits("الساعة 20:02، بيروت") == "الساعة ٢٠:٠٢، بيروت"


@PROPERTY
@given(st.text(alphabet=LATIN_DIGITS))
def test_ascii_digits_round_trip_through_arabic_indic(digits: str) -> None:
    assert to_latin_digits(to_arabic_indic_digits(digits)) == digits


@PROPERTY
@given(st.text(alphabet=ARABIC_INDIC_DIGITS))
def test_arabic_indic_digits_round_trip_through_ascii(digits: str) -> None:
    assert to_arabic_indic_digits(to_latin_digits(digits)) == digits


@PROPERTY
@given(texts)
def test_digit_conversions_round_trip_on_any_text(text: str) -> None:
    assert to_latin_digits(to_arabic_indic_digits(text)) == to_latin_digits(text)
    assert to_arabic_indic_digits(to_latin_digits(text)) == to_arabic_indic_digits(text)


@PROPERTY
@given(texts)
def test_to_latin_digits_leaves_no_arabic_indic_digit(text: str) -> None:
    assert not set(ARABIC_INDIC_DIGITS + EXTENDED_ARABIC_INDIC_DIGITS) & set(to_latin_digits(text))
