"""SQLite FTS5 over `search_fts` (migrations 0005 and 0006), ranked by BM25.

Every term becomes a group of quoted FTS5 strings: its stems in the `title` and `body` columns,
its exact forms in `title_exact`, or its loose keys in `loose`. All groups must match (a
fallback: at least `minimum_should_match` of them; see `FallbackSearch`). An extra branch, a
phrase of the terms' stems, can only match rows that the groups already match, so it changes no
result, only the rank: a headline or sentence that has the words in the reader's order comes
first (and counting leaves it out). Column weights boost the headline.

Every statement reads `search_fts` alone. Its rowid is the row's `sort_key` (published time,
then article id; `jarida.search.models`), so the recency tie-break and "newest first" are
rowid order, a date filter is a rowid range, and `ORDER BY ... LIMIT` ranks inside FTS5 and
keeps only the page it needs. A section filter is the one lookup per match, in the ids of the
section's articles, which SQLite builds once per statement.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from dataclasses import replace
from typing import Any

from django.db import connection

from jarida.arabic.analysis import QueryTerm
from jarida.search.backends import (
    CANDIDATES,
    Filters,
    Order,
    Row,
    Search,
    SearchBackend,
    matching_terms,
    minimum_should_match,
)
from jarida.search.models import ID_MASK

# BM25 column weights: title stems, body stems, exact headline forms, the loose layer (below
# the body's stems: a root or a variant key is a weaker match than the word itself).
WEIGHTS = (10.0, 1.0, 5.0, 0.5)
# bm25() is negative, lower is better.
BM25 = "bm25(search_fts, " + ", ".join(str(weight) for weight in WEIGHTS) + ")"


def quoted(token: str) -> str:
    """An FTS5 string: the token as one term, whatever characters it holds."""
    return '"' + token.replace('"', '""') + '"'


def _any(tokens: tuple[str, ...]) -> str:
    return "(" + " OR ".join(quoted(token) for token in tokens) + ")"


def group(term: QueryTerm) -> str:
    """What matches one term: stems, exact headline forms or loose keys (stop words: their
    exact headline forms alone)."""
    if term.stop:
        return "{title_exact}: " + _any(term.exact_forms)
    parts = ["{title body}: " + _any(term.stems), "{title_exact}: " + _any(term.exact_forms)]
    if term.loose:
        parts.append("{loose}: " + _any(term.loose))
    return "(" + " OR ".join(parts) + ")"


def match_expression(terms: list[QueryTerm], *, phrase: bool = True) -> str | None:
    terms = matching_terms(terms)
    groups = [group(term) for term in terms]
    if not groups:
        return None
    expression = " AND ".join(groups)
    if phrase and len(terms) > 1 and not any(term.stop for term in terms):
        words = " ".join(term.stems[0] for term in terms)
        expression = f"({expression}) OR {{title body}}: {quoted(words)}"
    return expression


def _where(match: str, filters: Filters) -> tuple[str, list[Any]]:
    clauses, params = filters.sql("search_fts.rowid", f"search_fts.rowid & {ID_MASK}")
    return " AND ".join(["search_fts MATCH %s", *clauses]), [match, *params]


def _cutoff(match: str, filters: Filters) -> int | None:
    """The sort_key of the CANDIDATES-th newest row that `match` matches (None if fewer do):
    read in rowid order, which FTS5 stops at, with no score computed."""
    where, params = _where(match, filters)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT search_fts.rowid FROM search_fts WHERE {where} "
            "ORDER BY search_fts.rowid DESC LIMIT 1 OFFSET %s",
            [*params, CANDIDATES - 1],
        )
        row = cursor.fetchone()
    return None if row is None else int(row[0])


class FtsSearch(Search):
    def __init__(self, ranked_match: str, counted_match: str, terms: int) -> None:
        self.ranked_match = ranked_match
        self.counted_match = counted_match
        self.terms = terms

    def ranked(self, filters: Filters, order: Order, limit: int) -> list[Row]:
        if order == "newest":
            return self._select(filters, "search_fts.rowid DESC", limit)
        # BM25 is computed for every row it ranks: only the newest CANDIDATES matches are
        # ranked (a broad word matches half the archive), the older ones follow, newest first.
        cutoff = _cutoff(self.counted_match, filters)
        if cutoff is None:
            return self._select(filters, "rank_, search_fts.rowid DESC", limit)
        newer = replace(filters, low_key=cutoff)
        hits = self._select(newer, "rank_, search_fts.rowid DESC", limit)
        if limit > CANDIDATES and len(hits) == CANDIDATES:
            older = replace(filters, high_key=cutoff)
            hits += self._select(older, "search_fts.rowid DESC", limit - CANDIDATES)
        return hits

    def _select(self, filters: Filters, ordering: str, limit: int) -> list[Row]:
        where, params = _where(self.ranked_match, filters)
        # The score is named so that ORDER BY reuses it: bm25() is the cost of a broad query.
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT search_fts.rowid & {ID_MASK}, {BM25} AS rank_ FROM search_fts "
                f"WHERE {where} ORDER BY {ordering} LIMIT %s",
                [*params, limit],
            )
            return [(article_id, -rank, self.terms) for article_id, rank in cursor.fetchall()]

    def count(self, filters: Filters) -> int:
        where, params = _where(self.counted_match, filters)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM search_fts WHERE {where}", params)
            total: int = cursor.fetchone()[0]
            return total


class FallbackSearch(Search):
    """Rows matching at least `minimum` of the groups, by how many they match, then by the
    sum of each group's BM25 (BM25 adds up over terms, so this is the BM25 of their OR).

    One FTS5 query per group, each scored by FTS5 itself, summed per row here: FTS5 has no
    "how many of these matched" of its own, and a MATCH of the groups' OR would give the score
    but not the count.

    As in `FtsSearch`, BM25 is computed for a bounded number of rows. A rare group (fewer than
    CANDIDATES matches) gives all its rows. A common one gives its newest CANDIDATES and, of
    its older rows, those that a rare group also matches (FTS5 intersects the two, and their
    score less the rare groups' is the common group's), so a row holding a rare word counts
    every group it matches. Rows of common words alone are the newest ones, and the total
    counts the rows so ranked."""

    def __init__(self, groups: list[str], minimum: int) -> None:
        self.groups = groups
        self.minimum = minimum
        self._counted: tuple[Filters, list[Row]] | None = None

    def _rows(self, filters: Filters) -> list[Row]:
        """Every candidate row that matches at least `minimum` groups, unsorted."""
        cutoffs = [_cutoff(match, filters) for match in self.groups]
        rare = [g for g, cutoff in zip(self.groups, cutoffs, strict=True) if cutoff is None]
        scores: dict[int, float] = defaultdict(float)
        matched: dict[int, int] = defaultdict(int)
        rare_scores: dict[int, float] = defaultdict(float)
        for match in rare:
            for key, rank in _scored(match, filters):
                rare_scores[key] += rank
        for match, cutoff in zip(self.groups, cutoffs, strict=True):
            if cutoff is None:
                hits = _scored(match, filters)
            else:
                hits = _scored(match, replace(filters, low_key=cutoff))
                if rare:
                    either = " OR ".join(f"({g})" for g in rare)
                    older = _scored(f"({match}) AND ({either})", replace(filters, high_key=cutoff))
                    hits += [(key, rank - rare_scores[key]) for key, rank in older]
            for key, rank in hits:
                scores[key] += rank
                matched[key] += 1
        return [
            (key, -score, matched[key])
            for key, score in scores.items()
            if matched[key] >= self.minimum
        ]

    def ranked(self, filters: Filters, order: Order, limit: int) -> list[Row]:
        if self._counted is None or self._counted[0] != filters:
            self._counted = (filters, self._rows(filters))
        rows = self._counted[1]
        if order == "newest":
            best = heapq.nlargest(limit, rows, key=lambda row: (row[2], row[0]))
        else:
            best = heapq.nlargest(limit, rows, key=lambda row: (row[2], row[1], row[0]))
        return [(key & ID_MASK, score, matched) for key, score, matched in best]

    def count(self, filters: Filters) -> int:
        if self._counted is None or self._counted[0] != filters:
            self._counted = (filters, self._rows(filters))
        return len(self._counted[1])


def _scored(match: str, filters: Filters) -> list[tuple[int, float]]:
    """(sort_key, BM25) of every row that `match` matches: BM25 is negative, lower better."""
    where, params = _where(match, filters)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT search_fts.rowid, {BM25} FROM search_fts WHERE {where}", params)
        return [(key, rank) for key, rank in cursor.fetchall()]


class Backend(SearchBackend):
    vendor = "sqlite"

    def search(self, terms: list[QueryTerm], *, fallback: bool = False) -> Search | None:
        terms = matching_terms(terms)
        if fallback:
            groups = [group(term) for term in terms]
            return FallbackSearch(groups, minimum_should_match(len(groups))) if groups else None
        ranked = match_expression(terms)
        counted = match_expression(terms, phrase=False)
        if ranked is None or counted is None:
            return None
        return FtsSearch(ranked, counted, len(terms))

    def optimise(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('optimize')")
