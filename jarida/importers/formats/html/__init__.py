"""The `html` format: one article page saved from any news site (a browser's "Save Page As").

One file is one article. The page is decoded (`formats.encoding`: byte-order mark, the
charset the page declares, UTF-8, Windows-1256 or ISO-8859-6 if the text reads as Arabic,
then charset-normalizer), parsed with lxml, and read twice:

- **Facts** (`facts.py`) come from what the site declared for machines, in this order: JSON-LD
  (`NewsArticle` and its kin, inside `@graph` too), then OpenGraph and `article:*` meta tags,
  then `<meta name=…>`, `<link rel=canonical>`, `<time datetime>`; trafilatura's metadata
  fills what is still missing (its date is a day, read as midnight in the import's zone).
- **The body** is what trafilatura finds as the main text (menus, related links, comments
  and footers left out), as HTML, turned into blocks by `html_body.convert_markup`: the same
  allow-list rebuild the WordPress importer uses, so nothing of the page's markup is trusted.

Times without a zone are read in `ImportOptions.time_zone`. Text goes through
`jarida.arabic.clean` (presentation forms such as ﻻ become letters). The article's identity
is its canonical URL (`url:<url>`, the key the `jsonl` format uses too), else the URL a
browser notes when saving (`<!-- saved from url=… -->`), else a hash of the file's bytes.

Files a saved page brings with it (`page_files/*.jpg`, `.css`, `.js`) are skipped, so a
folder of saved pages can be imported as it is; anything else that is not an HTML page,
an empty file, binary junk or a file over `MAX_BYTES` fails alone with a message.
"""

from __future__ import annotations

import hashlib
import logging
import re
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urljoin
from zoneinfo import ZoneInfo

import lxml.etree
import lxml.html
import trafilatura

from jarida.arabic import normalise
from jarida.importers.formats.encoding import decode, read_capped
from jarida.importers.formats.html.facts import Facts, file_name, local_path, one_line
from jarida.importers.formats.html_body import convert_markup
from jarida.importers.records import (
    ArticleRecord,
    BodyBlock,
    ImportOptions,
    MediaRef,
    ParseError,
    Skipped,
)

GZIP_MAGIC = b"\x1f\x8b"
# A saved article page is well under a megabyte of HTML; single-file savers that inline the
# photos reach a few megabytes. Anything larger is not one article.
MAX_BYTES = 20 * 1024 * 1024
# A page title, in Wagtail, holds 255 characters.
MAX_HEADLINE_CHARS = 255
MAX_SUMMARY_CHARS = 600
# Fewer words than this outside the page's furniture is a section front, a gallery or an
# error page, not an article (the shortest news brief is a sentence or two).
MIN_BODY_WORDS = 12
MAX_SECTION_CHARS = 80
# What a browser saves beside a page ("Web Page, complete"): never a page itself.
ASSET_SUFFIXES = frozenset(
    [
        ".css",
        ".js",
        ".mjs",
        ".map",
        ".json",
        ".jpg",
        ".jpeg",
        ".png",
        ".gif",
        ".webp",
        ".avif",
        ".svg",
        ".ico",
        ".bmp",
        ".tif",
        ".tiff",
        ".woff",
        ".woff2",
        ".ttf",
        ".otf",
        ".eot",
        ".mp4",
        ".webm",
        ".mp3",
        ".ogg",
        ".wav",
    ]
)

_DECLARED_CHARSET = re.compile(
    rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)"""
    rb"""|<\?xml[^>]+?encoding\s*=\s*["']([A-Za-z0-9._:-]+)""",
    re.I,
)
_LOOKS_HTML = re.compile(r"<(?:!doctype\s+html|html|head|body|article|main|p|div|h1)\b", re.I)
_MHTML = re.compile(r"^(?:From|MIME-Version|Content-Type|Snapshot-Content-Location)\s*:", re.I)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_SPACES = re.compile(r"\s+")

# Each page's failure is reported once, by the importer, with its file name; the extractor's
# own log lines ("discarding data: None") would only interleave with the progress line.
for _noisy in ("trafilatura", "htmldate", "courlan", "justext"):
    logging.getLogger(_noisy).setLevel(logging.CRITICAL)


def read(path: Path, options: ImportOptions) -> Iterator[ArticleRecord | ParseError | Skipped]:
    """Yield the one article in the page saved at `path`, or one ParseError saying why not
    (or a Skipped for a file the page brought with it: a photo, a style sheet, a script)."""
    origin = str(path)
    if path.suffix.lower() in ASSET_SUFFIXES:
        yield Skipped(f"not a page ({path.suffix.lower()} file saved with a page)", origin)
        return
    try:
        yield _parse(read_capped(path, MAX_BYTES, "one article page"), path, options)
    except ParseError as error:
        yield ParseError(f"{origin}: {error}")


def _parse(data: bytes, path: Path, options: ImportOptions) -> ArticleRecord:
    data = _gunzipped(data)
    text = decode(data, _declared_charset(data), markup=True, detect=True)
    if _MHTML.match(text.lstrip()):
        raise ParseError(
            "an MHTML archive (.mhtml), not an HTML page: save the page as "
            "'Web Page, complete' or 'HTML only'"
        )
    if not _LOOKS_HTML.search(text):
        raise ParseError("not an HTML page (no <html>, <body> or paragraph tags)")
    tree = _tree(text)
    zone = ZoneInfo(options.time_zone)
    facts = Facts.of(tree, text, zone)
    blocks, image_urls = _body(tree, facts.url)
    fallback = _fallback_metadata(tree) if facts.missing() else None
    if fallback is not None:
        facts.fill_from(fallback, zone)

    headline = facts.headline
    if not headline:
        raise ParseError("no headline found (no JSON-LD headline, og:title, <h1> or <title>)")
    if len(headline) > MAX_HEADLINE_CHARS:
        raise ParseError(
            f"headline is {len(headline)} characters, longer than a headline can be "
            f"({MAX_HEADLINE_CHARS})"
        )
    blocks = _with_captions(_without_repeats(blocks, headline, facts.image), tree)
    words = sum(
        len(re.sub(r"<[^>]+>", " ", block.text).split())
        for block in blocks
        if block.kind in {"rich", "paragraph", "quote", "list"}
    )
    if words < MIN_BODY_WORDS:
        raise ParseError(
            f"no article text found in the page ({words} words of text outside the "
            f"menus and footers; an article has at least {MIN_BODY_WORDS})"
        )
    if facts.published_at is None:
        raise ParseError(
            "no publication date found (no JSON-LD datePublished, article:published_time, "
            "<time datetime> or date the page shows)"
        )

    lead_image = None
    if facts.image:
        lead_image = MediaRef(
            url=facts.image,
            path=facts.image_path,
            caption=facts.image_caption,
            alt=facts.image_alt,
            title=headline,
        )
    kept_urls = {block.text for block in blocks if block.kind == "image"}
    images = tuple(
        MediaRef(url=url, path=local_path(url)) for url in image_urls if url in kept_urls
    )
    updated_at = facts.updated_at
    if updated_at is not None and updated_at <= facts.published_at:
        updated_at = None
    source_url = facts.url or facts.saved_from
    return ArticleRecord(
        source_key=f"url:{source_url}"
        if source_url
        else f"html:{hashlib.sha256(data).hexdigest()}",
        headline=headline,
        body=tuple(blocks),
        published_at=facts.published_at,
        updated_at=updated_at,
        section=_section(facts.section, options),
        summary=_shorten(facts.summary, MAX_SUMMARY_CHARS),
        authors=tuple(facts.authors),
        byline=facts.byline,
        tags=tuple(facts.tags),
        image_credit=facts.image_credit,
        image_caption=facts.image_caption,
        source_url=source_url,
        lead_image=lead_image,
        images=images,
        origin=str(path),
    )


def _gunzipped(data: bytes) -> bytes:
    """A page saved compressed (`.html.gz`, as some archivers keep them), decompressed no
    further than `MAX_BYTES`, so a small bomb cannot fill the memory."""
    if not data.startswith(GZIP_MAGIC):
        return data
    inflater = zlib.decompressobj(wbits=31)
    try:
        page = inflater.decompress(data, MAX_BYTES + 1)
    except zlib.error as error:
        raise ParseError(f"a gzip file that does not decompress ({error})") from None
    if len(page) > MAX_BYTES:
        raise ParseError(f"decompresses to more than {MAX_BYTES // (1024 * 1024)} MB")
    return page


def _declared_charset(data: bytes) -> str | None:
    """The charset a `<meta charset>`, `<meta http-equiv=Content-Type>` or XML declaration
    names in the page's first kilobytes (where browsers look for it)."""
    match = _DECLARED_CHARSET.search(data[:4096])
    if not match:
        return None
    return (match.group(1) or match.group(2)).decode("ascii", errors="replace")


def _tree(text: str) -> lxml.html.HtmlElement:
    # lxml refuses a str that still carries an XML encoding declaration (XHTML pages).
    text = _XML_DECLARATION.sub("", text, count=1)
    try:
        tree = lxml.html.document_fromstring(text)
    except (lxml.etree.ParserError, ValueError) as error:
        raise ParseError(f"not a readable HTML page ({error})") from None
    return tree


def _fallback_metadata(tree: lxml.html.HtmlElement) -> Any:
    try:
        return trafilatura.extract_metadata(lxml.html.fromstring(lxml.html.tostring(tree)))
    except Exception:  # a metadata heuristic failing must not lose the article
        return None


# --- Body ------------------------------------------------------------------------------------


def _body(tree: lxml.html.HtmlElement, url: str) -> tuple[list[BodyBlock], list[str]]:
    """The main text as blocks, and the URLs of the photos it shows."""
    try:
        # No `url`: trafilatura would resolve a photo saved beside the page
        # (`page_files/bus.jpg`) against the site, where it is not.
        html = trafilatura.extract(
            tree,
            output_format="html",
            include_comments=False,
            include_tables=True,
            include_images=True,
            include_links=True,
            include_formatting=True,
            deduplicate=False,
        )
    except RecursionError:
        raise ParseError("HTML nested too deeply to be an article page") from None
    except Exception as error:  # a third-party heuristic: one page fails alone
        raise ParseError(f"text extraction failed ({type(error).__name__}: {error})") from None
    if not html:
        raise ParseError("no article text found in the page (the extractor found no main text)")
    # A link to the site's own pages points at the site, not at the imported copy's folder.
    result = convert_markup(html, lambda href: urljoin(url, href) if url else href)
    return result.blocks, result.image_urls


def _without_repeats(blocks: list[BodyBlock], headline: str, lead_image: str) -> list[BodyBlock]:
    """Without the headline printed again at the top and the lead photo shown again: both are
    the article's own fields."""
    key = normalise(headline)
    lead = file_name(lead_image)
    kept: list[BodyBlock] = []
    for index, block in enumerate(blocks):
        if block.kind == "subheading" and index <= 2 and normalise(block.text) == key:
            continue
        if block.kind == "image" and lead and file_name(block.text) == lead:
            continue
        kept.append(block)
    return kept


def _with_captions(blocks: list[BodyBlock], tree: lxml.html.HtmlElement) -> list[BodyBlock]:
    """Photos with the captions their figures had in the page (the extractor keeps the photo
    and drops its `<figcaption>`)."""
    captions: dict[str, str] = {}
    for figure in tree.iter("figure"):
        caption = figure.xpath(".//figcaption")
        images = figure.xpath(".//img")
        if caption and len(images) == 1:
            name = file_name(images[0].get("src") or images[0].get("data-src") or "")
            captions.setdefault(name, one_line(caption[0].text_content())[:250])
    return [
        BodyBlock("image", block.text, captions.get(file_name(block.text), ""))
        if block.kind == "image" and not block.attribution
        else block
        for block in blocks
    ]


# --- Small readers ---------------------------------------------------------------------------


def _section(name: str, options: ImportOptions) -> str:
    if not name or len(name) > MAX_SECTION_CHARS:
        return options.default_section
    return options.section_map.get(name, options.section_map.get(name.lower(), name))


def _shorten(text: str, limit: int) -> str:
    text = _SPACES.sub(" ", text).strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"
