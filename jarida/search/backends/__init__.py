"""One module per database vendor; each turns analysed query terms into its own full-text query.

A backend never sees the reader's text: only `QueryTerm`s from `jarida.arabic.analysis`, whose
stems and exact forms are runs of letters and digits. Each backend still quotes every term as
its syntax requires, so a term can never be read as an operator.

A backend answers from the index alone: which rows match, in which order, and how many. It
never decides what a reader may see; `jarida.search.query` checks the rows it returns against
`ArticlePage.objects.published()` before anything is shown.

Each term matches by its stems, its exact headline forms or its loose keys (roots of broken
plurals, variant keys), the loose layer weighted lowest. A search is strict (every term must
match) or, when the strict one finds too little, a fallback: `minimum_should_match`, as
Lucene and Elasticsearch users know it. The fallback keeps rows that match at least
`minimum_should_match(n)` of the n terms and ranks them by how many they match, then by
score, so rows matching every term come first, in their strict order.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import import_module
from typing import Any, Literal

from django.db import connection

from jarida.arabic.analysis import QueryTerm

Order = Literal["relevance", "newest"]
# (article id, score, how many of the query's terms the row matches)
Row = tuple[int, float, int]
# Matches that a relevance search ranks at most: its newest ones (ranking reads each row's
# positions or vector, which is the cost of a broad word at 100,000 articles); older matches
# follow, newest first.
CANDIDATES = 1000


def minimum_should_match(terms: int) -> int:
    """How many of `terms` a fallback row must match: half of them, rounded up (1 of 2, 2 of
    3 or 4, 3 of 5). Fewer would fill the page with rows that share one common word."""
    return max(1, -(-terms // 2))


@dataclass(frozen=True)
class Filters:
    """The index's own copy of the reader's filters: a sort_key range for the dates, and SQL
    that selects the ids of a section's articles. Cheap and index-backed, but only a first cut:
    the query layer applies the exact filters to the rows that come back."""

    low_key: int | None = None
    high_key: int | None = None
    section_sql: str | None = None
    section_params: tuple[Any, ...] = field(default=())

    def sql(self, sort_key: str, article_id: str) -> tuple[list[str], list[Any]]:
        """The filters as SQL conditions (and their parameters) on a backend's expressions
        for a row's sort_key and article id."""
        clauses: list[str] = []
        params: list[Any] = []
        if self.low_key is not None:
            clauses.append(f"{sort_key} >= %s")
            params.append(self.low_key)
        if self.high_key is not None:
            clauses.append(f"{sort_key} < %s")
            params.append(self.high_key)
        if self.section_sql is not None:
            clauses.append(f"{article_id} IN ({self.section_sql})")
            params.extend(self.section_params)
        return clauses, params


class Search:
    """One analysed query on one database."""

    def ranked(self, filters: Filters, order: Order, limit: int) -> list[Row]:
        """The first `limit` matching rows, best first (most terms matched, then score
        descending, then newest) or newest first (most terms matched, then newest). Scores
        are higher for better matches."""
        raise NotImplementedError

    def count(self, filters: Filters) -> int:
        """How many rows match."""
        raise NotImplementedError


class SearchBackend:
    vendor = ""

    def search(self, terms: list[QueryTerm], *, fallback: bool = False) -> Search | None:
        """None when the terms leave nothing to search for. `fallback`: rows that match
        `minimum_should_match` of the terms, not all of them."""
        raise NotImplementedError

    def optimise(self) -> None:
        """Tidy the index after a bulk rebuild."""


def matching_terms(terms: list[QueryTerm]) -> list[QueryTerm]:
    """The terms that must match: all but stop words, or the stop words if that is all."""
    content = [term for term in terms if not term.stop]
    return content or terms


def backend() -> SearchBackend:
    module = import_module(f"jarida.search.backends.{connection.vendor}")
    instance: SearchBackend = module.Backend()
    return instance
