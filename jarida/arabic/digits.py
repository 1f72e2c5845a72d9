"""Digit conversion between the three digit sets Arabic copy arrives in.

Papers in the Levant and the Gulf print Arabic-Indic digits (٢٠٢١), the Maghreb and most web
copy use Latin digits (2021), and text typed on Persian or Urdu keyboards carries the Extended
Arabic-Indic digits (۲۰۲۱), which look almost the same as the Arabic-Indic ones but are
different code points. Storage keeps what the author wrote; search, slugs and dates use Latin.
"""

from __future__ import annotations

from typing import Final

__all__ = [
    "ARABIC_INDIC_DIGITS",
    "EXTENDED_ARABIC_INDIC_DIGITS",
    "LATIN_DIGITS",
    "TO_LATIN_DIGITS",
    "to_arabic_indic_digits",
    "to_latin_digits",
]

# ARABIC-INDIC DIGIT ZERO..NINE, U+0660-0669 (Unicode Arabic block).
ARABIC_INDIC_DIGITS: Final = "٠١٢٣٤٥٦٧٨٩"
# EXTENDED ARABIC-INDIC DIGIT ZERO..NINE, U+06F0-06F9 (Persian, Urdu).
EXTENDED_ARABIC_INDIC_DIGITS: Final = "۰۱۲۳۴۵۶۷۸۹"
LATIN_DIGITS: Final = "0123456789"

# translate() tables, shared with `normalise` and `slugify`.
TO_LATIN_DIGITS: Final = str.maketrans(
    ARABIC_INDIC_DIGITS + EXTENDED_ARABIC_INDIC_DIGITS, LATIN_DIGITS * 2
)
_TO_ARABIC_INDIC: Final = str.maketrans(
    LATIN_DIGITS + EXTENDED_ARABIC_INDIC_DIGITS, ARABIC_INDIC_DIGITS * 2
)


def to_latin_digits(text: str) -> str:
    """Arabic-Indic and Extended Arabic-Indic digits to ASCII 0-9; everything else untouched."""
    return text.translate(TO_LATIN_DIGITS)


def to_arabic_indic_digits(text: str) -> str:
    """ASCII (and Persian) digits to Arabic-Indic ٠-٩, for templates that print Eastern digits.

    Persian digits are converted too, so the output never mixes two look-alike digit sets.
    """
    return text.translate(_TO_ARABIC_INDIC)
