"""The normalised article record that every importer format produces.

A parser turns one source file (or one line of it) into an `ArticleRecord`; the shared
pipeline (`jarida.importers.pipeline`) writes records idempotently, keyed on `source_key`.
Parsers never touch the database, so each format can be tested on its own.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Literal, Protocol

# "rich" is a paragraph already rebuilt by a format from parsed HTML, holding only <b>, <i>,
# <br/> and <a href="http(s)/mailto/relative">, every text node escaped (see formats/html_body);
# "image" is a photo: `text` is its source URL, `attribution` its caption.
# "list" is a `<ul>`/`<ol>` rebuilt the same way (items hold the inline allow-list);
# "table" is JSON `{"rows": [[cell, ...], ...], "header": bool}` of plain-text cells, with
# its caption as `attribution`; "gallery" is JSON `[{"src": url, "caption": text}, ...]`,
# with the gallery's caption as `attribution`.
BlockKind = Literal["paragraph", "quote", "subheading", "rich", "image", "list", "table", "gallery"]
# What readers may see of an article: live now, live at `go_live_at` (the scheduler publishes
# it), or never (a draft; "private" is a draft that must stay one: `note` says why).
State = Literal["live", "scheduled", "draft", "private"]


class ParseError(ValueError):
    """A source item that cannot become an article; the message says why, for the operator."""


@dataclass(frozen=True)
class BodyBlock:
    kind: BlockKind
    text: str
    attribution: str = ""


@dataclass(frozen=True)
class Skipped:
    """A source item that is deliberately not imported (a WordPress trash post, a menu item),
    with the reason counted in the summary."""

    reason: str
    origin: str = ""


@dataclass(frozen=True)
class MediaRef:
    """A photo as the source names it. Nothing is downloaded: `path` is where the file sits
    under the uploads folder the operator gave (`--media`), or empty if the source does not
    say."""

    url: str
    path: str = ""
    title: str = ""
    caption: str = ""
    alt: str = ""
    # The photo's credit as the source recorded it apart from the caption (WordPress: what it
    # read from the file's IPTC/EXIF at upload); the caption's own credit still comes first.
    credit: str = ""


@dataclass(frozen=True)
class CommentRecord:
    """A reader comment as the source kept it; `parent` is the source id of the comment it
    answers, or empty."""

    source_id: str
    name: str
    body: str
    created_at: datetime
    approved: bool
    parent: str = ""
    email: str = ""
    ip: str = ""


@dataclass(frozen=True)
class ArticleRecord:
    # Stable identity of the article at its source: "url:<url>" or "text:<file name>".
    source_key: str
    headline: str
    body: tuple[BodyBlock, ...]
    # Timezone-aware.
    published_at: datetime
    section: str
    updated_at: datetime | None = None
    summary: str = ""
    # Structured author names, where the source has them.
    authors: tuple[str, ...] = ()
    # The byline or dateline exactly as the paper printed it ("لندن: رنيم حنوش", "الرياض - واس");
    # kept as text so agency datelines never become fake authors.
    byline: str = ""
    tags: tuple[str, ...] = ()
    # Credit and caption of the lead photo as the source printed them (the photo file itself
    # is often not part of the source).
    image_credit: str = ""
    image_caption: str = ""
    source_url: str = ""
    state: State = "live"
    # Why an article that was live at its source is kept a draft here (a private post).
    note: str = ""
    # Old URL paths (and `/?p=ID`) that must answer 301 to the article once it is public.
    old_paths: tuple[str, ...] = ()
    # Old archive paths of its section and tags, and of their feeds and the site's: (old path,
    # "section" | "tag" | "section_feed" | "tag_feed", name) or (old path, "site_feed", format).
    archive_paths: tuple[tuple[str, str, str], ...] = ()
    lead_image: MediaRef | None = None
    # Photos of the body, by the URL an "image" body block names.
    images: tuple[MediaRef, ...] = ()
    comments: tuple[CommentRecord, ...] = ()
    # A sticky post: the top story, where the paper has one.
    sticky: bool = False
    # Names of shortcodes the body had that nothing understands (removed), for the summary.
    unknown_shortcodes: tuple[str, ...] = ()
    # "article", or "page": a plain page under Home (a WordPress page: من نحن، اتصل بنا).
    kind: Literal["article", "page"] = "article"
    # Where the record came from, for messages: "path" or "path:line".
    origin: str = field(default="", compare=False)
    # The `RawItem.raw_digest` of the source item it was parsed from, if the format gives one.
    raw_digest: str = field(default="", compare=False)

    def digest(self) -> str:
        """A fingerprint of the content, so a re-import can tell `unchanged` from `updated`."""
        data = asdict(self)
        data.pop("origin")
        data.pop("raw_digest")
        if data["kind"] == "article":  # records written before pages existed keep their digest
            data.pop("kind")
        data["published_at"] = self.published_at.isoformat()
        data["updated_at"] = self.updated_at.isoformat() if self.updated_at else None
        canonical = json.dumps(data, ensure_ascii=False, sort_keys=True, default=str)
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class RawItem:
    """A source item read but not parsed yet: its `source_key` and a fingerprint of its raw
    bytes (with what else shapes its parse: options, parser version). The pipeline asks the
    database about a chunk of these at once and parses only the new or changed ones, so an
    unchanged item costs a hash, not a parse and clean of its body."""

    source_key: str
    raw_digest: str
    origin: str
    # The parse this stands for: the record (its `raw_digest` set) or why it fails.
    parse: Callable[[], ArticleRecord | ParseError]
    kind: Literal["article", "page"] = "article"


@dataclass(frozen=True)
class ImportOptions:
    # IANA zone for source times that carry no zone of their own.
    time_zone: str
    # Section for formats whose items name none (the text format).
    default_section: str
    # Source category (slug or name) -> section title (`--sections map.csv`).
    section_map: dict[str, str] = field(default_factory=dict)
    # WordPress post types that become articles (`--post-types`): `post`, and a site's own
    # types for opinion pieces, videos, columns, where it has them.
    post_types: tuple[str, ...] = ("post",)
    # WordPress's category and tag bases (Settings → Permalinks), which the export does not
    # record: the first part of each archive's old address. Empty for a site whose plugin
    # strips the category base (`/politics/`).
    category_base: str = "category"
    tag_base: str = "tag"


class Format(Protocol):
    """A source format: yields one record or one ParseError per article, never raises for bad
    input, so one bad item fails alone and the rest go on."""

    def __call__(
        self, path: Path, options: ImportOptions
    ) -> Iterator[ArticleRecord | RawItem | ParseError | Skipped]: ...
