"""From articles to index rows: what an article says to the search, and keeping it current.

`index_articles` (re)writes the rows of some articles, `remove_articles` drops them, and
`rebuild` rewrites the whole archive in batches. All three read the published state from the
database, never from an in-memory page object, so the index holds what readers see.
"""

from __future__ import annotations

import html
import multiprocessing
import os
import re
from collections import Counter, defaultdict, deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from multiprocessing.pool import AsyncResult, Pool
from typing import Any

from django.db import connection, transaction
from django.db.models import QuerySet

from jarida.arabic.analysis import AnalysedText, analyse, analyse_all, use_variants
from jarida.news.models import ArticleAuthor, ArticlePage, ArticleTag
from jarida.search.backends import backend
from jarida.search.models import SearchDocument, SearchTerm, sort_key
from jarida.search.variants import editors_groups

BATCH_SIZE = 500
# A rebuild of at least this many articles analyses them in worker processes, at most this many.
PARALLEL_FROM = 4 * BATCH_SIZE
MAX_WORKERS = 2
# An HTML tag. Django's strip_tags, an HTML parser, cost as much as analysing the text.
_TAG = re.compile(r"<[^>]*>")
_FIELDS = ("pk", "title", "summary", "body", "byline", "first_published_at")


def body_text(raw_blocks: Iterable[dict[str, Any]]) -> str:
    """The words of a body's StreamField data, read straight from its JSON (no block objects
    are built, which keeps a rebuild of the archive fast): paragraphs, subheadings, quotes
    with their attribution, and image captions."""
    parts: list[str] = []
    for block in raw_blocks:
        value = block.get("value")
        if isinstance(value, str):
            # Rich text paragraphs are HTML (Wagtail's own, well formed: text is escaped in
            # it, so every "<" starts a tag); subheadings are plain text.
            parts.append(html.unescape(_TAG.sub("", value)) if "<" in value else value)
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


def _rows(published: QuerySet[ArticlePage], ids: list[int]) -> Iterator[list[dict[str, Any]]]:
    """Batches of the published ones among `ids`, with their authors' names and tags, in three
    queries a batch."""
    for start in range(0, len(ids), BATCH_SIZE):
        rows = list(published.filter(pk__in=ids[start : start + BATCH_SIZE]).values(*_FIELDS))
        batch = [row["pk"] for row in rows]
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


Document = tuple[int, int, str, str, str, str]
# In the order of `Document`.
_COLUMNS = ("article_id", "sort_key", "title", "body", "title_exact", "loose")
# Words longer than this are not offered as suggestions (nor kept in the vocabulary).
MAX_TERM_LENGTH = SearchTerm._meta.get_field("term").max_length
# A rebuild keeps the words of at least this many articles: a word of one article is more
# often a typo than a word to suggest (a publish still adds the words it brings).
MIN_TERM_DOCUMENTS = 2


def _texts(row: dict[str, Any]) -> tuple[str, str]:
    return article_text(row, row["authors"], row["tags"])


def _document(row: dict[str, Any], title: AnalysedText, body: AnalysedText) -> Document:
    loose = title.loose.split() + body.loose.split()
    return (
        row["pk"],
        sort_key(row["first_published_at"], row["pk"]),
        title.stems,
        body.stems,
        title.exact,
        " ".join(dict.fromkeys(loose)),
    )


def _words(title: AnalysedText, body: AnalysedText) -> set[str]:
    """The distinct normalised words of an article, as the vocabulary counts them."""
    words = set(title.exact.split())
    words.update(body.exact.split())
    return {word for word in words if len(word) <= MAX_TERM_LENGTH}


def document(row: dict[str, Any]) -> Document:
    """The index row of an article: (article id, sort key, title, body, title_exact, loose)."""
    title, text = _texts(row)
    return _document(row, analyse(title), analyse(text))


def _write(documents: list[Document]) -> None:
    """Insert or update the rows in one statement. A row whose text and key are unchanged is
    not rewritten, so re-publishing an unchanged article, or re-running a rebuild, costs the
    full-text index nothing."""
    if not documents:
        return
    table = SearchDocument._meta.db_table
    values = ", ".join(["(" + ", ".join(["%s"] * len(_COLUMNS)) + ")"] * len(documents))
    updated = _COLUMNS[1:]
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({', '.join(_COLUMNS)}) VALUES {values} "
            f"ON CONFLICT (article_id) DO UPDATE SET "
            + ", ".join(f"{column} = excluded.{column}" for column in updated)
            + " WHERE "
            + " OR ".join(f"{table}.{column} <> excluded.{column}" for column in updated),
            [value for document in documents for value in document],
        )


def index_articles(ids: Iterable[int]) -> int:
    """Write the rows of these articles if they are published, drop them otherwise."""
    ids = list(ids)
    written: set[int] = set()
    use_variants(editors_groups())
    with transaction.atomic():
        for rows in _rows(ArticlePage.objects.published(), ids):
            indexed = set(
                SearchDocument.objects.filter(
                    article_id__in=[row["pk"] for row in rows]
                ).values_list("article_id", flat=True)
            )
            counted: Counter[str] = Counter()
            added: set[str] = set()
            documents = []
            for row in rows:
                title, text = (analyse(text) for text in _texts(row))
                documents.append(_document(row, title, text))
                # A new article counts its words; an updated one adds the words it brings
                # (what it dropped is left to the next rebuild).
                (added.update if row["pk"] in indexed else counted.update)(_words(title, text))
            _write(documents)
            _count_words(counted, added - set(counted))
            written.update(row["pk"] for row in rows)
        if gone := set(ids) - written:
            remove_articles(gone)
    return len(written)


def _count_words(counted: Counter[str], added: set[str]) -> None:
    """Add the `counted` words' counts to the vocabulary, and the `added` words (at one
    article) where it does not have them yet."""
    table = SearchTerm._meta.db_table
    on_conflict = {
        True: f"DO UPDATE SET documents = {table}.documents + excluded.documents",
        False: "DO NOTHING",
    }
    for increment, rows in ((True, sorted(counted.items())), (False, sorted(added))):
        for start in range(0, len(rows), BATCH_SIZE):
            batch = rows[start : start + BATCH_SIZE]
            params = [v for row in batch for v in (row if increment else (row, 1))]
            with connection.cursor() as cursor:
                cursor.execute(
                    f"INSERT INTO {table} (term, documents) VALUES "
                    + ", ".join(["(%s, %s)"] * len(batch))
                    + f" ON CONFLICT (term) {on_conflict[increment]}",
                    params,
                )


def remove_articles(ids: Iterable[int]) -> None:
    SearchDocument.objects.filter(article_id__in=list(ids)).delete()


def rebuild(progress: Callable[[int, int], None] | None = None) -> int:
    """Rewrite the index for the whole published archive; returns the number of articles.

    Each batch is its own transaction, so readers keep searching the old rows meanwhile and a
    newsroom publishing during a rebuild is never locked out for long; rows of articles that
    are no longer published are dropped at the end.

    Analysis is most of the work, so on a large archive worker processes analyse the next
    batches while this process reads and writes the database (which it alone touches).
    """
    published = ArticlePage.objects.published()
    ids = list(published.order_by("pk").values_list("pk", flat=True))
    done = 0
    if progress:
        progress(done, len(ids))
    workers = min(MAX_WORKERS, (os.cpu_count() or 1) - 1) if len(ids) >= PARALLEL_FROM else 0
    groups = editors_groups()
    use_variants(groups)
    vocabulary: Counter[str] = Counter()
    with _pool(workers) as pool:
        for documents in _documents(_rows(published, ids), pool, workers, groups, vocabulary):
            with transaction.atomic():
                _write(documents)
            done += len(documents)
            if progress:
                progress(done, len(ids))
    SearchDocument.objects.exclude(article_id__in=published.values("pk")).delete()
    _write_vocabulary(vocabulary)
    backend().optimise()
    return done


def _write_vocabulary(vocabulary: Counter[str]) -> None:
    """Replace the vocabulary in one transaction: suggestions read the old one meanwhile."""
    with transaction.atomic():
        SearchTerm.objects.all().delete()
        SearchTerm.objects.bulk_create(
            (
                SearchTerm(term=term, documents=count)
                for term, count in vocabulary.items()
                if count >= MIN_TERM_DOCUMENTS
            ),
            batch_size=5000,
        )


@contextmanager
def _pool(workers: int) -> Iterator[Pool | None]:
    if workers < 1:
        yield None
        return
    # A fresh interpreter per worker: nothing of this process (its database connection above
    # all) is shared with it, and it needs only the pure-Python analyser.
    with multiprocessing.get_context("spawn").Pool(workers) as pool:
        yield pool


def _documents(
    batches: Iterator[list[dict[str, Any]]],
    pool: Pool | None,
    ahead: int,
    groups: tuple[tuple[str, ...], ...],
    vocabulary: Counter[str],
) -> Iterator[list[Document]]:
    """The index rows of each batch, in order, counting their words into `vocabulary`. With
    a pool, `ahead` batches are being analysed by its workers while the caller writes the
    current one."""
    pending: deque[tuple[list[dict[str, Any]], AsyncResult[list[AnalysedText]] | None, list[str]]]
    pending = deque()
    for rows in batches:
        # Title, body, title, body...: read here, in this process's own thread.
        texts = [text for row in rows for text in _texts(row)]
        task = pool.apply_async(analyse_all, (texts, groups)) if pool else None
        pending.append((rows, task, texts))
        while len(pending) > ahead:
            yield _analysed(*pending.popleft(), groups, vocabulary)
    while pending:
        yield _analysed(*pending.popleft(), groups, vocabulary)


def _analysed(
    rows: list[dict[str, Any]],
    task: AsyncResult[list[AnalysedText]] | None,
    texts: list[str],
    groups: tuple[tuple[str, ...], ...],
    vocabulary: Counter[str],
) -> list[Document]:
    analysed = task.get() if task else analyse_all(texts, groups)
    documents = []
    for i, row in enumerate(rows):
        title, body = analysed[2 * i : 2 * i + 2]
        documents.append(_document(row, title, body))
        vocabulary.update(_words(title, body))
    return documents
