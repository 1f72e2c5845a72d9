"""Sitemaps for search engines: an index at `/sitemap.xml`, the front and section pages,
every published article (paginated, oldest first), and a Google News sitemap of the last
48 hours.

Django's sitemaps framework does the XML and the pagination; Wagtail's contrib sitemap is not
used because it walks every live page (`live().public()`), which would list an expired
article the scheduler has not yet unpublished. Every article here comes from
`ArticlePage.objects.published()`.

`lastmod` is the last substantive update (`updated_at`, else first publication), never
Wagtail's `last_published_at`, which moves for every typo fix.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.db.models import Max
from django.db.models.functions import Substr
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from wagtail.models import Page

from jarida.distribution import conf
from jarida.distribution.articles import absolute
from jarida.news import cache_rules
from jarida.news.links import url_of
from jarida.news.models import ArticlePage, ArticlePageQuerySet, HomePage, InfoPage, SectionPage

# Google News only takes articles published in the last two days, at most 1,000 per file.
NEWS_WINDOW = dt.timedelta(hours=48)
NEWS_LIMIT = 1000

# What a sitemap entry needs from an article row; the body and the rest stay in the database.
ARTICLE_FIELDS = ("id", "path", "depth", "url_path", "title", "first_published_at", "updated_at")


class RequestSitemap(Sitemap):
    """A sitemap made for one request, so that its pages' paths come from the request's own
    site (`url_of`), with no lookup of every site's root paths per URL."""

    def __init__(self, request: HttpRequest | None = None) -> None:
        self.request = request

    def page_path(self, page: Page) -> str:
        """The page's path on its site; Django's sitemap prefixes the requested host."""
        return url_of(page, self.request)


class ArticleSitemap(RequestSitemap):
    """Every published article, oldest first: a page of this sitemap keeps its URLs as news
    arrives (new articles land on the last page), so crawlers refetch little."""

    def __init__(self, request: HttpRequest | None = None) -> None:
        super().__init__(request)
        self.limit = conf.sitemap_page_size()

    def items(self) -> ArticlePageQuerySet:
        return (
            ArticlePage.objects.published()
            .with_last_change()
            .only(*ARTICLE_FIELDS)
            .order_by("first_published_at", "pk")
        )

    def location(self, item: ArticlePage) -> str:
        return self.page_path(item)

    def lastmod(self, item: ArticlePage) -> dt.datetime | None:
        return item.last_change  # type: ignore[attr-defined]

    def get_latest_lastmod(self) -> dt.datetime | None:
        # One aggregate instead of Django's default walk over every item.
        return (
            ArticlePage.objects.published()
            .with_last_change()
            .aggregate(latest=Max("last_change"))["latest"]
        )


# Pages of feature apps that Google News lists beside the articles (live coverage while it
# runs): each source returns published pages annotated with `last_change`. Registered in the
# feature app's `ready()`, so distribution imports none of them.
NewsSource = Callable[[], list[Page]]
NEWS_SOURCES: list[NewsSource] = []


def register_news_source(source: NewsSource) -> NewsSource:
    if source not in NEWS_SOURCES:
        NEWS_SOURCES.append(source)
    return source


class NewsSitemap(ArticleSitemap):
    """Google News: articles first published in the last 48 hours, and what feature apps
    add (`register_news_source`), newest first."""

    def __init__(self, request: HttpRequest | None = None) -> None:
        super().__init__(request)
        self.limit = NEWS_LIMIT

    def recent(self) -> ArticlePageQuerySet:
        since = timezone.now() - NEWS_WINDOW
        return ArticlePage.objects.published().filter(first_published_at__gte=since)

    @cached_property
    def extra(self) -> list[Page]:
        return [page for source in NEWS_SOURCES for page in source()]

    def items(self) -> Any:
        articles = self.recent().with_last_change().only(*ARTICLE_FIELDS).newest_first()
        if not NEWS_SOURCES:
            return articles[:NEWS_LIMIT]
        rows = [*self.extra, *articles[:NEWS_LIMIT]]
        rows.sort(key=lambda page: (page.first_published_at, page.pk), reverse=True)
        return rows[:NEWS_LIMIT]

    def get_latest_lastmod(self) -> dt.datetime | None:
        latest = self.recent().with_last_change().aggregate(latest=Max("last_change"))["latest"]
        moments = [m for m in (latest, *(p.last_change for p in self.extra)) if m]
        return max(moments, default=None)


class SectionSitemap(RequestSitemap):
    """The front page, each section (each changes when one of its articles does) and each
    plain page (من نحن، سياسة الخصوصية; changed when it was last published)."""

    def __init__(self, request: HttpRequest | None = None) -> None:
        super().__init__(request)
        self._lastmods: dict[str, dt.datetime] | None = None

    def items(self) -> list[Page]:
        home = HomePage.objects.live().public().first()
        sections = SectionPage.objects.live().public().order_by("path")
        pages = InfoPage.objects.live().public().order_by("path")
        return [*([home] if home else []), *sections, *pages]

    def location(self, item: Page) -> str:
        return self.page_path(item)

    def lastmod(self, item: Page) -> dt.datetime | None:
        if self._lastmods is None:
            self._lastmods = self._latest_changes()
        if isinstance(item, HomePage):
            return max(self._lastmods.values(), default=None)
        if isinstance(item, InfoPage):
            return item.last_published_at
        return self._lastmods.get(item.path)

    def get_latest_lastmod(self) -> dt.datetime | None:
        if self._lastmods is None:
            self._lastmods = self._latest_changes()
        return max(self._lastmods.values(), default=None)

    def _latest_changes(self) -> dict[str, dt.datetime]:
        """Each section's latest article change, keyed by section path, in one query per
        depth of section (one, on a single-site paper)."""
        latest: dict[str, dt.datetime] = {}
        depths = SectionPage.objects.values_list("depth", flat=True).distinct()
        for depth in depths:
            rows = (
                ArticlePage.objects.published()
                .filter(depth=depth + 1)
                .with_last_change()
                .annotate(section_path=Substr("path", 1, depth * Page.steplen))
                .order_by()
                .values("section_path")
                .annotate(latest=Max("last_change"))
            )
            latest.update({row["section_path"]: row["latest"] for row in rows})
        return latest


SITEMAPS: dict[str, type[RequestSitemap]] = {
    "sections": SectionSitemap,
    "articles": ArticleSitemap,
    "news": NewsSitemap,
}
TEMPLATES = {"news": "distribution/sitemap_news.xml"}


def for_request(request: HttpRequest) -> dict[str, Sitemap]:
    return {name: sitemap(request) for name, sitemap in SITEMAPS.items()}


def sitemap_index(request: HttpRequest) -> HttpResponse:
    """`/sitemap.xml`: every sitemap and every page of the article sitemap."""
    response = sitemap_views.index(
        request,
        for_request(request),
        template_name="distribution/sitemap_index.xml",
        sitemap_url_name="distribution:sitemap",
    )
    return cache_rules.tag_feed(response, cache_rules.LATEST, ())


def sitemap(request: HttpRequest, section: str) -> HttpResponse:
    """`/sitemaps/<section>.xml?p=N`."""
    response: Any = sitemap_views.sitemap(
        request,
        for_request(request),
        section=section,
        template_name=TEMPLATES.get(section, "distribution/sitemap.xml"),
    )
    if isinstance(response, TemplateResponse):
        response.context_data = {
            **(response.context_data or {}),
            "publication_name": conf.google_news_publication_name(),
        }
    return cache_rules.tag_feed(response, cache_rules.LATEST, ())


def robots_txt(request: HttpRequest) -> HttpResponse:
    """Crawlers may read everything readers can, and are told where the sitemaps are.

    The admin is closed to them, and so are search results: endless, thin pages that only
    repeat the articles the sitemaps already list.
    """
    index = absolute(request, reverse("distribution:sitemap_index"))
    news = absolute(request, reverse("distribution:sitemap", kwargs={"section": "news"}))
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /search/",
        "",
        f"Sitemap: {index}",
        f"Sitemap: {news}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
