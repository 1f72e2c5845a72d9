"""What the search index stores: each published article as Jarida-analysed text.

The rows hold the analyser's output (`jarida.arabic.analysis`), never raw text, and the
database builds its full-text index from them: on SQLite an FTS5 table kept in step by
triggers, on PostgreSQL generated `tsvector` columns with GIN indexes (migrations 0002-0005).
So the application writes one ordinary row per article on every backend, and both backends
index exactly the same terms.

Each row also carries the article's `sort_key`: its first publication time and its id in one
integer, ordered as the archive's time line. It is the FTS5 rowid, so "newest first", a date
range and the recency tie-break of equal scores are all rowid order or rowid ranges inside the
full-text index itself, with no join per match.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Final

from django.db import models

# sort_key = seconds since KEY_EPOCH << ID_BITS | article id: 34 bits of seconds (1800 to
# 2344) and 29 of id (536 million pages) fill a positive signed 64-bit integer, which is what
# an SQLite rowid and a PostgreSQL bigint hold.
ID_BITS: Final = 29
ID_MASK: Final = (1 << ID_BITS) - 1
SECONDS_BITS: Final = 34
KEY_EPOCH: Final = dt.datetime(1800, 1, 1, tzinfo=dt.UTC)


def _seconds(moment: dt.datetime, *, round_up: bool = False) -> int:
    """Whole seconds from KEY_EPOCH to `moment`, clamped to what a key holds."""
    delta = moment - KEY_EPOCH
    seconds = delta.days * 86_400 + delta.seconds + (1 if round_up and delta.microseconds else 0)
    return min(max(seconds, 0), (1 << SECONDS_BITS) - 1)


def sort_key(published: dt.datetime | None, article_id: int) -> int:
    """The sort_key of an article: later publication is larger, then larger ids."""
    if not 0 <= article_id <= ID_MASK:
        raise ValueError(f"article id {article_id} does not fit the search index's sort key")
    return (_seconds(published) if published else 0) << ID_BITS | article_id


def key_range(start: dt.datetime | None, end: dt.datetime | None) -> tuple[int | None, int | None]:
    """sort_keys [low, high) of every article published in [start, end); None is no bound.

    Keys hold whole seconds, so the range may also hold articles of the bounds' own seconds
    (never for the local midnights of a date filter); the exact filter drops those."""
    low = None if start is None else _seconds(start) << ID_BITS
    high = None if end is None else _seconds(end, round_up=True) << ID_BITS
    return low, high


class SearchDocument(models.Model):
    # Deleting an article deletes its row (and, through the triggers, its FTS5 entry).
    article = models.OneToOneField(
        "news.ArticlePage", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    # `sort_key(first_published_at, article_id)` when the row was written.
    sort_key = models.BigIntegerField()
    # Stems of the headline; of the summary, body, byline, authors and tags; and the headline's
    # exact (normalised, unstemmed) forms, for the headline boost.
    title = models.TextField()
    body = models.TextField()
    title_exact = models.TextField()

    class Meta:
        db_table = "search_document"
        verbose_name = "مدخل فهرس البحث"
        verbose_name_plural = "فهرس البحث"

    def __str__(self) -> str:
        return f"search document {self.pk}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # The indexer writes rows in bulk with their keys; a row saved one at a time gets its
        # key from its article.
        if self.sort_key is None:
            self.sort_key = sort_key(self.article.first_published_at, self.article_id)
        super().save(*args, **kwargs)
