"""schema.org JSON-LD for an article page: `NewsArticle` and its `BreadcrumbList`.

What Google's article and Top Stories features read: headline, dates with the newsroom's
offset (`dateModified` is the last substantive update, not a typo fix), authors, the publisher
with a raster logo, the lead photo with its credit (`creditText`), section and language, and
each public correction notice as a `CorrectionComment`.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Iterable, Sequence
from typing import Any, Protocol

from django.http import HttpRequest
from django.utils.safestring import SafeString, mark_safe

from jarida.distribution import conf
from jarida.distribution.articles import (
    ImageInfo,
    absolute,
    iso,
    last_change,
    logo_url,
    page_url,
)
from jarida.news.models import ArticlePage, Author, SectionPage

SCHEMA = "https://schema.org"


class Notice(Protocol):
    """A correction, clarification or update notice as the newsroom app provides it."""

    kind: Any
    text: str


def public_notices(article: ArticlePage) -> list[Any]:
    """The article's public notices, or none where the newsroom does not provide them."""
    accessor = getattr(article, "public_notices", None)
    return list(accessor()) if callable(accessor) else []


def notice_label(notice: Notice) -> str:
    """The notice's kind as printed (تصحيح), from the model's choices where it has them."""
    label_of = getattr(notice, "get_kind_display", None)
    return str(label_of() if callable(label_of) else notice.kind)


def notice_time(notice: Notice) -> dt.datetime | None:
    return getattr(notice, "created_at", None) or getattr(notice, "noted_at", None)


def correction_comment(notice: Notice) -> dict[str, Any]:
    """One notice as a `CorrectionComment`: its kind (تصحيح، توضيح، تحديث) leads the text."""
    comment: dict[str, Any] = {
        "@type": "CorrectionComment",
        "text": f"{notice_label(notice)}: {notice.text}",
    }
    if (noted_at := notice_time(notice)) is not None:
        comment["datePublished"] = iso(noted_at)
    return comment


@functools.cache
def _static_image_size(path: str) -> tuple[int, int] | None:
    from django.contrib.staticfiles import finders
    from PIL import Image

    found = finders.find(path)
    if not found:
        return None
    with Image.open(found if isinstance(found, str) else found[0]) as image:
        return image.size


def publisher(request: HttpRequest | None) -> dict[str, Any]:
    logo: dict[str, Any] = {"@type": "ImageObject", "url": logo_url(request)}
    if size := _static_image_size(conf.publisher_logo()):
        logo["width"], logo["height"] = size
    return {
        "@type": "NewsMediaOrganization",
        "name": conf.site_name(),
        "url": absolute(request, "/"),
        "logo": logo,
    }


def image_object(image: ImageInfo) -> dict[str, Any]:
    data: dict[str, Any] = {
        "@type": "ImageObject",
        "url": image.url,
        "contentUrl": image.url,
        "width": image.width,
        "height": image.height,
    }
    if image.caption:
        data["caption"] = image.caption
    if image.credit:
        data["creditText"] = image.credit
    return data


def person(author: Author, request: HttpRequest | None) -> dict[str, Any]:
    return {
        "@type": "Person",
        "name": author.name,
        "url": absolute(request, author.get_absolute_url()),
    }


def news_article(
    article: ArticlePage,
    *,
    request: HttpRequest | None,
    url: str,
    description: str,
    section: SectionPage | None,
    authors: Sequence[Author],
    tags: Iterable[str],
    image: ImageInfo | None,
    notices: Iterable[Notice],
) -> dict[str, Any]:
    the_publisher = publisher(request)
    data: dict[str, Any] = {
        "@context": SCHEMA,
        "@type": "NewsArticle",
        "@id": f"{url}#article",
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "url": url,
        "headline": article.title,
        "description": description,
        "inLanguage": "ar",
        "datePublished": iso(article.first_published_at),
        "dateModified": iso(last_change(article)),
        # Without a named author the paper itself signs the article.
        "author": [person(author, request) for author in authors]
        or [{"@type": "Organization", "name": the_publisher["name"], "url": the_publisher["url"]}],
        "publisher": the_publisher,
    }
    if section is not None:
        data["articleSection"] = section.title
    if keywords := list(tags):
        data["keywords"] = keywords
    if image is not None:
        data["image"] = [image_object(image)]
    if corrections := [correction_comment(notice) for notice in notices]:
        data["correction"] = corrections
    return data


def breadcrumbs(trail: Sequence[tuple[str, str]]) -> dict[str, Any]:
    """(name, absolute URL) from the front page down to the current page."""
    return {
        "@context": SCHEMA,
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": name, "item": url}
            for position, (name, url) in enumerate(trail, start=1)
        ],
    }


def article_graph(
    article: ArticlePage,
    *,
    request: HttpRequest | None,
    description: str,
    section: SectionPage | None,
    tags: Iterable[str],
    image: ImageInfo | None,
) -> list[dict[str, Any]]:
    """The `NewsArticle` and `BreadcrumbList` of an article page."""
    url = page_url(article, request)
    trail = [(conf.site_name(), absolute(request, "/"))]
    if section is not None:
        trail.append((section.title, page_url(section, request)))
    trail.append((article.title, url))
    return [
        news_article(
            article,
            request=request,
            url=url,
            description=description,
            section=section,
            authors=article.authors,
            tags=tags,
            image=image,
            notices=public_notices(article),
        ),
        breadcrumbs(trail),
    ]


# The characters that could close a <script> element or open a comment in it.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def to_script_json(data: Any) -> SafeString:
    """JSON for a `<script type="application/ld+json">`: Arabic kept readable, `<`, `>` and `&`
    escaped so no text can end the script."""
    text = json.dumps(data, ensure_ascii=False, indent=None, separators=(",", ":"))
    return mark_safe(text.translate(_SCRIPT_ESCAPES))  # escaped above
