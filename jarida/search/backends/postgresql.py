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
answers alone. The loose keys are a third vocabulary in the vector (weight C, each key written
with LOOSE_PREFIX, migration 0006), weighted below the body's stems. The phrase of the terms'
stems (`<->`) can only match rows that already match, and positions are what the index cannot
check, so it is only in the ranking tsquery, ORed in as on SQLite. Lexemes are quoted tsquery
strings passed as parameters to `to_tsquery('simple', ...)`, so reader input is never parsed as
tsquery syntax.

`ts_rank_cd` reads the whole vector from TOAST, so ranking is in two stages. The candidates
are at most CANDIDATES rows, the newest matches; a first stage that reads no vector (the
headline's cover density, then the article's length: `FIRST`) puts them in order, and only the
first DEPTH of those are ranked by `ts_rank_cd` with the headline weighted up. The other
candidates follow in the first stage's order, then any older matches newest first. The count
is its own statement, run only when a page does not hold every match. PostgreSQL's
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
    CANDIDATES,
    Filters,
    Order,
    Row,
    Search,
    SearchBackend,
    matching_terms,
    minimum_should_match,
)

# In front of every exact form in the vector (migration 0005 writes the same letter), and of
# every loose key (migration 0006).
EXACT_PREFIX = "ى"
LOOSE_PREFIX = "ة"
# ts_rank_cd weights for {D, C, B, A}: body stems, loose keys, exact headline, headline stems.
WEIGHTS = "{0.1, 0.05, 0.5, 1.0}"
# ts_rank_cd's normalisation 2: the rank divided by the article's length. Without it a long
# article has more covers of any words and outranks the short one that is about them (BM25
# normalises for length too): half-remembered MRR@10 0.437 -> 0.517, 3,000 articles.
NORMALISATION = 2


def rank(vector: str) -> str:
    """`ts_rank_cd` of the vector `vector` (an SQL expression) for a ranking tsquery (%s)."""
    return f"ts_rank_cd('{WEIGHTS}', {vector}, to_tsquery('simple', %s), {NORMALISATION})"


RANK = rank("search_document.vector")
# Candidates ranked by `ts_rank_cd`: the first stage's best. Ranking reads each candidate's
# whole vector from TOAST, the cost of a broad word at 100,000 articles.
DEPTH = 100
# The first stage: the cover density of every term in the headline, its stems or its exact
# forms (the title and title_exact columns: `headline_tsquery`), and for rows equal there, the
# shorter article first (the stored size of its vector, read from the row's TOAST pointer
# without fetching the vector), as `ts_rank_cd`'s normalisation by length puts it. The two
# headline columns are small, but the table's `toast_tuple_target` (256) keeps them out of
# line too: over 1,000 candidates this stage is ~20-40 ms under load, the next thing to cut.
# At 100,000 articles it keeps headline MRR@10 within 2 queries in 400 of ranking all the
# candidates (bench/search_quality.py's queries: 0.866 against 0.871).
FIRST = (
    "(1 + 10 * ts_rank_cd(to_tsvector('simple', title || ' ' || title_exact), "
    "to_tsquery('simple', %s))) / pg_column_size(vector)"
)
MATCH = "vector @@ to_tsquery('simple', %s)"


def lexeme(token: str) -> str:
    """A quoted tsquery lexeme."""
    return "'" + token.replace("\\", "\\\\").replace("'", "''") + "'"


def _groups(terms: list[QueryTerm]) -> list[str]:
    """One group per term that must match: its stems, its exact headline forms or its loose
    keys (stop words: the exact forms alone)."""
    groups = []
    for term in terms:
        alternatives = [] if term.stop else [lexeme(stem) for stem in term.stems]
        alternatives += [lexeme(EXACT_PREFIX + form) for form in term.exact_forms]
        if not term.stop:
            alternatives += [lexeme(LOOSE_PREFIX + key) for key in term.loose]
        groups.append("(" + " | ".join(alternatives) + ")")
    return groups


def headline_tsquery(terms: list[QueryTerm]) -> str:
    """What the first stage looks for in a candidate's headline: every term, by any of its
    stems and exact forms as the row's title and title_exact hold them (no prefix)."""
    return " & ".join(
        "("
        + " | ".join(lexeme(token) for token in dict.fromkeys(term.stems + term.exact_forms))
        + ")"
        for term in matching_terms(terms)
    )


def match_tsquery(terms: list[QueryTerm]) -> str | None:
    """The rows that match: plain lexemes only, so the GIN index alone answers."""
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
    def __init__(self, match: str, rank: str, headline: str, terms: int) -> None:
        self.match = match
        self.rank = rank
        self.headline = headline
        self.terms = terms

    def _where(self, filters: Filters) -> tuple[str, list[Any]]:
        clauses, params = filters.sql("sort_key", "article_id")
        return " AND ".join([MATCH, *clauses]), [self.match, *params]

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
            # The newest CANDIDATES matches, put in order by the first stage; the first DEPTH
            # of them ranked by `ts_rank_cd`, the others after them in the first stage's order.
            cursor.execute(
                "WITH candidates AS ("
                "SELECT article_id, sort_key, title, title_exact, vector FROM search_document "
                f"WHERE {where} ORDER BY sort_key DESC LIMIT %s"
                "), first AS ("
                f"SELECT article_id, sort_key, vector, row_number() OVER (ORDER BY {FIRST} DESC, "
                "sort_key DESC) AS place FROM candidates) "
                f"SELECT article_id, CASE WHEN place <= %s THEN {rank('first.vector')} END "
                "AS score FROM first ORDER BY place > %s, score DESC, "
                "CASE WHEN place <= %s THEN sort_key ELSE -place END DESC LIMIT %s",
                [*params, CANDIDATES, self.headline, DEPTH, self.rank, DEPTH, DEPTH, limit],
            )
            hits = [(article_id, float(score or 0), n) for article_id, score in cursor.fetchall()]
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
        where, params = self._where(filters)
        with _index_scans() as cursor:
            cursor.execute(f"SELECT count(*) FROM search_document WHERE {where}", params)
            total: int = cursor.fetchone()[0]
            return total


class FallbackSearch(Search):
    """Rows matching at least `minimum` of the terms, by how many they match, then by the
    weight of the terms they match, then by `ts_rank_cd` over the terms' OR.

    A term's weight is its inverse document frequency, BM25's (how many rows match it, out of
    all rows), so an article matching the two rarest words of a query beats one matching the
    most common one, as on SQLite, where FTS5's BM25 weighs terms so; `ts_rank_cd` knows no
    document frequency. Each term's rows come from the GIN indexes alone (ids and sort keys,
    no vector read) and are counted per term and per row; of the CANDIDATES best-covered
    rows, as in `TsSearch`, only the first DEPTH (by coverage, weight, then the first stage)
    have their vectors read to be ranked."""

    def __init__(self, terms: list[QueryTerm], minimum: int) -> None:
        self.groups = _groups(terms)
        self.rank = " | ".join(self.groups)
        self.headline = headline_tsquery(terms)
        self.minimum = minimum
        self._counted: tuple[Filters, int] | None = None

    def ranked(self, filters: Filters, order: Order, limit: int) -> list[Row]:
        clauses, filter_params = filters.sql("sort_key", "article_id")
        selects, params = [], []
        for number, group in enumerate(self.groups):
            where = " AND ".join([MATCH, *clauses])
            selects.append(
                f"SELECT {number} AS term, article_id, sort_key FROM search_document WHERE {where}"
            )
            params += [group, *filter_params]
        newest = order == "newest"
        # The candidates: the best covered, then the newest or the weightiest; placed in
        # order by the first stage, the first `scored` of them scored by `ts_rank_cd`.
        cut = "matched DESC, " + ("sort_key DESC" if newest else "weight DESC, sort_key DESC")
        placing = "matched DESC, " + ("" if newest else f"weight DESC, {FIRST} DESC, ")
        placing += "covered.sort_key DESC"
        ordering = (
            "matched DESC, sort_key DESC"
            if newest
            else "place > %s, matched DESC, weight + coalesce(score, 0) DESC, "
            "CASE WHEN place <= %s THEN sort_key ELSE -place END DESC"
        )
        scored = limit if newest else DEPTH
        with _index_scans() as cursor:
            cursor.execute(
                f"WITH hits AS ({' UNION ALL '.join(selects)}), "
                "frequency AS (SELECT term, count(*) AS rows FROM hits GROUP BY term), "
                # Rows of the index: the planner's estimate (no count over the table), never
                # below the rows a term matches.
                "everything AS (SELECT greatest(max(rows), ("
                "SELECT reltuples FROM pg_class WHERE oid = 'search_document'::regclass"
                ")) AS n FROM frequency), "
                "covered AS (SELECT article_id, max(sort_key) AS sort_key, count(*) AS matched, "
                "sum(ln(1 + (everything.n - frequency.rows + 0.5) / (frequency.rows + 0.5))) "
                "AS weight, count(*) OVER () AS total "
                "FROM hits JOIN frequency USING (term) CROSS JOIN everything "
                "GROUP BY article_id HAVING count(*) >= %s "
                f"ORDER BY {cut} LIMIT %s), "
                "placed AS (SELECT covered.*, vector, "
                f"row_number() OVER (ORDER BY {placing}) AS place "
                "FROM covered JOIN search_document USING (article_id)) "
                "SELECT * FROM ("
                f"SELECT article_id, CASE WHEN place <= %s THEN {rank('vector')} END AS score, "
                "matched, total, sort_key, weight, place FROM placed"
                f") AS ranked ORDER BY {ordering} LIMIT %s",
                [
                    *params,
                    self.minimum,
                    max(CANDIDATES, limit),
                    *([] if newest else [self.headline]),
                    scored,
                    self.rank,
                    *([] if newest else [DEPTH, DEPTH]),
                    limit,
                ],
            )
            rows = cursor.fetchall()
        self._counted = (filters, rows[0][3] if rows else 0)
        return [
            (article_id, float(weight) + float(score or 0), matched)
            for article_id, score, matched, _, _, weight, _ in rows
        ]

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
        match, rank = match_tsquery(terms), rank_tsquery(terms)
        if match is None or rank is None:
            return None
        return TsSearch(match, rank, headline_tsquery(terms), len(terms))
