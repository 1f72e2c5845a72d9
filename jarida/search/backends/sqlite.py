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

from typing import Any

from django.db import connection

from jarida.arabic.analysis import QueryTerm
from jarida.search.backends import (
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


class FtsSearch(Search):
    def __init__(self, ranked_match: str, counted_match: str, terms: int) -> None:
        self.ranked_match = ranked_match
        self.counted_match = counted_match
        self.terms = terms

    def ranked(self, filters: Filters, order: Order, limit: int) -> list[Row]:
        where, params = _where(self.ranked_match, filters)
        # The score is named so that ORDER BY reuses it: bm25() is the cost of a broad query.
        ordering = "search_fts.rowid DESC" if order == "newest" else "rank_, search_fts.rowid DESC"
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

    One FTS5 query per group, each ranked by FTS5 itself, unioned and summed per row: FTS5
    has no "how many of these matched" of its own, and a MATCH of the groups' OR would give
    the score but not the count."""

    def __init__(self, groups: list[str], minimum: int) -> None:
        self.groups = groups
        self.minimum = minimum
        self._counted: tuple[Filters, int] | None = None

    def ranked(self, filters: Filters, order: Order, limit: int) -> list[Row]:
        selects, params = [], []
        for match in self.groups:
            where, where_params = _where(match, filters)
            selects.append(
                f"SELECT search_fts.rowid AS key, {BM25} AS rank_ FROM search_fts WHERE {where}"
            )
            params += where_params
        ordering = (
            "matched DESC, key DESC" if order == "newest" else "matched DESC, score, key DESC"
        )
        with connection.cursor() as cursor:
            cursor.execute(
                f"WITH hits AS ({' UNION ALL '.join(selects)}) "
                f"SELECT key & {ID_MASK}, sum(rank_) AS score, count(*) AS matched, "
                "count(*) OVER () FROM hits GROUP BY key HAVING count(*) >= %s "
                f"ORDER BY {ordering} LIMIT %s",
                [*params, self.minimum, limit],
            )
            rows = cursor.fetchall()
        self._counted = (filters, rows[0][3] if rows else 0)
        return [(article_id, -score, matched) for article_id, score, matched, _ in rows]

    def count(self, filters: Filters) -> int:
        if self._counted is None or self._counted[0] != filters:
            self.ranked(filters, "newest", 1)
        assert self._counted is not None
        return self._counted[1]


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
