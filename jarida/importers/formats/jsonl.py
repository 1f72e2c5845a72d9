"""The `jsonl` format: one JSON object per line, shaped like the SaudiNewsNet corpus.

Fields: `source` (newspaper code), `url`, `date_extracted` (`YYYY-MM-DD HH:MM:SS`, local
time of `options.time_zone`), `title`, `author` (the byline or dateline as printed, may be
empty) and `content` (paragraphs separated by newlines). Plain and gzip files are both read
line by line, so a corpus of any size streams through in constant memory; gzip is recognised
by its magic bytes, whatever the file is called.

Each line fails alone. A gzip stream that ends early yields its good lines, then one final
ParseError saying where it stopped.

The pipeline reads through `scan`, which yields each line unparsed (`RawItem`: its key and a
fingerprint of its bytes), so a re-import recognises an unchanged line before cleaning its
body; `read` is the same stream parsed.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import zlib
from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from jarida.arabic import clean, to_latin_digits
from jarida.importers.records import (
    ArticleRecord,
    BodyBlock,
    ImportOptions,
    ParseError,
    RawItem,
)

GZIP_MAGIC = b"\x1f\x8b"
# A corpus line is one article, a few kilobytes; a longer line is not an article and must not
# be read whole into memory.
MAX_LINE_BYTES = 5 * 1024 * 1024
# A page title, in Wagtail, holds 255 characters; a longer title is body text in the wrong field.
MAX_HEADLINE_CHARS = 255
# Part of every line's raw fingerprint: bump it when a change here (or in `clean`) changes
# what a line parses to, so the next import parses every line again instead of finding it
# unchanged.
PARSER_VERSION = "jsonl-1"

# SaudiNewsNet source codes -> the paper's Arabic name, which becomes the section. Each was
# checked against the domains of the corpus URLs (in brackets).
SOURCE_SECTIONS: dict[str, str] = {
    "aawsat": "الشرق الأوسط",  # aawsat.com
    "aleqtisadiya": "الاقتصادية",  # www.aleqt.com
    "aljazirah": "الجزيرة",  # www.al-jazirah.com
    "alriyadh": "الرياض",  # www.alriyadh.com
    "alwatan": "الوطن",  # www.alwatan.com.sa
    "alweeam": "الوئام",  # www.alweeam.com.sa
    "alyaum": "اليوم",  # www.alyaum.com
    # www.3alyoum.com is «عين اليوم» ("3" spells ع): its articles sign "عين اليوم – جدة".
    "3alyoum": "عين اليوم",
    "arreyadi": "الرياضي",  # www.arreyadi.com.sa
    "arriyadiyah": "الرياضية",  # www.arriyadiyah.com
    "sabq": "سبق",  # sabq.org
    "was": "واس",  # www.spa.gov.sa, the Saudi Press Agency
}


def read(path: Path, options: ImportOptions) -> Iterator[ArticleRecord | ParseError]:
    """Yield one record or one ParseError per non-blank line of the file at `path`."""
    for item in scan(path, options):
        yield item.parse() if isinstance(item, RawItem) else item


def scan(path: Path, options: ImportOptions) -> Iterator[RawItem | ArticleRecord | ParseError]:
    """`read`, each line left unparsed: a `RawItem` whose `parse()` gives what `read` would.
    A line whose key cannot be read (not JSON, no URL) is parsed at once, for its error."""
    zone = ZoneInfo(options.time_zone)
    shaped_by = json.dumps(
        [PARSER_VERSION, options.time_zone, options.default_section, options.section_map],
        ensure_ascii=False,
        sort_keys=True,
    ).encode()
    try:
        stream = _open(path)
    except OSError as error:
        yield ParseError(f"{path}: cannot read the file ({error.strerror or error})")
        return
    with stream:
        line_number = 0
        while True:
            try:
                raw = stream.readline(MAX_LINE_BYTES + 1)
                if len(raw) > MAX_LINE_BYTES and not raw.endswith(b"\n"):
                    _skip_rest_of_line(stream)
                    line_number += 1
                    yield ParseError(
                        f"{path}:{line_number}: line is longer than "
                        f"{MAX_LINE_BYTES // (1024 * 1024)} MB; not one article"
                    )
                    continue
            except (EOFError, gzip.BadGzipFile, zlib.error) as error:
                yield ParseError(
                    f"{path}: the gzip stream is truncated or corrupt after line {line_number} "
                    f"({error}); the lines before it were read"
                )
                return
            except OSError as error:
                yield ParseError(f"{path}: read failed after line {line_number} ({error})")
                return
            if not raw:
                return
            line_number += 1
            if raw.strip():
                yield _raw_item(raw, f"{path}:{line_number}", zone, options, shaped_by)


def _raw_item(
    raw: bytes, origin: str, zone: ZoneInfo, options: ImportOptions, shaped_by: bytes
) -> RawItem | ArticleRecord | ParseError:
    key = _source_key(raw)
    if key is None:  # no article without a key: parsed now, for its error
        return _parse_line(raw, origin, zone, options)
    digest = hashlib.sha256(shaped_by + b"\n" + raw.rstrip(b"\r\n")).hexdigest()
    return RawItem(
        source_key=key,
        raw_digest=digest,
        origin=origin,
        parse=partial(_parse_line, raw, origin, zone, options, digest),
    )


def _source_key(raw: bytes) -> str | None:
    """The line's `source_key` as `_record` makes it, or None where `_record` would fail on
    the key itself."""
    try:
        item = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        return None
    url = item.get("url") if isinstance(item, dict) else None
    if not isinstance(url, str) or not url.strip().startswith(("http://", "https://")):
        return None
    return f"url:{url.strip()}"


def _open(path: Path) -> io.BufferedIOBase:
    """The file's bytes, decompressed if it starts with the gzip magic number."""
    with path.open("rb") as probe:
        is_gzip = probe.read(2) == GZIP_MAGIC
    return gzip.open(path, "rb") if is_gzip else path.open("rb")


def _skip_rest_of_line(stream: io.BufferedIOBase) -> None:
    while True:
        chunk = stream.readline(MAX_LINE_BYTES)
        if not chunk or chunk.endswith(b"\n"):
            return


def _parse_line(
    raw: bytes, origin: str, zone: ZoneInfo, options: ImportOptions, raw_digest: str = ""
) -> ArticleRecord | ParseError:
    try:
        record = _record(raw, origin, zone, options)
    except ParseError as error:
        return ParseError(f"{origin}: {error}")
    return replace(record, raw_digest=raw_digest) if raw_digest else record


def _record(raw: bytes, origin: str, zone: ZoneInfo, options: ImportOptions) -> ArticleRecord:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ParseError(f"not UTF-8 (byte {error.start + 1})") from error
    try:
        item = json.loads(text)
    except json.JSONDecodeError as error:
        if not raw.endswith(b"\n") and error.pos >= len(text.rstrip()) - 1:
            raise ParseError(
                "invalid JSON: the last line stops mid-object (truncated file?)"
            ) from None
        raise ParseError(f"invalid JSON ({error.msg} at column {error.colno})") from None
    except RecursionError:
        raise ParseError("invalid JSON (nested too deeply to be an article)") from None
    if not isinstance(item, dict):
        raise ParseError(f"expected a JSON object, got {_json_type(item)}")

    title = clean(_text_field(item, "title")).strip()
    if not title:
        raise ParseError("missing or empty title")
    if len(title) > MAX_HEADLINE_CHARS:
        raise ParseError(
            f"title is {len(title)} characters, longer than a headline can be "
            f"({MAX_HEADLINE_CHARS})"
        )
    url = _text_field(item, "url").strip()
    if not url:
        raise ParseError("missing url")
    if not url.startswith(("http://", "https://")):
        raise ParseError(f"url {url[:80]!r} is not an http(s) URL")
    paragraphs = tuple(
        paragraph
        for paragraph in (clean(line).strip() for line in _text_field(item, "content").split("\n"))
        if paragraph
    )
    if not paragraphs:
        raise ParseError("empty content")
    source = _text_field(item, "source").strip()
    return ArticleRecord(
        source_key=f"url:{url}",
        headline=title,
        body=tuple(BodyBlock(kind="paragraph", text=paragraph) for paragraph in paragraphs),
        published_at=_published_at(_text_field(item, "date_extracted"), zone),
        # An item without a paper falls back to the import's section, like the text format.
        section=SOURCE_SECTIONS.get(source, source) or options.default_section,
        byline=clean(_text_field(item, "author")).strip(),
        source_url=url,
        origin=origin,
    )


def _text_field(item: dict[str, Any], name: str) -> str:
    """The field as a string; absent or null reads as empty, any other type is an error."""
    value = item.get(name)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ParseError(f"field {name!r} should be a string, got {_json_type(value)}")
    return value


def _published_at(value: str, zone: ZoneInfo) -> datetime:
    """The crawl time stands in for publication (the corpus has nothing better); naive times
    are local to the import's zone, explicit offsets are kept."""
    text = to_latin_digits(value).strip()
    if not text:
        raise ParseError("missing date_extracted")
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise ParseError(
            f"date_extracted {value[:40]!r} is not a date (expected YYYY-MM-DD HH:MM:SS)"
        ) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=zone)


def _json_type(value: object) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    return "null" if value is None else "a string"
