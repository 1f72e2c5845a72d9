"""The `wxr` format: a WordPress export (WXR 1.0–1.2, as WordPress and WordPress.com write it).

The file is read twice, streaming both times, so a 2 GB export runs in bounded memory:

1. the first pass keeps only what posts refer to across the file: the site's URL, authors'
   display names, the category tree, and each attachment's file, caption and alt text
   (`_thumbnail_id` and `[gallery ids=…]` name attachments that may come later in the file);
2. the second pass yields one `ArticleRecord` (or `Skipped`, or `ParseError`) per item.

Parsing is hardened: `defusedxml` refuses entity declarations and external references
(billion laughs, XXE), and each `<item>` is cleared once read. Namespaces are matched by
their last part, so `http://` and `https://wordpress.org/export/1.x/` all read the same.

A file that is not well-formed yields the items before the fault, then one ParseError saying
where the file breaks (in Arabic and English); nothing already imported is touched. One fault
is repaired first, as WordPress's importer does: a `]]>` left unescaped inside a CDATA section
(WordPress before 2.9, hand-edited files). Each article read so gets a note saying so, as does
one with no date at all (dated by its RSS pubDate, else by the export's).
"""

from __future__ import annotations

import contextlib
import csv
import json
import re
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit
from xml.etree.ElementTree import Element
from xml.etree.ElementTree import ParseError as XMLParseError
from zoneinfo import ZoneInfo

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

from jarida.arabic import clean
from jarida.images.metadata import credit_line, readable
from jarida.importers.formats.html_body import convert, upload_key, upload_path
from jarida.importers.records import (
    ArticleRecord,
    BodyBlock,
    CommentRecord,
    ImportOptions,
    MediaRef,
    ParseError,
    Skipped,
    State,
)

MAX_HEADLINE_CHARS = 255
_STATES: dict[str, State] = {
    "publish": "live",
    "future": "scheduled",
    "draft": "draft",
    "pending": "draft",
    "auto-draft": "draft",
    "private": "private",
}
PRIVATE_NOTE = "خاص في ووردبريس: لا يُنشر (private post; kept a draft)"
PASSWORD_NOTE = "محمي بكلمة مرور في ووردبريس: لا يُنشر (password-protected; kept a draft)"
UNDATED_NOTE = (
    "بلا تاريخ في ملف التصدير: أُرّخ بوقت التصدير (no date in the export; dated when exported)"
)
REPAIRED_NOTE = "قُرئ بعد إصلاح ]]> غير مهرّب في الملف (read after repairing an unescaped ]]>)"
UNTITLED = "(بلا عنوان)"
# WordPress's own post types that are never articles (menus, revisions, reusable blocks, the
# site editor's templates and styles): a site's other types may be (`--post-types`).
_WORDPRESS_TYPES = frozenset(
    {
        "nav_menu_item", "revision", "wp_block", "wp_template", "wp_template_part",
        "wp_navigation", "wp_global_styles", "custom_css", "customize_changeset",
        "oembed_cache", "user_request", "wp_font_family", "wp_font_face",
    }
)  # fmt: skip


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _ns(tag: str) -> str:
    """ "wp", "content", "excerpt", "dc" or "" for an element's namespace."""
    if not tag.startswith("{"):
        return ""
    uri = tag[1:].split("}", 1)[0]
    if "wordpress.org/export" in uri:
        return "excerpt" if "excerpt" in uri else "wp"
    if "purl.org/rss/1.0/modules/content" in uri:
        return "content"
    if "purl.org/dc/" in uri:
        return "dc"
    return "other"


def _key(el: Element) -> str:
    ns = _ns(el.tag)
    return f"{ns}:{_local(el.tag)}" if ns else _local(el.tag)


def _child(el: Element, key: str) -> str:
    for child in el:
        if _key(child) == key:
            return (child.text or "").strip() if key != "content:encoded" else child.text or ""
    return ""


@dataclass
class Category:
    slug: str
    name: str
    parent: str  # the parent's slug, or ""


@dataclass
class Site:
    """What the first pass learns; small whatever the size of the export."""

    base_url: str = ""
    authors: dict[str, str] = field(default_factory=dict)  # login -> display name
    categories: dict[str, Category] = field(default_factory=dict)  # slug -> category
    category_ids: dict[int, str] = field(default_factory=dict)  # term id -> slug
    attachments: dict[int, MediaRef] = field(default_factory=dict)  # post id -> photo
    by_upload: dict[str, MediaRef] = field(default_factory=dict)  # upload key -> photo
    attachment_links: dict[int, list[str]] = field(default_factory=dict)  # parent -> pages
    attached: dict[int, list[str]] = field(default_factory=dict)  # parent -> photo URLs
    post_paths: dict[str, int] = field(default_factory=dict)  # old path -> post id
    # Reusable blocks (synced patterns): post id -> content, shown where a body names them.
    reusable: dict[int, str] = field(default_factory=dict)
    version: str = ""
    # The channel's pubDate (when WordPress wrote the file), else the file's time.
    exported_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    fault: str = ""  # where the file stops being XML, if it does

    def host(self) -> str:
        return urlsplit(self.base_url).netloc.lower()


def read(path: Path, options: ImportOptions) -> Iterator[ArticleRecord | ParseError | Skipped]:
    """Yield one record, Skipped or ParseError per `<item>` of the export at `path`."""
    try:
        size = path.stat().st_size
    except OSError as error:
        yield ParseError(f"{path}: cannot read the file ({error.strerror or error})")
        return
    if size == 0:
        yield ParseError(f"{path}: الملف فارغ / the file is empty")
        return
    with tempfile.TemporaryDirectory(prefix="jarida-wxr-") as scratch:
        yield from _read(path, options, Path(scratch))


def _read(
    path: Path, options: ImportOptions, scratch: Path
) -> Iterator[ArticleRecord | ParseError | Skipped]:
    zone = ZoneInfo(options.time_zone)
    exported_at = datetime.fromtimestamp(int(path.stat().st_mtime), UTC)
    site, source, repair_note = _first_pass(path, exported_at), path, ""
    if site.fault:
        # Exports from WordPress before 2.9, and hand-edited ones, leave a `]]>` unescaped
        # inside a CDATA section: not XML, yet WordPress's importer reads them. So do we.
        fixed = scratch / "repaired.xml"
        if _repair_cdata(path, fixed):
            repaired = _first_pass(fixed, exported_at)
            if not repaired.fault:
                site, source, repair_note = repaired, fixed, REPAIRED_NOTE
    if not site.version and not site.base_url and site.fault:
        yield ParseError(f"{path}: {site.fault}")
        return
    if not site.version and not site.base_url:
        yield ParseError(
            f"{path}: ليس ملف تصدير من ووردبريس / not a WordPress export "
            "(no wp:wxr_version or wp:base_blog_url in the channel)"
        )
        return
    count = 0
    try:
        for number, item in enumerate(_items(source), start=1):
            count += 1
            origin = f"{path}:item {number}"
            try:
                record = _record(item, site, zone, options, origin)
                if repair_note and isinstance(record, ArticleRecord):
                    record = replace(
                        record, note="; ".join(filter(None, (record.note, repair_note)))
                    )
                yield record
            except ParseError as error:
                yield ParseError(f"{origin}: {error}")
    except (XMLParseError, DefusedXmlException, SyntaxError) as error:
        yield ParseError(f"{path}: {_fault(error, count)}")
        return
    if count == 0:
        yield ParseError(
            f"{path}: لا مقالات ولا صفحات في ملف التصدير / no posts or pages in this export "
            f"({len(site.categories)} categories, {len(site.authors)} authors: terms and "
            "users alone make no page; export the posts too)"
        )


def _fault(error: Exception, count: int) -> str:
    where = getattr(error, "position", None)
    line = f" at line {where[0]}" if where else ""
    return (
        f"الملف تالف أو مقطوع بعد {count} عنصراً؛ استُورد ما قبله / the file is not "
        f"well-formed XML{line} ({error}); the {count} items before it were read"
    )


def _items(path: Path) -> Iterator[Element]:
    """Each `<item>` once complete; then removed from its channel, so memory stays bounded."""
    open_elements: list[Element] = []
    for event, el in iterparse(str(path), events=("start", "end"), forbid_dtd=False):
        if event == "start":
            open_elements.append(el)
            continue
        open_elements.pop()
        if _local(el.tag) == "item" and _ns(el.tag) == "":
            yield el
            if open_elements:
                open_elements[-1].remove(el)
            el.clear()


def _first_pass(path: Path, exported_at: datetime) -> Site:
    site = Site(exported_at=exported_at)
    stack: list[str] = []
    try:
        for event, el in iterparse(str(path), events=("start", "end"), forbid_dtd=False):
            if event == "start":
                stack.append(_local(el.tag))
                continue
            stack.pop()
            key = _key(el)
            in_item = "item" in stack
            if key == "wp:wxr_version" and not in_item:
                site.version = (el.text or "").strip()
            elif (key == "wp:base_blog_url" and not in_item) or (
                key == "link" and stack == ["rss", "channel"] and not site.base_url
            ):
                site.base_url = (el.text or "").strip().rstrip("/")
            elif key == "pubDate" and stack == ["rss", "channel"]:
                site.exported_at = _rfc822(el.text or "") or site.exported_at
            elif key == "wp:author" and not in_item:
                login = _child(el, "wp:author_login")
                display = clean(_child(el, "wp:author_display_name")).strip() or login
                site.authors[login] = display[:120]  # Author.name's length
                el.clear()
            elif key == "wp:category" and not in_item:
                slug = _child(el, "wp:category_nicename")
                if term_id := _int(_child(el, "wp:term_id")):
                    site.category_ids[term_id] = slug
                site.categories[slug] = Category(
                    slug=slug,
                    name=clean(_child(el, "wp:cat_name")).strip() or unquote(slug),
                    parent=_child(el, "wp:category_parent"),
                )
                el.clear()
            elif key == "item":
                _learn_item(el, site)
                el.clear()
    except (XMLParseError, DefusedXmlException, SyntaxError) as error:
        site.fault = _fault(error, 0)
    return site


_CDATA_OPEN = "<![CDATA["
# Where a CDATA section really ends: the `]]>` just before its element's closing tag. WordPress's
# importer (its regex parser) reads every CDATA this way; `]]]]><![CDATA[>` is the escape.
_CDATA_END = re.compile(r"\]\]>(?=\s*</)")
_CDATA_ESCAPE = "]]]]><![CDATA[>"


def _repair_cdata(path: Path, target: Path) -> int:
    """Copy the export at `path` to `target` with every `]]>` left unescaped inside a CDATA
    section escaped; return how many were. Streams: memory holds one CDATA section at most."""
    repaired = 0
    buffer = ""
    with (
        path.open(encoding="utf-8", errors="surrogateescape", newline="") as source,
        target.open("w", encoding="utf-8", errors="surrogateescape", newline="") as out,
    ):
        for block in iter(lambda: source.read(1 << 20), ""):
            buffer += block
            position = 0
            while (start := buffer.find(_CDATA_OPEN, position)) >= 0:
                end = _CDATA_END.search(buffer, start + len(_CDATA_OPEN))
                if end is None:
                    break  # the section goes on in the next block
                inner = buffer[start + len(_CDATA_OPEN) : end.start()]
                inner = inner.replace(_CDATA_ESCAPE, "]]>")
                repaired += inner.count("]]>")
                out.write(buffer[position:start])
                out.write(_CDATA_OPEN + inner.replace("]]>", _CDATA_ESCAPE) + "]]>")
                position = end.end()
            if start < 0:
                # Keep what could be the first characters of a `<![CDATA[` cut by the block.
                start = max(position, len(buffer) - len(_CDATA_OPEN) + 1)
            out.write(buffer[position:start])
            buffer = buffer[start:]
        out.write(buffer)
    return repaired


def _learn_item(el: Element, site: Site) -> None:
    post_type = _child(el, "wp:post_type")
    post_id = _int(_child(el, "wp:post_id"))
    link = _child(el, "link")
    if post_type == "attachment" and post_id:
        meta = _meta(el)
        url = _child(el, "wp:attachment_url") or _child(el, "guid")
        photo = MediaRef(
            url=url,
            path=meta.get("_wp_attached_file", "") or upload_key(url),
            title=clean(_child(el, "title")).strip(),
            caption=clean(_child(el, "excerpt:encoded")).strip(),
            alt=clean(meta.get("_wp_attachment_image_alt", "")).strip(),
            credit=_upload_credit(meta.get("_wp_attachment_metadata", "")),
        )
        site.attachments[post_id] = photo
        # Exact paths win over size-folded ones (an upload may itself be named "x-150x150.jpg").
        site.by_upload[upload_path(url)] = photo
        site.by_upload.setdefault(upload_key(url), photo)
        parent = _int(_child(el, "wp:post_parent"))
        if parent and link:
            site.attachment_links.setdefault(parent, []).append(link)
        if parent and url:
            site.attached.setdefault(parent, []).append(url)
    elif post_type == "wp_block" and post_id:
        site.reusable[post_id] = _child(el, "content:encoded")
    elif post_id and link:
        site.post_paths[_old_path(link)] = post_id


# What SEO plugins keep per post: the description editors wrote for search results and shares,
# and the primary category (the one in the post's permalink when it has several).
_SEO_DESCRIPTIONS = (
    "_yoast_wpseo_metadesc",
    "rank_math_description",
    "_aioseo_description",
    "_aioseop_description",
)
_PRIMARY_CATEGORIES = ("_yoast_wpseo_primary_category", "rank_math_primary_category")


def _seo_description(meta: dict[str, str]) -> str:
    """The post's SEO description, when its excerpt is empty; not a template of the plugin's
    own variables (`%%title%% %%sep%%`, `%excerpt%`), which only it can fill in."""
    for key in _SEO_DESCRIPTIONS:
        text = clean(re.sub(r"<[^>]+>", " ", meta.get(key, ""))).strip()
        if text and not re.search(r"%%?\w+%%?", text):
            return text
    return ""


def _primary_category(meta: dict[str, str]) -> str:
    return next((meta[key] for key in _PRIMARY_CATEGORIES if meta.get(key)), "")


# `_wp_attachment_metadata` is PHP-serialised; its `image_meta` holds what WordPress read from
# the photo's IPTC/EXIF at upload: `credit` (IPTC Credit, else By-line, else EXIF Artist) and
# `copyright`. Only those two keys are strings of those names in it.
_UPLOAD_CREDIT_KEYS = re.compile(rb's:\d+:"(credit|copyright)";s:(\d+):"')


def _upload_credit(serialized: str) -> str:
    """The photo's credit as WordPress recorded it at upload (`© Getty Images`), or empty.

    Read from the export, not the file: the attachment of a big photo is the `-scaled` copy
    WordPress cut, and a copy cut with GD (WordPress's editor where Imagick is absent) has no
    IPTC left. A string is read by its declared byte length, else up to its closing `";`: in
    exports whose charset was converted after the fact the lengths no longer match, and PHP's
    own unserialize (or a strict parser) gives up there.
    """
    data = serialized.encode("utf-8", "surrogateescape")
    found: dict[bytes, str] = {}
    for match in _UPLOAD_CREDIT_KEYS.finditer(data):
        start, length = match.end(), int(match.group(2))
        if data[start + length : start + length + 2] == b'";':
            raw = data[start : start + length]
        elif (end := data.find(b'";', start)) >= 0:
            raw = data[start:end]
        else:
            continue  # a cut value: no credit rather than part of one
        with contextlib.suppress(UnicodeDecodeError):
            found.setdefault(match.group(1), raw.decode("utf-8"))
    credit, notice = (readable(found.get(key, "")) for key in (b"credit", b"copyright"))
    return credit_line("", credit, notice)[:255]


def _meta(el: Element) -> dict[str, str]:
    """Post meta by key; `_wp_old_slug`, which WordPress repeats once per former slug, keeps
    every value (newline-separated)."""
    meta: dict[str, str] = {}
    for child in el:
        if _key(child) == "wp:postmeta":
            key, value = _child(child, "wp:meta_key"), _child(child, "wp:meta_value")
            if key == "_wp_old_slug" and meta.get(key):
                value = f"{meta[key]}\n{value}"
            meta[key] = value
    return meta


def _int(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        return 0


def _old_path(url: str) -> str:
    parts = urlsplit(url.strip())
    path = parts.path or "/"
    return f"{path}?{parts.query}" if parts.query else path


def _record(
    el: Element, site: Site, zone: ZoneInfo, options: ImportOptions, origin: str
) -> ArticleRecord | Skipped:
    post_type = _child(el, "wp:post_type") or "post"
    status = _child(el, "wp:status") or "publish"
    post_id = _int(_child(el, "wp:post_id"))
    if post_type == "attachment":
        return Skipped("attachment (imported with the posts that use it)", origin)
    if post_type != "page" and post_type not in options.post_types:
        if post_type in _WORDPRESS_TYPES:
            return Skipped(f"post type {post_type}", origin)
        return Skipped(f"post type {post_type} (--post-types post,{post_type} imports it)", origin)
    if status == "trash":
        return Skipped("trash", origin)
    state = _STATES.get(status)
    if state is None:
        return Skipped(f"status {status}", origin)
    note = PRIVATE_NOTE if state == "private" else ""
    if _child(el, "wp:post_password") and state in ("live", "scheduled"):
        state, note = "private", PASSWORD_NOTE

    title = clean(_child(el, "title")).strip()
    if len(title) > MAX_HEADLINE_CHARS:
        title = title[: MAX_HEADLINE_CHARS - 1] + "…"
    published_at = _date(_child(el, "wp:post_date_gmt"), _child(el, "wp:post_date"), zone)
    published_at = published_at or _rfc822(_child(el, "pubDate"))
    if published_at is None:
        # WordPress's importer dates such a post when it runs. The export's own time is as
        # true and stays the same when the file is imported again (nothing looks "updated").
        published_at = site.exported_at
        note = "; ".join(filter(None, (note, UNDATED_NOTE)))
    modified = _date(_child(el, "wp:post_modified_gmt"), _child(el, "wp:post_modified"), zone)

    guid = _child(el, "guid")
    key = f"wxr:{site.host()}:{post_id}" if post_id else f"wxr-guid:{guid}"
    meta = _meta(el)
    primary = site.category_ids.get(_int(_primary_category(meta)), "")
    section, tags, archives = _terms(el, site, options, primary)
    body = convert(
        _with_reusable_blocks(_child(el, "content:encoded"), site),
        gallery=lambda i: site.attachments[i].url if i in site.attachments else None,
        rewrite_link=lambda href: _rewrite(href, site),
        attached=lambda: list(site.attached.get(post_id, [])),
    )
    images: dict[str, MediaRef] = {}
    for url in body.image_urls:
        known = (
            site.attachments.get(body.attachment_ids.get(url, 0))
            or site.by_upload.get(upload_path(url))
            or site.by_upload.get(upload_key(url))
        )
        images[url] = MediaRef(
            url=url,
            path=known.path if known else upload_path(url),
            title=known.title if known else "",
            caption=known.caption if known else "",
            alt=known.alt if known else "",
            credit=known.credit if known else "",
        )
    blocks = tuple(body.blocks) or (BodyBlock("paragraph", ""),)
    thumbnail = site.attachments.get(_int(meta.get("_thumbnail_id", "")))
    authors = _authors(el, site)
    link = _child(el, "link")
    old_paths = _old_paths(link, post_id, meta, site, _child(el, "content:encoded"))
    if post_type == "page" and post_id:
        # WordPress answers a page at `?page_id=ID` (and also at `?p=ID`).
        old_paths = (*old_paths, f"/?page_id={post_id}")
    summary = clean(re.sub(r"<[^>]+>", " ", _child(el, "excerpt:encoded"))).strip()
    summary = summary or _seo_description(meta)
    return ArticleRecord(
        source_key=key,
        headline=title or UNTITLED,
        body=tuple(b for b in blocks if b.kind != "paragraph" or b.text),
        published_at=published_at,
        updated_at=modified if modified and modified > published_at else None,
        section=section or options.default_section,
        summary=" ".join(summary.split())[:600],
        authors=authors,
        tags=tuple(dict.fromkeys(tags)),
        source_url=link or guid,
        state=state,
        note=note,
        old_paths=old_paths,
        archive_paths=(
            *archives,
            *_site_feeds(site),
            *(_date_archives(published_at.astimezone(zone), site) if post_type != "page" else ()),
            *_author_archives(el, site),
        ),
        lead_image=thumbnail,
        images=tuple(images.values()),
        comments=_comments(el, zone),
        sticky=_child(el, "wp:is_sticky") == "1",
        unknown_shortcodes=tuple(sorted(body.unknown_shortcodes.elements())),
        kind="page" if post_type == "page" else "article",
        origin=f"{origin} ({post_type} {post_id})",
    )


def _authors(el: Element, site: Site) -> tuple[str, ...]:
    """The post's author (`dc:creator`, by display name), then its co-authors: Co-Authors
    Plus, common on newspapers' WordPress sites, exports each as an `author` term
    (`nicename="cap-<login>"`, the display name as text), the first one usually the creator."""
    names: list[str] = []
    login = _child(el, "dc:creator")
    if login:
        names.append(site.authors.get(login, login[:120]))
    for child in el:
        if (
            _local(child.tag) == "category"
            and not _ns(child.tag)
            and child.get("domain") == "author"
        ):
            slug = child.get("nicename", "").removeprefix("cap-")
            name = site.authors.get(slug) or clean(child.text or "").strip() or slug
            names.append(name[:120])
    return tuple(dict.fromkeys(name for name in names if name))


def _terms(
    el: Element, site: Site, options: ImportOptions, primary: str = ""
) -> tuple[str, list[str], tuple[tuple[str, str, str], ...]]:
    """The section (from the first mapped or top-level category, the SEO plugin's primary
    category first), the tags (child and other categories, post tags), and the old archive
    paths that lead to them."""
    section = ""
    tags: list[str] = []
    archives: list[tuple[str, str, str]] = []
    base = urlsplit(site.base_url).path.rstrip("/")
    categories = f"{base}/" + (f"{quote(options.category_base)}/" if options.category_base else "")
    terms = [child for child in el if _local(child.tag) == "category" and not _ns(child.tag)]
    if primary:
        terms.sort(key=lambda child: child.get("nicename", "") != primary)
    for child in terms:
        domain = child.get("domain", "")
        slug = child.get("nicename", "")
        # A tag's name holds 100 characters (taggit), a section's title 255.
        name = (clean(child.text or "").strip() or unquote(slug))[:100]
        if domain == "category":
            mapped = options.section_map.get(slug) or options.section_map.get(name)
            category = site.categories.get(slug)
            top = not category or not category.parent
            if not section and (mapped or (top and not options.section_map)):
                section = mapped or name
                archives.append((f"{categories}{_category_path(slug, site)}/", "section", section))
            else:
                tags.append(name)
                archives.append((f"{categories}{_category_path(slug, site)}/", "tag", name))
        elif domain == "post_tag":
            tags.append(name)
            archives.append((f"{base}/{quote(options.tag_base)}/{slug}/", "tag", name))
    if not section:
        # Only child categories: the section is the top-level ancestor of the first one.
        for child in terms:
            if child.get("domain") == "category":
                ancestor = _top(child.get("nicename", ""), site)
                if ancestor:
                    section = ancestor.name
                    break
    # Each archive's feed (`/category/x/feed/`), which aggregators and feed readers poll.
    archives += [(f"{path}feed/", f"{kind}_feed", name) for path, kind, name in archives]
    return section, tags, tuple(archives)


_REUSABLE_BLOCK = re.compile(r"<!--\s*wp:block\s+(\{[^>]*?\})\s*/-->")


def _with_reusable_blocks(content: str, site: Site, seen: frozenset[int] = frozenset()) -> str:
    """`content` with each reusable block it names (`<!-- wp:block {"ref":60} /-->`) replaced
    by that block's own content, as WordPress shows it; a block that names itself, or one
    the export lacks, shows nothing, as in WordPress."""

    def inline(match: re.Match[str]) -> str:
        try:
            ref = json.loads(match.group(1)).get("ref")
        except (ValueError, AttributeError):
            return ""
        if not isinstance(ref, int) or ref in seen or ref not in site.reusable:
            return ""
        return _with_reusable_blocks(site.reusable[ref], site, seen | {ref})

    return _REUSABLE_BLOCK.sub(inline, content) if "wp:block" in content else content


def _date_archives(local: datetime, site: Site) -> tuple[tuple[str, str, str], ...]:
    """The day, month and year archives that listed the post (`/2021/07/23/`, in the old
    site's own time), which search engines and readers' bookmarks still hold: (old path,
    "date", the date as y-m-d, y-m or y)."""
    base = urlsplit(site.base_url).path.rstrip("/")
    day, month, year = f"{local:%Y/%m/%d}", f"{local:%Y/%m}", f"{local:%Y}"
    return tuple((f"{base}/{path}/", "date", path.replace("/", "-")) for path in (day, month, year))


def _author_archives(el: Element, site: Site) -> tuple[tuple[str, str, str], ...]:
    """Each author's archive (`/author/<nicename>/`): (old path, "author", display name).
    WordPress's nicename is the login made URL-safe; Co-Authors Plus terms carry it."""
    base = urlsplit(site.base_url).path.rstrip("/")
    found: list[tuple[str, str]] = []
    login = _child(el, "dc:creator")
    if login:
        found.append((_nicename(login), site.authors.get(login, login[:120])))
    for child in el:
        if (
            _local(child.tag) == "category"
            and not _ns(child.tag)
            and child.get("domain") == "author"
        ):
            slug = unquote(child.get("nicename", "").removeprefix("cap-"))
            name = site.authors.get(slug) or clean(child.text or "").strip() or slug
            if slug:
                found.append((_nicename(slug), name[:120]))
    return tuple(
        dict.fromkeys((f"{base}/author/{nicename}/", "author", name) for nicename, name in found)
    )


def _nicename(login: str) -> str:
    """WordPress's `sanitize_title` of a login, as its author archives spell it: lower
    case, spaces and dots as hyphens, other punctuation dropped, letters of any script kept."""
    slug = re.sub(r"[\s.]+", "-", login.strip().lower())
    return re.sub(r"[^\w-]", "", slug).strip("-")


def _site_feeds(site: Site) -> tuple[tuple[str, str, str], ...]:
    """WordPress's addresses of the site's feed (RSS 2 by default, Atom), which news
    aggregators and readers' apps have subscribed to: (old path, "site_feed", format)."""
    base = urlsplit(site.base_url).path.rstrip("/")
    return (
        (f"{base}/feed/", "site_feed", "rss"),
        (f"{base}/feed/rss2/", "site_feed", "rss"),
        (f"{base}/feed/rss/", "site_feed", "rss"),
        (f"{base}/feed/atom/", "site_feed", "atom"),
        (f"{base}/?feed=rss2", "site_feed", "rss"),
        (f"{base}/?feed=atom", "site_feed", "atom"),
    )


def _category_path(slug: str, site: Site) -> str:
    parts, seen = [], set()
    while slug and slug not in seen:
        seen.add(slug)
        parts.append(slug)
        category = site.categories.get(slug)
        slug = category.parent if category else ""
    return "/".join(reversed(parts))


def _top(slug: str, site: Site) -> Category | None:
    category, seen = site.categories.get(slug), set()
    while category and category.parent and category.parent not in seen:
        seen.add(category.slug)
        category = site.categories.get(category.parent) or category
        if category.slug in seen:
            break
    return category


def _old_paths(
    link: str, post_id: int, meta: dict[str, str], site: Site, content: str = ""
) -> tuple[str, ...]:
    paths: list[str] = []
    if link:
        path = _old_path(link)
        paths += [path, _encoded(path)]
        if path.endswith("/") and "?" not in path:
            # The AMP copy (`/slug/amp/`, the AMP plugins' reader mode), which search
            # engines indexed on news sites, and the later pages of a post split with
            # `<!--nextpage-->` (`/slug/2/`): one article here.
            paths += [f"{path}amp/", _encoded(f"{path}amp/")]
            for number in range(2, 2 + min(content.count("<!--nextpage-->"), 50)):
                paths += [f"{path}{number}/", _encoded(f"{path}{number}/")]
        parent = path.rstrip("/").rsplit("/", 1)[0]
        for old in filter(None, meta.get("_wp_old_slug", "").split("\n")):
            paths += [f"{parent}/{old}/", _encoded(f"{parent}/{old}/")]
        # A post whose date was changed kept its old date (`_wp_old_date`), which a
        # date-based permalink (`/2021/07/22/slug/`) carried: WordPress still answers it.
        for old_date in filter(None, meta.get("_wp_old_date", "").split("\n")):
            paths += [_redated(p, old_date.strip()) for p in list(paths)]
    if post_id:
        paths.append(f"/?p={post_id}")
        for attachment in site.attachment_links.get(post_id, []):
            paths.append(_old_path(attachment))
    return tuple(dict.fromkeys(p for p in paths if p and p not in ("/", "")))


_PERMALINK_DATE = re.compile(r"/\d{4}/\d{2}(?:/\d{2})?/")


def _redated(path: str, old_date: str) -> str:
    """`path` with its permalink's date (`/2021/07/23/` or `/2021/07/`) as on `old_date`
    (`2021-07-22`); the path itself where it has no date or `old_date` is no date."""
    match = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", old_date)
    found = _PERMALINK_DATE.search(path)
    if not match or not found:
        return path
    year, month, day = match.groups()
    parts = [year, month, day][: found.group(0).count("/") - 1]
    return path[: found.start()] + "/" + "/".join(parts) + "/" + path[found.end() :]


def _encoded(path: str) -> str:
    """The percent-encoded spelling of a path WordPress may have printed decoded (or the
    reverse: decoded, re-encoded, is the same path in its other form)."""
    return quote(unquote(path), safe="/?=&")


def _rewrite(href: str, site: Site) -> str:
    """A link to a post of the old site becomes a link to its old path on this site, which
    answers 301 to the article once it is public (so drafts are never named)."""
    parts = urlsplit(href)
    if parts.netloc and _same_host(parts.netloc, site.host()):
        return _old_path(href)
    return href


def _same_host(one: str, other: str) -> bool:
    """Whether two URL hosts name one site: case, a port, a `www.` and the punycode spelling
    of an internationalised name (`xn--mgbh0fb.example` is `مثال.example`) aside."""
    return bool(one) and _host_key(one) == _host_key(other)


def _host_key(netloc: str) -> str:
    host = netloc.rsplit("@", 1)[-1].lower()
    if not host.startswith("["):  # an IPv6 address keeps its colons
        host = host.split(":", 1)[0]
    labels = []
    for label in host.rstrip(".").split("."):
        if label.startswith("xn--"):
            with contextlib.suppress(UnicodeError):
                label = label[4:].encode("ascii").decode("punycode")
        labels.append(label)
    return ".".join(labels).removeprefix("www.")


def _date(gmt: str, local: str, zone: ZoneInfo) -> datetime | None:
    for text, tz in ((gmt, UTC), (local, zone)):
        text = text.strip()
        if not text or text.startswith("0000-00-00"):
            continue
        try:
            return datetime.fromisoformat(text).replace(tzinfo=tz)
        except ValueError:
            continue
    return None


def _rfc822(text: str) -> datetime | None:
    """An RSS `pubDate` (`Thu, 05 Jan 2012 14:30:46 +0000`), which every exported item has
    even where WordPress left the post's own dates empty or zero."""
    try:
        moment = parsedate_to_datetime(text.strip()) if text.strip() else None
    except (TypeError, ValueError, IndexError):
        return None
    if moment is None or moment.year < 1900:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _comments(el: Element, zone: ZoneInfo) -> tuple[CommentRecord, ...]:
    found = []
    for child in el:
        if _key(child) != "wp:comment":
            continue
        approved = _child(child, "wp:comment_approved")
        kind = _child(child, "wp:comment_type")
        if approved not in ("1", "0") or kind in ("pingback", "trackback"):
            continue  # spam, trash, pings
        created = _date(
            _child(child, "wp:comment_date_gmt"), _child(child, "wp:comment_date"), zone
        )
        body = clean(re.sub(r"<[^>]+>", "", _child(child, "wp:comment_content"))).strip()
        if created is None or not body:
            continue
        parent = _child(child, "wp:comment_parent")
        found.append(
            CommentRecord(
                source_id=_child(child, "wp:comment_id"),
                name=clean(_child(child, "wp:comment_author")).strip()[:80] or "قارئ",
                body=body[:2000],
                created_at=created,
                approved=approved == "1",
                parent="" if parent in ("", "0") else parent,
                email=_child(child, "wp:comment_author_email")[:254],
                ip=_child(child, "wp:comment_author_IP"),
            )
        )
    return tuple(found)


def read_section_map(path: Path) -> dict[str, str]:
    """`--sections map.csv`: rows of `category slug or name,section title` (a header row whose
    second cell is "section" is skipped)."""
    mapping: dict[str, str] = {}
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.reader(handle):
            if len(row) < 2 or not row[0].strip() or row[1].strip().lower() == "section":
                continue
            mapping[row[0].strip()] = row[1].strip()
            mapping[unquote(row[0].strip())] = row[1].strip()
    return mapping
