"""What every distribution surface needs to know about a list of published articles.

Feeds, sitemaps, the API and the page metadata all start from
`ArticlePage.objects.published()`; this module adds the few extra facts they print (section,
tags, lead image, absolute URLs, dates with the newsroom's offset) in a fixed number of
queries, however long the list.
"""

from __future__ import annotations

import datetime as dt
import functools
import mimetypes
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Prefetch
from django.http import HttpRequest
from django.templatetags.static import static
from wagtail.models import Page

from jarida.arabic import to_local
from jarida.distribution import conf
from jarida.news.links import url_of
from jarida.news.models import ArticlePage, ArticlePageQuerySet, ArticleTag, SectionPage, Tag


def for_distribution(articles: ArticlePageQuerySet) -> ArticlePageQuerySet:
    """`articles` with authors, lead image, tags and `last_change` fetched up front."""
    return (
        articles.for_listing()
        .defer(None)  # feeds and the API carry the body
        .with_authors()
        .prefetch_related(
            Prefetch("tagged_items", queryset=ArticleTag.objects.select_related("tag"))
        )
        .with_last_change()
    )


def tags_of(article: ArticlePage) -> list[Tag]:
    """The article's tags from the prefetch made by `for_distribution` (no query)."""
    return [item.tag for item in article.tagged_items.all()]


def last_change(article: ArticlePage) -> dt.datetime | None:
    """The last substantive update: `updated_at`, else first publication. Never
    `last_published_at`, which moves for every typo fix."""
    annotated = getattr(article, "last_change", None)
    return annotated or article.updated_at or article.first_published_at


def parent_path(page: Page) -> str:
    return page.path[: -Page.steplen]


def sections_of(articles: Iterable[ArticlePage]) -> dict[str, SectionPage]:
    """The sections of `articles`, by tree path, in one query (`get_parent` would be one each)."""
    paths = {parent_path(article) for article in articles}
    return {section.path: section for section in SectionPage.objects.filter(path__in=paths)}


def local_time(value: dt.datetime) -> dt.datetime:
    """`value` in the newsroom's zone, to the second, so every surface prints the same time
    with the newsroom's offset (+03:00)."""
    return to_local(value, conf.time_zone()).replace(microsecond=0)


def iso(value: dt.datetime | None) -> str:
    """ISO 8601 with the newsroom's offset, to the second: `2021-07-23T09:30:00+03:00`."""
    return local_time(value).isoformat(timespec="seconds") if value else ""


def absolute(request: HttpRequest | None, url: str) -> str:
    """`url` made absolute against the request's host (SITE_URL without a request)."""
    if url.startswith(("http://", "https://")):
        return url
    if request is not None:
        return request.build_absolute_uri(url)
    return f"{settings.SITE_URL}{url}"


def page_url(page: Page, request: HttpRequest | None) -> str:
    return absolute(request, url_of(page, request) or "/")


@dataclass(frozen=True)
class ImageInfo:
    """A photo as feeds, JSON-LD, OpenGraph and the API describe it."""

    url: str
    width: int
    height: int
    mime_type: str
    length: int  # bytes; 0 when unknown, as the RSS Best Practices Profile says
    caption: str
    credit: str


def lead_image_original(article: ArticlePage, request: HttpRequest | None) -> ImageInfo | None:
    """The lead photo's uploaded file (no rendition to generate, so no query or resize per
    item): for enclosures and the API."""
    image = article.lead_image
    if image is None:
        return None
    return ImageInfo(
        url=absolute(request, image.file.url),
        width=image.width,
        height=image.height,
        mime_type=mimetypes.guess_type(image.file.name)[0] or "image/jpeg",
        length=image.file_size or 0,
        caption=article.photo_caption,
        credit=article.photo_credit,
    )


# The article page already renders this rendition for its `<picture>`, so sharing it with
# OpenGraph and JSON-LD costs no extra resize.
SHARE_RENDITION = "format-jpeg|width-1200"


def lead_image_for_sharing(article: ArticlePage, request: HttpRequest | None) -> ImageInfo | None:
    """A 1200px-wide JPEG of the lead photo: what link previews and Google want."""
    image = article.lead_image
    if image is None:
        return None
    rendition = image.get_rendition(SHARE_RENDITION)
    return ImageInfo(
        url=absolute(request, rendition.url),
        width=rendition.width,
        height=rendition.height,
        mime_type="image/jpeg",
        length=0,
        caption=article.photo_caption,
        credit=article.photo_credit,
    )


def default_share_image(request: HttpRequest | None) -> ImageInfo | None:
    """The site's default card (`SHARE_IMAGE`), for an article without a lead photo."""
    path = conf.share_image()
    size = static_image_size(path)
    if size is None:
        return None
    return ImageInfo(
        url=absolute(request, static(path)),
        width=size[0],
        height=size[1],
        mime_type="image/png",
        length=0,
        caption=conf.site_name(),
        credit="",
    )


@functools.cache
def static_image_size(path: str) -> tuple[int, int] | None:
    """A static image's pixel size, read once per process."""
    from django.contrib.staticfiles import finders
    from PIL import Image

    found = finders.find(path)
    if not found:
        return None
    with Image.open(found if isinstance(found, str) else found[0]) as image:
        return image.size


def logo_url(request: HttpRequest | None) -> str:
    logo = conf.publisher_logo()
    return logo if logo.startswith(("http://", "https://")) else absolute(request, static(logo))
