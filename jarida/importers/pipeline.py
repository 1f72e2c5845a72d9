"""The import pipeline: parse → normalised `ArticleRecord` → one shared, idempotent upsert.

Every format ends here, so idempotency, sections, slugs and publishing behave the same
whatever the source. Records are written in chunks (`CHUNK`), one transaction a chunk with a
savepoint per record: a record that fails leaves nothing behind and the records after it go
on; a run killed mid-chunk leaves that chunk unwritten, and the next run writes it.

Speed comes from doing per chunk what costs a query per article: which records are
unchanged (one query on the stored digests, no page loaded; a jsonl line not even parsed),
the search and reference indexes, the log entries. A new live article is inserted once
(`Importer._create_live`) instead of Wagtail's add_child, save_revision and publish, which
save the page three times; the publication guard's check is applied to it all the same.
What it has besides its row (source record, authors, tags, related block, first revision,
log entries) is written for the chunk's new articles together (`Importer._settle`).
"""

from __future__ import annotations

import enum
import hashlib
import ipaddress
import json
import time
import uuid
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models import F, prefetch_related_objects
from django.db.models.signals import post_save
from django.urls import reverse
from django.utils import timezone
from modelcluster.models import get_all_child_relations
from modelsearch.index import get_search_backends_with_name
from modelsearch.signal_handlers import post_save_signal_handler as modelsearch_on_save
from treebeard.exceptions import PathOverflow
from treebeard.numconv import NumConv
from wagtail.models import Page, PageLogEntry, ReferenceIndex, Revision, Site
from wagtail.signals import page_published

from jarida.arabic import slugify
from jarida.comments.clients import hash_address
from jarida.comments.models import Comment
from jarida.comments.signals import notify
from jarida.importers import redirects, references
from jarida.importers.formats import FORMATS
from jarida.importers.media import MediaLibrary
from jarida.importers.models import SourcePage, SourceRecord, key_hash
from jarida.importers.records import (
    ArticleRecord,
    ImportOptions,
    ParseError,
    RawItem,
    Skipped,
)
from jarida.news.body import body_stream
from jarida.news.models import (
    RESERVED_SLUGS,
    ArticleAuthor,
    ArticlePage,
    ArticleTag,
    Author,
    HomePage,
    InfoPage,
    RelatedArticle,
    SectionPage,
    Tag,
    related,
    unique_slug,
)
from jarida.search import signals as search_signals
from jarida.search.documents import index_articles
from jarida.search.models import SearchDocument

# Records written in one transaction, with their index pass at its end. Small enough that a
# run killed mid-way loses little work (the next run writes the chunk again), big enough that
# the per-chunk queries batch.
CHUNK = 100
# ... or fewer: a chunk is sized to take about this long to write, from the rate of the chunk
# before (the first is small), so a slow source (photos, comments) still commits, and shows
# its lines, every two seconds or so.
CHUNK_SECONDS = 2.0
FIRST_CHUNK = 10
# Kept for callers that read it: the index pass runs once a chunk.
INDEX_BATCH = CHUNK


@contextmanager
def bulk_import() -> Iterator[references.SavedObjects]:
    """For the length of an import run, the per-save index work is held back: Wagtail's admin
    search (modelsearch) for articles, Wagtail's reference index for every model it tracks,
    and the public search rows written on each `page_published`. The importer writes them
    itself, once a chunk (`Importer.flush_indexes`): articles from its own list, every other
    object the reference index tracks (sections, plain pages, photos, comments, the home)
    from what the run saved (the `SavedObjects` yielded). Publishing still goes through
    Wagtail's `revision.publish()` (and ArticlePage's guard); only the indexing that follows
    it is batched. The old links' redirects, which the `page_published` receiver would look
    up per article, the importer makes from the record it holds. Cache purges are suspended
    by the command (`cache_rules.suspended_purges`)."""
    post_save.disconnect(modelsearch_on_save, sender=ArticlePage)
    page_published.disconnect(
        search_signals.article_published, sender=ArticlePage, dispatch_uid="search-publish"
    )
    page_published.disconnect(
        redirects.article_published, sender=ArticlePage, dispatch_uid="importers-redirects"
    )
    try:
        with references.saves_noted() as saved:
            yield saved
    finally:
        page_published.connect(
            redirects.article_published, sender=ArticlePage, dispatch_uid="importers-redirects"
        )
        page_published.connect(
            search_signals.article_published, sender=ArticlePage, dispatch_uid="search-publish"
        )
        post_save.connect(modelsearch_on_save, sender=ArticlePage)


def child_relations() -> list[str]:
    """ArticlePage's child relations (authors, tags, related block...), to prefetch."""
    return [relation.get_accessor_name() for relation in get_all_child_relations(ArticlePage)]


def write_indexes(ids: list[int], loaded: dict[int, ArticlePage] | None = None) -> None:
    """Public search rows, admin search and reference index of these articles, in one pass.
    `loaded`: some of them, as they stand, loaded with their children already."""
    ids = list(dict.fromkeys(ids))
    if not ids:
        return
    loaded = loaded or {}
    with transaction.atomic():
        index_articles(ids)  # drops the rows of articles that are not public
        # The reference index reads every child relation of each page: one query each for
        # the whole batch instead of one each per page.
        missing = [pk for pk in ids if pk not in loaded]
        pages = [loaded[pk] for pk in ids if pk in loaded]
        if missing:
            pages += ArticlePage.objects.filter(pk__in=missing).prefetch_related(*child_relations())
        for _name, backend in get_search_backends_with_name(with_auto_update=True):
            backend.add_bulk(ArticlePage, pages)
        for page in pages:
            ReferenceIndex.create_or_update_for_object(page)


def catch_up_indexes() -> int:
    """Imported articles that are public but have no search row: a run killed between a
    record's commit and its batch's index pass left them so. Indexed now; returns how many."""
    missing = list(
        ArticlePage.objects.published()
        .filter(pk__in=SourceRecord.objects.values("article_id"))
        .exclude(pk__in=SearchDocument.objects.values("article_id"))
        .values_list("pk", flat=True)
    )
    for start in range(0, len(missing), INDEX_BATCH):
        write_indexes(missing[start : start + INDEX_BATCH])
    return len(missing)


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


@dataclass
class _NewLive:
    """A new live article written by `Importer._create_live`, with the child rows it gets
    with its chunk's others (`Importer._settle`)."""

    article: ArticlePage
    authors: list[Author]
    tags: list[Tag]
    source: SourceRecord


@dataclass
class _Later:
    """Writes a record leaves for the end of its chunk, kept only if the record succeeded:
    the new live articles whose related block, revision and log entries are written for the
    chunk at once (`Importer._settle`)."""

    new_live: list[_NewLive] = field(default_factory=list)

    def merge(self, other: _Later) -> None:
        self.new_live.extend(other.new_live)


@dataclass(frozen=True)
class Known:
    """What a chunk's one query found of a record already imported (`Importer._prefetch`)."""

    digest: str
    raw_digest: str
    state: str
    article_id: int
    url_path: str


class Importer:
    """Writes records into the page tree; keeps per-run lookups (sections, authors) warm."""

    def __init__(self, media: Path | None = None) -> None:
        home = HomePage.objects.first()
        if home is None:
            raise RuntimeError("No home page: run `python manage.py migrate` first.")
        self.home: HomePage = home
        self._sections: dict[str, SectionPage] = {}
        self._authors: dict[str, Author] = {}
        self._tags: dict[str, Tag] = {}
        # Per chunk: the slugs its new articles start from, and each section's children's
        # slugs that start with one of them (`_free_article_slug`).
        self._chunk_bases: set[str] = set()
        self._slugs: dict[int, set[str]] = {}
        # Old archive and feed paths given their redirect in this run (each post repeats its
        # categories' and the site's): asked about once.
        self._archives_kept: set[str] = set()
        # Articles settled in this chunk, loaded with their children: its index pass reads
        # them rather than loading them again.
        self._loaded: dict[int, ArticlePage] = {}
        self.media = MediaLibrary(media)
        # A run with an uploads folder must revisit articles a run without one left bare.
        self._salt = "media" if media else ""
        # What the summary reports beyond outcomes: states, skips by reason, photos,
        # redirects, shortcodes. Only records that were written count.
        self.stats: Counter[str] = Counter()
        # Articles written in this chunk, indexed at its end (`bulk_import`).
        self._to_index: list[int] = []
        # Per chunk: the stored digests of its records (by key hash), the keys found absent,
        # each section's last child path (new articles follow it) and how many children
        # each section gained.
        self._known: dict[str, Known] = {}
        self._absent: set[str] = set()
        self._last_child: dict[int, str | None] = {}
        self._later = _Later()
        self._root_paths: list[Any] | None = None
        self._chunk_size = FIRST_CHUNK
        # What the run saved besides its articles, for the reference index (`bulk_import`).
        self._saved = references.SavedObjects()

    def run(
        self,
        paths: Iterable[Path],
        format_name: str,
        options: ImportOptions,
        limit: int | None = None,
    ) -> Iterator[Result]:
        with bulk_import() as self._saved:
            try:
                yield from self._run(paths, format_name, options, limit)
            finally:
                self.flush_indexes()
        self._saved = references.SavedObjects()
        self.stats["search rows caught up"] += catch_up_indexes()
        if not self.stats["search rows caught up"]:
            del self.stats["search rows caught up"]

    def flush_indexes(self) -> None:
        """The chunk's index pass: its articles' search rows and references (`write_indexes`),
        then the references of everything else the chunk saved."""
        ids, self._to_index = self._to_index, []
        loaded, self._loaded = self._loaded, {}
        saved = self._saved.take()
        # Articles are indexed with their search rows, from the pages already loaded.
        saved[ArticlePage] = saved.get(ArticlePage, set()) - set(ids)
        write_indexes(ids, loaded)
        references.write_for(saved)

    def _run(
        self,
        paths: Iterable[Path],
        format_name: str,
        options: ImportOptions,
        limit: int | None,
    ) -> Iterator[Result]:
        read = FORMATS[format_name]
        count = 0
        # Records waiting for their chunk's transaction, with the results of the items between
        # them (failures, skips), so every line comes out in the order of the input.
        pending: list[ArticleRecord | RawItem | Result] = []
        waiting = 0
        for path in paths:
            if not path.exists():
                # One missing path fails alone; the rest of the run goes on.
                pending.append(
                    Result(Outcome.FAILED, f"{path}: لا يوجد ملف بهذا الاسم / no such file")
                )
                continue
            items_in_file = 0
            for item in read(path, options):
                items_in_file += 1
                if limit is not None and count >= limit:
                    yield from self.write_chunk(pending)
                    return
                count += 1
                if isinstance(item, ParseError):
                    pending.append(Result(Outcome.FAILED, str(item)))
                elif isinstance(item, Skipped):
                    self.stats[f"skipped: {item.reason}"] += 1
                    pending.append(Result(Outcome.SKIPPED, f"{item.origin}: {item.reason}"))
                else:
                    pending.append(item)
                    waiting += 1
                    if waiting >= self._chunk_size:
                        yield from self.write_chunk(pending)
                        pending, waiting = [], 0
            if items_in_file == 0:
                pending.append(
                    Result(
                        Outcome.FAILED, f"{path}: الملف فارغ / the file is empty: no articles in it"
                    )
                )
        yield from self.write_chunk(pending)

    def write_chunk(self, items: list[ArticleRecord | RawItem | Result]) -> list[Result]:
        """Write the records among `items` in one transaction (a savepoint each) with their
        index pass; every item's result, in order, once it is committed. A raw item whose
        fingerprint the chunk's query found stored is `unchanged` without being parsed."""
        records = [item for item in items if not isinstance(item, Result)]
        if not records:
            return [item for item in items if isinstance(item, Result)]
        started = time.monotonic()
        with transaction.atomic():
            self._prefetch(records)
            resolved = [self.resolve(item) if isinstance(item, RawItem) else item for item in items]
            self._prefetch_slugs([item for item in resolved if isinstance(item, ArticleRecord)])
            results = [
                self.upsert(item) if isinstance(item, ArticleRecord) else item for item in resolved
            ]
            self._finish_chunk()
        each = (time.monotonic() - started) / len(records)
        self._chunk_size = max(1, min(CHUNK, int(CHUNK_SECONDS / each) if each else CHUNK))
        return results

    def _prefetch(self, records: list[ArticleRecord | RawItem]) -> None:
        """One query for the chunk: the digests of every record already imported, so an
        unchanged one is told apart without loading its page (or parsing it)."""
        hashes = {key_hash(r.source_key) for r in records if r.kind == "article"}
        self._known = {
            row[0]: Known(*row[1:])
            for row in SourceRecord.objects.filter(source_key_hash__in=hashes).values_list(
                "source_key_hash",
                "digest",
                "raw_digest",
                "state",
                "article_id",
                "article__url_path",
            )
        }
        self._absent = hashes - set(self._known)
        # New articles lock their section and follow its last child, read once a chunk
        # (what treebeard's add_child does for each).
        self._last_child.clear()
        self._later = _Later()

    def _finish_chunk(self) -> None:
        """What the chunk's new articles left for its end, then the index pass."""
        self._settle()
        self._last_child.clear()
        self.flush_indexes()

    def _settle(self) -> None:
        """The rest of the new live articles written so far (`_create_live`), for all of them
        at once: their source records, their sections' child counts, authors and tags, their
        related blocks (`choose_related_batch`: two queries, not one each), their first
        revisions, the page's pointers at them, and the two log entries Wagtail's
        publish writes (created, published); then `page_published`, as Wagtail sends it.
        Run before any record that takes Wagtail's own path, so that path sees them whole."""
        later, self._later = self._later, _Later()
        if not later.new_live:
            return
        SourceRecord.objects.bulk_create(new.source for new in later.new_live)
        # As treebeard's add_child does for each: the parents' child counts.
        for parent_path, added in Counter(
            new.article.path[: -Page.steplen] for new in later.new_live
        ).items():
            Page.objects.filter(path=parent_path).update(numchild=F("numchild") + added)
        ArticleAuthor.objects.bulk_create(
            ArticleAuthor(article_id=new.article.pk, author=author, sort_order=order)
            for new in later.new_live
            for order, author in enumerate(new.authors)
        )
        ArticleTag.objects.bulk_create(
            ArticleTag(content_object_id=new.article.pk, tag=tag)
            for new in later.new_live
            for tag in new.tags
        )
        # The pages as they now stand, with their children: one query a relation.
        pages = ArticlePage.objects.filter(
            pk__in=[new.article.pk for new in later.new_live]
        ).in_bulk()
        prefetch_related_objects(list(pages.values()), *child_relations())
        choices = related.choose_related_batch(
            [(pages[new.article.pk], [tag.pk for tag in new.tags]) for new in later.new_live]
        )
        links = []
        for new, chosen in zip(later.new_live, choices, strict=True):
            page = pages[new.article.pk]
            related.fill_related(page, chosen=chosen)
            links += page.related_links.all()
        RelatedArticle.objects.bulk_create(links)
        # On PostgreSQL Django sends these as one UNNEST of column arrays; each revision is
        # tens of kB of JSON with an escape per Arabic letter, which `jarida.database` writes
        # at C speed (psycopg's own array dumper took 15 ms a revision).
        revisions = Revision.objects.bulk_create(
            Revision(
                content_object=page,
                base_content_type=page.get_base_content_type(),
                content=page.serializable_data(),
                object_str=str(page),
                created_at=page.last_published_at,
            )
            for page in pages.values()
        )
        for page, revision in zip(pages.values(), revisions, strict=True):
            page.live_revision = page.latest_revision = revision
        ArticlePage.objects.bulk_update(pages.values(), ["live_revision", "latest_revision"])
        content_type = ContentType.objects.get_for_model(ArticlePage, for_concrete_model=False)
        PageLogEntry.objects.bulk_create(
            PageLogEntry(
                content_type=content_type,
                label=page.get_admin_display_title(),
                action=action,
                timestamp=page.last_published_at,
                data={},
                page_id=page.pk,
                revision=logged_revision,
                content_changed=True,
            )
            for page in pages.values()
            for action, logged_revision in (
                ("wagtail.create", None),
                ("wagtail.publish", page.live_revision),
            )
        )
        for new in later.new_live:
            page = pages[new.article.pk]
            new.article.live_revision = new.article.latest_revision = page.live_revision
            page_published.send(
                sender=ArticlePage, instance=new.article, revision=page.live_revision
            )
        self._loaded.update(pages)

    def _prefetch_slugs(self, records: list[ArticleRecord]) -> None:
        """The slugs the chunk's new articles will want (`_free_article_slug`), read per
        section once for the chunk rather than once an article."""
        self._chunk_bases = {
            slugify(record.headline) or "article"
            for record in records
            if record.kind == "article" and key_hash(record.source_key) in self._absent
        }
        self._slugs.clear()

    def resolve(self, item: RawItem) -> ArticleRecord | Result:
        """An unparsed item: `unchanged` if its raw fingerprint is the one stored, else its
        record (or why it fails)."""
        known = self._known.get(key_hash(item.source_key))
        raw_digest = self._salted(item.raw_digest)
        if known is not None and known.raw_digest == raw_digest:
            self.stats[f"state: {known.state}"] += 1
            return self._unchanged_result(known)
        parsed = item.parse()
        if isinstance(parsed, ParseError):
            return Result(Outcome.FAILED, str(parsed))
        return parsed

    def upsert(self, record: ArticleRecord) -> Result:
        stats: Counter[str] = Counter()
        later = _Later()
        unchanged = self._unchanged(record)
        if unchanged is not None:  # nothing to write: no savepoint either
            self.stats[f"state: {record.state}"] += 1
            return unchanged
        new = record.kind == "article" and key_hash(record.source_key) in self._absent
        wagtails_path = not (new and record.state == "live" and not record.sticky)
        if wagtails_path:
            # Wagtail's own path (an update, a draft, a page) reads the tree and the
            # revisions: the new articles before it are made whole first, outside this
            # record's savepoint; and it may add or move pages, so the chunk's slugs are
            # read again after it.
            self._settle()
            self._slugs.clear()
        try:
            with transaction.atomic():
                if record.kind == "page":
                    result = self._upsert_page(record, stats)
                else:
                    result = self._upsert(record, stats, later)
        except Exception as error:  # one bad record must not stop the run
            # The rollback may have removed a section, author or photo made for this record.
            self._sections.clear()
            self._authors.clear()
            self._tags.clear()
            self._last_child.clear()
            self._slugs.clear()
            self._archives_kept.clear()
            self.media.forget()
            return Result(Outcome.FAILED, f"{record.origin}: {type(error).__name__}: {error}")
        self._later.merge(later)
        # Written: what the chunk's query found of it is stale (a second record with the
        # same key in this chunk looks again), and so is its page if it was settled.
        self._known.pop(key_hash(record.source_key), None)
        if result.article_id is not None:
            self._loaded.pop(result.article_id, None)
        self.stats.update(stats)
        self.stats[f"{'page ' if record.kind == 'page' else ''}state: {record.state}"] += 1
        written = result.outcome is not Outcome.UNCHANGED and result.article_id is not None
        if written and record.kind == "article":
            self._to_index.append(result.article_id)
        return result

    def _upsert(self, record: ArticleRecord, stats: Counter[str], later: _Later) -> Result:
        digest = self._digest(record)
        hashed = key_hash(record.source_key)
        if hashed in self._absent:
            # Found absent by this chunk's query; a second record with the same key later in
            # the chunk looks again.
            self._absent.discard(hashed)
            source = None
        else:
            source = (
                SourceRecord.objects.select_related("article")
                .filter(source_key_hash=hashed)
                .first()
            )
        if source is not None and source.digest == digest:
            return Result(Outcome.UNCHANGED, self._path(source.article), source.article_id)
        section = self._section(record.section)
        if source is None and record.state == "live" and not record.sticky:
            article = self._create_live(record, section, digest, stats, later)
            self._archive_redirects(record, section)
            self._comments(article, record, stats)
            stats.update(f"unknown shortcode [{name}]" for name in record.unknown_shortcodes)
            return Result(Outcome.CREATED, self._path(article), article.pk)

        live = record.state == "live"
        if source is None:
            # Never live by hand: created as a draft, made public by Wagtail's publish below.
            article = ArticlePage(title=record.headline, live=False)
            article.slug = self._free_slug(section, record.headline)
            self._fill(article, record, stats)
            section.add_child(instance=article)
            self._last_child.pop(section.pk, None)
            outcome = Outcome.CREATED
        else:
            article = source.article.specific
            if article.get_parent().pk != section.pk:
                article.move(section, pos="last-child")
                article.refresh_from_db()
                self._last_child.clear()
            article.title = record.headline
            self._fill(article, record, stats)
            # Written directly too: publishing a revision keeps the stored first_published_at,
            # and a corrected source date must win.
            article.save()
            outcome = Outcome.UPDATED

        was_state = source.state if source is not None else None
        self._save_source(record, article, digest)
        redirects_before = redirects.made["count"]
        publish_now = live and (outcome is Outcome.CREATED or article.live or was_state != "live")
        # One revision per write; the publish below logs it, so only a draft logs the edit.
        # The page was validated by the save just above (add_child or save): not twice.
        revision = article.save_revision(log_action=not publish_now, clean=False)
        if publish_now:
            # Through Wagtail's publish, which ArticlePage guards.
            revision.publish(log_action=True)
        elif record.state == "scheduled":
            # Wagtail keeps it unpublished and records go_live_at; the scheduler publishes it.
            revision.publish(log_action=True)
        elif not live and article.live:
            article.unpublish(log_action=True)
        article.refresh_from_db(fields=["live"])
        if article.live:
            # The old links (the page_published receiver is held back during an import).
            redirects.ensure_for_article(article, record.old_paths)
            self._archive_redirects(record, section)
            if record.sticky and self.home.top_story_id is None:
                self._make_top_story(article)
        stats["redirects made"] += redirects.made["count"] - redirects_before
        self._comments(article, record, stats)
        stats.update(f"unknown shortcode [{name}]" for name in record.unknown_shortcodes)
        return Result(outcome, self._path(article), article.pk)

    def _unchanged(self, record: ArticleRecord) -> Result | None:
        """The result of an article whose digest the chunk's query found equal, if it is one.
        Its raw fingerprint is stored if it differs (a line written differently, or stored
        before fingerprints were), so the next run need not parse it."""
        if record.kind != "article":
            return None
        hashed = key_hash(record.source_key)
        known = self._known.get(hashed)
        if known is None or known.digest != self._digest(record):
            return None
        raw_digest = self._salted(record.raw_digest) if record.raw_digest else ""
        if raw_digest and known.raw_digest != raw_digest:
            SourceRecord.objects.filter(source_key_hash=hashed).update(raw_digest=raw_digest)
        return self._unchanged_result(known)

    def _unchanged_result(self, known: Known) -> Result:
        return Result(
            Outcome.UNCHANGED, self._path(Page(url_path=known.url_path)), known.article_id
        )

    def _source_fields(self, record: ArticleRecord, digest: str) -> dict[str, Any]:
        return {
            "digest": digest,
            "raw_digest": self._salted(record.raw_digest) if record.raw_digest else "",
            "state": record.state,
            "note": record.note[:200],
            "old_paths": list(record.old_paths),
        }

    def _save_source(self, record: ArticleRecord, article: ArticlePage, digest: str) -> None:
        """The record's `SourceRecord`, made or brought up to date."""
        SourceRecord.objects.update_or_create(
            source_key_hash=key_hash(record.source_key),
            defaults={
                "source_key": record.source_key,
                "article": article,
                **self._source_fields(record, digest),
            },
        )

    def _create_live(
        self,
        record: ArticleRecord,
        section: SectionPage,
        digest: str,
        stats: Counter[str],
        later: _Later,
    ) -> ArticlePage:
        """A new live article, published, in one pass: one insert of the page (and its
        authors and tags); its related block, first revision and log entries (created,
        published: what Wagtail's path writes) are written with the chunk's others
        (`_settle`). Wagtail's add_child + save_revision + publish would save the page three
        times, read its revision back and rank the archive for its block alone.

        What Wagtail's publish would leave is left here too: `live`, `live_revision` and
        `latest_revision` (the same revision), `first_published_at` (the source's date),
        `last_published_at`, `has_unpublished_changes` off, `url_path`, the treebeard path
        after the section's last child, and the section's `numchild`. ArticlePage's
        publication guard is applied as its `publish()` would: `refuse_unpublishable()` on
        the page about to go live (a page not yet saved has no takedown; an expiry in the
        past is refused), and `save()` still runs its own check. `page_published` is sent
        as Wagtail sends it, once the revision is written."""
        now = timezone.now()
        article = ArticlePage(
            title=record.headline,
            draft_title=record.headline,
            live=True,
            has_unpublished_changes=False,
            locale_id=section.locale_id,
        )
        article.slug = self._free_article_slug(section, record.headline)
        self._fill(article, record, stats, children=False)
        authors = [self._author(name) for name in record.authors]
        tags = list(dict.fromkeys(self._tag(name) for name in record.tags))
        article.last_published_at = now
        article.latest_revision_created_at = now
        article.depth = section.depth + 1
        article.path = self._next_child_path(section)
        # treebeard's parent cache: Page.save() reads the parent for url_path without a query.
        article._cached_parent_obj = section
        article._is_site_root = False
        article.refuse_unpublishable()
        with related.held_back():  # chosen with the chunk's others (`_settle`)
            article.save(clean=False, log_action=None)  # logged with the chunk
        # As treebeard's add_child does (the row's count is written with the chunk).
        section.numchild += 1
        source = SourceRecord(
            source_key=record.source_key,
            source_key_hash=key_hash(record.source_key),
            article=article,
            **self._source_fields(record, digest),
        )
        later.new_live.append(_NewLive(article, authors, tags, source))
        stats["redirects made"] += redirects.ensure_for_article(article, record.old_paths)
        return article

    def _path(self, page: Page) -> str:
        """`_path`, with the sites' root paths read once a run rather than from the cache for
        every page (Wagtail does so for each page it is not given a request for)."""
        if self._root_paths is None:
            self._root_paths = sorted(
                Site.get_site_root_paths(), key=lambda root: len(root.root_path), reverse=True
            )
        for root in self._root_paths:
            if page.url_path.startswith(root.root_path):
                return unquote("/" + page.url_path[len(root.root_path) :])
        return _path(page)

    def _next_child_path(self, section: SectionPage) -> str:
        """The treebeard path of a new last child of `section`. The section's row is locked
        and its last child read once a chunk, as treebeard's add_child does for each."""
        if section.pk not in self._last_child:
            Page.objects.select_for_update().filter(pk=section.pk).values_list("pk").first()
            self._last_child[section.pk] = (
                Page.objects.filter(path__startswith=section.path, depth=section.depth + 1)
                .order_by("-path")
                .values_list("path", flat=True)
                .first()
            )
        last = self._last_child[section.pk]
        path = child_path(section.path, 1 if last is None else step_of(last) + 1)
        self._last_child[section.pk] = path
        return path

    def _digest(self, record: ArticleRecord) -> str:
        return self._salted(record.digest())

    def _salted(self, digest: str) -> str:
        if self._salt:
            digest = hashlib.sha256(f"{digest}:{self._salt}".encode()).hexdigest()
        return digest

    def _upsert_page(self, record: ArticleRecord, stats: Counter[str]) -> Result:
        """A plain page under Home (`news.InfoPage`): same upsert, states and old links as an
        article, without section, authors, tags or comments."""
        digest = self._digest(record)
        source = (
            SourcePage.objects.select_related("page")
            .filter(source_key_hash=key_hash(record.source_key))
            .first()
        )
        if source is not None and source.digest == digest:
            return Result(Outcome.UNCHANGED, self._path(source.page), source.page_id)
        if source is None:
            page = InfoPage(title=record.headline, live=False)
            page.slug = self._free_slug(self.home, record.headline)
            page.body = self._body(record, stats)
            self.home.add_child(instance=page)
            outcome = Outcome.CREATED
        else:
            page = source.page
            page.title = record.headline
            page.body = self._body(record, stats)
            page.save()
            outcome = Outcome.UPDATED
        page.go_live_at = record.published_at if record.state == "scheduled" else None
        SourcePage.objects.update_or_create(
            source_key_hash=key_hash(record.source_key),
            defaults={
                "source_key": record.source_key,
                "page": page,
                "digest": digest,
                "old_paths": list(record.old_paths),
            },
        )
        publish = record.state in ("live", "scheduled")
        revision = page.save_revision(log_action=not publish, clean=False)
        if publish:
            revision.publish(log_action=True)
        elif page.live:
            page.unpublish(log_action=True)
        page.refresh_from_db(fields=["live"])
        if page.live:
            stats["redirects made"] += redirects.ensure_for_article(page, record.old_paths)
            for path in redirects.shadowed(record.old_paths):
                stats[f"old link answered by this site's own page: {unquote(path)}"] += 1
        else:
            redirects.remove_for_article(page, record.old_paths)
        stats["pages"] += 1
        if record.comments:
            stats["comments on pages left out"] += len(record.comments)
        stats.update(f"unknown shortcode [{name}]" for name in record.unknown_shortcodes)
        return Result(outcome, self._path(page), page.pk)

    def _archive_redirects(self, record: ArticleRecord, section: SectionPage) -> None:
        wanted = [a for a in record.archive_paths if a[0] not in self._archives_kept]
        if not wanted:
            return
        tags = {tag.name: tag for tag in Tag.objects.filter(name__in=record.tags)}
        for old_path, kind, name in wanted:
            if kind == "section" and name == section.title:
                redirects.ensure_for_article(section, [old_path])
            elif kind == "section_feed" and name == section.title:
                link = reverse("distribution:section_feed", args=[section.slug, "rss"])
                redirects.ensure_to_link(old_path, link)
            elif kind == "tag" and name in tags:
                redirects.ensure_to_link(old_path, tags[name].get_absolute_url())
            elif kind == "tag_feed" and name in tags:
                link = reverse("distribution:tag_feed", args=[tags[name].slug, "rss"])
                redirects.ensure_to_link(old_path, link)
            elif kind == "site_feed":
                redirects.ensure_to_link(old_path, reverse("distribution:feed", args=[name]))
            elif kind == "date":
                parts = [int(part) for part in name.split("-")]
                view = ("news:archive_year", "news:archive_month", "news:archive_day")
                redirects.ensure_to_link(old_path, reverse(view[len(parts) - 1], args=parts))
            elif kind == "author" and name in record.authors:
                link = reverse("news:author", args=[self._author(name).slug])
                redirects.ensure_to_link(old_path, link)
            else:
                continue
            self._archives_kept.add(old_path)

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

    def _fill(
        self,
        article: ArticlePage,
        record: ArticleRecord,
        stats: Counter[str],
        children: bool = True,
    ) -> None:
        """The article's fields from the record; with `children`, its authors and tags too
        (saved with the page); without, the caller writes them (`_settle`)."""
        article.summary = record.summary
        article.body = self._body(record, stats)
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
        if not children:
            return
        article.article_authors = [
            ArticleAuthor(author=self._author(name), sort_order=i)
            for i, name in enumerate(record.authors)
        ]
        article.tags.set(list(record.tags))

    def _body(self, record: ArticleRecord, stats: Counter[str]) -> list[dict[str, object]]:
        """The record's blocks as StreamField data; photos stored once (`MediaLibrary`)."""
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
            elif block.kind == "list":  # rebuilt from the same allow-list as "rich"
                body.append({"type": "list", "value": block.text})
            elif block.kind == "table":
                table = json.loads(block.text)
                body.append(
                    {
                        "type": "table",
                        "value": {
                            "caption": block.attribution,
                            "first_row_is_header": table["header"],
                            "rows": _items(
                                [
                                    _items(row, record.source_key, len(body), number)
                                    for number, row in enumerate(table["rows"])
                                ],
                                record.source_key,
                                len(body),
                            ),
                        },
                    }
                )
            elif block.kind == "gallery":
                items = []
                for item in json.loads(block.text):
                    ref = photos.get(item["src"])
                    image = self.media.image(ref, stats) if ref else None
                    if image is not None:
                        items.append({"image": image.pk, "caption": item["caption"]})
                if items:
                    body.append(
                        {
                            "type": "gallery",
                            "value": {
                                "images": _items(items, record.source_key, len(body)),
                                "caption": block.attribution,
                            },
                        }
                    )
            else:
                body.extend(body_stream([(block.kind, block.text, block.attribution)]))
        for number, stream_block in enumerate(body):
            stream_block["id"] = _block_id(record.source_key, number)
        return body

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

    def _tag(self, name: str) -> Tag:
        """The tag a name stands for, as taggit finds or makes it (names match whatever
        their case, the oldest tag first), once a run."""
        if name not in self._tags:
            found = Tag.objects.filter(name__iexact=name).order_by("pk").first()
            self._tags[name] = found or Tag.objects.create(name=name)
        return self._tags[name]

    def _author(self, name: str) -> Author:
        if name not in self._authors:
            self._authors[name], _ = Author.objects.get_or_create(name=name)
        return self._authors[name]

    def _free_article_slug(self, section: SectionPage, headline: str) -> str:
        """`_free_slug` for a chunk's new article: its section's slugs that start with any of
        the chunk's are read once (`_prefetch_slugs`), and each slug given out is added."""
        base = slugify(headline) or "article"
        if base not in self._chunk_bases:
            return self._free_slug(section, headline)
        if section.pk not in self._slugs:
            starts = models.Q(pk__in=[])
            for prefix in self._chunk_bases:
                starts |= models.Q(slug__startswith=prefix)
            self._slugs[section.pk] = set(
                Page.objects.child_of(section).filter(starts).values_list("slug", flat=True)
            )
        siblings = self._slugs[section.pk]
        taken = {slug for slug in siblings if slug.startswith(base)}
        if section.depth <= 2:
            taken |= RESERVED_SLUGS
        slug = unique_slug(base, taken, "article")
        siblings.add(slug)
        return slug

    @staticmethod
    def _free_slug(section: Page, headline: str) -> str:
        base = slugify(headline) or "article"
        taken = set(
            Page.objects.child_of(section)
            .filter(slug__startswith=base)
            .values_list("slug", flat=True)
        )
        if section.depth <= 2:  # under Home, a page's slug must not hide one of our own views
            taken |= RESERVED_SLUGS
        return unique_slug(base, taken, "article")


# Block ids are uuid5 names in this namespace (any fixed UUID would do).
_BLOCK_IDS = uuid.UUID("5b1d1c1e-6a40-4c59-9d0e-7d3f0c4a8e21")


def _block_id(source_key: str, *place: int) -> str:
    """The id of the block at `place` in a record's body (its index in the stream, then in
    each list), the same whenever that record is imported. A block stored without one is
    given a new random id each time it is loaded (ListBlock items) or on each save, and the
    reference index names a gallery's photo by its item's id: its rows would change on
    every re-index."""
    return str(uuid.uuid5(_BLOCK_IDS, f"{source_key}#{'.'.join(map(str, place))}"))


def _items(values: list[Any], source_key: str, *place: int) -> list[dict[str, Any]]:
    """`values` as a ListBlock stores them itself: each item with its id (`_block_id`)."""
    return [
        {"type": "item", "value": value, "id": _block_id(source_key, *place, number)}
        for number, value in enumerate(values)
    ]


def _ip_hash(ip: str) -> str:
    try:
        return hash_address(ipaddress.ip_address(ip.strip()))
    except ValueError:
        return ""


# Treebeard's materialised path: each level is a fixed-width step written in the model's
# alphabet. Written out here from its public parts (`alphabet`, `steplen`, `NumConv`).
_STEPS = NumConv(Page.alphabet)


def step_of(path: str) -> int:
    """The position among its siblings of the page at tree `path`."""
    return _STEPS.str2int(path[-Page.steplen :])


def child_path(parent_path: str, step: int) -> str:
    """The tree path of the `step`-th child of the page at `parent_path`."""
    key = _STEPS.int2str(step)
    if len(key) > Page.steplen:
        raise PathOverflow(f"no room for another child under {parent_path}")
    return parent_path + key.rjust(Page.steplen, Page.alphabet[0])


def _path(article: Page) -> str:
    """The article's URL path as readers see it in the address bar (Arabic, not %-escapes)."""
    return unquote(article.get_url() or "")


def _fit(text: str, model: type[Page], field: str) -> str:
    """Printed furniture (bylines, credits) shortened to the column rather than losing the
    whole article over it."""
    limit = model._meta.get_field(field).max_length or len(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"
