"""SQLite FTS5 over `search_fts` (migration 0005), ranked by BM25.

Every term becomes a group of quoted FTS5 strings: its stems in the `title` and `body`
columns, or its exact forms in `title_exact`. All groups must match. An extra branch, a phrase
of the terms' stems, can only match rows that the groups already match, so it changes no
result, only the rank: a headline or sentence that has the words in the reader's order
comes first (and counting leaves it out). Column weights boost the headline.

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
from jarida.search.backends import Filters, Order, Search, SearchBackend, matching_terms
from jarida.search.models import ID_MASK

# BM25 column weights: title stems, body stems, exact headline forms.
WEIGHTS = (10.0, 1.0, 5.0)
# bm25() is negative, lower is better.
BM25 = "bm25(search_fts, " + ", ".join(str(weight) for weight in WEIGHTS) + ")"


def quoted(token: str) -> str:
    """An FTS5 string: the token as one term, whatever characters it holds."""
    return '"' + token.replace('"', '""') + '"'


def _any(tokens: tuple[str, ...]) -> str:
    return "(" + " OR ".join(quoted(token) for token in tokens) + ")"


def match_expression(terms: list[QueryTerm], *, phrase: bool = True) -> str | None:
    terms = matching_terms(terms)
    groups = []
    for term in terms:
        if term.stop:
            groups.append("{title_exact}: " + _any(term.exact_forms))
        else:
            groups.append(
                "({title body}: " + _any(term.stems) + " OR {title_exact}: "
                f"{_any(term.exact_forms)})"
            )
    if not groups:
        return None
    expression = " AND ".join(groups)
    if phrase and len(terms) > 1 and not any(term.stop for term in terms):
        words = " ".join(term.stems[0] for term in terms)
        expression = f"({expression}) OR {{title body}}: {quoted(words)}"
    return expression


class FtsSearch(Search):
    def __init__(self, ranked_match: str, counted_match: str) -> None:
        self.ranked_match = ranked_match
        self.counted_match = counted_match

    @staticmethod
    def _where(match: str, filters: Filters) -> tuple[str, list[Any]]:
        clauses, params = filters.sql("search_fts.rowid", f"search_fts.rowid & {ID_MASK}")
        return " AND ".join(["search_fts MATCH %s", *clauses]), [match, *params]

    def ranked(self, filters: Filters, order: Order, limit: int) -> list[tuple[int, float]]:
        where, params = self._where(self.ranked_match, filters)
        # The score is named so that ORDER BY reuses it: bm25() is the cost of a broad query.
        ordering = "search_fts.rowid DESC" if order == "newest" else "rank_, search_fts.rowid DESC"
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT search_fts.rowid & {ID_MASK}, {BM25} AS rank_ FROM search_fts "
                f"WHERE {where} ORDER BY {ordering} LIMIT %s",
                [*params, limit],
            )
            return [(article_id, -rank) for article_id, rank in cursor.fetchall()]

    def count(self, filters: Filters) -> int:
        where, params = self._where(self.counted_match, filters)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM search_fts WHERE {where}", params)
            total: int = cursor.fetchone()[0]
            return total


class Backend(SearchBackend):
    vendor = "sqlite"

    def search(self, terms: list[QueryTerm]) -> Search | None:
        ranked = match_expression(terms)
        counted = match_expression(terms, phrase=False)
        if ranked is None or counted is None:
            return None
        return FtsSearch(ranked, counted)

    def optimise(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('optimize')")
