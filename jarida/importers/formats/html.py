"""The `html` format: one article page saved from any news site (a browser's "Save Page As").

One file is one article. The page is decoded (`formats.encoding`: byte-order mark, the
charset the page declares, UTF-8, Windows-1256 or ISO-8859-6 if the text reads as Arabic,
then charset-normalizer), parsed with lxml, and read twice:

- **Facts** come from what the site declared for machines, in this order: JSON-LD
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
import json
import logging
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from email.utils import parsedate_to_datetime
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit
from zoneinfo import ZoneInfo

import lxml.etree
import lxml.html
import trafilatura

from jarida.arabic import clean, normalise, to_latin_digits
from jarida.importers.formats.encoding import decode, read_capped
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
MAX_AUTHOR_CHARS = 120
MAX_SECTION_CHARS = 80
MAX_TAGS = 20
MAX_TAG_CHARS = 100
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
        ".txt",
        ".xml",
        ".pdf",
    ]
)
# JSON-LD types that describe an article (schema.org's Article and its news subtypes).
ARTICLE_TYPES = frozenset(
    {
        "Article",
        "NewsArticle",
        "ReportageNewsArticle",
        "AnalysisNewsArticle",
        "OpinionNewsArticle",
        "BackgroundNewsArticle",
        "ReviewNewsArticle",
        "AskPublicNewsArticle",
        "BlogPosting",
        "LiveBlogPosting",
        "Report",
    }
)

_DECLARED_CHARSET = re.compile(
    rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)"""
    rb"""|<\?xml[^>]+?encoding\s*=\s*["']([A-Za-z0-9._:-]+)""",
    re.I,
)
_LOOKS_HTML = re.compile(r"<(?:!doctype\s+html|html|head|body|article|main|p|div|h1)\b", re.I)
_MHTML = re.compile(r"^(?:From|MIME-Version|Content-Type|Snapshot-Content-Location)\s*:", re.I)
_SAVED_FROM = re.compile(r"<!--\s*saved from url=\(\d+\)\s*(\S+?)\s*-->", re.I)
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
    facts = _Facts.of(tree, text, zone)
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
        MediaRef(url=url, path=_local_path(url)) for url in image_urls if url in kept_urls
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


# --- Facts -----------------------------------------------------------------------------------


@dataclass
class _Facts:
    """What the page declares about the article, first declaration of each fact wins."""

    headline: str = ""
    published_at: datetime | None = None
    updated_at: datetime | None = None
    authors: list[str] = field(default_factory=list)
    byline: str = ""
    section: str = ""
    tags: list[str] = field(default_factory=list)
    summary: str = ""
    url: str = ""
    saved_from: str = ""
    image: str = ""
    image_caption: str = ""
    image_credit: str = ""
    image_alt: str = ""
    # The lead photo's file saved beside the page (`page_files/bus.jpg`), if it was.
    image_path: str = ""

    @classmethod
    def of(cls, tree: lxml.html.HtmlElement, text: str, zone: ZoneInfo) -> _Facts:
        facts = cls()
        saved = _SAVED_FROM.search(text[:4096])
        if saved and _is_web_url(saved.group(1)):
            facts.saved_from = saved.group(1)
        for item in _json_ld_articles(tree):
            facts._from_json_ld(item, zone)
        facts._from_meta(tree, zone)
        facts._from_markup(tree, zone)
        if facts.image:
            facts._from_lead_figure(tree)
        return facts

    def missing(self) -> bool:
        return not (self.headline and self.published_at and (self.authors or self.byline))

    def _from_json_ld(self, item: dict[str, Any], zone: ZoneInfo) -> None:
        self.headline = self.headline or _one_line(_first_text(item.get("headline")))
        self.headline = self.headline or _one_line(_first_text(item.get("name")))
        self.published_at = self.published_at or _moment(item.get("datePublished"), zone)
        self.published_at = self.published_at or _moment(item.get("dateCreated"), zone)
        self.updated_at = self.updated_at or _moment(item.get("dateModified"), zone)
        if not self.authors and not self.byline:
            for author in _as_list(item.get("author")) or _as_list(item.get("creator")):
                self._add_author(author)
        self.section = self.section or _one_line(_first_text(item.get("articleSection")))
        if not self.tags:
            self._add_tags(item.get("keywords"))
        self.summary = self.summary or clean(_first_text(item.get("description"))).strip()
        if not self.url:
            for candidate in (item.get("url"), item.get("mainEntityOfPage"), item.get("@id")):
                url = _url_of(candidate)
                if _is_web_url(url) and "#" not in url:
                    self.url = url
                    break
        if not self.image:
            for image in _as_list(item.get("image")) or _as_list(item.get("thumbnailUrl")):
                if isinstance(image, dict):
                    url = _url_of(image.get("url") or image.get("contentUrl"))
                    if url:
                        self.image = url
                        self.image_caption = _one_line(_first_text(image.get("caption")))
                        self.image_credit = _credit(image)
                        break
                elif isinstance(image, str) and image.strip():
                    self.image = image.strip()
                    break

    def _from_meta(self, tree: lxml.html.HtmlElement, zone: ZoneInfo) -> None:
        meta = _meta_tags(tree)

        def first(*names: str) -> str:
            for name in names:
                for value in meta.get(name, ()):
                    if value.strip():
                        return value.strip()
            return ""

        self.headline = self.headline or _one_line(first("og:title", "twitter:title"))
        for name in ("article:published_time", "datepublished", "pubdate", "publishdate",
                     "dc.date.issued", "dcterms.created", "sailthru.date", "date"):  # fmt: skip
            self.published_at = self.published_at or _moment(first(name), zone)
        for name in ("article:modified_time", "og:updated_time", "datemodified", "lastmod"):
            self.updated_at = self.updated_at or _moment(first(name), zone)
        if not self.authors and not self.byline:
            for name in meta.get("author", ()) or meta.get("article:author", ()):
                self._add_author(name)
        self.section = self.section or _one_line(first("article:section"))
        if not self.tags:
            self._add_tags(meta.get("article:tag", []))
        self.summary = self.summary or clean(first("og:description", "description")).strip()
        if not self.url:
            canonical = tree.xpath("//link[@rel='canonical']/@href")
            url = canonical[0].strip() if canonical else first("og:url")
            if _is_web_url(url):
                self.url = url
        if not self.image:
            self.image = first("og:image", "og:image:url", "og:image:secure_url", "twitter:image")
            self.image_alt = _one_line(first("og:image:alt", "twitter:image:alt"))

    def _from_markup(self, tree: lxml.html.HtmlElement, zone: ZoneInfo) -> None:
        """Microdata and `<time>` when nothing declared the date for machines."""
        if self.published_at is None:
            for value in tree.xpath(
                "//*[@itemprop='datePublished']/@content|//*[@itemprop='datePublished']/@datetime"
                "|//article//time/@datetime|//time[@pubdate]/@datetime"
            ):
                self.published_at = _moment(value, zone)
                if self.published_at:
                    break
        if not self.authors and not self.byline:
            for node in tree.xpath("//*[@itemprop='author']")[:3]:
                names = node.xpath(".//*[@itemprop='name']/@content|.//*[@itemprop='name']")
                name = names[0] if names else node
                self._add_author(name if isinstance(name, str) else name.text_content())

    def _from_lead_figure(self, tree: lxml.html.HtmlElement) -> None:
        """The lead photo's caption, from the figure that shows it, if the site's metadata
        gave none; its alt text likewise; and its file, if the browser saved it."""
        wanted = _file_name(self.image)
        if not wanted:
            return
        for img in tree.iter("img"):
            sources = [img.get("src") or "", img.get("data-src") or ""]
            matching = [source for source in sources if source and _file_name(source) == wanted]
            if not matching:
                continue
            self.image_path = _local_path(matching[0])
            self.image_alt = self.image_alt or _one_line(img.get("alt") or "")
            figure = next((a for a in img.iterancestors("figure")), None)
            captions = figure.xpath(".//figcaption") if figure is not None else []
            if captions and not self.image_caption:
                self.image_caption = _one_line(captions[0].text_content())
            return

    def fill_from(self, document: Any, zone: ZoneInfo) -> None:
        """trafilatura's reading of the page, for the facts the page did not declare."""
        self.headline = self.headline or _one_line(document.title or "")
        self.published_at = self.published_at or _moment(document.date, zone)
        if not self.authors and not self.byline and document.author:
            for name in str(document.author).split(";"):
                self._add_author(name)
        if not self.section and document.categories:
            self.section = _one_line(document.categories[0])
        self.url = self.url or (document.url if _is_web_url(document.url or "") else "")
        self.image = self.image or (document.image or "")

    def _add_author(self, author: object) -> None:
        """People become authors; an organisation (a wire service, the paper itself) is the
        byline, never a fake person; a profile URL is not a name."""
        if isinstance(author, dict):
            kinds = {str(kind) for kind in _as_list(author.get("@type"))}
            name = _one_line(_first_text(author.get("name")))
            if kinds & {"Organization", "NewsMediaOrganization", "Corporation"}:
                self.byline = self.byline or name[:255]
                return
        else:
            name = _one_line(str(author)) if isinstance(author, str) else ""
        if not name or _is_web_url(name) or name.startswith("/") or len(name) > MAX_AUTHOR_CHARS:
            return
        if normalise(name) not in {normalise(known) for known in self.authors}:
            self.authors.append(name)

    def _add_tags(self, value: object) -> None:
        words: list[str] = []
        for item in _as_list(value):
            if isinstance(item, str):
                words.extend(re.split(r"[,،]", item))
        for word in words:
            tag = _one_line(word)
            if tag and len(tag) <= MAX_TAG_CHARS and tag not in self.tags:
                self.tags.append(tag)
        del self.tags[MAX_TAGS:]


def _json_ld_articles(tree: lxml.html.HtmlElement) -> Iterator[dict[str, Any]]:
    """Every JSON-LD object typed as an article, in page order, `@graph`s opened. A script
    that is not valid JSON is passed over, as browsers and search engines do."""
    for script in tree.xpath("//script[@type='application/ld+json']"):
        try:
            data = json.loads(script.text or "")
        except (json.JSONDecodeError, RecursionError):
            continue
        stack: list[Any] = [data]
        while stack:
            item = stack.pop(0)
            if isinstance(item, list):
                stack[:0] = item
            elif isinstance(item, dict):
                if isinstance(item.get("@graph"), list):
                    stack[:0] = item["@graph"]
                kinds = {str(kind) for kind in _as_list(item.get("@type"))}
                if kinds & ARTICLE_TYPES:
                    yield item


def _meta_tags(tree: lxml.html.HtmlElement) -> dict[str, list[str]]:
    """`<meta>` contents by lower-cased property, name or itemprop, in page order."""
    found: dict[str, list[str]] = {}
    for node in tree.iter("meta"):
        content = node.get("content")
        if content is None:
            continue
        for attribute in ("property", "name", "itemprop"):
            key = (node.get(attribute) or "").strip().lower()
            if key:
                found.setdefault(key, []).append(content)
    return found


def _fallback_metadata(tree: lxml.html.HtmlElement) -> Any:
    try:
        return trafilatura.extract_metadata(lxml.html.fromstring(lxml.html.tostring(tree)))
    except Exception:  # a metadata heuristic failing must not lose the article
        return None


def _credit(image: dict[str, Any]) -> str:
    for key in ("creditText", "copyrightHolder", "author", "creator"):
        value = image.get(key)
        holder = value[0] if isinstance(value, list) and value else value
        text = holder.get("name") if isinstance(holder, dict) else holder
        credit = _one_line(_first_text(text))
        if credit:
            return credit[:255]
    return ""


def _moment(value: object, zone: ZoneInfo) -> datetime | None:
    """An ISO 8601 (or e-mail style) time; naive times are in `zone`, a bare day is midnight
    there. None for anything that is not a time."""
    text = to_latin_digits(_first_text(value)).strip()
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text.replace("z", "Z"))
    except ValueError:
        try:
            moment = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            return None
    if not 1900 <= moment.year <= 2200:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=zone)


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
    lead = _file_name(lead_image)
    kept: list[BodyBlock] = []
    for index, block in enumerate(blocks):
        if block.kind == "subheading" and index <= 2 and normalise(block.text) == key:
            continue
        if block.kind == "image" and lead and _file_name(block.text) == lead:
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
            name = _file_name(images[0].get("src") or images[0].get("data-src") or "")
            captions.setdefault(name, _one_line(caption[0].text_content())[:250])
    return [
        BodyBlock("image", block.text, captions.get(_file_name(block.text), ""))
        if block.kind == "image" and not block.attribution
        else block
        for block in blocks
    ]


def _local_path(url: str) -> str:
    """A photo saved beside the page (`page_files/photo.jpg`): its path relative to the
    page's folder, which `--media` then names. Empty for a photo on the web."""
    if urlsplit(url).scheme or url.startswith("//"):
        return ""
    return unquote(url.split("?", 1)[0]).removeprefix("./")


# --- Small readers ---------------------------------------------------------------------------


def _section(name: str, options: ImportOptions) -> str:
    if not name or len(name) > MAX_SECTION_CHARS:
        return options.default_section
    return options.section_map.get(name, options.section_map.get(name.lower(), name))


def _as_list(value: object) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _first_text(value: object) -> str:
    """A JSON-LD value as text: a string, the first of a list, or a `@value`; anything else
    (a number where a headline should be) is no text."""
    if isinstance(value, list):
        value = next((item for item in value if item), "")
    if isinstance(value, dict):
        value = value.get("@value") or value.get("name") or ""
    return value if isinstance(value, str) else ""


def _url_of(value: object) -> str:
    if isinstance(value, dict):
        value = value.get("@id") or value.get("url") or ""
    return value.strip() if isinstance(value, str) else ""


def _is_web_url(value: str) -> bool:
    parts = urlsplit(value.strip())
    return parts.scheme in {"http", "https"} and bool(parts.netloc)


def _file_name(url: str) -> str:
    """The photo's file name, whatever the host, folder or query: `…/2021/07/bus.jpg?w=800`
    and `page_files/bus.jpg` are the same photo."""
    if not url:
        return ""
    return PurePosixPath(unquote(urlsplit(urljoin("https://x/", url.strip())).path)).name


def _one_line(text: str) -> str:
    return _SPACES.sub(" ", clean(text)).strip()


def _shorten(text: str, limit: int) -> str:
    text = _SPACES.sub(" ", text).strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"
