"""The import pipeline: parse → normalised `ArticleRecord` → one shared, idempotent upsert.

Every format ends here, so idempotency, sections, slugs and publishing behave the same
whatever the source. Each record is written in its own transaction: a record that fails
leaves nothing behind, and the records after it go on.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from django.db import transaction
from django.db.models.signals import post_save
from modelsearch import index as modelsearch_index
from modelsearch.signal_handlers import post_save_signal_handler as modelsearch_on_save
from wagtail.models import Page, ReferenceIndex
from wagtail.signal_handlers import disable_reference_index_auto_update

from jarida.arabic import slugify
from jarida.importers.formats import FORMATS
from jarida.importers.models import SourceRecord, key_hash
from jarida.importers.records import ArticleRecord, ImportOptions, ParseError
from jarida.news.body import body_stream
from jarida.news.models import (
    RESERVED_SLUGS,
    ArticleAuthor,
    ArticlePage,
    Author,
    HomePage,
    SectionPage,
    unique_slug,
)


@contextmanager
def indexing_once_per_record() -> Iterator[list[Page]]:
    """Creating and publishing a page saves it three times (tree insert, revision, publish),
    and Wagtail re-indexes it for admin search and its reference index after each save. Here
    the signals are held for the duration of one record and each index is updated once, with
    the final version, at the end: same indexes, a third of the work."""
    written: list[Page] = []
    post_save.disconnect(modelsearch_on_save, sender=ArticlePage)
    try:
        with disable_reference_index_auto_update():
            yield written
        for page in written:
            modelsearch_index.insert_or_update_object(page)
            ReferenceIndex.create_or_update_for_object(page)
    finally:
        post_save.connect(modelsearch_on_save, sender=ArticlePage)


class Outcome(enum.StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    FAILED = "failed"


@dataclass(frozen=True)
class Result:
    outcome: Outcome
    # The article's URL path, or for failures where the input came from and why it failed.
    detail: str
    article_id: int | None = None


class Importer:
    """Writes records into the page tree; keeps per-run lookups (sections, authors) warm."""

    def __init__(self) -> None:
        home = HomePage.objects.first()
        if home is None:
            raise RuntimeError("No home page: run `python manage.py migrate` first.")
        self.home: HomePage = home
        self._sections: dict[str, SectionPage] = {}
        self._authors: dict[str, Author] = {}

    def run(
        self,
        paths: Iterable[Path],
        format_name: str,
        options: ImportOptions,
        limit: int | None = None,
    ) -> Iterator[Result]:
        read = FORMATS[format_name]
        count = 0
        for path in paths:
            for item in read(path, options):
                if limit is not None and count >= limit:
                    return
                count += 1
                if isinstance(item, ParseError):
                    yield Result(Outcome.FAILED, str(item))
                    continue
                yield self.upsert(item)

    def upsert(self, record: ArticleRecord) -> Result:
        try:
            with transaction.atomic(), indexing_once_per_record() as written:
                result = self._upsert(record)
                if result.outcome is not Outcome.UNCHANGED:
                    written.extend(ArticlePage.objects.filter(pk=result.article_id))
                return result
        except Exception as error:  # one bad record must not stop the run
            # The rollback may have removed a section or author created for this record.
            self._sections.clear()
            self._authors.clear()
            return Result(Outcome.FAILED, f"{record.origin}: {type(error).__name__}: {error}")

    def _upsert(self, record: ArticleRecord) -> Result:
        digest = record.digest()
        source = (
            SourceRecord.objects.select_related("article")
            .filter(source_key_hash=key_hash(record.source_key))
            .first()
        )
        if source is not None and source.digest == digest:
            return Result(Outcome.UNCHANGED, _path(source.article), source.article_id)

        section = self._section(record.section)
        if source is None:
            article = ArticlePage(title=record.headline, live=True)
            article.slug = self._free_slug(section, record.headline)
            self._fill(article, record)
            section.add_child(instance=article)
            outcome = Outcome.CREATED
        else:
            article = source.article.specific
            if article.get_parent().pk != section.pk:
                article.move(section, pos="last-child")
                article.refresh_from_db()
            article.title = record.headline
            self._fill(article, record)
            # Written directly too: publishing a revision keeps the stored first_published_at,
            # and a corrected source date must win.
            article.save()
            outcome = Outcome.UPDATED

        revision = article.save_revision(log_action=True)
        if article.live:
            revision.publish(log_action=True)
        SourceRecord.objects.update_or_create(
            source_key_hash=key_hash(record.source_key),
            defaults={"source_key": record.source_key, "article": article, "digest": digest},
        )
        return Result(outcome, _path(article), article.pk)

    def _fill(self, article: ArticlePage, record: ArticleRecord) -> None:
        article.summary = record.summary
        article.body = body_stream((b.kind, b.text, b.attribution) for b in record.body)
        article.byline = _fit(record.byline, ArticlePage, "byline")
        article.lead_image_credit = _fit(record.image_credit, ArticlePage, "lead_image_credit")
        article.lead_image_caption = _fit(record.image_caption, ArticlePage, "lead_image_caption")
        article.first_published_at = record.published_at
        article.updated_at = record.updated_at
        article.article_authors = [
            ArticleAuthor(author=self._author(name), sort_order=i)
            for i, name in enumerate(record.authors)
        ]
        article.tags.set(list(record.tags))

    def _section(self, name: str) -> SectionPage:
        if name not in self._sections:
            section = SectionPage.objects.child_of(self.home).filter(title=name).first()
            if section is None:
                taken = {p.slug for p in self.home.get_children()} | RESERVED_SLUGS
                section = SectionPage(title=name, slug=unique_slug(name, taken, "section"))
                self.home.add_child(instance=section)
                section.save_revision().publish()
            self._sections[name] = section
        return self._sections[name]

    def _author(self, name: str) -> Author:
        if name not in self._authors:
            self._authors[name], _ = Author.objects.get_or_create(name=name)
        return self._authors[name]

    @staticmethod
    def _free_slug(section: Page, headline: str) -> str:
        base = slugify(headline) or "article"
        taken = set(
            section.get_children().filter(slug__startswith=base).values_list("slug", flat=True)
        )
        return unique_slug(base, taken, "article")


def _path(article: Page) -> str:
    """The article's URL path as readers see it in the address bar (Arabic, not %-escapes)."""
    return unquote(article.get_url() or "")


def _fit(text: str, model: type[Page], field: str) -> str:
    """Printed furniture (bylines, credits) shortened to the column rather than losing the
    whole article over it."""
    limit = model._meta.get_field(field).max_length or len(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"
