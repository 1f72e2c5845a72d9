"""From articles to index rows: what an article says to the search, and keeping it current.

`index_articles` (re)writes the rows of some articles, `remove_articles` drops them, and
`rebuild` rewrites the whole archive in batches. All three read the published state from the
database, never from an in-memory page object, so the index holds what readers see.
"""

from __future__ import annotations

import html
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils.html import strip_tags

from jarida.arabic import analyse
from jarida.news.models import ArticleAuthor, ArticlePage, ArticleTag
from jarida.search.backends import backend
from jarida.search.models import SearchDocument

BATCH_SIZE = 500
_FIELDS = ("pk", "title", "summary", "body", "byline")


def body_text(raw_blocks: Iterable[dict[str, Any]]) -> str:
    """The words of a body's StreamField data, read straight from its JSON (no block objects
    are built, which keeps a rebuild of the archive fast): paragraphs, subheadings, quotes
    with their attribution, and image captions."""
    parts: list[str] = []
    for block in raw_blocks:
        value = block.get("value")
        if isinstance(value, str):
            # Rich text paragraphs are HTML; subheadings are plain text.
            parts.append(html.unescape(strip_tags(value)) if "<" in value else value)
        elif isinstance(value, dict):
            parts.extend(str(value.get(key) or "") for key in ("text", "attribution", "caption"))
    return "\n".join(part for part in parts if part)


def article_text(row: dict[str, Any], authors: list[str], tags: list[str]) -> tuple[str, str]:
    """(headline, body) as plain text, for the index and for snippets."""
    body = row["body"]
    raw = body.raw_data if hasattr(body, "raw_data") else body or []
    text = "\n".join(
        part for part in (row["summary"], body_text(raw), row["byline"], *authors, *tags) if part
    )
    return row["title"], text


def _rows(queryset: QuerySet[ArticlePage]) -> Iterator[list[dict[str, Any]]]:
    """Batches of article rows with their authors' names and tags, in three queries a batch."""
    ids = list(queryset.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), BATCH_SIZE):
        batch = ids[start : start + BATCH_SIZE]
        rows = list(ArticlePage.objects.filter(pk__in=batch).values(*_FIELDS))
        authors: dict[int, list[str]] = defaultdict(list)
        for article_id, name in (
            ArticleAuthor.objects.filter(article_id__in=batch)
            .order_by("sort_order")
            .values_list("article_id", "author__name")
        ):
            authors[article_id].append(name)
        tags: dict[int, list[str]] = defaultdict(list)
        for article_id, name in ArticleTag.objects.filter(content_object_id__in=batch).values_list(
            "content_object_id", "tag__name"
        ):
            tags[article_id].append(name)
        for row in rows:
            row["authors"], row["tags"] = authors[row["pk"]], tags[row["pk"]]
        yield rows


def document(row: dict[str, Any]) -> SearchDocument:
    title, text = article_text(row, row["authors"], row["tags"])
    analysed_title = analyse(title)
    return SearchDocument(
        article_id=row["pk"],
        title=analysed_title.stems,
        title_exact=analysed_title.exact,
        body=analyse(text).stems,
    )


def index_articles(ids: Iterable[int]) -> int:
    """Write the rows of these articles if they are published, drop them otherwise."""
    ids = list(ids)
    published = ArticlePage.objects.published().filter(pk__in=ids)
    written = 0
    with transaction.atomic():
        SearchDocument.objects.filter(article_id__in=ids).exclude(
            article_id__in=published.values("pk")
        ).delete()
        for rows in _rows(published):
            _upsert([document(row) for row in rows])
            written += len(rows)
    return written


def remove_articles(ids: Iterable[int]) -> None:
    SearchDocument.objects.filter(article_id__in=list(ids)).delete()


def _upsert(documents: list[SearchDocument]) -> None:
    SearchDocument.objects.bulk_create(
        documents,
        update_conflicts=True,
        unique_fields=["article"],
        update_fields=["title", "body", "title_exact"],
    )


def rebuild(progress: Callable[[int, int], None] | None = None) -> int:
    """Rewrite the index for the whole published archive; returns the number of articles.

    Each batch is its own transaction, so readers keep searching the old rows meanwhile and a
    newsroom publishing during a rebuild is never locked out for long; rows of articles that
    are no longer published are dropped at the end.
    """
    published = ArticlePage.objects.published()
    total = published.count()
    done = 0
    if progress:
        progress(done, total)
    for rows in _rows(published):
        with transaction.atomic():
            _upsert([document(row) for row in rows])
        done += len(rows)
        if progress:
            progress(done, total)
    SearchDocument.objects.exclude(article_id__in=published.values("pk")).delete()
    backend().optimise()
    return done
