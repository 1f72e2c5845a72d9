"""Untrusted article HTML (WordPress block-editor or classic content, or the main text an
extractor found in a saved page) → body blocks.

Nothing of the source's markup is passed on: the HTML is parsed, and paragraphs are
*rebuilt* from the parse tree with an allow-list of four inline elements (bold, italic,
line break, a link whose scheme is http(s), mailto or none) and every text node escaped.
Scripts, styles, event handlers, `javascript:` URLs, iframes and Word-paste markup cannot
survive because nothing but those four is ever written out.

Block-editor comments (`<!-- wp:paragraph -->`) and `<!--more-->` are dropped with every
other comment; classic content is split into paragraphs the way WordPress's `wpautop`
does (a blank line is a paragraph break, a single newline a line break); `[caption]`
becomes an image with its caption, `[gallery ids=…]` its images, `[embed]URL[/embed]`,
`[audio]`, `[video]` and `<audio>`/`<video>` a link to the recording (its file is on the old
site, not here: the link keeps it reachable), and so does a URL alone in its paragraph or
embed block, which WordPress shows as a player or a post; any other shortcode is removed and
its name counted.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from html import escape, unescape
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup, Comment, Tag
from bs4.element import NavigableString

from jarida.arabic import clean
from jarida.importers.records import BodyBlock

_BLOCK_TAGS = {
    "address", "article", "aside", "blockquote", "dd", "details", "div", "dl", "dt",
    "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header",
    "hr", "li", "main", "nav", "ol", "p", "pre", "section", "table", "tbody", "td", "tfoot",
    "th", "thead", "tr", "ul", "iframe", "video", "audio", "script", "style", "noscript",
}  # fmt: skip
# Elements whose content never reaches a reader.
_DROPPED = {
    "script", "style", "noscript", "template", "object", "embed", "form", "button",
    "input", "select", "textarea", "svg", "math", "head", "title", "meta", "link",
}  # fmt: skip
_SAFE_SCHEMES = {"http", "https", "mailto", ""}
_SHORTCODE = re.compile(r"\[(/?)([a-zA-Z][\w-]*)((?:[^\]\"']|\"[^\"]*\"|'[^']*')*)\]")
_CAPTION = re.compile(r"\[(caption|wp_caption)\b([^\]]*)\](.*?)\[/\1\]", re.S | re.I)
_EMBED = re.compile(r"\[embed\b[^\]]*\](.*?)\[/embed\]", re.S | re.I)
_GALLERY = re.compile(r"\[gallery\b([^\]]*)\]", re.I)
# WordPress's media shortcodes: `[audio mp3="…"]`, `[video src="…"][/video]`.
_MEDIA = re.compile(r"\[(audio|video)\b([^\]]*)\](?:(.*?)\[/\1\])?", re.S | re.I)
_MEDIA_SOURCE = re.compile(
    r"\b(?:src|mp3|m4a|ogg|oga|wav|wma|flac|mp4|m4v|webm|ogv|wmv|flv)\s*=\s*[\"']([^\"']+)[\"']",
    re.I,
)
# `ids` names the photos; WordPress also reads `include` the same way.
_IDS = re.compile(r"\b(?:ids|include)\s*=\s*[\"']?([\d,\s]+)")
_BARE_URL = re.compile(r"https?://[^\s<>\"']+", re.I)
_SPACES = re.compile(r"[ \t\r\f\v\u00a0]+")
_STANDALONE = r"table|ul|ol|dl|h[1-6]|blockquote|pre|figure|hr"
_OPENS_BLOCK = re.compile(rf"(<(?:{_STANDALONE})\b)", re.I)
_CLOSES_BLOCK = re.compile(rf"(</(?:{_STANDALONE})\s*>)", re.I)
# A WordPress upload's resized copy: name-300x200.jpg is name.jpg. Since WordPress 5.3 a
# big photo's attachment is a scaled-down copy, name-scaled.jpg (or name-rotated.jpg after
# EXIF rotation), while its sizes are still cut from name.jpg.
_SIZED = re.compile(r"-(?:\d+x\d+|scaled|rotated)(?=\.\w+$)")
# The attachment an image in a body shows, as WordPress marks it (`class="wp-image-123"`),
# whatever file name the body's copy has.
_ATTACHMENT_CLASS = re.compile(r"^wp-image-(\d+)$")


@dataclass
class BodyResult:
    blocks: list[BodyBlock] = field(default_factory=list)
    # Source URLs of the photos the body shows, in order.
    image_urls: list[str] = field(default_factory=list)
    # The WordPress attachment each of them shows, where the body says (`wp-image-ID`).
    attachment_ids: dict[str, int] = field(default_factory=dict)
    unknown_shortcodes: Counter[str] = field(default_factory=Counter)


def upload_path(url: str) -> str:
    """The path of an upload under the uploads folder, whatever the host:
    `https://x.files.wordpress.com/2008/06/canola2-300x200.jpg?w=300` →
    `2008/06/canola2-300x200.jpg`."""
    path = unquote(urlsplit(url.strip()).path)
    if "/uploads/" in path:
        path = path.split("/uploads/", 1)[1]
    return path.lstrip("/")


def upload_key(url: str) -> str:
    """`upload_path` without WordPress's size suffix (`-300x200`, `-scaled`): the original
    upload that a resized copy in a body was made from."""
    return _SIZED.sub("", upload_path(url))


def convert(
    html: str,
    gallery: Callable[[int], str | None] = lambda _id: None,
    rewrite_link: Callable[[str], str] = lambda href: href,
    attached: Callable[[], list[str]] = list,
) -> BodyResult:
    """Blocks for `html`. `gallery(id)` gives an attachment's URL (for `[gallery ids=…]`);
    `attached()` the URLs of the post's own attachments (a `[gallery]` naming none shows
    those); `rewrite_link(href)` may point links to the old site at their new home."""
    result = BodyResult()
    html = _shortcodes(html, gallery, result, attached)
    if "<!-- wp:" not in html:
        html = autop(html)
    soup = BeautifulSoup(html, "html.parser")
    for comment in soup.find_all(string=lambda s: isinstance(s, Comment)):
        comment.extract()
    _Walker(result, rewrite_link).walk(soup)
    return result


def convert_markup(html: str, rewrite_link: Callable[[str], str] = lambda href: href) -> BodyResult:
    """Blocks for HTML that is already structured (paragraphs in `<p>`, as an extractor
    writes it), not a WordPress post: no shortcodes, no `wpautop`, the same allow-list."""
    result = BodyResult()
    soup = BeautifulSoup(html, "html.parser")
    for comment in soup.find_all(string=lambda s: isinstance(s, Comment)):
        comment.extract()
    _Walker(result, rewrite_link).walk(soup.body or soup)
    return result


def autop(text: str) -> str:
    """WordPress's `wpautop`, in short: runs of text between blank lines become paragraphs,
    single newlines line breaks; chunks that already are block elements are left alone."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    # As wpautop does: a block element stands apart from the text around it, so a table or
    # a list written right after a line of text is not swallowed into its paragraph.
    text = _OPENS_BLOCK.sub(r"\n\n\1", text)
    text = _CLOSES_BLOCK.sub(r"\1\n\n", text)
    chunks = re.split(r"\n\s*\n", text)
    out = []
    for chunk in chunks:
        chunk = chunk.strip()
        if not chunk:
            continue
        first = re.match(r"<\s*([a-zA-Z][\w-]*)", chunk)
        if (first and first.group(1).lower() in _BLOCK_TAGS) or chunk.startswith("</"):
            out.append(chunk)
        else:
            out.append("<p>" + chunk.replace("\n", "<br/>") + "</p>")
    return "\n".join(out)


def _shortcodes(
    html: str,
    gallery: Callable[[int], str | None],
    result: BodyResult,
    attached: Callable[[], list[str]] = list,
) -> str:
    def caption(match: re.Match[str]) -> str:
        inner = match.group(3)
        img = re.search(r"<img\b[^>]*>", inner, re.I)
        text = re.sub(r"<img\b[^>]*>", "", inner, flags=re.I)
        text = re.sub(r"</?a\b[^>]*>", "", text, flags=re.I).strip()
        if not text:
            attr = re.search(r"caption\s*=\s*\"([^\"]*)\"", match.group(2))
            text = attr.group(1) if attr else ""
        return (
            f"\n\n<figure>{img.group(0) if img else ''}<figcaption>{text}</figcaption></figure>\n\n"
        )

    def gallery_images(match: re.Match[str]) -> str:
        ids = _IDS.search(match.group(1))
        urls = (
            [gallery(int(i)) for i in ids.group(1).replace(" ", "").split(",") if i]
            if ids
            else attached()
        )
        figures = "".join(f'<figure><img src="{escape(u)}"></figure>' for u in urls if u)
        if not figures:
            return "\n\n"
        return f'\n\n<figure class="wp-block-gallery">{figures}</figure>\n\n'

    html = _CAPTION.sub(caption, html)

    def embed(match: re.Match[str]) -> str:
        return _link_paragraph(match.group(1).strip())

    html = _EMBED.sub(embed, html)

    def media(match: re.Match[str]) -> str:
        source = _MEDIA_SOURCE.search(match.group(2))
        url = source.group(1).strip() if source else (match.group(3) or "").strip()
        return _link_paragraph(url) if _is_media_url(url) else "\n\n"

    html = _MEDIA.sub(media, html)
    html = _GALLERY.sub(gallery_images, html)

    def unknown(match: re.Match[str]) -> str:
        if not match.group(1):
            result.unknown_shortcodes[match.group(2).lower()] += 1
        return ""

    # Only names that look like shortcodes: "[1]" footnotes and "[sic]" in prose stay.
    return _SHORTCODE.sub(
        lambda m: (
            unknown(m)
            if (m.group(3).strip() or m.group(1) or _closed(html, m.group(2)))
            else m.group(0)
        ),
        html,
    )


def _link_paragraph(url: str) -> str:
    """A paragraph holding a link to `url`, for what a shortcode stood for."""
    url = escape(url)
    return f'\n\n<p><a href="{url}">{url}</a></p>\n\n'


def _is_media_url(url: str) -> bool:
    """A recording's address worth a link: on the web or on the site, never `javascript:`."""
    return urlsplit(url).scheme in {"http", "https"} or url.startswith("/")


def _closed(html: str, name: str) -> bool:
    return f"[/{name}]" in html


class _Walker:
    def __init__(self, result: BodyResult, rewrite_link: Callable[[str], str]) -> None:
        self.result = result
        self.rewrite_link = rewrite_link
        self.pending: list[str] = []  # inline HTML waiting to become a paragraph

    def walk(self, node: Tag) -> None:
        self._children(node)
        self._flush()

    def _children(self, node: Tag) -> None:
        for child in list(node.children):
            if isinstance(child, Comment):
                continue
            if isinstance(child, NavigableString):
                self.pending.append(escape(_clean_text(str(child))))
                continue
            if not isinstance(child, Tag):
                continue
            self._element(child)

    def _element(self, el: Tag) -> None:
        name = el.name.lower()
        if name in _DROPPED:
            return
        if name not in _BLOCK_TAGS and name not in {"img", "figure"}:
            self.pending.append(self._inline(el))
            return
        self._flush()
        if name == "p":
            self._paragraph(self._inline_children(el))
        elif name in {"h1", "h2", "h3", "h4", "h5", "h6"}:
            text = _text(el)
            if text:
                self.result.blocks.append(BodyBlock("subheading", text[:250]))
        elif name == "blockquote":
            self._quote(el)
        elif name == "figure" and isinstance(quoted := el.find("blockquote"), Tag):
            self._quote(quoted, el.find("figcaption") or el.find("cite"))
        elif name == "figure" and isinstance(table := el.find("table"), Tag):
            self._table(table, el.find("figcaption", recursive=False))
        elif name == "figure" and _is_gallery(el):
            self._gallery(el)
        elif name in {"figure", "img"}:
            self._figure(el)
        elif name in {"ul", "ol"} and _is_gallery(el):
            self._gallery(el)
        elif name in {"ul", "ol"}:
            html = self._list(el)
            if html:
                self.result.blocks.append(BodyBlock("list", html))
        elif name == "table":
            self._table(el)
        elif name == "pre":
            self._paragraph(escape(el.get_text()).replace("\n", "<br/>"))
        elif name == "iframe":
            src = el.get("src") or ""
            if isinstance(src, str) and urlsplit(src).scheme in {"http", "https"}:
                self._link(src)
        elif name in {"video", "audio"}:
            self._media(el)
        elif name == "hr":
            return
        else:  # div, section, figure wrappers, list items out of place...
            self._children(el)
            self._flush()

    def _media(self, el: Tag) -> None:
        """A recording: a link to its file (its `src`, or its first `<source>`'s)."""
        for candidate in [el, *el.find_all("source")]:
            src = candidate.get("src") or ""
            if isinstance(src, str) and _is_media_url(src):
                self._link(src)
                return

    def _link(self, url: str) -> None:
        self._paragraph(f'<a href="{escape(url)}">{escape(url)}</a>')

    def _list(self, el: Tag) -> str:
        """`<ul>`/`<ol>` rebuilt: items hold the inline allow-list, nested lists stay nested."""
        items = []
        for li in el.find_all("li", recursive=False):
            nested = [c for c in li.children if isinstance(c, Tag) and c.name in {"ul", "ol"}]
            for sub in nested:
                sub.extract()
            text = _SPACES.sub(" ", self._inline_children(li)).replace("\n", " ").strip()
            inner = "".join(self._list(sub) for sub in nested)
            if re.sub(r"<[^>]+>", "", text).strip() or inner:
                items.append(f"<li>{text}{inner}</li>")
        tag = "ol" if el.name.lower() == "ol" else "ul"
        return f"<{tag}>{''.join(items)}</{tag}>" if items else ""

    def _table(self, table: Tag, caption_tag: Tag | None = None) -> None:
        """A table of plain-text cells; a header when the source's first row is `<th>`s or
        sits in `<thead>`."""
        rows = []
        for tr in table.find_all("tr"):
            cells = [_text(c)[:500] for c in tr.find_all(["td", "th"], recursive=False)]
            if any(cells):
                rows.append(cells)
        if not rows:
            return
        first = table.find("tr")
        header = bool(
            first
            and (
                first.find_parent("thead")
                or all(c.name == "th" for c in first.find_all(["td", "th"], recursive=False))
            )
        )
        caption_tag = caption_tag or table.find("caption")
        caption = _text(caption_tag)[:250] if caption_tag else ""
        data = json.dumps({"rows": rows, "header": header}, ensure_ascii=False)
        self.result.blocks.append(BodyBlock("table", data, caption))

    def _gallery(self, el: Tag) -> None:
        """Photos shown together, each with its own caption; the gallery's caption is the
        `figcaption` that is the gallery's own child."""
        own = [c for c in el.find_all("figcaption", recursive=False)]
        caption = _text(own[0])[:250] if own else ""
        items = []
        for img in el.find_all("img"):
            src = img.get("src")
            if not (isinstance(src, str) and src and urlsplit(src).scheme in {"http", "https", ""}):
                continue
            figure = img.find_parent("figure")
            text = ""
            if figure is not None and figure is not el:
                figcaption = figure.find("figcaption")
                text = _text(figcaption)[:250] if figcaption else ""
            items.append({"src": src, "caption": text})
            self._shows(img, src)
        if items:
            data = json.dumps(items, ensure_ascii=False)
            self.result.blocks.append(BodyBlock("gallery", data, caption))

    def _shows(self, img: Tag, src: str) -> None:
        """Note a photo the body shows, and its attachment when the markup names it."""
        self.result.image_urls.append(src)
        classes = img.get("class")
        names: list[str] = [classes] if isinstance(classes, str) else list(classes or [])
        for name in names:
            match = _ATTACHMENT_CLASS.match(name)
            if match:
                self.result.attachment_ids.setdefault(src, int(match.group(1)))

    def _flush(self) -> None:
        if self.pending:
            self._paragraph("".join(self.pending))
            self.pending = []

    def _paragraph(self, html: str) -> None:
        html = _SPACES.sub(" ", html).replace("\n", " ").strip()
        html = re.sub(r"^(<br/>\s*)+|(\s*<br/>)+$", "", html).strip()
        # A URL alone in its paragraph is what WordPress shows as an embed (a video, a post):
        # a link to it here.
        if _BARE_URL.fullmatch(html):
            html = f'<a href="{escape(self.rewrite_link(unescape(html)))}">{html}</a>'
        # An empty or &nbsp;-only spacer paragraph (Word paste, the classic editor) says nothing.
        if re.sub(r"<[^>]+>", "", html).strip():
            self.result.blocks.append(BodyBlock("rich", html))

    def _quote(self, el: Tag, cite: Tag | None = None) -> None:
        cite = cite or el.find("cite") or el.find("footer")
        attribution = _text(cite) if cite else ""
        if cite:
            cite.extract()
        paragraphs = [_text(p) for p in el.find_all("p")] or [_text(el)]
        text = "\n".join(p for p in paragraphs if p)
        if text:
            self.result.blocks.append(BodyBlock("quote", text, attribution[:250]))

    def _figure(self, el: Tag) -> None:
        images = [el] if el.name == "img" else el.find_all("img")
        if not images:
            # An embed's wrapper (its URL as text), a figure around a recording: its content.
            self._children(el)
            self._flush()
            return
        caption_tag = el.find("figcaption") if el.name == "figure" else None
        caption = _text(caption_tag) if caption_tag else ""
        for img in images:
            src = img.get("src")
            if isinstance(src, str) and urlsplit(src).scheme in {"http", "https", ""} and src:
                own = caption if len(images) == 1 else ""
                self.result.blocks.append(BodyBlock("image", src, own[:250]))
                self._shows(img, src)
        if len(images) > 1 and caption:
            self._paragraph(escape(caption))

    def _inline_children(self, el: Tag) -> str:
        return "".join(self._inline(c) for c in el.children)

    def _inline(self, node: object) -> str:
        if isinstance(node, Comment):
            return ""
        if isinstance(node, NavigableString):
            return escape(_clean_text(str(node)))
        if not isinstance(node, Tag):
            return ""
        name = node.name.lower()
        if name in _DROPPED:
            return ""
        if name == "br":
            return "<br/>"
        inner = self._inline_children(node)
        if name in {"b", "strong"}:
            return f"<b>{inner}</b>" if inner.strip() else inner
        if name in {"i", "em"}:
            return f"<i>{inner}</i>" if inner.strip() else inner
        if name == "a":
            href = node.get("href")
            if isinstance(href, str) and href.strip() and _safe_href(href.strip()):
                return f'<a href="{escape(self.rewrite_link(href.strip()))}">{inner}</a>'
            return inner
        if name == "img":
            return ""  # a picture inside a paragraph: it was not a figure; its words are kept
        return inner


def _is_gallery(el: Tag) -> bool:
    """WordPress's gallery markup: the block editor's `wp-block-gallery` figure (an old one
    holds a `blocks-gallery-grid` list), a classic `gallery` class."""
    classes: object = el.get("class") or []
    names = set(classes if isinstance(classes, list) else str(classes).split())
    return bool(names & {"wp-block-gallery", "blocks-gallery-grid", "gallery"})


def _clean_text(text: str) -> str:
    """`clean` for one text node: it strips spaces at line ends, which inside a paragraph
    would glue a word to the link or bold word after it (`بحسب <a>` → `بحسب<a>`)."""
    cleaned = clean(text)
    if text[-1:].isspace() and not cleaned[-1:].isspace():
        cleaned += " "
    return cleaned


def _safe_href(href: str) -> bool:
    scheme = urlsplit(href).scheme.lower()
    # Browsers ignore control characters and spaces inside a scheme: "java\tscript:".
    squeezed = re.sub(r"[\x00-\x20]", "", href).lower()
    return scheme in _SAFE_SCHEMES and not squeezed.startswith(
        ("javascript:", "data:", "vbscript:")
    )


def _text(el: Tag | None) -> str:
    if el is None:
        return ""
    return _SPACES.sub(" ", clean(el.get_text(" "))).replace("\n", " ").strip()
