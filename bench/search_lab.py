"""Ranking lab: the search index in memory, BM25 as SQLite FTS5 computes it, and ranking
variants scored on `search_quality.py`'s queries without rebuilding anything.

A full `search_quality.py` run loads, indexes and queries for several minutes per backend; on
a loaded machine, much longer. This lab reads the rows that the real `rebuild` wrote (title
and body stems, exact headline forms, loose keys), replays the query layer's rules in Python
(the strict match, the fallback below FALLBACK_BELOW full matches, minimum_should_match,
spelling neighbours) and ranks with a BM25 that follows FTS5's `bm25()` (IDF per phrase, the
column weights on term frequency, k1 1.2, b 0.75, the document's length over all columns, the
phrase of the stems ORed in). Its baseline reproduces the measured SQLite numbers (half-
remembered MRR@10 0.546 against 0.544, headline 0.975 against 0.975 at 3,000 articles), so a
variant that does well here is worth building into the backends and measuring for real there.
Variants that change what is indexed (ISRI roots, number keys) are added to the in-memory
rows, as a rebuild would add them.

    JARIDA_VAR_DIR=/tmp/lab .venv/bin/python bench/search_lab.py --setup [--limit 3000]
    JARIDA_VAR_DIR=/tmp/lab .venv/bin/python bench/search_lab.py [VARIANT ...]

Without VARIANT every variant runs. Not part of `make test`.

The study (NOTES-searchlab.md has its tables) scores orderings on two halves of the queries:
tune on the even known articles, read the odd ones. It adds a second query set, "passage" (the
generator's rules, the other words drawn from 12 body words either side of the swapped plural,
which the bench's set cannot test proximity with), word positions from each article's text, and
sections: `diagnose` (how many articles hold every word as the article writes it, and MRR@10
when the query is typed that way: the ceiling of morphology), `coverage`, `proximity` (a
re-rank of the first N by nearness, with a length-only control), `fields` (column weights, a
lead field, IDF powers), `bm25` (k1, b), `combined`, `stack` (also as a second stage over the
first N) and `cost` (reading and scanning the first 50 bodies in the real database).

    JARIDA_VAR_DIR=/tmp/lab .venv/bin/python bench/search_lab.py --setup-study
    JARIDA_VAR_DIR=/tmp/lab .venv/bin/python bench/search_lab.py --study SECTION ...
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import search_quality as sq

# FTS5's bm25() constants, and the backend's column weights: title stems, body stems, exact
# headline forms, loose keys (jarida.search.backends.sqlite.WEIGHTS).
K1, B = 1.2, 0.75
WEIGHTS = (10.0, 1.0, 5.0, 0.5)
TITLE, BODY, EXACT, LOOSE, EXTRA = range(5)
FALLBACK_BELOW = 5
# BM25's constants in the "stack" section (from the "bm25" section's tuning half).
STACK_K1, STACK_B = 1.2, 1.0
# The body's first words, as a lead or summary field would hold them.
LEAD_WORDS = 40


def state_dir() -> Path:
    return Path(os.environ["JARIDA_VAR_DIR"])


def setup(limit: int) -> None:
    """Load `limit` corpus articles into this var dir's database and index them."""
    sq.django_setup()
    from jarida.search.documents import rebuild

    items = sq.records(limit)
    ids = sq.bulk_pages(items)
    rebuild()
    queries = {"headline": sq.make_queries(items, 500), "half": sq.half_remembered(items, 300)}
    (state_dir() / "lab.json").write_text(json.dumps({"ids": ids, "queries": queries}))
    print(f"{len(ids)} articles indexed; queries: {len(queries['half'])} half-remembered")


@dataclass
class Doc:
    index: int
    sort: int
    columns: list[Counter[str]]
    # Stems of the title and the body in order, for the phrase.
    sequences: tuple[list[str], list[str]]
    length: int
    # The first LEAD_WORDS stems of the body.
    lead: Counter[str] = field(default_factory=Counter)


@dataclass
class Lab:
    docs: list[Doc]
    postings: list[defaultdict[str, set[int]]]
    queries: dict[str, list[dict[str, Any]]]
    average: float = 0.0

    def add_keys(self, column: int, keys_of: Callable[[str], tuple[str, ...]], *, counted: bool):
        """Index keys computed from each document's title and body stems in `column`
        (counted: once per occurrence, in the column the stem is in)."""
        while len(self.postings) <= column:
            self.postings.append(defaultdict(set))
        for n, doc in enumerate(self.docs):
            while len(doc.columns) <= column:
                doc.columns.append(Counter())
            for source in (TITLE, BODY):
                target = source if counted else column
                for token, count in list(doc.columns[source].items()):
                    for key in keys_of(token):
                        if counted:
                            doc.columns[target][key] += count
                            doc.length += count
                        elif key not in doc.columns[target]:
                            doc.columns[target][key] = 1
                            doc.length += 1
                        self.postings[target][key].add(n)
        self.average = sum(d.length for d in self.docs) / len(self.docs)

    def matching(self, columns: tuple[int, ...], token: str) -> set[int]:
        found: set[int] = set()
        for column in columns:
            found |= self.postings[column].get(token, set())
        return found


def load() -> Lab:
    sq.django_setup()
    from jarida.search.models import SearchDocument

    saved = json.loads((state_dir() / "lab.json").read_text())
    index_of = {pk: i for i, pk in enumerate(saved["ids"])}
    docs = []
    rows = SearchDocument.objects.values_list("article_id", "title", "body", "title_exact", "loose")
    for article_id, title, body, exact, loose in rows:
        t, b, e, lo = title.split(), body.split(), exact.split(), loose.split()
        docs.append(
            Doc(
                index=index_of[article_id],
                sort=article_id,
                columns=[Counter(t), Counter(b), Counter(e), Counter(lo)],
                sequences=(t, b),
                length=len(t) + len(b) + len(e) + len(lo),
                lead=Counter(b[:LEAD_WORDS]),
            )
        )
    postings: list[defaultdict[str, set[int]]] = [defaultdict(set) for _ in range(4)]
    for n, doc in enumerate(docs):
        for column in range(4):
            for token in doc.columns[column]:
                postings[column][token].add(n)
    lab = Lab(docs, postings, saved["queries"])
    lab.average = sum(d.length for d in docs) / len(docs)
    return lab


# --- Queries as the query layer analyses them -------------------------------------------------

Phrase = tuple[tuple[int, ...], str]


@dataclass(frozen=True)
class Term:
    phrases: tuple[Phrase, ...]
    # Loose keys that are roots (`root_keys`), not variant keys or spellings.
    roots: frozenset[str]
    stop: bool
    first_stem: str


def analysed(text: str, extra: Callable[[Any], list[Phrase]] | None) -> list[Term]:
    from jarida.arabic.analysis import _clitic_forms, analyse_query, stem
    from jarida.arabic.roots import root_keys
    from jarida.search.backends import matching_terms
    from jarida.search.query import _widened
    from jarida.search.suggestions import Spelling

    terms = analyse_query(text)
    spelling = Spelling.of(terms)
    terms = matching_terms([_widened(t, spelling.neighbours.get(t.word, [])) for t in terms])
    out = []
    for term in terms:
        if term.stop:
            phrases: list[Phrase] = [((EXACT,), form) for form in term.exact_forms]
        else:
            phrases = [((TITLE, BODY), s) for s in term.stems]
            phrases += [((EXACT,), form) for form in term.exact_forms]
            phrases += [((LOOSE,), key) for key in term.loose]
            if extra:
                phrases += extra(term)
        roots = {key for s in term.stems for key in root_keys(s)}
        for form in _clitic_forms(term.word):
            roots.update(root_keys(stem(form)))
            roots.update(root_keys(stem("ال" + form)))
        out.append(
            Term(
                tuple(dict.fromkeys(phrases)),
                frozenset(roots - set(term.stems)),
                term.stop,
                term.stems[0],
            )
        )
    return out


# --- Scoring ----------------------------------------------------------------------------------


def idf(lab: Lab, n: int) -> float:
    return max(1e-6, math.log((len(lab.docs) - n + 0.5) / (n + 0.5)))


def saturated(lab: Lab, tf: float, length: int, k1: float = K1, b: float = B) -> float:
    return tf * (k1 + 1) / (tf + k1 * (1 - b + b * length / lab.average))


def phrase_counts(doc: Doc, stems: list[str]) -> tuple[int, int]:
    counts = [0, 0]
    k = len(stems)
    for column in (TITLE, BODY):
        sequence = doc.sequences[column]
        counts[column] = sum(
            1 for j in range(len(sequence) - k + 1) if sequence[j : j + k] == stems
        )
    return counts[0], counts[1]


@dataclass
class Scorer:
    weights: tuple[float, ...] = WEIGHTS
    # Per term, the best of its phrases instead of their sum.
    best_phrase: bool = False
    # Added: the sum over matched terms of the term's IDF (the docs matching it in any form),
    # a loose-only match counting `rarity_loose` of it.
    rarity: float = 0.0
    rarity_loose: float = 0.5
    # Terms matched otherwise than by a root key come before the score.
    specific_first: bool = False
    # A lead field: the first LEAD_WORDS body stems count this much more (BM25F-like, the
    # length normalisation over the whole article as FTS5 does it).
    lead: float = 0.0
    # IDF raised to this power: rare words weigh more against common ones.
    idf_power: float = 1.0
    # BM25's own constants (FTS5's bm25() fixes them at 1.2 and 0.75).
    k1: float = K1
    b: float = B

    def __post_init__(self) -> None:
        self.phrase_df: dict[tuple[str, ...], int] = {}

    def score(self, lab: Lab, n: int, terms: list[Term], groups: list[set[int]]) -> float:
        doc = lab.docs[n]
        total = 0.0
        for term, group in zip(terms, groups, strict=True):
            parts = []
            exact = loose = False
            for columns, token in term.phrases:
                tf = sum(self.weights[c] * doc.columns[c].get(token, 0) for c in columns)
                if self.lead and BODY in columns:
                    tf += self.lead * doc.lead.get(token, 0)
                if tf:
                    rare = idf(lab, len(lab.matching(columns, token))) ** self.idf_power
                    parts.append(rare * saturated(lab, tf, doc.length, self.k1, self.b))
                    exact = exact or columns != (LOOSE,)
                    loose = True
            total += max(parts, default=0.0) if self.best_phrase else sum(parts)
            if self.rarity:
                quality = 1.0 if exact else self.rarity_loose if loose else 0.0
                total += self.rarity * idf(lab, len(group)) * quality
        if len(terms) > 1 and not any(t.stop for t in terms):
            stems = [t.first_stem for t in terms]
            counts = phrase_counts(doc, stems)
            if any(counts):
                key = tuple(stems)
                if key not in self.phrase_df:
                    both = set.intersection(*(lab.matching((TITLE, BODY), s) for s in stems))
                    self.phrase_df[key] = sum(
                        1 for m in both if any(phrase_counts(lab.docs[m], stems))
                    )
                tf = self.weights[TITLE] * counts[0] + self.weights[BODY] * counts[1]
                rare = idf(lab, self.phrase_df[key]) ** self.idf_power
                total += rare * saturated(lab, tf, doc.length, self.k1, self.b)
        return total


def evaluate(
    lab: Lab, scorer: Scorer, extra: Callable[[Any], list[Phrase]] | None = None
) -> dict[str, float]:
    """MRR@10 and zero-result rate of the half-remembered and headline (varied) queries, in
    today's order (terms matched, then BM25), specific matches first if the scorer says so."""

    def key(case: Case, n: int) -> tuple[float, ...]:
        specific = -case.narrow[n] if scorer.specific_first else 0
        return (-case.cover[n], specific, -case.score[n])

    out = {}
    for kind in ("half", "headline"):
        reciprocal, zero = mrr(lab, prepare(lab, scorer, extra, kind), key=key)
        out[f"{kind} MRR@10"] = reciprocal
        out[f"{kind} zero"] = zero
    return out


# --- Index-side variants ----------------------------------------------------------------------


def with_isri(lab: Lab, weight: float) -> tuple[Scorer, Callable[[Any], list[Phrase]]]:
    """NLTK's ISRI root of every stem, each once per article, in a column of its own."""
    from nltk.stem.isri import ISRIStemmer

    isri = ISRIStemmer()

    def roots(stem: str) -> tuple[str, ...]:
        return ("آ" + isri.stem(stem),) if len(stem) >= 3 else ()

    lab.add_keys(EXTRA, roots, counted=False)
    return Scorer(weights=(*WEIGHTS, weight)), lambda term: [
        ((EXTRA,), key) for s in term.stems for key in roots(s)
    ]


# Each broken-plural pattern with the singular patterns it is the plural of, as one family
# (the letter after آ): a family key joins a word with its other number alone (مدرسة, مدارس),
# where `root_keys` joins every word of the root (درس, دروس, دراسة, مدرسة, مدارس).
def number_keys(stem: str) -> tuple[str, ...]:
    alef, waw, yeh, meem, hamza = "ا", "و", "ي", "م", "ء"
    n = len(stem)
    keys: list[str] = []
    if n == 2:  # حق (حقوق)
        keys.append("ث" + stem + stem[1])
    elif n == 3:  # فعل: أفعال فعول فعال; فعيلة: فعل (مدينة مدن)
        keys += ["ث" + stem, "غ" + stem]
        if stem[1] == alef:  # مال, باب (أموال, أبواب)
            keys += ["ث" + stem[0] + waw + stem[2], "ث" + stem[0] + yeh + stem[2]]
        if stem[0] == alef:  # أدلة (دليل)
            keys.append("خ" + stem[1] + stem[2] + stem[2])
    elif n == 4:
        c1, c2, c3, c4 = stem
        if c1 == meem:  # مفعل(ة) / مفاعل
            keys.append("م" + c2 + c3 + c4)
        if c3 in (yeh, alef):  # فعيل, فعال: فعلاء, فعائل, أفعلة, فعل
            keys += ["ظ" + c1 + c2 + c4, "ض" + c1 + c2 + c4, "خ" + c1 + c2 + c4, "غ" + c1 + c2 + c4]
        if c3 in (waw, alef):  # فعول, فعال as plurals of فعل
            keys.append("ث" + c1 + c2 + c4)
        if c2 == alef:  # فاعل: فعلاء, فواعل
            keys += ["ظ" + c1 + c3 + c4, "ذ" + c1 + c3 + c4]
        if c1 == alef:  # أفعلة, أفعل
            keys += ["خ" + c2 + c3 + c4, "ث" + c2 + c3 + c4]
        if c1 == alef and c3 == alef:  # أيام, أموال
            keys += ["ث" + c2 + waw + c4, "ث" + c2 + yeh + c4]
    elif n == 5:
        c1, c2, c3, c4, c5 = stem
        if c1 == alef and c4 == alef:  # أفعال
            keys.append("ث" + c2 + c3 + c5)
            if c5 == hamza:  # أعضاء, أحياء
                keys += ["ث" + c2 + c3 + waw, "ث" + c2 + c3 + yeh]
        if c4 == alef and c5 == hamza:  # فعلاء
            keys.append("ظ" + c1 + c2 + c3)
        if c1 == meem and c3 == alef:  # مفاعل
            keys.append("م" + c2 + c4 + c5)
        if c1 == meem and c4 == waw:  # مفعول
            keys.append("ط" + c2 + c3 + c5)
        if c2 == waw and c3 == alef:  # فواعل
            keys.append("ذ" + c1 + c4 + c5)
        if c3 == alef and c4 == yeh:  # فعائل
            keys.append("ض" + c1 + c2 + c5)
    elif n == 6 and stem[0] == meem and stem[2] == alef and stem[4] == yeh:  # مفاعيل
        keys.append("ط" + stem[1] + stem[3] + stem[5])
    elif n == 6 and stem[0] == alef and stem[4] == alef and stem[5] == hamza:  # أفعلاء
        keys.append("ظ" + stem[1] + stem[2] + stem[3])
    out = []
    for key in keys:  # hamza seats: رؤساء, رئيس
        out.append("آ" + key)
        if key[2] in (waw, yeh):
            out.append("آ" + key[:2] + hamza + key[3:])
    return tuple(dict.fromkeys(out))


def with_number_keys(lab: Lab) -> Callable[[Any], list[Phrase]]:
    """Family keys beside the stems they come from (title or body), counted like them."""
    from jarida.arabic.analysis import _clitic_forms, stem

    lab.add_keys(TITLE, number_keys, counted=True)

    def extra(term: Any) -> list[Phrase]:
        keys = [k for form in _clitic_forms(term.word) for k in number_keys(stem(form))]
        return [((TITLE, BODY), key) for key in dict.fromkeys(keys)]

    return extra


# --- Query sets that say where their words came from -----------------------------------------

# The passage set: the other words (and the name) are drawn from this many body words either
# side of the swapped plural, about two lines of a column.
PASSAGE_WINDOW = 12


def setup_study() -> None:
    """Add to lab.json what the study needs: the passage set (`half_remembered` with a
    window) and each article's headline and body text (for word positions). The
    half-remembered set saved by `setup` already records each word's origin."""
    path = state_dir() / "lab.json"
    saved = json.loads(path.read_text())
    items = sq.records(len(saved["ids"]))
    saved["queries"]["passage"] = sq.half_remembered(items, 300, seed=23, window=PASSAGE_WINDOW)
    saved["texts"] = [[item.headline, sq.body_of(item)] for item in items]
    path.write_text(json.dumps(saved, ensure_ascii=False))
    queries = saved["queries"]
    print(f"{len(queries['half'])} half-remembered, {len(queries['passage'])} passage queries")


# --- Word positions (for proximity) ------------------------------------------------------------


class Positions:
    """Where each key (stem, exact form, loose key, number key) occurs in an article's
    headline and body, counting content words only (stop words hold no position, as in the
    index's stem columns). Built per article on first use, from the article's text."""

    def __init__(self, texts: list[list[str]]) -> None:
        self.texts = texts
        self.cache: dict[int, tuple[dict[str, list[int]], dict[str, list[int]]]] = {}

    @staticmethod
    def _keys(token: str) -> frozenset[str]:
        from jarida.arabic.analysis import _loose_keys, stem

        token_stem = stem(token)
        return frozenset({token, token_stem, *_loose_keys(token), *number_keys(token_stem)})

    def of(self, index: int) -> tuple[dict[str, list[int]], dict[str, list[int]]]:
        if index not in self.cache:
            from jarida.arabic.analysis import _SEPARATOR_RE, _word_tokens, is_stop_word

            out = []
            for text in self.texts[index]:
                where: dict[str, list[int]] = defaultdict(list)
                at = 0
                for word in _SEPARATOR_RE.split(text):
                    for token in _word_tokens(word):
                        if is_stop_word(token):
                            continue
                        for key in _cached_keys(token):
                            where[key].append(at)
                        at += 1
                out.append(dict(where))
            self.cache[index] = (out[0], out[1])
        return self.cache[index]


_KEYS: dict[str, frozenset[str]] = {}


def _cached_keys(token: str) -> frozenset[str]:
    if token not in _KEYS:
        _KEYS[token] = Positions._keys(token)
    return _KEYS[token]


def _min_gap(a: list[int], b: list[int]) -> int | None:
    """The smallest |p - q| over p in a, q in b (both sorted)."""
    i = j = 0
    best: int | None = None
    while i < len(a) and j < len(b):
        gap = abs(a[i] - b[j])
        best = gap if best is None or gap < best else best
        if a[i] < b[j]:
            i += 1
        else:
            j += 1
    return best


def _min_span(lists: list[list[int]]) -> int:
    """The length of the smallest window holding a position of every list (all non-empty)."""
    events = sorted((p, k) for k, positions in enumerate(lists) for p in positions)
    need, seen, best, left = len(lists), Counter[int](), 10**9, 0
    for p, k in events:
        seen[k] += 1
        while len(seen) == need:
            best = min(best, p - events[left][0])
            seen[events[left][1]] -= 1
            if not seen[events[left][1]]:
                del seen[events[left][1]]
            left += 1
    return best


@dataclass
class Nearness:
    # Per pair of query terms (i, j), the smallest distance between them in one field.
    pairs: dict[tuple[int, int], int]
    # The terms found in the field that holds most of them, and the smallest window of those.
    found: tuple[int, ...]
    span: int


def nearness(positions: Positions, index: int, keys: list[set[str]]) -> Nearness:
    pairs: dict[tuple[int, int], int] = {}
    found: tuple[int, ...] = ()
    span = 10**9
    for places in positions.of(index):
        lists = [sorted({p for key in ks for p in places.get(key, ())}) for ks in keys]
        present = tuple(k for k, ls in enumerate(lists) if ls)
        for x, i in enumerate(present):
            for j in present[x + 1 :]:
                gap = _min_gap(lists[i], lists[j])
                if gap is not None and gap < pairs.get((i, j), 10**9):
                    pairs[(i, j)] = gap
        if len(present) >= 2:
            length = _min_span([lists[k] for k in present])
            if len(present) > len(found) or (len(present) == len(found) and length < span):
                found, span = present, length
    return Nearness(pairs, found, span)


# --- The study: candidates scored once, orderings compared on two halves ----------------------


@dataclass
class Case:
    """One query: its candidates (the query layer's match and fallback rules), with what every
    ordering needs."""

    known: set[int]
    # Tuning half: the known article's index is even.
    tune: bool
    terms: list[Term]
    candidates: list[int]
    cover: Counter[int]
    narrow: Counter[int]
    score: dict[int, float]
    # Per term: the IDF of the articles it matches in any form.
    rarity: list[float]
    groups: list[set[int]]
    specific: list[set[int]]
    keys: list[set[str]]
    # Per term, its stems alone: what an FTS5 NEAR group over the stem columns can see.
    stems: list[set[str]]


def prepare(
    lab: Lab, scorer: Scorer, extra: Callable[[Any], list[Phrase]] | None, kind: str
) -> list[Case]:
    cases = []
    for query in lab.queries[kind]:
        terms = analysed(query["varied"], extra)
        groups, specific = [], []
        for term in terms:
            group: set[int] = set()
            narrow: set[int] = set()
            for columns, token in term.phrases:
                found = lab.matching(columns, token)
                group |= found
                if not (columns == (LOOSE,) and token in term.roots):
                    narrow |= found
            groups.append(group)
            specific.append(narrow)
        cover: Counter[int] = Counter(n for g in groups for n in g)
        narrow_cover: Counter[int] = Counter(n for g in specific for n in g)
        full = [n for n, c in cover.items() if c == len(terms)]
        if len(terms) > 1 and len(full) < FALLBACK_BELOW:
            need = max(1, -(-len(terms) // 2))
            candidates = [n for n, c in cover.items() if c >= need]
        else:
            candidates = full
        known = {n for n, doc in enumerate(lab.docs) if doc.index in set(query["known"])}
        cases.append(
            Case(
                known=known,
                tune=query["known"][0] % 2 == 0,
                terms=terms,
                candidates=candidates,
                cover=cover,
                narrow=narrow_cover,
                score={n: scorer.score(lab, n, terms, groups) for n in candidates},
                rarity=[idf(lab, len(g)) for g in groups],
                groups=groups,
                specific=specific,
                keys=[{token for _, token in t.phrases} for t in terms],
                stems=[{tok for cols, tok in t.phrases if cols == (TITLE, BODY)} for t in terms],
            )
        )
    return cases


Key = Callable[[Case, int], tuple[float, ...]]


def base_key(case: Case, n: int) -> tuple[float, ...]:
    """Today's order: terms matched, then BM25 (then newest, by the stable sort below)."""
    return (-case.cover[n], -case.score[n])


@dataclass
class Proximity:
    """Re-rank the first `depth` (by today's order) by BM25 + weight × nearness; terms matched
    stay the first key, so every article with all the words is still above the others."""

    depth: int
    weight: float
    scale: float
    # pairs: sum over pairs of the rarer term's IDF × scale / (scale + distance);
    # span: the IDF of the terms in the smallest window × scale / (scale + its length);
    # length: the control, pairs with the article's length in place of their distance;
    # near: FTS5 NEAR groups of two terms' stems within `scale` words (see `feature`).
    kind: str = "pairs"

    def feature(self, lab: Lab, positions: Positions, case: Case, n: int) -> float:
        if self.kind == "near":
            # FTS5's NEAR(a b, scale) for each pair of terms, ORed into the ranked MATCH:
            # bm25() then counts the pair's instances again, about each one's IDF once more.
            if (id(case), n, "stems") not in _NEAR:
                _NEAR[(id(case), n, "stems")] = nearness(positions, lab.docs[n].index, case.stems)
            near = _NEAR[(id(case), n, "stems")]
            return sum(
                case.rarity[i] + case.rarity[j]
                for (i, j), gap in near.pairs.items()
                if gap <= self.scale
            )
        if (id(case), n, "keys") not in _NEAR:
            _NEAR[(id(case), n, "keys")] = nearness(positions, lab.docs[n].index, case.keys)
        near = _NEAR[(id(case), n, "keys")]
        if self.kind == "pairs":
            return sum(
                min(case.rarity[i], case.rarity[j]) * self.scale / (self.scale + gap)
                for (i, j), gap in near.pairs.items()
            )
        if self.kind == "length":
            # The control: the pairs' weights with the article's length for their distance,
            # to tell nearness from a plain preference for short articles.
            length = len(lab.docs[n].sequences[BODY])
            return sum(
                min(case.rarity[i], case.rarity[j]) * self.scale / (self.scale + length)
                for (i, j) in near.pairs
            )
        if not near.found:
            return 0.0
        return sum(case.rarity[k] for k in near.found) * self.scale / (self.scale + near.span)


_NEAR: dict[tuple[int, int, str], Nearness] = {}


def ranked(
    lab: Lab,
    case: Case,
    key: Key = base_key,
    proximity: Proximity | None = None,
    positions: Positions | None = None,
) -> list[int]:
    # Newest first among equals, as the backends break ties.
    order = sorted(case.candidates, key=lambda n: -lab.docs[n].sort)
    order.sort(key=lambda n: key(case, n))
    if proximity and proximity.weight and positions is not None:
        head = order[: proximity.depth]
        bonus = {n: proximity.weight * proximity.feature(lab, positions, case, n) for n in head}
        head.sort(key=lambda n: (-case.cover[n], -(case.score[n] + bonus[n])))
        order = head + order[proximity.depth :]
    return order


def mrr(lab: Lab, cases: list[Case], part: bool | None = None, **how: Any) -> tuple[float, float]:
    """(MRR@10, zero-result rate) over the cases of one half (None: all of them)."""
    chosen = [c for c in cases if part is None or c.tune == part]
    total = zero = 0.0
    for case in chosen:
        if not case.candidates:
            zero += 1
            continue
        top = ranked(lab, case, **how)[:10]
        total += next((1 / r for r, n in enumerate(top, 1) if n in case.known), 0.0)
    return round(total / len(chosen), 3), round(zero / len(chosen), 3)


# --- The study's orderings and its driver ------------------------------------------------------


def coverage_key(loose_share: float) -> Key:
    """Articles with every term first; then the sum of the IDF of the terms matched (a term
    matched only by a root key counts `loose_share` of it); then BM25."""

    def key(case: Case, n: int) -> tuple[float, ...]:
        weight = sum(
            rarity * (1.0 if n in specific else loose_share if n in group else 0.0)
            for rarity, group, specific in zip(case.rarity, case.groups, case.specific, strict=True)
        )
        return (-(case.cover[n] == len(case.terms)), -weight, -case.score[n])

    return key


def diagnose(lab: Lab, cases: list[Case], queries: list[dict[str, Any]]) -> None:
    """How ambiguous the queries are: the articles holding every query word in the form the
    known article has it (the origin words' stems), and the MRR@10 a ranker with perfect
    morphology but no other signal would expect among them (ties in random order)."""
    from jarida.arabic.analysis import is_stop_word, stem, tokenise

    expected, sizes, by_words = 0.0, [], Counter[int]()
    got: defaultdict[int, list[float]] = defaultdict(list)
    for case, query in zip(cases, queries, strict=True):
        holders: set[int] | None = None
        for word in query["origin"]:
            stems = [stem(t) for t in tokenise(word) if not is_stop_word(t)]
            found = set.intersection(*(lab.matching((TITLE, BODY), s) for s in stems))
            holders = found if holders is None else holders & found
        k = max(1, len(holders or ()))
        sizes.append(k)
        share = sum(1 / r for r in range(1, min(k, 10) + 1)) / k
        expected += share
        top = ranked(lab, case)[:10]
        words = len(query["origin"])
        by_words[words] += 1
        got[words].append(next((1 / r for r, n in enumerate(top, 1) if n in case.known), 0.0))
    sizes.sort()
    print(
        f"articles holding every origin word: median {sizes[len(sizes) // 2]}, "
        f"1 in {sum(s == 1 for s in sizes)} of {len(sizes)} queries; "
        f"random-tie MRR@10 among them {expected / len(cases):.3f}"
    )
    for words, count in sorted(by_words.items()):
        print(f"  {words}-word queries: {count}, MRR@10 today {sum(got[words]) / count:.3f}")


def _documents(ids: list[int]) -> list[tuple[str, str]]:
    """(body, title) of these articles' index rows: stems in order, on both backends."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT body, title FROM search_document WHERE article_id IN ("
            + ", ".join(["%s"] * len(ids))
            + ")",
            ids,
        )
        return list(cursor.fetchall())


def cost(lab: Lab, cases: list[Case], depth: int = 50) -> None:
    """What a re-rank by nearness costs in the real database: read the `body` (stems in
    order, the column both backends have) of the first `depth` articles of each query, find
    the query's keys in them (stem, root and number keys of each stem) and score the pairs.
    Prints p50 and p95 in ms; the rows read do not grow with the archive."""
    import statistics
    import time

    from jarida.arabic.roots import root_keys

    stem_keys: dict[str, frozenset[str]] = {}
    times, reads = [], []
    for case in cases:
        top = ranked(lab, case)[:depth]
        ids = [lab.docs[n].sort for n in top]
        if not ids:
            continue
        started = time.perf_counter()
        bodies = _documents(ids)
        reads.append((time.perf_counter() - started) * 1000)
        # Which terms each distinct stem stands for, worked out once per query.
        terms_of: dict[str, tuple[int, ...]] = {}
        for body, _title in bodies:
            where: defaultdict[int, list[int]] = defaultdict(list)
            for at, token in enumerate(body.split()):
                found = terms_of.get(token)
                if found is None:
                    keys = stem_keys.get(token)
                    if keys is None:
                        keys = frozenset({token, *root_keys(token), *number_keys(token)})
                        stem_keys[token] = keys
                    found = tuple(
                        k for k, wanted in enumerate(case.keys) if not keys.isdisjoint(wanted)
                    )
                    terms_of[token] = found
                for k in found:
                    where[k].append(at)
            present = sorted(where)
            for x, i in enumerate(present):
                for j in present[x + 1 :]:
                    _min_gap(where[i], where[j])
        times.append((time.perf_counter() - started) * 1000)
    read = statistics.quantiles(reads, n=100, method="inclusive")
    counting = []
    for case in cases:
        ids = [lab.docs[n].sort for n in ranked(lab, case)[:depth]]
        if not ids:
            continue
        rows = _documents(ids)
        started = time.perf_counter()
        for body, title in rows:
            # What a BM25 second stage needs: term frequencies and the length.
            Counter(title.split()), Counter(body.split())
        counting.append((time.perf_counter() - started) * 1000)
    tally = statistics.quantiles(counting, n=100, method="inclusive")
    # The same, counting only the query's own forms, in C (str.count on the spaced text).
    forms_only = []
    for case in cases:
        ids = [lab.docs[n].sort for n in ranked(lab, case)[:depth]]
        if not ids:
            continue
        rows = _documents(ids)
        wanted = [f" {key} " for keys in case.keys for key in keys]
        started = time.perf_counter()
        for body, title in rows:
            spaced_body, spaced_title = f" {body} ", f" {title} "
            for key in wanted:
                spaced_body.count(key), spaced_title.count(key)
        forms_only.append((time.perf_counter() - started) * 1000)
    only = statistics.quantiles(forms_only, n=100, method="inclusive")
    print(
        f"counting only the query's forms in {depth} articles: p50 {only[49]:.1f} ms, "
        f"p95 {only[94]:.1f} ms"
    )
    print(f"counting the stems of {depth} articles: p50 {tally[49]:.1f} ms, p95 {tally[94]:.1f} ms")
    print(f"reading {depth} bodies: p50 {read[49]:.1f} ms, p95 {read[94]:.1f} ms")
    quantiles = statistics.quantiles(times, n=100, method="inclusive")
    print(
        f"re-rank by nearness, {depth} bodies: p50 {quantiles[49]:.1f} ms, "
        f"p95 {quantiles[94]:.1f} ms ({len(times)} queries)"
    )


Sets = dict[str, list[Case]]


def second_stage(lab: Lab, first: Sets, second: Sets, depth: int) -> None:
    """MRR@10 when `second`'s order is applied only to the first `depth` of `first`'s (today's)
    order, as a re-rank in Python after the database's own ranking would do it."""
    cells = []
    for kind, part in (("half", True), ("half", False), ("passage", None), ("headline", None)):
        total, chosen = 0.0, 0
        for one, two in zip(first[kind], second[kind], strict=True):
            if part is not None and one.tune != part:
                continue
            chosen += 1
            head = ranked(lab, one)[:depth]
            head.sort(
                key=lambda n: (-two.cover[n], -two.score.get(n, -1e9)),
            )
            top = head[:10]
            total += next((1 / r for r, n in enumerate(top, 1) if n in one.known), 0.0)
        cells.append(f"{total / chosen:.3f}")
    print(
        f"| stack as a second stage over today's first {depth} | {cells[0]} | {cells[1]} | "
        f"| | | {cells[2]} (all) | | {cells[3]} | {depth} rows read |",
        flush=True,
    )


def row(lab: Lab, name: str, sets: Sets, cost: str = "", **how: Any) -> str:
    """A table row: half tune / test, zero, passage tune / test, headline, cost."""
    tune, zero = mrr(lab, sets["half"], True, **how)
    test, _ = mrr(lab, sets["half"], False, **how)
    whole, _ = mrr(lab, sets["half"], None, **how)
    p_tune, p_zero = mrr(lab, sets["passage"], True, **how)
    p_test, _ = mrr(lab, sets["passage"], False, **how)
    head, _ = mrr(lab, sets["headline"], None, **how)
    line = (
        f"| {name} | {tune:.3f} | {test:.3f} | {whole:.3f} | {zero:.1%} | {p_tune:.3f} | "
        f"{p_test:.3f} | {p_zero:.1%} | {head:.3f} | {cost} |"
    )
    print(line, flush=True)
    return line


HEADER = (
    "| variant | half tune | half test | half all | half zero | passage tune | passage test "
    "| passage zero | headline | est. cost |\n| --- | ---: | ---: | ---: | ---: | ---: | ---: "
    "| ---: | ---: | --- |"
)


def cases_of(lab: Lab, scorer: Scorer, extra: Callable[[Any], list[Phrase]] | None) -> Sets:
    return {kind: prepare(lab, scorer, extra, kind) for kind in ("half", "passage", "headline")}


def tuned(lab: Lab, cases: list[Case], grid: list[dict[str, Any]], **fixed: Any) -> dict[str, Any]:
    """The grid point with the best MRR@10 on the tuning half of `cases`."""
    return max(grid, key=lambda point: mrr(lab, cases, True, **fixed, **point)[0])


def study(sections: list[str]) -> None:
    lab = load()
    saved = json.loads((state_dir() / "lab.json").read_text())
    if "texts" not in saved:
        raise SystemExit("run --setup-study first")
    positions = Positions(saved["texts"])
    print(HEADER)
    base = cases_of(lab, Scorer(), None)
    row(lab, "baseline (today's order)", base, "0")
    if "diagnose" in sections:
        for kind in ("half", "passage"):
            print(kind)
            diagnose(lab, base[kind], lab.queries[kind])
        # The ceiling of morphology: the queries as the article writes the words.
        for kind in ("half", "passage"):
            lab.queries[kind + "-origin"] = [
                {**q, "varied": " ".join(q["origin"])} for q in lab.queries[kind]
            ]
            cases = prepare(lab, Scorer(), None, kind + "-origin")
            print(f"{kind}, typed as the article has them: MRR@10 {mrr(lab, cases)[0]:.3f}")
            plural_only = [
                c
                for c, q in zip(cases, lab.queries[kind], strict=True)
                if q["applied"] == ["plural"]
            ]
            print(f"  of which plural only (no name): {mrr(lab, plural_only)[0]:.3f}")
    if "coverage" in sections:
        for share in (1.0, 0.5, 0.0):
            row(
                lab,
                f"coverage: all terms, IDF-weighted terms (root-only x{share}), BM25",
                base,
                "0 (order of keys)",
                key=coverage_key(share),
            )
    if "proximity" in sections:
        for kind in ("pairs", "span"):
            for depth in (20, 50, 100, 200):
                grid = [
                    {"proximity": Proximity(depth, weight, scale, kind)}
                    for weight in (0.25, 0.5, 1.0, 2.0, 4.0)
                    for scale in (3.0, 10.0, 30.0)
                ]
                for kind_set in ("half", "passage"):
                    best = tuned(lab, base[kind_set], grid, positions=positions)["proximity"]
                    row(
                        lab,
                        f"proximity {kind}, top {depth}, tuned on {kind_set}: "
                        f"w {best.weight}, scale {best.scale}",
                        base,
                        f"{depth} bodies read",
                        proximity=best,
                        positions=positions,
                    )
    if "combined" in sections:
        grid = [
            {"proximity": Proximity(50, weight, scale, kind)}
            for weight in (2.0, 4.0, 8.0, 16.0)
            for scale in (10.0, 30.0, 100.0)
            for kind in ("pairs", "length")
        ] + [
            {"proximity": Proximity(50, weight, scale, "near")}
            for weight in (0.25, 0.5, 1.0, 2.0)
            for scale in (5.0, 10.0, 20.0, 40.0)
        ]
        chosen: dict[str, Proximity] = {}
        for kind in ("pairs", "length", "near"):
            points = [p for p in grid if p["proximity"].kind == kind]
            best = tuned(lab, base["half"], points, positions=positions)["proximity"]
            chosen[kind] = best
            row(
                lab,
                f"proximity {kind}, top 50, wider grid, tuned on half: "
                f"w {best.weight}, scale {best.scale}",
                base,
                "50 bodies read",
                proximity=best,
                positions=positions,
            )
        keyed = cases_of(lab, Scorer(best_phrase=True), with_number_keys(lab))
        row(lab, "number keys + each word by best form", keyed, "index: number keys")
        _NEAR.clear()
        pairs = [p for p in grid if p["proximity"].kind == "pairs"]
        best = tuned(lab, keyed["half"], pairs, positions=positions)["proximity"]
        row(
            lab,
            f"number keys + best form + proximity pairs top 50: w {best.weight}, "
            f"scale {best.scale}",
            keyed,
            "number keys + 50 bodies read",
            proximity=best,
            positions=positions,
        )
        row(
            lab,
            "number keys + best form + coverage key (IDF, root-only x1)",
            keyed,
            "number keys",
            key=coverage_key(1.0),
        )
    if "near" in sections:
        # FTS5 NEAR pairs, tuned on the passage set (where nearness is in the queries).
        grid = [
            {"proximity": Proximity(50, weight, scale, "near")}
            for weight in (0.25, 0.5, 1.0, 2.0, 4.0)
            for scale in (5.0, 10.0, 20.0, 40.0)
        ]
        best = tuned(lab, base["passage"], grid, positions=positions)["proximity"]
        row(
            lab,
            f"FTS5 NEAR pairs, tuned on passage: w {best.weight}, scale {best.scale}",
            base,
            "no new data",
            proximity=best,
            positions=positions,
        )
    if "stack" in sections:
        # The measures that each helped a little, together; tuned on the even half only.
        scorer = Scorer(best_phrase=True, idf_power=1.5, k1=STACK_K1, b=STACK_B)
        stacked = cases_of(lab, scorer, with_number_keys(lab))
        row(
            lab,
            f"stack: number keys, best form, IDF^1.5, k1 {STACK_K1} b {STACK_B}",
            stacked,
            "number keys",
        )
        for depth in (20, 50, 100):
            second_stage(lab, base, stacked, depth)
        _NEAR.clear()
        for kind in ("pairs", "length"):
            grid = [
                {"proximity": Proximity(50, weight, scale, kind)}
                for weight in (1.0, 2.0, 4.0, 8.0)
                for scale in (10.0, 30.0, 100.0)
            ]
            best = tuned(lab, stacked["half"], grid, positions=positions)["proximity"]
            row(
                lab,
                f"stack + {kind} top 50: w {best.weight}, scale {best.scale}",
                stacked,
                "number keys + 50 bodies read",
                proximity=best,
                positions=positions,
            )
    if "cost" in sections:
        # What a second stage over today's first `depth` can reach at best.
        for depth in (10, 20, 50, 100, 200):
            inside = sum(1 for c in base["half"] if set(ranked(lab, c)[:depth]) & c.known) / len(
                base["half"]
            )
            print(f"known article in today's first {depth}: {inside:.1%} of half-remembered")
        cost(lab, base["half"])
    if "bm25" in sections:
        for k1, b in ((0.6, 0.75), (2.0, 0.75), (1.2, 0.9), (1.2, 1.0), (0.6, 1.0)):
            row(lab, f"BM25 k1 {k1}, b {b}", cases_of(lab, Scorer(k1=k1, b=b), None), "0")
    if "fields" in sections:
        for weights, lead, power in (
            ((10.0, 1.0, 5.0, 0.5), 0.0, 1.5),
            ((10.0, 1.0, 5.0, 0.5), 0.0, 2.0),
            ((10.0, 1.0, 5.0, 0.5), 1.0, 1.0),
            ((10.0, 1.0, 5.0, 0.5), 3.0, 1.0),
            ((5.0, 1.0, 2.0, 0.5), 0.0, 1.0),
            ((3.0, 1.0, 2.0, 0.5), 0.0, 1.0),
            ((20.0, 1.0, 10.0, 0.5), 0.0, 1.0),
            ((10.0, 1.0, 5.0, 0.25), 0.0, 1.0),
            ((10.0, 2.0, 5.0, 1.0), 0.0, 1.0),
        ):
            scorer = Scorer(weights=weights, lead=lead, idf_power=power)
            row(
                lab,
                f"weights {weights}, lead x{lead}, IDF^{power}",
                cases_of(lab, scorer, None),
                "0 (a lead column)" if lead else "0",
            )


VARIANTS: dict[str, Callable[[Lab], tuple[Scorer, Callable[[Any], list[Phrase]] | None]]] = {
    "baseline": lambda lab: (Scorer(), None),
    "rarity-first": lambda lab: (Scorer(rarity=1000.0), None),
    "rarity-added": lambda lab: (Scorer(rarity=1.0), None),
    "best-phrase": lambda lab: (Scorer(best_phrase=True), None),
    "loose-1.0": lambda lab: (Scorer(weights=(10.0, 1.0, 5.0, 1.0)), None),
    "title-3-exact-2": lambda lab: (Scorer(weights=(3.0, 1.0, 2.0, 0.5)), None),
    "isri-0.25": lambda lab: with_isri(lab, 0.25),
    "isri-0.1": lambda lab: with_isri(lab, 0.1),
    "specific-first": lambda lab: (Scorer(specific_first=True), None),
    "number-keys": lambda lab: (Scorer(), with_number_keys(lab)),
    "number-keys+specific-first": lambda lab: (Scorer(specific_first=True), with_number_keys(lab)),
    "number-keys+best-phrase": lambda lab: (Scorer(best_phrase=True), with_number_keys(lab)),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("variants", nargs="*", choices=[[], *VARIANTS], metavar="VARIANT")
    parser.add_argument("--setup", action="store_true", help="load and index the articles")
    parser.add_argument("--limit", type=int, default=3000)
    parser.add_argument("--setup-study", action="store_true", help="add the study's data")
    parser.add_argument(
        "--study",
        nargs="+",
        choices=[
            "base",
            "diagnose",
            "coverage",
            "proximity",
            "fields",
            "combined",
            "cost",
            "bm25",
            "stack",
            "near",
        ],
    )
    args = parser.parse_args()
    if args.setup:
        setup(args.limit)
        return
    if args.setup_study:
        setup_study()
        return
    if args.study:
        study(args.study)
        return
    for name in args.variants or VARIANTS:
        # Index-side variants change the rows: each variant starts from a fresh load.
        lab = load()
        scorer, extra = VARIANTS[name](lab)
        print(name, evaluate(lab, scorer, extra), flush=True)


if __name__ == "__main__":
    main()
