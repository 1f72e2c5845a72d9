"""Finding listed words in a comment however the writer disguised them.

Everything is compared after `jarida.arabic.normalise` (harakat, tatweel, alef/yeh/teh
marbuta variants, Persian letters, Arabic-Indic digits, bidi and zero-width characters), then
folded once more for matching only:

- Arabizi digits inside Arabic words become the letters they stand for (7مار is حمار;
  2 ء/أ, 3 ع, 5 خ, 6 ط, 7 ح, 8 غ, 9 ق or ص);
- letters stretched by repetition collapse (حمااااار is حمار);
- letters spaced or dotted apart are joined back (ح م ا ر, ح.م.ا.ر, ح-م-ا-ر);
- the clitics و ف ب ك ل and the article ال are tried off the front of each word;
- dotless and look-alike letters read as the letter they pass for (كلٮ, كلٻ are كلب).

Invisible characters hidden inside a word (U+034F, U+2061, U+180E, a variation selector, a
Hangul filler) are gone before any of this: `clean`, inside `normalise`, drops them.

What is found that way is an exact match. Two looser matches are only good enough to hold a
comment, never to reject it, because innocent text can produce them: a listed word inside
the text once every space and sign is squeezed out (حم ار), and a whole Latin Arabizi word
compared by its consonants (7mar ~ حمار, but 7amra "red" ~ حمار too).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final, Literal

from jarida.arabic import normalise

Exactness = Literal["exact", "squeezed", "arabizi"]

# Letters (any script) and digits; underscores and every sign split words.
_WORD: Final = re.compile(r"[^\W_]+")
_ARABIC_LETTER: Final = re.compile(r"[\u0621-\u064a]")
_LATIN_LETTER: Final = re.compile(r"[a-z]")
_ARABIZI_DIGITS: Final = "235679"

# In Arabic-letter words. 9 is ق in the Levant and ص in the Gulf, so both are tried.
_DIGIT_LETTERS: Final = {"2": "ا", "3": "ع", "5": "خ", "6": "ط", "7": "ح", "8": "غ"}
_NINE: Final = ("ق", "ص")

# Hamza on its own line folds to alef, as `normalise` already does for hamza on alef. Dotless
# and other look-alike letters fold to the letter they pass for (كلٮ, كلٻ read as كلب): for
# matching only, as in running text they are other languages' letters, not disguises.
_HAMZA_FOLD: Final = str.maketrans(
    {
        "ء": "ا",
        "ٮ": "ب",  # U+066E DOTLESS BEH
        "ٻ": "ب",  # U+067B BEEH
        "ڀ": "ب",  # U+0680 BEHEH
        "ٯ": "ق",  # U+066F DOTLESS QAF
        "ڡ": "ف",  # U+06A1 DOTLESS FEH
        "ں": "ن",  # U+06BA NOON GHUNNA
        "ٺ": "ت",  # U+067A TEHEH
        "ٹ": "ت",  # U+0679 TTEH
    }
)

# Front clitics, longest first: وال فال بال كال لل ال و ف ب ك ل.
_PREFIXES: Final = ("وال", "فال", "بال", "كال", "لل", "ال", "و", "ف", "ب", "ك", "ل")

# Latin Arabizi to Arabic consonants; vowels (and 2, the hamza) carry no consonant.
_LATIN_DIGRAPHS: Final = {"sh": "ش", "ch": "ش", "kh": "خ", "gh": "غ", "th": "ث", "dh": "ذ"}
_LATIN_LETTERS: Final = {
    **dict.fromkeys("aeiou2", ""),
    "b": "ب",
    "p": "ب",
    "t": "ت",
    "j": "ج",
    "g": "ج",
    "h": "ه",
    "d": "د",
    "r": "ر",
    "z": "ز",
    "s": "س",
    "f": "ف",
    "v": "ف",
    "q": "ق",
    "k": "ك",
    "c": "ك",
    "l": "ل",
    "m": "م",
    "n": "ن",
    "w": "و",
    "y": "ي",
    "3": "ع",
    "5": "خ",
    "6": "ط",
    "7": "ح",
    "8": "غ",
    "9": "ق",
}
_LONG_VOWELS: Final = str.maketrans("", "", "اويء")

# Words shorter than this are only matched whole: inside longer words they are everywhere.
MIN_SQUEEZED_LENGTH: Final = 4


_REPEATED_LETTER: Final = re.compile(r"([^\W\d_])\1+")


def _collapse_repeats(text: str) -> str:
    """حمااار is حمار; 100 stays 100 (numbers are not stretched words)."""
    return _REPEATED_LETTER.sub(r"\1", text)


def _fold_word(word: str) -> list[str]:
    """The matching forms of one normalised word (more than one when a 9 is ambiguous)."""
    forms = [word]
    if _ARABIC_LETTER.search(word) and any(d in word for d in _ARABIZI_DIGITS):
        forms = [word.translate(str.maketrans(_DIGIT_LETTERS))]
        if "9" in word:
            forms = [f.replace("9", letter) for f in forms for letter in _NINE]
    return [_collapse_repeats(f.translate(_HAMZA_FOLD)) for f in forms]


def fold(text: str) -> list[str]:
    """Normalised, folded words of `text`, with runs of lone characters joined back together."""
    words: list[str] = []
    run: list[str] = []

    def flush() -> None:
        if run:
            words.extend(_fold_word("".join(run)))
            run.clear()

    for raw in _WORD.findall(normalise(text)):
        if len(raw) == 1:
            run.append(raw)
        else:
            flush()
            words.extend(_fold_word(raw))
    flush()
    return words


def squeeze(text: str) -> str:
    """The folded text with nothing between the words: the key for "the same text again"."""
    return "".join(fold(text))


def _without_prefixes(word: str) -> set[str]:
    forms = {word}
    for prefix in _PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= 2:
            forms.add(word[len(prefix) :])
    return forms


def _latin_skeleton(word: str) -> str:
    out, i = [], 0
    while i < len(word):
        pair = word[i : i + 2]
        if pair in _LATIN_DIGRAPHS:
            out.append(_LATIN_DIGRAPHS[pair])
            i += 2
            continue
        out.append(_LATIN_LETTERS.get(word[i], ""))
        i += 1
    return _collapse_repeats("".join(out))


def _is_latin_arabizi(word: str) -> bool:
    return bool(_LATIN_LETTER.search(word)) and any(d in word for d in _ARABIZI_DIGITS)


@dataclass(frozen=True)
class Found:
    word: str  # as listed
    exactness: Exactness


class WordMatcher:
    """The listed words, folded once; `find` then costs one pass over a comment."""

    def __init__(self, words: Iterable[str]) -> None:
        self._exact: dict[str, str] = {}
        self._phrases: dict[tuple[str, ...], str] = {}
        self._squeezed: dict[str, str] = {}
        self._skeletons: dict[str, str] = {}
        for listed in words:
            parts = fold(listed)
            folded = "".join(parts)
            if not folded:
                continue
            if len(parts) > 1:
                self._phrases.setdefault(tuple(parts), listed)
            else:
                self._exact.setdefault(folded, listed)
            if len(folded) >= MIN_SQUEEZED_LENGTH:
                self._squeezed.setdefault(folded, listed)
            skeleton = folded.translate(_LONG_VOWELS)
            if len(skeleton) >= 2:
                self._skeletons.setdefault(skeleton, listed)

    def __bool__(self) -> bool:
        return bool(self._exact or self._phrases)

    def find(self, text: str) -> list[Found]:
        """Every listed word in `text`, each once, exact matches first."""
        words = fold(text)
        found: dict[str, Found] = {}
        for word in words:
            for form in _without_prefixes(word):
                if form in self._exact:
                    listed = self._exact[form]
                    found.setdefault(listed, Found(listed, "exact"))
        for phrase, listed in self._phrases.items():
            n = len(phrase)
            if any(tuple(words[i : i + n]) == phrase for i in range(len(words) - n + 1)):
                found.setdefault(listed, Found(listed, "exact"))
        squeezed = "".join(words)
        for folded, listed in self._squeezed.items():
            if listed not in found and folded in squeezed:
                found[listed] = Found(listed, "squeezed")
        for word in words:
            if _is_latin_arabizi(word):
                listed = self._skeletons.get(_latin_skeleton(word), "")
                if listed and listed not in found:
                    found[listed] = Found(listed, "arabizi")
        return sorted(found.values(), key=lambda f: f.exactness != "exact")
