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

from django.core.exceptions import ValidationError
from django.db import models

from jarida.arabic.analysis import tokenise
from jarida.arabic.normalise import clean
from jarida.arabic.variants import parse_group

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
    # The loose layer of headline and body, each key once: roots of broken-plural patterns,
    # variant group keys, spellings without doubled letters (`jarida.arabic.analysis`).
    loose = models.TextField(default="")

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


class SearchTerm(models.Model):
    """The index's vocabulary: each normalised word of the published archive and how many
    articles use it, for «هل تقصد» suggestions (`jarida.search.suggestions`). Rewritten by
    a rebuild; a publish adds the words it brings and counts nothing else."""

    term = models.CharField(max_length=40, primary_key=True)
    documents = models.PositiveIntegerField()

    class Meta:
        db_table = "search_term"
        verbose_name = "كلمة في فهرس البحث"
        verbose_name_plural = "مفردات فهرس البحث"

    def __str__(self) -> str:
        return str(self.term)


class SpellingVariant(models.Model):
    """A group of spellings of one word that the editors taught the search (ترامب ترمب):
    a reader who types one finds the others. Added to the built-in groups of
    `jarida.arabic.variants`; queries use an edit at once, indexing after
    `rebuild_search_index`."""

    spellings = models.CharField(
        "التهجئات",
        max_length=300,
        help_text="تهجئات الكلمة الواحدة مفصولة بمسافات أو فواصل، مثل: ترامب، ترمب",
    )
    note = models.CharField("ملاحظة", max_length=200, blank=True)
    updated_at = models.DateTimeField("آخر تعديل", auto_now=True)

    class Meta:
        verbose_name = "تهجئة بديلة"
        verbose_name_plural = "التهجئات البديلة"
        ordering = ["spellings"]

    def __str__(self) -> str:
        return str(self.spellings)

    def words(self) -> tuple[str, ...]:
        return parse_group(self.spellings)

    def clean(self) -> None:
        self.spellings = "، ".join(parse_group(clean(self.spellings)))
        words = self.words()
        if len(words) < 2:
            raise ValidationError({"spellings": "اكتب تهجئتين على الأقل للكلمة نفسها."})
        for word in words:
            if len(tokenise(word)) != 1:
                raise ValidationError(
                    {"spellings": f"«{word}» ليست كلمة واحدة: التهجئة كلمة واحدة بلا رموز."}
                )
