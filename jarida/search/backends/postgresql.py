"""PostgreSQL full-text search over the generated `vector` column (migration 0002).

The query is the same shape as on SQLite: each term is an OR of its stems (weights A and D:
headline and body) and its exact forms (weight B: exact headline), all terms ANDed; a phrase
of the stems (`<->`) is ORed in, which adds rank but no rows. Lexemes are quoted tsquery
strings passed as a parameter to `to_tsquery('simple', ...)`, so reader input is never
parsed as tsquery syntax. Ranked by `ts_rank_cd` with the headline weighted up.
"""

from __future__ import annotations

from jarida.arabic.analysis import QueryTerm
from jarida.search.backends import RankedQuery, SearchBackend, matching_terms

# ts_rank_cd weights for {D, C, B, A}: body stems, (unused), exact headline, headline stems.
WEIGHTS = "{0.1, 0.0, 0.5, 1.0}"


def lexeme(token: str, weights: str) -> str:
    """A quoted tsquery lexeme restricted to some weights."""
    return "'" + token.replace("\\", "\\\\").replace("'", "''") + "':" + weights


def tsquery(terms: list[QueryTerm]) -> str | None:
    terms = matching_terms(terms)
    groups = []
    for term in terms:
        if term.stop:
            alternatives = [lexeme(form, "B") for form in term.exact_forms]
        else:
            alternatives = [lexeme(s, "AD") for s in term.stems]
            alternatives += [lexeme(form, "B") for form in term.exact_forms]
        groups.append("(" + " | ".join(alternatives) + ")")
    if not groups:
        return None
    query = " & ".join(groups)
    if len(terms) > 1 and not any(term.stop for term in terms):
        phrase = " <-> ".join(lexeme(term.stems[0], "AD") for term in terms)
        query = f"({query}) | ({phrase})"
    return query


class Backend(SearchBackend):
    vendor = "postgresql"

    def ranked_query(self, terms: list[QueryTerm]) -> RankedQuery | None:
        query = tsquery(terms)
        if query is None:
            return None
        return RankedQuery(
            from_sql="search_document, to_tsquery('simple', %s) AS query",
            from_params=[query],
            where_sql="search_document.article_id = articles.doc_id AND vector @@ query",
            where_params=[],
            score_sql=f"ts_rank_cd('{WEIGHTS}', vector, query)",
        )
