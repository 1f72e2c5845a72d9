"""PostgreSQL full-text search over the generated `vector` column and its GIN index
(migrations 0002 and 0005).

The vector holds the headline's stems (weight A), the headline's exact forms (B) and the
body's stems (D). Exact forms are stored with EXACT_PREFIX in front, a letter that
normalisation folds away (ى is always ي after `normalise`), so no stem can ever equal one:
stems and exact forms are two vocabularies, as they are two columns in SQLite's FTS5 table.
Queries therefore need no weight restrictions (`:AD`, `:B`), and that matters: the GIN index
stores no weights and no positions, so a tsquery with either (or a `<->` phrase) makes
PostgreSQL re-read every matching row's vector from TOAST to check it, half a second for a
broad word at 100,000 articles.

Matching is the same rule as on SQLite: each term is an OR of its stems and its exact forms
(stop words: of their exact forms alone), all terms ANDed, in plain lexemes that the index
answers alone. A term's loose keys are in `loose_vector` (migration 0006), with a GIN index of
its own, so such a term is `(vector @@ ... OR loose_vector @@ ...)`; the ranking reads `vector`
alone, so a term matched by its loose keys only adds nothing to the score (the lowest weight
there is), and the loose keys make no ranked vector longer. The phrase of the terms' stems
(`<->`) can only match rows that already match, and positions are what the index cannot check,
so it is only in the ranking tsquery, ORed in as on SQLite. Lexemes are quoted tsquery strings
passed as parameters to `to_tsquery('simple', ...)`, so reader input is never parsed as tsquery
syntax.

`ts_rank_cd` reads the whole vector, so it runs on at most CANDIDATES rows: the newest
matches. Ranked order is those candidates by `ts_rank_cd` with the headline weighted up, then
any older matches newest first; a query with fewer matches is ranked in full. PostgreSQL's
planner does not count the cost of reading TOASTed vectors, and takes a sequential scan over
a bitmap scan of the GIN index for broad words (ten times slower), so search statements run
with sequential scans off.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import connection
from django.db.backends.utils import CursorWrapper

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

# In front of every exact form in the vector (migration 0005 writes the same letter).
EXACT_PREFIX = "ى"
# ts_rank_cd weights for {D, C, B, A}: body stems, (unused), exact headline, headline stems.
WEIGHTS = "{0.1, 0.0, 0.5, 1.0}"
RANK = f"ts_rank_cd('{WEIGHTS}', search_document.vector, to_tsquery('simple', %s))"
# Rows ranked by ts_rank_cd at most: about 15 ms of reading vectors.
CANDIDATES = 1000


def lexeme(token: str) -> str:
    """A quoted tsquery lexeme."""
    return "'" + token.replace("\\", "\\\\").replace("'", "''") + "'"


def _groups(terms: list[QueryTerm]) -> list[str]:
    """One group per term that must match: its stems or its exact headline forms (stop
    words: the exact forms alone)."""
    groups = []
    for term in terms:
        alternatives = [] if term.stop else [lexeme(stem) for stem in term.stems]
        alternatives += [lexeme(EXACT_PREFIX + form) for form in term.exact_forms]
        groups.append("(" + " | ".join(alternatives) + ")")
    return groups


VECTOR = "vector @@ to_tsquery('simple', %s)"
LOOSE = "loose_vector @@ to_tsquery('simple', %s)"


def _loose(term: QueryTerm) -> str | None:
    return None if term.stop or not term.loose else " | ".join(map(lexeme, term.loose))


def term_condition(term: QueryTerm) -> tuple[str, list[str]]:
    """SQL that one term matches, and its parameters."""
    [group] = _groups([term])
    loose = _loose(term)
    if loose is None:
        return VECTOR, [group]
    return f"({VECTOR} OR {LOOSE})", [group, loose]


def match_condition(terms: list[QueryTerm]) -> tuple[str, list[str]] | None:
    """SQL that every term matches: the terms with no loose keys in one tsquery, the others
    one condition each. Plain lexemes only, so the GIN indexes alone answer."""
    terms = matching_terms(terms)
    if not terms:
        return None
    plain = [term for term in terms if _loose(term) is None]
    clauses, params = [], []
    if plain:
        clauses.append(VECTOR)
        params.append(" & ".join(_groups(plain)))
    for term in terms:
        if _loose(term) is not None:
            clause, term_params = term_condition(term)
            clauses.append(clause)
            params += term_params
    return " AND ".join(clauses), params


def match_tsquery(terms: list[QueryTerm]) -> str | None:
    """The stems and exact forms of every term, ANDed (what `vector` alone can match)."""
    return " & ".join(_groups(matching_terms(terms))) or None


def rank_tsquery(terms: list[QueryTerm]) -> str | None:
    """What ranks the matches: the same groups, and the phrase of the stems ORed in."""
    terms = matching_terms(terms)
    query = " & ".join(_groups(terms))
    if not query:
        return None
    if len(terms) > 1 and not any(term.stop for term in terms):
        phrase = " <-> ".join(lexeme(term.stems[0]) for term in terms)
        query = f"({query}) | ({phrase})"
    return query


@contextmanager
def _index_scans() -> Iterator[CursorWrapper]:
    """A cursor whose statements use the GIN index (see the module docstring)."""
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        try:
            yield cursor
        except Exception:
            # In a transaction, the failed statement's rollback undoes the SET with it (and
            # no statement may run before that rollback).
            if not connection.in_atomic_block:
                cursor.execute("RESET enable_seqscan")
            raise
        cursor.execute("RESET enable_seqscan")


class TsSearch(Search):
    def __init__(self, match: tuple[str, list[str]], rank: str, terms: int) -> None:
        self.match, self.match_params = match
        self.rank = rank
        self.terms = terms
        # The count that came with the last ranked candidates, for `count` to reuse.
        self._counted: tuple[Filters, int] | None = None

    def _where(self, filters: Filters) -> tuple[str, list[Any]]:
        clauses, params = filters.sql("sort_key", "article_id")
        return " AND ".join([self.match, *clauses]), [*self.match_params, *params]

    def ranked(self, filters: Filters, order: Order, limit: int) -> list[Row]:
        where, params = self._where(filters)
        n = self.terms
        with _index_scans() as cursor:
            if order == "newest":
                cursor.execute(
                    f"SELECT article_id, {RANK} FROM search_document WHERE {where} "
                    "ORDER BY sort_key DESC LIMIT %s",
                    [self.rank, *params, limit],
                )
                return [(article_id, float(score), n) for article_id, score in cursor.fetchall()]
            # The newest candidates, and how many match in all, from one pass over the index.
            cursor.execute(
                "SELECT search_document.article_id, "
                f"{RANK} AS score, candidates.total FROM ("
                "SELECT article_id, sort_key, count(*) OVER () AS total FROM search_document "
                f"WHERE {where} ORDER BY sort_key DESC LIMIT %s"
                ") AS candidates JOIN search_document USING (article_id) "
                "ORDER BY score DESC, search_document.sort_key DESC LIMIT %s",
                [self.rank, *params, CANDIDATES, limit],
            )
            rows = cursor.fetchall()
            if rows:
                self._counted = (filters, rows[0][2])
            hits = [(article_id, float(score), n) for article_id, score, _ in rows]
            if limit > CANDIDATES and len(hits) == CANDIDATES:
                # Beyond the ranked candidates: the older matches, newest first.
                cursor.execute(
                    f"SELECT article_id, {RANK} FROM search_document WHERE {where} "
                    "ORDER BY sort_key DESC LIMIT %s OFFSET %s",
                    [self.rank, *params, limit - CANDIDATES, CANDIDATES],
                )
                hits += [(article_id, float(score), n) for article_id, score in cursor.fetchall()]
            return hits

    def count(self, filters: Filters) -> int:
        if self._counted is not None and self._counted[0] == filters:
            return self._counted[1]
        where, params = self._where(filters)
        with _index_scans() as cursor:
            cursor.execute(f"SELECT count(*) FROM search_document WHERE {where}", params)
            total: int = cursor.fetchone()[0]
            return total


class FallbackSearch(Search):
    """Rows matching at least `minimum` of the terms, by how many they match, then by
    `ts_rank_cd` over the terms' OR.

    Each term's rows come from the GIN indexes alone (ids and sort keys, no vector read),
    counted per row; as in `TsSearch`, only the CANDIDATES best-covered, newest rows have
    their vectors read to be ranked."""

    def __init__(self, terms: list[QueryTerm], minimum: int) -> None:
        self.conditions = [term_condition(term) for term in terms]
        self.rank = " | ".join(_groups(terms))
        self.minimum = minimum
        self._counted: tuple[Filters, int] | None = None

    def ranked(self, filters: Filters, order: Order, limit: int) -> list[Row]:
        clauses, filter_params = filters.sql("sort_key", "article_id")
        selects, params = [], []
        for condition, condition_params in self.conditions:
            where = " AND ".join([condition, *clauses])
            selects.append(f"SELECT article_id, sort_key FROM search_document WHERE {where}")
            params += [*condition_params, *filter_params]
        ordering = "matched DESC, " + (
            "recency DESC" if order == "newest" else "score DESC, recency DESC"
        )
        with _index_scans() as cursor:
            cursor.execute(
                f"WITH hits AS ({' UNION ALL '.join(selects)}), covered AS ("
                "SELECT article_id, max(sort_key) AS sort_key, count(*) AS matched, "
                "count(*) OVER () AS total FROM hits GROUP BY article_id HAVING count(*) >= %s "
                "ORDER BY matched DESC, sort_key DESC LIMIT %s) "
                f"SELECT article_id, {RANK} AS score, matched, total, covered.sort_key AS recency "
                "FROM covered JOIN search_document USING (article_id) "
                f"ORDER BY {ordering} LIMIT %s",
                [*params, self.minimum, max(CANDIDATES, limit), self.rank, limit],
            )
            rows = cursor.fetchall()
        self._counted = (filters, rows[0][3] if rows else 0)
        return [(article_id, float(score), matched) for article_id, score, matched, *_ in rows]

    def count(self, filters: Filters) -> int:
        if self._counted is None or self._counted[0] != filters:
            self.ranked(filters, "newest", 1)
        assert self._counted is not None
        return self._counted[1]


class Backend(SearchBackend):
    vendor = "postgresql"

    def search(self, terms: list[QueryTerm], *, fallback: bool = False) -> Search | None:
        terms = matching_terms(terms)
        if fallback:
            return FallbackSearch(terms, minimum_should_match(len(terms))) if terms else None
        match, rank = match_condition(terms), rank_tsquery(terms)
        if match is None or rank is None:
            return None
        return TsSearch(match, rank, len(terms))
