"""Two strengths of Arabic text normalisation: `clean` for storing, `normalise` for matching.

`clean` is what every piece of text from outside (importers, reader comments, editors pasting
from Word or a wire service) goes through before it is saved. It removes what the reader cannot
see and what breaks search, feeds and copy-paste (bidi controls, zero-width characters, legacy
presentation-form glyphs, exotic spaces, control characters) but keeps the words exactly as
written: harakat, shadda and hamza forms stay, because they are the author's spelling.

`normalise` is for search and matching only, never for display. It folds every spelling that
readers treat as the same word onto one form, so the index and the query agree. It must be
applied identically at index time and at query time, which is why it lives here and nowhere
else.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Final

from jarida.arabic.digits import TO_LATIN_DIGITS

__all__ = [
    "ALEF_FORMS",
    "BIDI_CONTROLS",
    "HARAKAT",
    "TATWEEL",
    "UNICODE_SPACES",
    "ZERO_WIDTH",
    "clean",
    "normalise",
    "normalize",
    "strip_harakat",
    "strip_tatweel",
]

# --- Invisible characters ------------------------------------------------------------------

# Unicode bidirectional formatting characters (UAX #9, section 2): LRM, RLM, the Arabic Letter
# Mark, the embeddings and overrides (LRE RLE PDF LRO RLO) and the isolates (LRI RLI FSI PDI).
# Editors and wire services leave them in copy; an RLO can make a comment display reversed.
BIDI_CONTROLS: Final = frozenset(
    "\u200e\u200f\u061c" + "".join(map(chr, range(0x202A, 0x202F))) + "\u2066\u2067\u2068\u2069"
)

# Zero-width characters: ZWSP, BOM / ZWNBSP, WORD JOINER, ZWNJ and ZWJ. Arabic shaping never
# needs ZWNJ or ZWJ in news copy (they come from Persian keyboards and from word processors),
# and they split words invisibly, so search would miss them. ZWJ is the one exception kept by
# `clean`: between two emoji it builds one glyph (👨‍👩‍👧, 🏳️‍🌈), so it survives there (see
# `_drop_joiners`); `normalise` drops it everywhere.
ZWJ: Final = "\u200d"
ZERO_WIDTH: Final = frozenset("\u200b\ufeff\u2060\u200c" + ZWJ)

# SOFT HYPHEN is invisible unless a line breaks on it; pasted web copy is full of them and they
# split words for search exactly like a zero-width space.
SOFT_HYPHEN: Final = "\u00ad"

# Line breaks: CRLF, CR, NEL, LINE SEPARATOR and PARAGRAPH SEPARATOR all become "\n", so
# per-line handling (and every later `splitlines`) sees one convention. Word exports its manual
# line break as VERTICAL TAB and its page break as FORM FEED, so those are line breaks too.
_LINE_BREAKS: Final = "\r\x85\u2028\u2029\x0b\x0c"

# The other C0 and C1 control characters (TAB stays). They are invisible, and most of them are
# forbidden in XML 1.0, so one stray \x1f in a headline would break the RSS feed.
_CONTROLS: Final = frozenset(
    chr(c) for c in [*range(0x00, 0x20), *range(0x7F, 0xA0)] if chr(c) not in "\t\n" + _LINE_BREAKS
)

# Every Unicode space separator (general category Zs) other than U+0020: NBSP, OGHAM SPACE
# MARK, the typographic spaces U+2000-200A, NNBSP (U+202F, common in French-sourced copy),
# MEDIUM MATHEMATICAL SPACE and IDEOGRAPHIC SPACE. A test checks this against the Unicode
# database, so a new Unicode version cannot slip one past.
UNICODE_SPACES: Final = frozenset(
    "\u00a0\u1680" + "".join(map(chr, range(0x2000, 0x200B))) + "\u202f\u205f\u3000"
)

# The rest of Unicode's Default_Ignorable_Code_Point (DerivedCoreProperties.txt): characters
# that render as nothing. A writer can hide one inside a word to slip it past a word list
# (كل\u034fب), so `clean` drops them: COMBINING GRAPHEME JOINER, the Hangul fillers (which
# render as blank space), the Khmer inherent vowels, the Mongolian vowel separator and free
# variation selectors, the invisible math operators, the deprecated format characters, the
# interlinear annotation and shorthand format controls, musical symbol formatting, and the
# unassigned rest of the tag block.
DEFAULT_IGNORABLES: Final = frozenset(
    "\u034f\u115f\u1160\u17b4\u17b5\u3164\uffa0"
    + "".join(map(chr, range(0x180B, 0x1810)))
    + "".join(map(chr, range(0x2061, 0x2066)))
    + "".join(map(chr, range(0x206A, 0x2070)))
    + "".join(map(chr, range(0xFFF0, 0xFFF9)))
    + "".join(map(chr, range(0x1BCA0, 0x1BCA4)))
    + "".join(map(chr, range(0x1D173, 0x1D17B)))
    + "\U000e0000\U000e0001"
    + "".join(map(chr, range(0xE0080, 0xE0100)))
    + "".join(map(chr, range(0xE01F0, 0xE1000)))
)

# Default-ignorables that emoji need: variation selectors (❤️ is U+2764 U+FE0F) and the tag
# characters of subdivision flags (🏴 + tags). They are kept after a symbol and dropped after a
# letter or a mark, where they only ever hide something.
_VARIATION_SELECTORS: Final = frozenset(
    "".join(map(chr, range(0xFE00, 0xFE10))) + "".join(map(chr, range(0xE0100, 0xE01F0)))
)
_TAGS: Final = frozenset(map(chr, range(0xE0020, 0xE0080)))
EMOJI_ATTACHED: Final = _VARIATION_SELECTORS | _TAGS


def _drop_detached(text: str) -> str:
    """Keep a variation selector or tag only where an emoji needs it: right after a symbol
    (❤️), a keycap's base (1️⃣, #️⃣), or, for a tag, the tag before it (a flag's tag
    sequence). Never after a letter, a mark, a space, a joiner, another variation selector,
    or at the start: kept there, a later pass that removes what stands before it (`normalise`
    strips spaces and joiners) would leave it detached, and a second pass would change the
    text."""
    kept: list[str] = []
    for char in text:
        if char in EMOJI_ATTACHED:
            before = kept[-1] if kept else ""
            if not before:
                continue
            category = unicodedata.category(before)
            tag_after_tag = char not in _VARIATION_SELECTORS and before in _TAGS
            if not (category[0] == "S" or category == "Nd" or before in "#*" or tag_after_tag):
                continue
        kept.append(char)
    return "".join(kept)


# --- Presentation forms --------------------------------------------------------------------

# Arabic Presentation Forms-A (U+FB50-FDFF) and -B (U+FE70-FEFF) are glyph codes from legacy
# encodings and PDF extraction: ﻻ is one code point where the text means لا. NFKC maps them to
# the base letters (ligatures to several letters, ﷺ to its phrase). Only these characters get
# NFKC, because NFKC on the whole string would also rewrite things authors chose (superscripts,
# fractions, full-width Latin). The isolated forms of the harakat (ﹰ, ﹶ, ...) decompose to a
# space followed by the mark; the space is an artefact of their being spacing glyphs, so it is
# dropped and the mark rejoins the letter before it.
PRESENTATION_FORM_RANGES: Final = ((0xFB50, 0xFDFF), (0xFE70, 0xFEFF))


def _presentation_form_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for start, end in PRESENTATION_FORM_RANGES:
        for code in range(start, end + 1):
            char = chr(code)
            folded = unicodedata.normalize("NFKC", char)
            if folded == char:
                continue
            if folded.startswith(" ") and all(unicodedata.combining(c) for c in folded[1:]):
                folded = folded[1:]
            table[code] = folded
    return table


# --- Search folding ------------------------------------------------------------------------

# Harakat and other marks that readers do not type when they search: the tashkeel and related
# marks U+064B-065F (fathatan ... sukun, the hamza and madda marks, and later additions), the
# Quranic honorific marks U+0610-061A, SUPERSCRIPT ALEF U+0670 (هٰذا), and the Quranic
# annotation signs U+06D6-06ED. Ranges from the Unicode Arabic block chart. Dropping the
# superscript alef suits modern spelling, where هٰذا, ذٰلك and لٰكن are written without an alef;
# in Quranic spelling (الكتٰب) it stands for a written alef, and such words fold to الكتب.
HARAKAT: Final = frozenset(
    [
        *map(chr, range(0x0610, 0x061B)),
        *map(chr, range(0x064B, 0x0660)),
        "\u0670",
        *map(chr, range(0x06D6, 0x06EE)),
    ]
)

# ARABIC TATWEEL (kashida) only stretches a word for justification: بـــيروت is بيروت.
TATWEEL: Final = "\u0640"

# Alef with hamza above/below, with madda, wasla and the wavy and high hamza forms all fold to
# bare alef, as in Lucene's ArabicNormalizer: readers rarely type the hamza, and papers differ.
ALEF_FORMS: Final = "أإآٱٲٳٵ"

# Letter folds for matching. The alef, alef maksura and teh marbuta folds are Lucene's
# ArabicNormalizer (Larkey, Ballesteros and Connell 2002). Hamza on waw and on yeh are an extra:
# they fold to their seat letter, as the Snowball Arabic stemmer (PostgreSQL's `arabic` text
# search configuration) does inside a word, so a query typed without the hamza (مسوول) finds
# مسؤول and the stemmer sees what it would have produced anyway. This does not merge the
# Egyptian seat spelling مسئول with مسؤول (they fold to مسيول and مسوول); that is a job for
# search synonyms, not for a letter fold.
LETTER_FOLDS: Final = {
    **dict.fromkeys(ALEF_FORMS, "ا"),
    "ى": "ي",  # alef maksura
    "ة": "ه",  # teh marbuta
    "ؤ": "و",  # waw with hamza above
    "ٶ": "و",  # high hamza waw
    "ئ": "ي",  # yeh with hamza above
    "ٸ": "ي",  # high hamza yeh
}

# Persian, Urdu and Pashto letters that stand for an Arabic letter in Arabic copy: they arrive
# through Persian keyboard layouts, whose ی and ک look identical to ي and ك on screen. The
# yeh, keheh and heh folds follow Lucene's PersianNormalizer. Shared with `slugify`, which
# folds these but keeps the Arabic spelling otherwise.
PERSIAN_FOLDS: Final = {
    "ی": "ي",  # U+06CC FARSI YEH
    "ې": "ي",  # U+06D0 YEH (Pashto / Uyghur E)
    "ۍ": "ي",  # U+06CD YEH WITH TAIL
    "ے": "ي",  # U+06D2 YEH BARREE
    "ۓ": "ئ",  # U+06D3 YEH BARREE WITH HAMZA ABOVE (slugs keep hamza; `normalise` folds on)
    "ک": "ك",  # U+06A9 KEHEH
    "ڪ": "ك",  # U+06AA SWASH KAF
    "ە": "ه",  # U+06D5 AE
    "ہ": "ه",  # U+06C1 HEH GOAL
    "ۂ": "ه",  # U+06C2 HEH GOAL WITH HAMZA ABOVE
    "ۀ": "ه",  # U+06C0 HEH WITH YEH ABOVE
    "ھ": "ه",  # U+06BE HEH DOACHASHMEE
}

# One translate() table per pass keeps `clean` and `normalise` linear and fast on long bodies.
_CLEAN_TABLE: Final[dict[int, str | None]] = {
    **dict.fromkeys(
        map(ord, BIDI_CONTROLS | (ZERO_WIDTH - {ZWJ}) | _CONTROLS | DEFAULT_IGNORABLES), None
    ),
    ord(SOFT_HYPHEN): None,
    **dict.fromkeys(map(ord, _LINE_BREAKS), "\n"),
    **dict.fromkeys(map(ord, UNICODE_SPACES), " "),
    **_presentation_form_table(),
}
_HARAKAT_TABLE: Final[dict[int, None]] = dict.fromkeys(map(ord, HARAKAT), None)
_TATWEEL_TABLE: Final[dict[int, None]] = {ord(TATWEEL): None}
_NORMALISE_STRIP_TABLE: Final[dict[int, None]] = {
    **_HARAKAT_TABLE,
    **_TATWEEL_TABLE,
    ord(ZWJ): None,
}
# translate() does not chain, so a Persian letter that folds to a hamza form (ۓ -> ئ) must map
# straight to the final letter, or a second pass would change the output.
_NORMALISE_FOLD_TABLE: Final[dict[int, int | str]] = {
    **{ord(k): v for k, v in LETTER_FOLDS.items()},
    **{ord(k): LETTER_FOLDS.get(v, v) for k, v in PERSIAN_FOLDS.items()},
    **TO_LATIN_DIGITS,
}


def _joins_emoji(text: str, index: int) -> bool:
    """Whether the ZWJ at `index` glues two emoji into one glyph (and so must be kept)."""
    if index == 0 or index + 1 == len(text):
        return False
    before, after = text[index - 1], text[index + 1]
    return unicodedata.category(after) == "So" and (
        before == "\ufe0f" or unicodedata.category(before) in ("So", "Sk")
    )


def _drop_joiners(text: str) -> str:
    kept = [c for i, c in enumerate(text) if c != ZWJ or _joins_emoji(text, i)]
    return "".join(kept)


# Every character `clean` may change or look at: text holding none of them, already in NFC,
# only loses spaces and tabs at line ends. Most copy is such text, and one regex search and
# one NFC check cost far less than the translate pass (a dict lookup per character).
def _character_class(characters: set[str]) -> re.Pattern[str]:
    """One regex class of `characters`, written as ranges (a class listing a thousand single
    characters is searched character by character, slower than the translate it spares)."""
    codes = sorted(map(ord, characters))
    ranges: list[list[int]] = []
    for code in codes:
        if ranges and code == ranges[-1][1] + 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    return re.compile(
        "[" + "".join(f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in ranges) + "]"
    )


_CLEAN_TOUCHES: Final = _character_class({*map(chr, _CLEAN_TABLE), *EMOJI_ATTACHED, ZWJ})


def clean(text: str) -> str:
    """Make outside text safe to store without changing its spelling.

    Removes bidi controls, zero-width characters (ZWNJ included: Arabic copy does not need it),
    the other default-ignorable characters (variation selectors and tags only where no emoji
    needs them), soft hyphens and control characters; maps presentation forms to letters,
    every Unicode space to U+0020 and every line break to "\\n"; NFC; strips whitespace at
    line ends. Internal runs of spaces and leading indentation are left alone: this is
    storage, not layout.
    """
    if _CLEAN_TOUCHES.search(text) is None and unicodedata.is_normalized("NFC", text):
        return "\n".join(line.rstrip(" \t") for line in text.split("\n"))
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").translate(_CLEAN_TABLE))
    if not EMOJI_ATTACHED.isdisjoint(text):
        text = _drop_detached(text)
    if ZWJ in text:
        # After NFC, so the neighbours the ZWJ rule looks at are final; NFC again because
        # removing a joiner can bring a letter and a combining mark together.
        text = unicodedata.normalize("NFC", _drop_joiners(text))
    return "\n".join(line.rstrip(" \t") for line in text.split("\n"))


def strip_harakat(text: str) -> str:
    """Remove harakat, shadda, superscript alef and Quranic marks, keeping the letters."""
    return text.translate(_HARAKAT_TABLE)


def strip_tatweel(text: str) -> str:
    """Remove tatweel (kashida), which only stretches words for justification."""
    return text.translate(_TATWEEL_TABLE)


def normalise(text: str) -> str:
    """Fold text for search and matching: never shown to readers, always applied both sides.

    `clean`, then: harakat and tatweel removed, alef forms to ا, ى to ي, ة to ه, ؤ to و, ئ to ي,
    Persian/Urdu letters to Arabic, Arabic-Indic digits to 0-9, case folded, whitespace runs
    collapsed to one space and the ends stripped. Punctuation (، ؛ ؟) is kept for the
    tokeniser to deal with. Idempotent.
    """
    text = clean(text).translate(_NORMALISE_STRIP_TABLE).translate(_NORMALISE_FOLD_TABLE)
    # NFC after casefold: folding can decompose (ǰ) and removing marks can bring a Latin
    # letter next to its accent, and the output must be stable under a second pass.
    text = unicodedata.normalize("NFC", text.casefold())
    return " ".join(text.split())


normalize = normalise
