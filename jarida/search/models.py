"""What the search index stores: each published article as Jarida-analysed text.

The rows hold the analyser's output (`jarida.arabic.analysis`), never raw text, and the
database builds its full-text index from them: on SQLite an FTS5 table kept in step by
triggers, on PostgreSQL a generated `tsvector` column with a GIN index (migration 0002).
So the application writes one ordinary row per article on every backend, and both backends
index exactly the same terms.
"""

from __future__ import annotations

from django.db import models


class SearchDocument(models.Model):
    # Deleting an article deletes its row (and, through the triggers, its FTS5 entry).
    article = models.OneToOneField(
        "news.ArticlePage", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
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
