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
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
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


def saturated(lab: Lab, tf: float, length: int) -> float:
    return tf * (K1 + 1) / (tf + K1 * (1 - B + B * length / lab.average))


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
                if tf:
                    parts.append(
                        idf(lab, len(lab.matching(columns, token))) * saturated(lab, tf, doc.length)
                    )
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
                total += idf(lab, self.phrase_df[key]) * saturated(lab, tf, doc.length)
        return total


def evaluate(
    lab: Lab, scorer: Scorer, extra: Callable[[Any], list[Phrase]] | None = None
) -> dict[str, float]:
    """MRR@10 and zero-result rate of the half-remembered and headline (varied) queries."""
    out = {}
    for kind, queries in (("half", lab.queries["half"]), ("headline", lab.queries["headline"])):
        reciprocal = zero = 0.0
        for query in queries:
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
            if not candidates:
                zero += 1
                continue

            keys = {
                n: (
                    -cover[n],
                    -narrow_cover[n] if scorer.specific_first else 0,
                    -scorer.score(lab, n, terms, groups),
                    -lab.docs[n].sort,
                )
                for n in candidates
            }
            top = [lab.docs[n].index for n in sorted(candidates, key=keys.__getitem__)[:10]]
            known = set(query["known"])
            rank = next((r for r, i in enumerate(top, 1) if i in known), None)
            reciprocal += 1 / rank if rank else 0
        out[f"{kind} MRR@10"] = round(reciprocal / len(queries), 3)
        out[f"{kind} zero"] = round(zero / len(queries), 3)
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
    args = parser.parse_args()
    if args.setup:
        setup(args.limit)
        return
    for name in args.variants or VARIANTS:
        # Index-side variants change the rows: each variant starts from a fresh load.
        lab = load()
        scorer, extra = VARIANTS[name](lab)
        print(name, evaluate(lab, scorer, extra), flush=True)


if __name__ == "__main__":
    main()
