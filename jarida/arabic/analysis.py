"""The search analyser: the one way text becomes index terms, at index time and at query time.

Every search backend (SQLite FTS5, PostgreSQL) is given text that has already been through
this module, so they index exactly the same terms and a query means the same thing on both.
The database's own tokeniser only splits on the spaces put here.

Where each rule comes from:

- Normalisation is `jarida.arabic.normalise` (harakat, tatweel, alef forms, ى/ي, ة/ه, hamza
  seats, Persian letters, digits, case): Lucene's ArabicNormalizer plus the folds documented
  there. Added here: ڤ to ف and پ to ب (Latin V and P in transliterated names: ڤيينا, پاريس).
- Tokens are runs of letters and ASCII digits of the normalised text; everything else
  (punctuation, emoji, symbols, FTS or SQL syntax) only separates tokens, so no query can
  carry an operator into the database.
- Stemming is Lucene's ArabicStemmer, the "light10" stemmer of Larkey, Ballesteros and
  Connell (2002, 2007): one prefix of ال وال بال كال فال لل و, then the suffixes ها ان ات
  ون ين يه ه ي (ة and ية are ه and يه once normalised), each with Lucene's length guards.
  It is written here rather than taken from Snowball (PyStemmer, PostgreSQL's `arabic`
  configuration) because Snowball's Arabic stemmer keeps وال and فال and, on short words,
  even ال (القوات → القو but قوات → قوا, والقوات → والقوا), so the same word stems
  differently with and without its article; `bench/search_quality.py` measures the difference.
- Light10 cannot tell a conjunction و from a word's own first letter (وزير → زير, but
  الوزير → وزير). At query time each word is therefore also looked up with its article
  added or removed (`_clitic_forms`), so وزير, الوزير and والوزير all find each other.
- The stop list is small and conservative (Lucene's Arabic list is ~120 words): function
  words that carry no meaning in a news query. على is not in it: normalised, it is علي (Ali).
- Spelling variants that normalisation cannot join (ترامب/ترمب, أمريكي/أميركي, سوريا/سورية,
  doubled letters) are `jarida.arabic.variants`: a query looks for every spelling of its
  words' groups, and indexed words of a group carry the group's key in the loose layer.
- Below the light stem is the loose layer (`AnalysedText.loose`, `QueryTerm.loose`): the root
  of words in a broken-plural pattern (`jarida.arabic.roots`: مدارس and مدرسة are درس), the
  variant groups' keys and the collapsed spelling of doubled letters. The index stores each
  loose key once per article and weights the layer below the stems, so it finds what the
  light stem cannot join without moving the articles that use the reader's own word.

Exact forms (the normalised, unstemmed token) are indexed beside the stems, for phrase and
headline boosts: a reader who types the very word an article uses should see it first.

Speed: a rebuild analyses the whole archive, and normalising a 2 KB body costs a millisecond
(several `translate` passes and two NFCs over every character). Nothing in `normalise` reaches
across a space, though, so text is cut at the characters it turns into spaces and each word is
normalised, tokenised and stemmed once, then served from a cache: news copy repeats its words,
and the same tokens come out as from normalising the whole text (a property test checks it).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Final

from jarida.arabic import variants
from jarida.arabic.normalise import HARAKAT, LETTER_FOLDS, TATWEEL, UNICODE_SPACES, normalise
from jarida.arabic.roots import root_keys

__all__ = [
    "MAX_QUERY_CHARS",
    "MAX_QUERY_TERMS",
    "SEPARATORS",
    "STOP_WORDS",
    "AnalysedText",
    "QueryTerm",
    "analyse",
    "analyse_all",
    "analyse_query",
    "is_stop_word",
    "split_written",
    "stem",
    "tokenise",
    "use_variants",
    "word_spans",
    "word_terms",
    "word_tokens",
    "written_words",
]

# A query longer than this is cut before analysis: ten kilobytes pasted into the search box
# cost no more than a long sentence.
MAX_QUERY_CHARS: Final = 2000
# Terms kept from a query; all must match, so more would only ever find the article pasted.
MAX_QUERY_TERMS: Final = 32

# Letters of loanword spelling that readers type with their Arabic neighbours.
_EXTRA_FOLDS: Final = str.maketrans({"ڤ": "ف", "پ": "ب"})

# Letters and ASCII digits (normalise has already turned Arabic-Indic digits into 0-9).
_TOKEN_RE: Final = re.compile(r"(?:[^\W\d_]|[0-9])+")
# Where text may be cut before normalising: characters that `normalise` turns into a space
# (spaces, tabs, line breaks, Unicode spaces), which no later step joins to a neighbour.
# Controls such as U+001F are not here: `normalise` deletes them, joining the letters around.
SEPARATORS: Final = " \t\n\r\x0b\x0c\x85\u2028\u2029" + "".join(sorted(UNICODE_SPACES))
_SEPARATOR_RE: Final = re.compile("[" + re.escape(SEPARATORS) + "]+")
# A word of bare Arabic letters (hamza to yeh: no marks, tatweel, digits or other scripts),
# which is most of news copy: all `normalise` does to it is the letter folds.
_BARE_ARABIC_RE: Final = re.compile("[\u0621-\u063a\u0641-\u064a]+")
_LETTER_FOLD_TABLE: Final = str.maketrans(LETTER_FOLDS)
# Distinct words kept analysed: a 100,000-article archive has a few hundred thousand.
_WORD_CACHE_SIZE: Final = 1 << 19
# A word as written, harakat and tatweel included, for mapping matches back onto the text.
_WRITTEN_WORD_RE: Final = re.compile(
    "(?:[^\\W_]|[" + re.escape("".join(sorted(HARAKAT)) + TATWEEL) + "])+"
)
_WRITTEN_WORD_SPLIT_RE: Final = re.compile(f"({_WRITTEN_WORD_RE.pattern})")

# Lucene's ArabicStemmer affixes, in its order, after normalisation (ة is ه).
_PREFIXES: Final = ("ال", "وال", "بال", "كال", "فال", "لل", "و")
_SUFFIXES: Final = ("ها", "ان", "ات", "ون", "ين", "يه", "ه", "ي")
# Prepositions written onto a word without the article, and the shortest word they are
# looked for on (a four-letter word starting with one is more often its own letter: بلاد).
_PROCLITICS: Final = ("ب", "ل", "ك")
_MIN_PROCLITIC_LENGTH: Final = 5
# The article and the conjunctions a reader adds or drops: الوزير, وزير, والوزير.
_ARTICLES: Final = ("وال", "بال", "كال", "فال", "لل", "ال")

_STOP_LIST: Final = (
    "و ف ب ل ك من في إلى عن أن إن أنه أنها أو ثم قد لقد لا لم لن ما هذا هذه ذلك تلك "
    "هذان هؤلاء التي الذي الذين هو هي هم هن كان كانت مع حتى إذا كما بين عند لدى منذ "
    "كل غير أيضا حيث عليه عليها فيه فيها منه منها به بها له لها إلا لكن بل"
)
STOP_WORDS: Final = frozenset(normalise(word) for word in _STOP_LIST.split(" "))


@dataclass(frozen=True)
class AnalysedText:
    """What the index stores for one field: stems (stop words dropped), exact forms, and the
    loose layer's keys (each once, in order of first use)."""

    stems: str
    exact: str
    loose: str = ""


@dataclass(frozen=True)
class QueryTerm:
    """One word of a query: the stems and exact forms any of which may match it.

    The first stem and the first exact form are the reader's own word; the others come from
    article toggling and the variant table. `loose` are its keys in the loose layer (roots,
    variant keys, spellings without doubled letters). `stop` terms match only on exact forms.
    """

    word: str
    stems: tuple[str, ...]
    exact_forms: tuple[str, ...]
    stop: bool
    loose: tuple[str, ...] = ()


def tokenise(text: str) -> list[str]:
    """Normalised tokens of `text`: the exact forms, in order."""
    return [token for word in _SEPARATOR_RE.split(text) for token in _word_tokens(word)]


@lru_cache(maxsize=_WORD_CACHE_SIZE)
def _word_tokens(word: str) -> tuple[str, ...]:
    """The tokens of one piece of text between separators (usually one word, or none)."""
    if _BARE_ARABIC_RE.fullmatch(word):
        return (word.translate(_LETTER_FOLD_TABLE),)
    return tuple(_TOKEN_RE.findall(normalise(word).translate(_EXTRA_FOLDS)))


@lru_cache(maxsize=_WORD_CACHE_SIZE)
def _indexed_word(word: str) -> tuple[str, str, tuple[str, ...]]:
    """(stems, exact forms, loose keys) of one piece of text between separators."""
    tokens = _word_tokens(word)
    content = [t for t in tokens if not is_stop_word(t)]
    loose = tuple(key for t in content for key in _loose_keys(t))
    return " ".join(stem(t) for t in content), " ".join(tokens), loose


def _loose_keys(token: str) -> list[str]:
    """The loose layer's keys of one indexed token: its root (also read with its first letter
    as the word's own, not the conjunction و: وزراء is الوزراء), its variant group's key,
    and its stem with doubled letters collapsed."""
    token_stem = stem(token)
    keys: list[str | None] = [*root_keys(token_stem)]
    if not token.startswith("ال"):
        keys += root_keys(stem("ال" + token))
    if bare := _without_proclitic(token):
        bare_stem = stem(bare)
        keys += [bare_stem, *root_keys(bare_stem)]
    keys.append(variants.active().key(token_stem))
    collapsed = variants.collapse_doubled(token_stem)
    if collapsed != token_stem:
        keys.append(collapsed)
    return [key for key in dict.fromkeys(keys) if key]


def _without_proclitic(token: str) -> str | None:
    """The token without a leading ب, ل or ك (بقاعدة, لأوباما, كرئيس), which light10 does
    not remove without the article; for the loose layer only, where a word that merely
    starts with one of them (برنامج) adds a key that nothing else has."""
    if token[:1] in _PROCLITICS and len(token) >= _MIN_PROCLITIC_LENGTH:
        return token[1:]
    return None


@lru_cache(maxsize=1 << 18)
def stem(token: str) -> str:
    """Light10 stem of a normalised token (Lucene's ArabicStemmer, length guards included)."""
    length = len(token)
    for prefix in _PREFIXES:
        # A lone و needs a word of four letters, the others leave at least two letters.
        if (length >= 4 if len(prefix) == 1 else length >= len(prefix) + 2) and token.startswith(
            prefix
        ):
            token = token[len(prefix) :]
            length = len(token)
            break
    for suffix in _SUFFIXES:
        if length >= len(suffix) + 2 and token.endswith(suffix):
            token = token[: -len(suffix)]
            length = len(token)
    return token


def analyse(text: str) -> AnalysedText:
    """Index-time analysis of one field."""
    words = [_indexed_word(word) for word in _SEPARATOR_RE.split(text)]
    return AnalysedText(
        stems=" ".join([stems for stems, _, _ in words if stems]),
        exact=" ".join([exact for _, exact, _ in words if exact]),
        loose=" ".join(dict.fromkeys(key for _, _, keys in words for key in keys)),
    )


def analyse_all(
    texts: list[str], extra_variants: tuple[tuple[str, ...], ...] = ()
) -> list[AnalysedText]:
    """`analyse` of each text with the editors' variant groups in force: one task for a
    worker process when a rebuild runs in parallel."""
    use_variants(extra_variants)
    return [analyse(text) for text in texts]


def _stems_of(spelling: str) -> list[str]:
    return [stem(token) for token in tokenise(spelling)]


def use_variants(extra_groups: Iterable[Iterable[str]] = ()) -> bool:
    """Put the built-in variant groups and `extra_groups` (the editors') in force, at index
    and query time; whether anything changed."""
    groups = (*variants.BUILT_IN, *(tuple(group) for group in extra_groups))
    if variants.in_force() == groups:
        return False
    variants.install(variants.VariantTable(groups, _stems_of))
    _indexed_word.cache_clear()
    return True


use_variants()


def is_stop_word(token: str) -> bool:
    """A stop word, alone or behind the conjunction و or ف (ومن، وفي، فقد، ولا)."""
    return token in STOP_WORDS or (token[:1] in ("و", "ف") and token[1:] in STOP_WORDS)


def _clitic_forms(token: str) -> list[str]:
    """The token, without a leading conjunction, and each with its article removed or added
    (see the module docstring): والوزير, الوزير, وزير and زير's neighbours all meet."""
    forms = [token]
    if token[:1] in ("و", "ف") and len(token) > 3:
        forms.append(token[1:])
    for form in list(forms):
        for article in _ARTICLES:
            if form.startswith(article) and len(form) > len(article) + 1:
                forms.append(form[len(article) :])
                break
        else:
            if len(form) > 1:
                forms.append("ال" + form)
    return list(dict.fromkeys(forms))


def _query_term(token: str) -> QueryTerm:
    forms = _clitic_forms(token)
    stems = list(dict.fromkeys(stem(form) for form in forms))
    exact_forms = list(forms)
    table = variants.active()
    loose: list[str | None] = []
    for form in forms:
        form_stem = stem(form)
        loose += [*root_keys(form_stem), table.key(form_stem)]
        # Doubled letters, both ways: هوليوود also looks for هوليود, and هوليود finds the
        # collapsed spelling indexed for هوليوود.
        collapsed = variants.collapse_doubled(form_stem)
        if collapsed != form_stem and collapsed not in stems:
            stems.append(collapsed)
        if len(form_stem) >= variants.MIN_DOUBLED_LENGTH - 1:
            loose.append(collapsed)
        if bare := _without_proclitic(form):
            loose += [stem(bare), *root_keys(stem(bare))]
        start = form.find(form_stem)
        for variant in sorted(table.members(form_stem) - {form_stem}):
            if variant not in stems:
                stems.append(variant)
            # A same-length respelling keeps the reader's clitics: الأميركية for الأمريكية.
            # Words of another shape (حزيران/يونيو) would make non-words or other words.
            if len(variant) != len(form_stem):
                continue
            spelled = form[:start] + variant + form[start + len(form_stem) :]
            if stem(spelled) == variant and spelled not in exact_forms:
                exact_forms.append(spelled)
    return QueryTerm(
        word=token,
        stems=tuple(stems),
        exact_forms=tuple(exact_forms),
        stop=is_stop_word(token),
        loose=tuple(key for key in dict.fromkeys(loose) if key),
    )


def analyse_query(text: str) -> list[QueryTerm]:
    """Query-time analysis: at most MAX_QUERY_TERMS terms, duplicates dropped, in order."""
    if len(text) > MAX_QUERY_CHARS:
        # Cut at a word boundary: half a word would be a word nobody wrote.
        text = text[: MAX_QUERY_CHARS + 1]
        words = list(_WRITTEN_WORD_RE.finditer(text))
        if words and words[-1].end() == len(text):
            text = text[: words[-1].start()]
    tokens = list(dict.fromkeys(tokenise(text)))
    return [_query_term(token) for token in tokens[:MAX_QUERY_TERMS]]


def word_tokens(word: str) -> tuple[str, ...]:
    """The normalised tokens of one written word (of `written_words`); none for a word of
    marks alone. Cached: the cheap question a snippet asks of every word."""
    return _word_tokens(word)


def split_written(text: str) -> list[str]:
    """`text` cut around its words as written: [between, word, between, word, ..., between],
    so the words are `[1::2]` and joining the list gives `text` back."""
    return _WRITTEN_WORD_SPLIT_RE.split(text)


def written_words(text: str) -> list[str]:
    """The words of `text` as written (harakat and tatweel included), in order. A word of
    marks alone has no terms: see `word_terms`."""
    return _WRITTEN_WORD_RE.findall(text)


@lru_cache(maxsize=_WORD_CACHE_SIZE)
def word_terms(word: str) -> frozenset[str]:
    """The exact forms and stems of one written word (of `written_words`)."""
    # A written word holds no separator, so it is one piece for `_word_tokens`.
    tokens = _word_tokens(word)
    return frozenset(tokens + tuple(stem(t) for t in tokens))


def word_spans(text: str) -> Iterator[tuple[int, int, frozenset[str]]]:
    """Each word of `text` as written, with its stems and exact forms: `(start, end, terms)`.

    For highlighting: a snippet marks the words as the author wrote them, harakat and all,
    when any of their terms is one the query asked for. Words without terms are left out.
    """
    for match in _WRITTEN_WORD_RE.finditer(text):
        terms = word_terms(match.group())
        if terms:
            yield match.start(), match.end(), terms
