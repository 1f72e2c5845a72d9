"""The query layer: what the search page and the JSON API both call.

`search_articles` analyses the reader's text (`jarida.arabic.analysis`) and asks the database's
backend for the best-ranked (or newest) matching rows, a page and a little more, with the
reader's filters applied as cheap index ranges. The index says which articles match and how
well; `published()` alone says which may be shown: the candidates are checked against
`ArticlePage.objects.published()` (with the exact section and date filters) before anything is
returned, and if a stale row had to be dropped, more candidates are fetched. So a stale index
row can never leak an unpublished article, and never shortens a page.

The total is the index's count of matching rows, less the stale rows met on the way; when the
candidates run out it is exact (a fallback counts the rows it ranks). A broad query costs a
ranking pass over at most `CANDIDATES` of its matches (the newest) and one count, with no join
per match: hits are looked up only for the page.

A search forgives in layers (see docs/architecture.md): the light stem, the loose layer
(broken plurals, variant keys), then, when fewer than FALLBACK_BELOW articles match every
word, the fallback (articles matching most of the words, those matching every word first;
the page then says so), and, for words the archive does not know as typed, their known
neighbours and «هل تقصد» (`jarida.search.suggestions`).
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass, replace

from django.conf import settings
from wagtail.models import Page

from jarida.arabic.analysis import QueryTerm, analyse_query
from jarida.news.models import ArticlePage, ArticlePageQuerySet, SectionPage
from jarida.search.backends import Filters, Order, Row, Search, backend, matching_terms
from jarida.search.documents import body_text
from jarida.search.models import key_range
from jarida.search.snippets import query_terms, snippet
from jarida.search.suggestions import Spelling
from jarida.search.variants import put_in_force

__all__ = ["MAX_LIMIT", "Layers", "Order", "SearchHit", "SearchPage", "search_articles"]

# A page of results is at most this long, whatever the caller asks.
MAX_LIMIT = 100
# Candidates fetched beyond the page, so that a few stale rows do not cost a second round.
SPARE = 10
# A query of several words that fewer articles than this match in full falls back to those
# matching most of its words (those that match every word stay first).
FALLBACK_BELOW = 5
# Known neighbours an unknown word is also looked for as.
NEIGHBOURS = 2


@dataclass(frozen=True)
class Layers:
    """The layers of forgiveness below the light stem, all on for readers; the quality bench
    turns them on one at a time."""

    loose: bool = True
    fallback: bool = True
    # Unknown words also looked for as their known neighbours, and «هل تقصد».
    neighbours: bool = True


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
    # Some of the results match only some of the words (the fallback).
    partial: bool = False
    # «هل تقصد»: the query with its misspelt words corrected, offered, never run for the reader.
    suggestion: str | None = None


EMPTY = SearchPage(total=0, hits=[])


def _local_midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(
        day, dt.time(), tzinfo=zoneinfo.ZoneInfo(settings.NEWSROOM_TIME_ZONE)
    )


def _bounds(
    date_from: dt.date | None, date_to: dt.date | None
) -> tuple[dt.datetime | None, dt.datetime | None]:
    """[start, end) of the newsroom's local dates, both ends included."""
    start = _local_midnight(date_from) if date_from is not None else None
    end = None
    if date_to is not None and date_to < dt.date.max:
        end = _local_midnight(date_to + dt.timedelta(days=1))
    return start, end


def _articles(
    published: ArticlePageQuerySet,
    section: SectionPage | None,
    start: dt.datetime | None,
    end: dt.datetime | None,
) -> ArticlePageQuerySet:
    """The published articles within the filters: the exact rule the index is checked by."""
    articles = published
    if section is not None:
        articles = articles.in_section(section)
    if start is not None:
        articles = articles.filter(first_published_at__gte=start)
    if end is not None:
        articles = articles.filter(first_published_at__lt=end)
    return articles


def _filters(
    section: SectionPage | None, start: dt.datetime | None, end: dt.datetime | None
) -> Filters:
    low, high = key_range(start, end)
    if section is None:
        return Filters(low_key=low, high_key=high)
    sql, params = Page.objects.child_of(section).values("pk").query.sql_with_params()
    return Filters(low_key=low, high_key=high, section_sql=str(sql), section_params=params)


def search_articles(
    query: str,
    *,
    section: SectionPage | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    order: Order = "relevance",
    offset: int = 0,
    limit: int = 20,
    layers: Layers = Layers(),
) -> SearchPage:
    """Published articles matching `query`, best first (or newest first), one page of them.

    Any text is a valid query: words are analysed, everything else separates them. Dates are
    the newsroom's local dates, both ends included.
    """
    put_in_force()
    terms = analyse_query(query)
    spelling = Spelling.of(terms) if layers.neighbours else Spelling({})
    terms = [_widened(term, spelling.neighbours.get(term.word, [])) for term in terms]
    if not layers.loose:
        terms = [replace(term, loose=()) for term in terms]
    search = backend().search(terms)
    offset, limit = max(0, offset), max(0, min(limit, MAX_LIMIT))
    if search is None or (date_from and date_to and date_from > date_to):
        return EMPTY
    start, end = _bounds(date_from, date_to)
    filters = _filters(section, start, end)
    # Built once: `published()` reads the view restrictions when it is called.
    published = ArticlePage.objects.published()
    articles = _articles(published, section, start, end)
    kept, total = _fetch(search, articles, filters, order, offset + limit)
    words = len(matching_terms(terms))
    if layers.fallback and words > 1 and total < FALLBACK_BELOW:
        fallback = backend().search(terms, fallback=True)
        if fallback is not None:
            kept, total = _fetch(fallback, articles, filters, order, offset + limit)
    rows = kept[offset : offset + limit]
    hits = _hits(published, rows, matching_terms(terms))
    # Offered whenever a word was widened to its neighbours, so the reader always sees which
    # spelling the results are for.
    suggestion = spelling.suggestion(query)
    return SearchPage(
        total=total,
        hits=hits,
        partial=any(matched < words for _, _, matched in rows),
        suggestion=suggestion,
    )


def _widened(term: QueryTerm, neighbours: list[str]) -> QueryTerm:
    """`term`, also matching its first NEIGHBOURS neighbours' stems, forms and loose keys."""
    if not neighbours:
        return term
    near = [t for word in neighbours[:NEIGHBOURS] for t in analyse_query(word)]
    return replace(
        term,
        stems=tuple(dict.fromkeys(term.stems + tuple(s for t in near for s in t.stems))),
        exact_forms=tuple(
            dict.fromkeys(term.exact_forms + tuple(f for t in near for f in t.exact_forms))
        ),
        loose=tuple(dict.fromkeys(term.loose + tuple(k for t in near for k in t.loose))),
    )


def _fetch(
    search: Search, articles: ArticlePageQuerySet, filters: Filters, order: Order, wanted: int
) -> tuple[list[Row], int]:
    """The first `wanted` rows that `articles` holds, and the total."""
    fetch = wanted + SPARE
    while True:
        rows = search.ranked(filters, order, fetch)
        ids = [row[0] for row in rows]
        shown = set(articles.filter(pk__in=ids).values_list("pk", flat=True)) if ids else set()
        kept = [row for row in rows if row[0] in shown]
        exhausted = len(rows) < fetch
        if exhausted or len(kept) >= wanted:
            break
        # Stale rows (an article unpublished behind the signals' back): fetch further.
        fetch = 2 * fetch + (wanted - len(kept))
    stale = len(rows) - len(kept)
    total = len(kept) if exhausted else max(search.count(filters) - stale, len(kept))
    return kept, total


def _hits(
    published: ArticlePageQuerySet, rows: list[Row], terms: list[QueryTerm]
) -> list[SearchHit]:
    """Articles for the rows, in order, with their sections fetched in one query."""
    if not rows:
        return []
    articles = published.in_bulk([row[0] for row in rows])
    parent_paths = {a.path[: -Page.steplen] for a in articles.values()}
    sections = {s.path: s for s in Page.objects.filter(path__in=parent_paths).specific()}
    wanted = query_terms(terms)
    hits = []
    for article_id, score, _ in rows:
        article = articles.get(article_id)
        if article is None:  # unpublished between the two statements
            continue
        # `article.section` then needs no query.
        article.section = sections.get(article.path[: -Page.steplen])
        text = "\n".join(
            part for part in (article.summary, body_text(article.body.raw_data)) if part
        )
        hits.append(SearchHit(article=article, snippet=snippet(text, wanted), score=float(score)))
    return hits
