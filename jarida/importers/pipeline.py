"""The import pipeline: parse → normalised `ArticleRecord` → one shared, idempotent upsert.

Every format ends here, so idempotency, sections, slugs and publishing behave the same
whatever the source. Each record is written in its own transaction: a record that fails
leaves nothing behind, and the records after it go on.
"""

from __future__ import annotations

import enum
import hashlib
import ipaddress
from collections import Counter
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
from jarida.comments.clients import hash_address
from jarida.comments.models import Comment
from jarida.comments.signals import notify
from jarida.importers import redirects
from jarida.importers.formats import FORMATS
from jarida.importers.media import MediaLibrary
from jarida.importers.models import SourceRecord, key_hash
from jarida.importers.records import ArticleRecord, ImportOptions, ParseError, Skipped
from jarida.news.body import body_stream
from jarida.news.models import (
    RESERVED_SLUGS,
    ArticleAuthor,
    ArticlePage,
    Author,
    HomePage,
    SectionPage,
    Tag,
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
    SKIPPED = "skipped"


PENDING_COMMENT_REASON = {
    "rule": "imported",
    "message": "مستورد من ووردبريس: بانتظار المراجعة",
}


@dataclass(frozen=True)
class Result:
    outcome: Outcome
    # The article's URL path, or for failures where the input came from and why it failed.
    detail: str
    article_id: int | None = None


class Importer:
    """Writes records into the page tree; keeps per-run lookups (sections, authors) warm."""

    def __init__(self, media: Path | None = None) -> None:
        home = HomePage.objects.first()
        if home is None:
            raise RuntimeError("No home page: run `python manage.py migrate` first.")
        self.home: HomePage = home
        self._sections: dict[str, SectionPage] = {}
        self._authors: dict[str, Author] = {}
        self.media = MediaLibrary(media)
        # A run with an uploads folder must revisit articles a run without one left bare.
        self._salt = "media" if media else ""
        # What the summary reports beyond outcomes: states, skips by reason, photos,
        # redirects, shortcodes. Only records that were written count.
        self.stats: Counter[str] = Counter()

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
            if not path.exists():
                # One missing path fails alone; the rest of the run goes on.
                yield Result(Outcome.FAILED, f"{path}: لا يوجد ملف بهذا الاسم / no such file")
                continue
            items_in_file = 0
            for item in read(path, options):
                items_in_file += 1
                if limit is not None and count >= limit:
                    return
                count += 1
                if isinstance(item, ParseError):
                    yield Result(Outcome.FAILED, str(item))
                    continue
                if isinstance(item, Skipped):
                    self.stats[f"skipped: {item.reason}"] += 1
                    yield Result(Outcome.SKIPPED, f"{item.origin}: {item.reason}")
                    continue
                yield self.upsert(item)
            if items_in_file == 0:
                yield Result(
                    Outcome.FAILED, f"{path}: الملف فارغ / the file is empty: no articles in it"
                )

    def upsert(self, record: ArticleRecord) -> Result:
        stats: Counter[str] = Counter()
        try:
            with transaction.atomic(), indexing_once_per_record() as written:
                result = self._upsert(record, stats)
                if result.outcome is not Outcome.UNCHANGED:
                    written.extend(ArticlePage.objects.filter(pk=result.article_id))
        except Exception as error:  # one bad record must not stop the run
            # The rollback may have removed a section, author or photo made for this record.
            self._sections.clear()
            self._authors.clear()
            self.media.forget()
            return Result(Outcome.FAILED, f"{record.origin}: {type(error).__name__}: {error}")
        self.stats.update(stats)
        self.stats[f"state: {record.state}"] += 1
        return result

    def _upsert(self, record: ArticleRecord, stats: Counter[str]) -> Result:
        digest = record.digest()
        if self._salt:
            digest = hashlib.sha256(f"{digest}:{self._salt}".encode()).hexdigest()
        source = (
            SourceRecord.objects.select_related("article")
            .filter(source_key_hash=key_hash(record.source_key))
            .first()
        )
        if source is not None and source.digest == digest:
            return Result(Outcome.UNCHANGED, _path(source.article), source.article_id)

        section = self._section(record.section)
        live = record.state == "live"
        if source is None:
            # Never live by hand: created as a draft, made public by Wagtail's publish below.
            article = ArticlePage(title=record.headline, live=False)
            article.slug = self._free_slug(section, record.headline)
            self._fill(article, record, stats)
            section.add_child(instance=article)
            outcome = Outcome.CREATED
        else:
            article = source.article.specific
            if article.get_parent().pk != section.pk:
                article.move(section, pos="last-child")
                article.refresh_from_db()
            article.title = record.headline
            self._fill(article, record, stats)
            # Written directly too: publishing a revision keeps the stored first_published_at,
            # and a corrected source date must win.
            article.save()
            outcome = Outcome.UPDATED

        was_state = source.state if source is not None else None
        SourceRecord.objects.update_or_create(
            source_key_hash=key_hash(record.source_key),
            defaults={
                "source_key": record.source_key,
                "article": article,
                "digest": digest,
                "state": record.state,
                "note": record.note[:200],
                "old_paths": list(record.old_paths),
            },
        )
        redirects_before = redirects.made["count"]
        revision = article.save_revision(log_action=True)
        if live and (outcome is Outcome.CREATED or article.live or was_state != "live"):
            # Through Wagtail's publish, which ArticlePage guards; its page_published signal
            # makes the old links redirect here (`jarida.importers.redirects`).
            revision.publish(log_action=True)
        elif record.state == "scheduled":
            # Wagtail keeps it unpublished and records go_live_at; the scheduler publishes it.
            revision.publish(log_action=True)
        elif not live and article.live:
            article.unpublish(log_action=True)
        article.refresh_from_db(fields=["live"])
        if article.live:
            redirects.ensure_for_article(article, record.old_paths)
            self._archive_redirects(record, section)
            if record.sticky and self.home.top_story_id is None:
                self._make_top_story(article)
        stats["redirects made"] += redirects.made["count"] - redirects_before
        self._comments(article, record, stats)
        stats.update(f"unknown shortcode [{name}]" for name in record.unknown_shortcodes)
        return Result(outcome, _path(article), article.pk)

    def _archive_redirects(self, record: ArticleRecord, section: SectionPage) -> None:
        tags = {tag.name: tag for tag in Tag.objects.filter(name__in=record.tags)}
        for old_path, kind, name in record.archive_paths:
            if kind == "section" and name == section.title:
                redirects.ensure_for_article(section, [old_path])
            elif kind == "tag" and name in tags:
                redirects.ensure_to_link(old_path, tags[name].get_absolute_url())

    def _make_top_story(self, article: ArticlePage) -> None:
        home = HomePage.objects.get(pk=self.home.pk)
        home.top_story = article
        home.save_revision().publish()
        self.home = home

    def _comments(self, article: ArticlePage, record: ArticleRecord, stats: Counter[str]) -> None:
        """Approved comments approved, pending ones to the desk's queue; replies hang from
        their top-level ancestor (the comments app shows one level). Keyed on the source's
        comment id (`submission_key`), so a re-import adds only what is new."""
        if not record.comments:
            return
        by_id = {c.source_id: c for c in record.comments}

        def key(source_id: str) -> str:
            return hashlib.sha256(f"{record.source_key}#{source_id}".encode()).hexdigest()

        def root(source_id: str) -> str:
            seen = set()
            while by_id.get(source_id) and by_id[source_id].parent in by_id:
                if source_id in seen:
                    break
                seen.add(source_id)
                source_id = by_id[source_id].parent
            return source_id

        keys = [key(c.source_id) for c in record.comments]
        stored = dict(
            Comment.objects.filter(submission_key__in=keys).values_list("submission_key", "pk")
        )
        ordered = sorted(record.comments, key=lambda c: (bool(c.parent), c.created_at))
        for item in ordered:
            submission_key = key(item.source_id)
            if submission_key in stored:
                continue
            parent_key = key(root(item.source_id)) if item.parent else None
            comment = Comment(
                article=article,
                parent_id=stored.get(parent_key) if parent_key else None,
                name=item.name,
                email=item.email if "@" in item.email else "",
                body=item.body,
                status=Comment.Status.APPROVED if item.approved else Comment.Status.PENDING,
                moderation_reasons=[] if item.approved else [PENDING_COMMENT_REASON],
                ip_hash=_ip_hash(item.ip),
                submission_key=submission_key,
            )
            comment.save()
            # `created_at` is set on insert; the comment's own date is the source's.
            Comment.objects.filter(pk=comment.pk).update(created_at=item.created_at)
            stored[submission_key] = comment.pk
            stats["comments approved" if item.approved else "comments pending"] += 1
        notify(article.pk)

    def _fill(self, article: ArticlePage, record: ArticleRecord, stats: Counter[str]) -> None:
        article.summary = record.summary
        photos = {ref.url: ref for ref in record.images}
        body: list[dict[str, object]] = []
        for block in record.body:
            if block.kind == "rich":  # rebuilt by the format from an allow-list, escaped
                body.append({"type": "paragraph", "value": f"<p>{block.text}</p>"})
            elif block.kind == "image":
                ref = photos.get(block.text)
                image = self.media.image(ref, stats) if ref else None
                if image is not None:
                    body.append(
                        {
                            "type": "image",
                            "value": {"image": image.pk, "caption": block.attribution},
                        }
                    )
            else:
                body.extend(body_stream([(block.kind, block.text, block.attribution)]))
        article.body = body
        if record.lead_image is not None:
            article.lead_image = self.media.image(record.lead_image, stats)
        article.byline = _fit(record.byline, ArticlePage, "byline")
        article.lead_image_credit = _fit(record.image_credit, ArticlePage, "lead_image_credit")
        article.lead_image_caption = _fit(record.image_caption, ArticlePage, "lead_image_caption")
        # A draft or a scheduled post has not been published here; Wagtail dates its first
        # publication when it happens.
        article.first_published_at = record.published_at if record.state == "live" else None
        article.go_live_at = record.published_at if record.state == "scheduled" else None
        article.updated_at = record.updated_at if record.state == "live" else None
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


def _ip_hash(ip: str) -> str:
    try:
        return hash_address(ipaddress.ip_address(ip.strip()))
    except ValueError:
        return ""


def _path(article: Page) -> str:
    """The article's URL path as readers see it in the address bar (Arabic, not %-escapes)."""
    return unquote(article.get_url() or "")


def _fit(text: str, model: type[Page], field: str) -> str:
    """Printed furniture (bylines, credits) shortened to the column rather than losing the
    whole article over it."""
    limit = model._meta.get_field(field).max_length or len(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"
