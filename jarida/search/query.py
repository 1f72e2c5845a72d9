"""The query layer: what the search page and the JSON API both call.

`search_articles` analyses the reader's text (`jarida.arabic.analysis`), asks the database's
backend for a ranked match, and joins it, in the same SQL statement, to
`ArticlePage.objects.published()` with the section and date filters applied: the index says
which articles match and how well, `published()` alone says which may be shown, so a stale
index row can never leak an unpublished article.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass
from typing import Literal

from django.conf import settings
from django.db import connection
from django.db.models import F
from wagtail.models import Page

from jarida.arabic.analysis import QueryTerm, analyse_query
from jarida.news.models import ArticlePage, SectionPage
from jarida.search.backends import backend, matching_terms
from jarida.search.documents import body_text
from jarida.search.snippets import query_terms, snippet

# A page of results is at most this long, whatever the caller asks.
MAX_LIMIT = 100

Order = Literal["relevance", "newest"]


@dataclass(frozen=True)
class SearchHit:
    article: ArticlePage
    # Safe HTML: escaped text with <mark> around the words that matched.
    snippet: str
    score: float


@dataclass(frozen=True)
class SearchPage:
    total: int
    hits: list[SearchHit]


EMPTY = SearchPage(total=0, hits=[])


def _local_midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(
        day, dt.time(), tzinfo=zoneinfo.ZoneInfo(settings.NEWSROOM_TIME_ZONE)
    )


def _articles(
    section: SectionPage | None, date_from: dt.date | None, date_to: dt.date | None
) -> tuple[str, tuple[object, ...]]:
    """The filtered published articles as SQL, columns `doc_id` and `published`."""
    articles = ArticlePage.objects.published()
    if section is not None:
        articles = articles.in_section(section)
    if date_from is not None:
        articles = articles.filter(first_published_at__gte=_local_midnight(date_from))
    if date_to is not None and date_to < dt.date.max:
        articles = articles.filter(
            first_published_at__lt=_local_midnight(date_to + dt.timedelta(days=1))
        )
    columns = articles.order_by().values(doc_id=F("pk"), published=F("first_published_at"))
    sql, params = columns.query.sql_with_params()
    return str(sql), tuple(params)


def search_articles(
    query: str,
    *,
    section: SectionPage | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    order: Order = "relevance",
    offset: int = 0,
    limit: int = 20,
) -> SearchPage:
    """Published articles matching `query`, best first (or newest first), one page of them.

    Any text is a valid query: words are analysed, everything else separates them. Dates are
    the newsroom's local dates, both ends included.
    """
    terms = analyse_query(query)
    ranked = backend().ranked_query(terms)
    offset, limit = max(0, offset), max(0, min(limit, MAX_LIMIT))
    if ranked is None or (date_from and date_to and date_from > date_to):
        return EMPTY
    articles_sql, articles_params = _articles(section, date_from, date_to)
    ordering = "score DESC" if order == "relevance" else "published DESC, score DESC"
    matches = (
        f"SELECT articles.doc_id, articles.published, {ranked.score_sql} AS score "
        f"FROM {ranked.from_sql}, ({articles_sql}) AS articles WHERE {ranked.where_sql}"
    )
    params = [*ranked.from_params, *articles_params, *ranked.where_params]
    with connection.cursor() as cursor:
        # One statement for the page and the count; the window function must stay outside
        # the match (FTS5 cannot rank inside it).
        cursor.execute(
            f"SELECT doc_id, score, COUNT(*) OVER () FROM ({matches}) AS matches "
            # Recency breaks ties, then the id, so pages never overlap.
            f"ORDER BY {ordering}, published DESC, doc_id DESC LIMIT %s OFFSET %s",
            [*params, limit, offset],
        )
        rows = cursor.fetchall()
        if rows:
            total = rows[0][2]
        else:
            cursor.execute(f"SELECT COUNT(*) FROM ({matches}) AS matches", params)
            total = cursor.fetchone()[0]
    return SearchPage(total=total, hits=_hits(rows, matching_terms(terms)))


def _hits(rows: list[tuple[int, float, int]], terms: list[QueryTerm]) -> list[SearchHit]:
    """Articles for the rows, in order, with their sections fetched in one query."""
    articles = ArticlePage.objects.published().in_bulk([row[0] for row in rows])
    parent_paths = {a.path[: -Page.steplen] for a in articles.values()}
    sections = {s.path: s for s in Page.objects.filter(path__in=parent_paths).specific()}
    wanted = query_terms(terms)
    hits = []
    for article_id, score, _ in rows:
        article = articles.get(article_id)
        if article is None:  # unpublished between the two statements
            continue
        # treebeard's own parent cache: `article.section` and breadcrumbs need no query.
        article._cached_parent_obj = sections.get(article.path[: -Page.steplen])
        text = "\n".join(
            part for part in (article.summary, body_text(article.body.raw_data)) if part
        )
        hits.append(SearchHit(article=article, snippet=snippet(text, wanted), score=float(score)))
    return hits
