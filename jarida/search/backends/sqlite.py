"""SQLite FTS5 over `search_fts` (migration 0002), ranked by BM25.

Every term becomes a group of quoted FTS5 strings: its stems in the `title` and `body`
columns, or its exact forms in `title_exact`. All groups must match. An extra branch, a phrase
of the terms' stems, can only match rows that the groups already match, so it changes no
result, only the rank: a headline or sentence that has the words in the reader's order
comes first. Column weights boost the headline.
"""

from __future__ import annotations

from jarida.arabic.analysis import QueryTerm
from jarida.search.backends import RankedQuery, SearchBackend, matching_terms

# BM25 column weights: title stems, body stems, exact headline forms.
WEIGHTS = (10.0, 1.0, 5.0)


def quoted(token: str) -> str:
    """An FTS5 string: the token as one term, whatever characters it holds."""
    return '"' + token.replace('"', '""') + '"'


def _any(tokens: tuple[str, ...]) -> str:
    return "(" + " OR ".join(quoted(token) for token in tokens) + ")"


def match_expression(terms: list[QueryTerm]) -> str | None:
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
    if len(terms) > 1 and not any(term.stop for term in terms):
        phrase = " ".join(term.stems[0] for term in terms)
        expression = f"({expression}) OR {{title body}}: {quoted(phrase)}"
    return expression


class Backend(SearchBackend):
    vendor = "sqlite"

    def ranked_query(self, terms: list[QueryTerm]) -> RankedQuery | None:
        expression = match_expression(terms)
        if expression is None:
            return None
        weights = ", ".join(str(weight) for weight in WEIGHTS)
        return RankedQuery(
            from_sql="search_fts",
            from_params=[],
            where_sql="search_fts.rowid = articles.doc_id AND search_fts MATCH %s",
            where_params=[expression],
            # bm25() is negative, lower is better.
            score_sql=f"-bm25(search_fts, {weights})",
        )

    def optimise(self) -> None:
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('optimize')")
