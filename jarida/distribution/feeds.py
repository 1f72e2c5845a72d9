"""RSS 2.0 and Atom feeds of the newest published articles: the whole paper, and each section,
tag and author.

Every feed lives at `/feeds` + the path of the list it mirrors + its format, so a reader who
knows a list's address knows its feed's: `/feeds/rss/`, `/feeds/<section>/atom/`,
`/feeds/tags/<tag>/rss/`, `/feeds/authors/<author>/atom/`. Built on Django's syndication
framework; the articles come from `ArticlePage.objects.published()` and nothing else.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Enclosure, Rss201rev2Feed, SyndicationFeed
from django.utils.html import escape

from jarida.distribution import conf
from jarida.distribution.articles import (
    absolute,
    for_distribution,
    last_change,
    lead_image_original,
    local_time,
    parent_path,
    sections_of,
    tags_of,
)
from jarida.distribution.text import first_paragraph
from jarida.news import cache_rules
from jarida.news.links import url_of
from jarida.news.models import ArticlePage, ArticlePageQuerySet, Author, SectionPage, Tag
from jarida.pagecache.middleware import tag_response

FEED_TYPES: dict[str, type[SyndicationFeed]] = {"rss": Rss201rev2Feed, "atom": Atom1Feed}
MIME_TYPES = {"rss": "application/rss+xml", "atom": "application/atom+xml"}
LABELS = {"rss": "RSS", "atom": "Atom"}


class FeedFormatConverter:
    """`rss` or `atom` in a feed's URL."""

    regex = "rss|atom"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


@dataclass(frozen=True)
class FeedScope:
    """Which articles a feed carries, what it is called, and where it and its page live."""

    title: str
    description: str
    link: str
    url_name: str
    url_kwargs: dict[str, Any] = field(default_factory=dict)
    cache_tag: str = cache_rules.LATEST
    narrow: Callable[[ArticlePageQuerySet], ArticlePageQuerySet] = lambda articles: articles

    def articles(self) -> ArticlePageQuerySet:
        return self.narrow(ArticlePage.objects.published())

    def feed_url(self, fmt: str) -> str:
        return reverse(f"distribution:{self.url_name}", kwargs={**self.url_kwargs, "fmt": fmt})

    def alternates(self) -> list[tuple[str, str, str]]:
        """(MIME type, title, path) of each format, for `<link rel="alternate">`."""
        return [
            (MIME_TYPES[fmt], f"{self.title} ({LABELS[fmt]})", self.feed_url(fmt))
            for fmt in FEED_TYPES
        ]


def site_scope() -> FeedScope:
    return FeedScope(
        title=conf.site_name(), description=conf.site_description(), link="/", url_name="feed"
    )


def section_scope(section: SectionPage, request: HttpRequest | None = None) -> FeedScope:
    return FeedScope(
        title=f"{section.title} | {conf.site_name()}",
        description=section.description or f"آخر أخبار {section.title} من {conf.site_name()}",
        link=url_of(section, request) or "/",
        url_name="section_feed",
        url_kwargs={"slug": section.slug},
        cache_tag=cache_rules.section(section.pk),
        narrow=lambda articles: articles.in_section(section),
    )


def tag_scope(tag: Tag) -> FeedScope:
    return FeedScope(
        title=f"وسم: {tag.name} | {conf.site_name()}",
        description=f"آخر الأخبار الموسومة «{tag.name}» من {conf.site_name()}",
        link=tag.get_absolute_url(),
        url_name="tag_feed",
        url_kwargs={"slug": tag.slug},
        cache_tag=cache_rules.topic(tag.pk),
        narrow=lambda articles: articles.filter(tagged_items__tag=tag),
    )


def author_scope(author: Author) -> FeedScope:
    return FeedScope(
        title=f"{author.name} | {conf.site_name()}",
        description=author.bio or f"آخر ما كتب {author.name} في {conf.site_name()}",
        link=author.get_absolute_url(),
        url_name="author_feed",
        url_kwargs={"slug": author.slug},
        cache_tag=cache_rules.author(author.pk),
        narrow=lambda articles: articles.filter(article_authors__author=author),
    )


@dataclass
class FeedEntry:
    """An item a feature app adds to a feed beside the articles (a live coverage page, each
    of its key events), saying what the feed prints of it."""

    title: str
    description: str
    path: str  # on the site, e.g. `/section/slug/update/12/`
    published_at: dt.datetime
    updated_at: dt.datetime | None = None
    author: str = ""
    categories: list[str] = field(default_factory=list)


@dataclass
class FeedAddition:
    """What one feature app adds to one feed: its entries, and the cache tags whose purge
    makes the feed stale (all of them, even for entries the feed's length leaves out)."""

    entries: list[FeedEntry]
    cache_tags: set[str]


# Feature apps that add entries to feeds (live coverage): each gets the feed's scope and
# returns a `FeedAddition` or None. Registered in the app's `ready()`, so distribution
# imports none of them.
FeedSource = Callable[[FeedScope], "FeedAddition | None"]
FEED_SOURCES: list[FeedSource] = []


def register_feed_source(source: FeedSource) -> FeedSource:
    if source not in FEED_SOURCES:
        FEED_SOURCES.append(source)
    return source


class ArticleFeed(Feed):
    """One feed of one scope in one format. Made per request (see the views below), so the
    request can live on the instance for absolute URLs."""

    language = "ar"
    item_guid_is_permalink = True

    def __init__(self, scope: FeedScope, fmt: str) -> None:
        super().__init__()
        self.scope = scope
        self.fmt = fmt
        self.feed_type = FEED_TYPES[fmt]
        self.request: HttpRequest | None = None
        self.sections: dict[str, SectionPage] = {}
        self.shown: list[ArticlePage] = []
        self.extra_tags: set[str] = set()

    def __call__(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = super().__call__(request, *args, **kwargs)
        # Django dates the feed by its newest item, which does not move when an article is
        # taken down: a reader asking If-Modified-Since would keep it. The ETag (set around
        # this view) changes with any change.
        del response["Last-Modified"]
        response = cache_rules.tag_feed(response, self.scope.cache_tag, self.shown)
        return tag_response(response, self.extra_tags) if self.extra_tags else response

    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> FeedScope:
        self.request = request
        return self.scope

    def title(self, scope: FeedScope) -> str:
        return scope.title

    def link(self, scope: FeedScope) -> str:
        return scope.link

    def description(self, scope: FeedScope) -> str:
        return scope.description

    def subtitle(self, scope: FeedScope) -> str:
        return scope.description

    def feed_url(self, scope: FeedScope) -> str:
        return scope.feed_url(self.fmt)

    def author_name(self, scope: FeedScope) -> str:
        # Atom wants an author for every entry; the paper stands in where an entry has none.
        return conf.site_name()

    def items(self, scope: FeedScope) -> list[ArticlePage | FeedEntry]:
        articles = list(for_distribution(scope.articles()).newest_first()[: conf.feed_items()])
        self.sections = sections_of(articles)
        self.shown = articles
        entries: list[FeedEntry] = []
        for source in FEED_SOURCES:
            if (addition := source(scope)) is not None:
                entries += addition.entries
                self.extra_tags |= addition.cache_tags
        if not entries:
            return list(articles)
        mixed: list[ArticlePage | FeedEntry] = [*articles, *entries]
        mixed.sort(key=_published, reverse=True)
        return mixed[: conf.feed_items()]

    def item_title(self, article: ArticlePage | FeedEntry) -> str:
        return article.title

    def item_description(self, article: ArticlePage | FeedEntry) -> str:
        if isinstance(article, FeedEntry):
            return escape(article.description)
        # RSS and Atom (`type="html"`) descriptions are HTML: the plain summary is escaped.
        return escape(article.summary or first_paragraph(article))

    def item_link(self, article: ArticlePage | FeedEntry) -> str:
        if isinstance(article, FeedEntry):
            return article.path
        return url_of(article, self.request) or article.get_short_url()

    def item_guid(self, article: ArticlePage | FeedEntry) -> str:
        if isinstance(article, FeedEntry):
            return absolute(self.request, article.path)
        # The short link survives headline and section changes, so readers never see an
        # edited article as a new one.
        return absolute(self.request, article.get_short_url())

    def item_pubdate(self, article: ArticlePage | FeedEntry) -> dt.datetime | None:
        published = _published(article)
        return local_time(published) if published.year > 1 else None

    def item_updateddate(self, article: ArticlePage | FeedEntry) -> dt.datetime | None:
        if isinstance(article, FeedEntry):
            changed = article.updated_at or article.published_at
        else:
            changed = last_change(article)
        return local_time(changed) if changed else None

    def item_author_name(self, article: ArticlePage | FeedEntry) -> str | None:
        if isinstance(article, FeedEntry):
            return article.author or None
        return "، ".join(author.name for author in article.authors) or None

    def item_categories(self, article: ArticlePage | FeedEntry) -> list[str]:
        if isinstance(article, FeedEntry):
            return article.categories
        section = self.sections.get(parent_path(article))
        return [*([section.title] if section else []), *(tag.name for tag in tags_of(article))]

    def item_enclosures(self, article: ArticlePage | FeedEntry) -> list[Enclosure]:
        if isinstance(article, FeedEntry):
            return []
        image = lead_image_original(article, self.request)
        if image is None:
            return []
        return [Enclosure(image.url, str(image.length), image.mime_type)]


def _published(item: ArticlePage | FeedEntry) -> dt.datetime:
    moment = item.published_at if isinstance(item, FeedEntry) else item.first_published_at
    return moment or dt.datetime.min.replace(tzinfo=dt.UTC)


def site_feed(request: HttpRequest, fmt: str) -> HttpResponse:
    return ArticleFeed(site_scope(), fmt)(request)


def section_feed(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    section = SectionPage.objects.live().public().filter(slug=slug).order_by("path").first()
    if section is None:
        raise Http404("لا يوجد قسم بهذا الاسم")
    return ArticleFeed(section_scope(section, request), fmt)(request)


def tag_feed(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    return ArticleFeed(tag_scope(get_object_or_404(Tag, slug=slug)), fmt)(request)


def author_feed(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    return ArticleFeed(author_scope(get_object_or_404(Author, slug=slug)), fmt)(request)
