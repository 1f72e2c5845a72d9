"""One module per database vendor; each turns analysed query terms into its own full-text query.

A backend never sees the reader's text: only `QueryTerm`s from `jarida.arabic.analysis`, whose
stems and exact forms are runs of letters and digits. Each backend still quotes every term as
its syntax requires, so a term can never be read as an operator.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module
from typing import Any

from django.db import connection

from jarida.arabic.analysis import QueryTerm


@dataclass(frozen=True)
class RankedQuery:
    """SQL pieces for one search, joined by `jarida.search.query` to the filtered articles
    (a subquery named `articles`, with columns `doc_id` and `published`): the index tables,
    the condition that matches, and the expression that scores (higher is better)."""

    from_sql: str
    from_params: list[Any]
    where_sql: str
    where_params: list[Any]
    score_sql: str


class SearchBackend:
    vendor = ""

    def ranked_query(self, terms: list[QueryTerm]) -> RankedQuery | None:
        """None when the terms leave nothing to search for."""
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
