"""What a saved page declares about its article: JSON-LD first, then OpenGraph and the other
meta tags, then microdata and `<time>`; `Facts.fill_from` takes what trafilatura's metadata
reading found for whatever is still missing. The first declaration of each fact wins."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from email.utils import parsedate_to_datetime
from html import unescape
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit
from zoneinfo import ZoneInfo

import lxml.html

from jarida.arabic import clean, normalise, to_latin_digits

MAX_AUTHOR_CHARS = 120
MAX_TAGS = 20
MAX_TAG_CHARS = 100
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

_SAVED_FROM = re.compile(r"<!--\s*saved from url=\(\d+\)\s*(\S+?)\s*-->", re.I)
_SPACES = re.compile(r"\s+")


# --- Facts -----------------------------------------------------------------------------------


@dataclass
class Facts:
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
    def of(cls, tree: lxml.html.HtmlElement, text: str, zone: ZoneInfo) -> Facts:
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
        self.headline = self.headline or one_line(_first_text(item.get("headline")))
        self.headline = self.headline or one_line(_first_text(item.get("name")))
        self.published_at = self.published_at or _moment(item.get("datePublished"), zone)
        self.published_at = self.published_at or _moment(item.get("dateCreated"), zone)
        self.updated_at = self.updated_at or _moment(item.get("dateModified"), zone)
        if not self.authors and not self.byline:
            for author in _as_list(item.get("author")) or _as_list(item.get("creator")):
                self._add_author(author)
        self.section = self.section or one_line(_first_text(item.get("articleSection")))
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
                        self.image_caption = one_line(_first_text(image.get("caption")))
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

        self.headline = self.headline or one_line(first("og:title", "twitter:title"))
        for name in ("article:published_time", "datepublished", "pubdate", "publishdate",
                     "dc.date.issued", "dcterms.created", "sailthru.date", "date"):  # fmt: skip
            self.published_at = self.published_at or _moment(first(name), zone)
        for name in ("article:modified_time", "og:updated_time", "datemodified", "lastmod"):
            self.updated_at = self.updated_at or _moment(first(name), zone)
        if not self.authors and not self.byline:
            for name in meta.get("author", ()) or meta.get("article:author", ()):
                self._add_author(name)
        self.section = self.section or one_line(first("article:section"))
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
            self.image_alt = one_line(first("og:image:alt", "twitter:image:alt"))

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
        wanted = file_name(self.image)
        if not wanted:
            return
        for img in tree.iter("img"):
            sources = [img.get("src") or "", img.get("data-src") or ""]
            matching = [source for source in sources if source and file_name(source) == wanted]
            if not matching:
                continue
            self.image_path = local_path(matching[0])
            self.image_alt = self.image_alt or one_line(img.get("alt") or "")
            figure = next((a for a in img.iterancestors("figure")), None)
            captions = figure.xpath(".//figcaption") if figure is not None else []
            if captions and not self.image_caption:
                self.image_caption = one_line(captions[0].text_content())
            return

    def fill_from(self, document: Any, zone: ZoneInfo) -> None:
        """trafilatura's reading of the page, for the facts the page did not declare."""
        self.headline = self.headline or one_line(document.title or "")
        self.published_at = self.published_at or _moment(document.date, zone)
        if not self.authors and not self.byline and document.author:
            for name in str(document.author).split(";"):
                self._add_author(name)
        if not self.section and document.categories:
            self.section = one_line(document.categories[0])
        self.url = self.url or (document.url if _is_web_url(document.url or "") else "")
        self.image = self.image or (document.image or "")

    def _add_author(self, author: object) -> None:
        """People become authors; an organisation (a wire service, the paper itself) is the
        byline, never a fake person; a profile URL is not a name."""
        if isinstance(author, dict):
            kinds = {str(kind) for kind in _as_list(author.get("@type"))}
            name = one_line(_first_text(author.get("name")))
            if kinds & {"Organization", "NewsMediaOrganization", "Corporation"}:
                self.byline = self.byline or name[:255]
                return
        else:
            name = one_line(str(author)) if isinstance(author, str) else ""
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
            tag = one_line(word)
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


def _credit(image: dict[str, Any]) -> str:
    for key in ("creditText", "copyrightHolder", "author", "creator"):
        value = image.get(key)
        holder = value[0] if isinstance(value, list) and value else value
        text = holder.get("name") if isinstance(holder, dict) else holder
        credit = one_line(_first_text(text))
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


def local_path(url: str) -> str:
    """A photo saved beside the page (`page_files/photo.jpg`): its path relative to the
    page's folder, which `--media` then names. Empty for a photo on the web."""
    if urlsplit(url).scheme or url.startswith("//"):
        return ""
    return unquote(url.split("?", 1)[0]).removeprefix("./")


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
    # Some sites escape their JSON-LD strings as HTML (`&quot;`), which JSON does not need.
    if not isinstance(value, str):
        return ""
    return unescape(value) if "&" in value else value


def _url_of(value: object) -> str:
    if isinstance(value, dict):
        value = value.get("@id") or value.get("url") or ""
    return value.strip() if isinstance(value, str) else ""


def _is_web_url(value: str) -> bool:
    parts = urlsplit(value.strip())
    return parts.scheme in {"http", "https"} and bool(parts.netloc)


def file_name(url: str) -> str:
    """The photo's file name, whatever the host, folder or query: `…/2021/07/bus.jpg?w=800`
    and `page_files/bus.jpg` are the same photo."""
    if not url:
        return ""
    return PurePosixPath(unquote(urlsplit(urljoin("https://x/", url.strip())).path)).name


def one_line(text: str) -> str:
    return _SPACES.sub(" ", clean(text)).strip()
