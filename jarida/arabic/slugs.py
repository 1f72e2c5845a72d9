"""Arabic-preserving URL slugs for pages, tags, authors and sections.

A slug should read like the headline it comes from, in the headline's own script:
`واشنطن-قد-تسحب-قواتها-المقاتلة-من-العراق-نهاية-2021`. So unlike `normalise`, a slug keeps the
spelling (hamza forms, alef maksura, teh marbuta) and only drops what cannot or should not be in
a URL: harakat, tatweel, invisible characters, punctuation. Browsers show such URLs decoded,
and Wagtail accepts them (WAGTAIL_ALLOW_UNICODE_SLUGS, on by default).
"""

from __future__ import annotations

import unicodedata
from typing import Final

from jarida.arabic.digits import TO_LATIN_DIGITS
from jarida.arabic.normalise import HARAKAT, PERSIAN_FOLDS, TATWEEL, clean

__all__ = ["slugify"]

_SLUG_TABLE: Final[dict[int, int | str | None]] = {
    **dict.fromkeys(map(ord, HARAKAT), None),
    ord(TATWEEL): None,
    **{ord(k): v for k, v in PERSIAN_FOLDS.items()},
    **TO_LATIN_DIGITS,
}


def _words(text: str) -> list[str]:
    """Split into runs of letters and digits; everything else separates words.

    "Letter or digit" is `str.isalnum`, which is exactly what `\\w` matches in a Python regex
    (less the underscore), so every word passes Django's `validate_unicode_slug`. Combining
    marks left after NFKC (a Latin accent with no precomposed form, a Devanagari vowel sign)
    are not `\\w` either; they belong to the letter before them, so they are dropped rather
    than allowed to split the word.
    """
    words: list[str] = []
    current: list[str] = []
    for char in text:
        if char.isalnum():
            current.append(char)
        elif unicodedata.category(char).startswith("M"):
            continue
        elif current:
            words.append("".join(current))
            current = []
    if current:
        words.append("".join(current))
    return words


def slugify(text: str, max_length: int = 80) -> str:
    """A slug that keeps Arabic words as written, or "" when `text` has no letters or digits.

    Harakat, tatweel and invisible characters go; presentation and Persian letter forms fold
    to Arabic letters; digits become ASCII; Latin is lowercased; any run of other characters
    (spaces, punctuation, ، ؛ ؟ « », underscores, emoji) becomes one hyphen. The result is cut
    at a word boundary to at most `max_length` characters; only a first word longer than that
    is cut inside the word. Idempotent. Callers choose the fallback for "".
    """
    if max_length < 1:
        raise ValueError(f"max_length must be at least 1, got {max_length}")
    # NFKC as Django's own slugify does: full-width Latin, superscript digits and ligatures
    # such as ﬁ become plain characters. Lowercase after it, since NFKC can produce capitals
    # (ℌ -> H); NFKC again, since lowercasing can leave a decomposed letter (İ -> i + U+0307).
    text = unicodedata.normalize("NFKC", clean(text)).translate(_SLUG_TABLE)
    text = unicodedata.normalize("NFKC", text.lower())
    words = _words(text)
    if not words:
        return ""
    slug = words[0][:max_length]
    for word in words[1:]:
        if len(slug) + 1 + len(word) > max_length:
            break
        slug = f"{slug}-{word}"
    return slug
