"""What a page says about itself to crawlers and link previews, from its template context.

Canonical URL, description, OpenGraph (`og:locale` ar_AR), Twitter card, the feeds of the
list it belongs to, and on article pages the JSON-LD graph. `base.html` prints it all through
one tag, `{% page_meta %}`; the views need to provide nothing beyond what they already do
(`page` on Wagtail pages; `list_title`, `tag`, `author` and `page_obj` on list views).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest
from django.utils.safestring import SafeString
from wagtail.models import Page

from jarida.distribution import conf
from jarida.distribution.articles import (
    ImageInfo,
    absolute,
    default_share_image,
    iso,
    last_change,
    lead_image_for_sharing,
    page_url,
)
from jarida.distribution.feeds import (
    FeedScope,
    author_scope,
    section_scope,
    site_scope,
    tag_scope,
)
from jarida.distribution.structured_data import article_graph, to_script_json
from jarida.distribution.text import first_paragraph, truncate
from jarida.news.links import url_of
from jarida.news.models import ArticlePage, Author, HomePage, SectionPage, Tag

OG_LOCALE = "ar_AR"
DESCRIPTION_LENGTH = 200


@dataclass
class PageMeta:
    title: str
    description: str
    canonical: str
    og_type: str = "website"
    image: ImageInfo | None = None
    feeds: list[tuple[str, str, str]] = field(default_factory=list)
    published: str = ""
    modified: str = ""
    section: str = ""
    tags: list[str] = field(default_factory=list)
    json_ld: SafeString | None = None
    site_name: str = field(default_factory=conf.site_name)
    locale: str = OG_LOCALE
    twitter_site: str = field(default_factory=conf.twitter_site)

    @property
    def twitter_card(self) -> str:
        return "summary_large_image" if self.image else "summary"


def _canonical(request: HttpRequest | None, path: str, context: Mapping[str, Any]) -> str:
    """`path` made absolute; a list's later pages are their own canonical pages (`?page=N`)."""
    url = absolute(request, path)
    page_obj = context.get("page_obj")
    number = getattr(page_obj, "number", 1)
    return f"{url}?page={number}" if isinstance(number, int) and number > 1 else url


def _feeds(request: HttpRequest | None, scopes: list[FeedScope]) -> list[tuple[str, str, str]]:
    return [
        (mime_type, title, absolute(request, href))
        for scope in scopes
        for mime_type, title, href in scope.alternates()
    ]


def build(context: Mapping[str, Any]) -> PageMeta:
    request: HttpRequest | None = context.get("request")
    page = context.get("page")
    if isinstance(page, ArticlePage):
        return _article(request, page)
    if isinstance(page, SectionPage):
        return PageMeta(
            title=page.title,
            description=page.description or f"آخر أخبار {page.title} من {conf.site_name()}",
            canonical=_canonical(request, url_of(page, request) or "/", context),
            feeds=_feeds(request, [section_scope(page, request), site_scope()]),
        )
    if isinstance(page, HomePage):
        return PageMeta(
            title=conf.site_name(),
            description=conf.site_description(),
            canonical=_canonical(request, url_of(page, request) or "/", context),
            feeds=_feeds(request, [site_scope()]),
        )
    path = request.path if request is not None else "/"
    title = str(context.get("list_title") or (page.title if isinstance(page, Page) else ""))
    tag, author = context.get("tag"), context.get("author")
    scopes = [site_scope()]
    if isinstance(tag, Tag):
        description = f"آخر الأخبار الموسومة «{tag.name}» من {conf.site_name()}"
        scopes.insert(0, tag_scope(tag))
    elif isinstance(author, Author):
        description = truncate(author.bio, DESCRIPTION_LENGTH) or (
            f"آخر ما كتب {author.name} في {conf.site_name()}"
        )
        scopes.insert(0, author_scope(author))
    elif title:
        description = f"{title} | {conf.site_name()}"
    else:
        description = conf.site_description()
    return PageMeta(
        title=title or conf.site_name(),
        description=description,
        canonical=_canonical(request, path, context),
        feeds=_feeds(request, scopes),
    )


def _article(request: HttpRequest | None, article: ArticlePage) -> PageMeta:
    section = article.section  # routing found it; else one query
    if not isinstance(section, SectionPage):
        section = None
    description = truncate(article.summary or first_paragraph(article), DESCRIPTION_LENGTH)
    tags = [tag.name for tag in article.tag_list]
    image = lead_image_for_sharing(article, request) or default_share_image(request)
    scopes = [*([section_scope(section, request)] if section else []), site_scope()]
    graph = article_graph(
        article,
        request=request,
        description=description,
        section=section,
        tags=tags,
        image=image,
    )
    return PageMeta(
        title=article.title,
        description=description,
        canonical=page_url(article, request),
        og_type="article",
        image=image,
        feeds=_feeds(request, scopes),
        published=iso(article.first_published_at),
        modified=iso(last_change(article)),
        section=section.title if section else "",
        tags=tags,
        json_ld=to_script_json(graph),
    )
