"""The normalised article record that every importer format produces.

A parser turns one source file (or one line of it) into an `ArticleRecord`; the shared
pipeline (`jarida.importers.pipeline`) writes records idempotently, keyed on `source_key`.
Parsers never touch the database, so each format can be tested on its own.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Literal, Protocol

BlockKind = Literal["paragraph", "quote", "subheading"]


class ParseError(ValueError):
    """A source item that cannot become an article; the message says why, for the operator."""


@dataclass(frozen=True)
class BodyBlock:
    kind: BlockKind
    text: str
    attribution: str = ""


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
    # Where the record came from, for messages: "path" or "path:line".
    origin: str = field(default="", compare=False)

    def digest(self) -> str:
        """A fingerprint of the content, so a re-import can tell `unchanged` from `updated`."""
        data = asdict(self)
        data.pop("origin")
        data["published_at"] = self.published_at.isoformat()
        data["updated_at"] = self.updated_at.isoformat() if self.updated_at else None
        canonical = json.dumps(data, ensure_ascii=False, sort_keys=True)
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class ImportOptions:
    # IANA zone for source times that carry no zone of their own.
    time_zone: str
    # Section for formats whose items name none (the text format).
    default_section: str


class Format(Protocol):
    """A source format: yields one record or one ParseError per article, never raises for bad
    input, so one bad item fails alone and the rest go on."""

    def __call__(
        self, path: Path, options: ImportOptions
    ) -> Iterator[ArticleRecord | ParseError]: ...
