"""The API's operations. Each one starts from `ArticlePage.objects.published()`."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Iterable
from dataclasses import asdict
from typing import Annotated, Any, Literal

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import NinjaAPI, Path, Query
from ninja.renderers import JSONRenderer
from ninja.responses import Status

from jarida.distribution import conf
from jarida.distribution.api import cursor
from jarida.distribution.api import schemas as out
from jarida.distribution.articles import (
    absolute,
    for_distribution,
    last_change,
    lead_image_original,
    local_time,
    page_url,
    parent_path,
    sections_of,
    tags_of,
)
from jarida.distribution.feeds import section_scope
from jarida.distribution.structured_data import notice_label, notice_time, public_notices
from jarida.distribution.text import body_html
from jarida.news.models import ArticlePage, ArticlePageQuerySet, Author, SectionPage, Tag
from jarida.search.query import search_articles

PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
MAX_SEARCH_OFFSET = 10_000
# Query text: bounded, and never a NUL (PostgreSQL refuses it in any string).
TEXT = r"^[^\x00]*$"
MAX_ID = 2**63 - 1

Slug = Annotated[str | None, Query(None, max_length=200, pattern=TEXT)]
FirstDay = Annotated[dt.date | None, Query(None, description="First day, newsroom time zone")]
LastDay = Annotated[dt.date | None, Query(None, description="Last day, inclusive")]
Cursor = Annotated[
    str | None,
    Query(
        None,
        alias="cursor",
        max_length=200,
        pattern=r"^[A-Za-z0-9_-]+$",
        description="`next_cursor` from the previous page, as given",
    ),
]
Limit = Annotated[int, Query(PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE)]
Offset = Annotated[int, Query(0, ge=0, le=MAX_SEARCH_OFFSET)]
Order = Annotated[Literal["relevance", "newest"], Query("relevance")]
SearchText = Annotated[str, Query(..., min_length=1, max_length=200, pattern=TEXT)]


class ArabicJSONRenderer(JSONRenderer):
    """Arabic as UTF-8 rather than \\u escapes: a third of the bytes, and readable."""

    json_dumps_params = {"ensure_ascii": False}


api = NinjaAPI(
    title="Jarida API",
    version="1",
    description="أخبار الجريدة المنشورة: المقالات والأقسام والكتّاب والبحث. للقراءة فقط.",
    urls_namespace="distribution:api-v1",
    openapi_url="/openapi.json",
    docs_url=None,
    renderer=ArabicJSONRenderer(),
)


# Shapes -----------------------------------------------------------------------------------


def section_ref(section: SectionPage, request: HttpRequest) -> dict[str, Any]:
    return {
        "id": section.pk,
        "slug": section.slug,
        "title": section.title,
        "url": page_url(section, request),
    }


def author_ref(author: Author, request: HttpRequest) -> dict[str, Any]:
    return {
        "slug": author.slug,
        "name": author.name,
        "url": absolute(request, author.get_absolute_url()),
    }


def tag_ref(tag: Tag, request: HttpRequest) -> dict[str, Any]:
    return {"slug": tag.slug, "name": tag.name, "url": absolute(request, tag.get_absolute_url())}


def article_summary(
    article: ArticlePage, request: HttpRequest, sections: dict[str, SectionPage]
) -> dict[str, Any]:
    section = sections.get(parent_path(article))
    image = lead_image_original(article, request)
    # An article made live outside Wagtail's publish (an import, a data fix) can lack its
    # first-publication date; the API then gives the best time it has, never a 500.
    published_at = (
        article.first_published_at
        or article.last_published_at
        or article.latest_revision_created_at
        or article.go_live_at
    )
    return {
        "id": article.pk,
        "title": article.title,
        "summary": article.summary,
        "url": page_url(article, request),
        "short_url": absolute(request, article.get_short_url()),
        "section": section_ref(section, request) if section else None,
        "authors": [author_ref(author, request) for author in article.authors],
        "tags": [tag_ref(tag, request) for tag in tags_of(article)],
        "byline": article.byline,
        "published_at": local_time(published_at) if published_at else None,
        "modified_at": local_time(last_change(article) or published_at)
        if (last_change(article) or published_at)
        else None,
        "image": asdict(image) if image else None,
    }


def notice_out(notice: Any) -> dict[str, Any]:
    noted_at = notice_time(notice)
    return {
        "kind": str(notice.kind),
        "label": notice_label(notice),
        "text": notice.text,
        "noted_at": local_time(noted_at) if noted_at else None,
    }


def summaries(articles: Iterable[ArticlePage], request: HttpRequest) -> list[dict[str, Any]]:
    articles = list(articles)
    sections = sections_of(articles)
    items = [article_summary(article, request, sections) for article in articles]
    # The schema promises both times; an article with no time at all is left out, not a 500.
    return [item for item in items if item["published_at"] and item["modified_at"]]


# Filters ----------------------------------------------------------------------------------


def _day_start(day: dt.date) -> dt.datetime | None:
    """Midnight of `day` in the newsroom's zone; None where that falls outside datetime's
    range (year 1, year 9999), which is the same as no bound."""
    try:
        start = dt.datetime.combine(day, dt.time(), tzinfo=zoneinfo.ZoneInfo(conf.time_zone()))
        return start.astimezone(dt.UTC)
    except OverflowError:
        return None


def within_days(
    articles: ArticlePageQuerySet, date_from: dt.date | None, date_to: dt.date | None
) -> ArticlePageQuerySet:
    """Articles first published from `date_from` to `date_to` inclusive, as the newsroom
    counts days (the archive pages count them the same way)."""
    if date_from is not None and (start := _day_start(date_from)) is not None:
        articles = articles.filter(first_published_at__gte=start)
    if date_to is not None and date_to < dt.date.max:
        end = _day_start(date_to + dt.timedelta(days=1))
        if end is not None:
            articles = articles.filter(first_published_at__lt=end)
    return articles


def find_section(slug: str) -> SectionPage | None:
    return SectionPage.objects.live().public().filter(slug=slug).order_by("path").first()


# Operations -------------------------------------------------------------------------------


@api.get(
    "/articles/",
    response={200: out.ArticleList, 400: out.Error},
    summary="Published articles, newest first",
    tags=["articles"],
)
def list_articles(
    request: HttpRequest,
    section: Slug = None,
    tag: Slug = None,
    author: Slug = None,
    date_from: FirstDay = None,
    date_to: LastDay = None,
    cursor_: Cursor = None,
    limit: Limit = PAGE_SIZE,
) -> Status[dict[str, Any]]:
    """Filter by section, tag and author slugs and by day; page with `cursor`: a cursor
    names the last article seen, so new articles never shift the pages being read."""
    articles = ArticlePage.objects.published()
    if section is not None:
        found = find_section(section)
        articles = articles.in_section(found) if found else articles.none()
    if tag is not None:
        articles = articles.filter(tagged_items__tag__slug=tag)
    if author is not None:
        articles = articles.filter(article_authors__author__slug=author)
    articles = within_days(articles, date_from, date_to)
    if cursor_ is not None:
        try:
            articles = articles.filter(cursor.after(cursor_))
        except cursor.InvalidCursor:
            return Status(400, {"detail": "قيمة cursor غير صالحة: استعمل next_cursor كما جاء."})
    page = list(for_distribution(articles).newest_first()[: limit + 1])
    more, page = len(page) > limit, page[:limit]
    request.articles_shown = page  # type: ignore[attr-defined]  # its cache tags
    next_cursor = None
    next_url = None
    if more and page and page[-1].first_published_at is not None:
        next_cursor = cursor.encode(page[-1].first_published_at, page[-1].pk)
        query = request.GET.copy()
        query["cursor"] = next_cursor
        next_url = request.build_absolute_uri(f"{request.path}?{query.urlencode()}")
    return Status(
        200, {"items": summaries(page, request), "next_cursor": next_cursor, "next": next_url}
    )


@api.get(
    "/articles/{article_id}/",
    response={200: out.Article, 404: out.Error},
    summary="One published article with its body",
    tags=["articles"],
)
def article_detail(
    request: HttpRequest, article_id: Annotated[int, Path(ge=1, le=MAX_ID)]
) -> Status[dict[str, Any]]:
    article = for_distribution(ArticlePage.objects.published().filter(pk=article_id)).first()
    if article is None:
        return Status(404, {"detail": "لا يوجد خبر منشور بهذا الرقم."})
    found = summaries([article], request)
    if not found:
        return Status(404, {"detail": "لا يوجد خبر منشور بهذا الرقم."})
    data = found[0]
    data["body_html"] = body_html(article, request)
    data["body_text"] = article.body_text()
    data["notices"] = [notice_out(notice) for notice in public_notices(article)]
    return Status(200, data)


@api.get("/sections/", response=list[out.Section], summary="The paper's sections", tags=["site"])
def list_sections(request: HttpRequest) -> list[dict[str, Any]]:
    sections = SectionPage.objects.live().public().order_by("path")
    result = []
    for section in sections:
        scope = section_scope(section, request)
        result.append(
            {
                **section_ref(section, request),
                "description": section.description,
                "rss": absolute(request, scope.feed_url("rss")),
                "atom": absolute(request, scope.feed_url("atom")),
            }
        )
    return result


@api.get(
    "/authors/",
    response=list[out.Author],
    summary="Authors with at least one published article",
    tags=["site"],
)
def list_authors(request: HttpRequest) -> list[dict[str, Any]]:
    authors: QuerySet[Author] = (
        Author.objects.filter(article_links__article__in=ArticlePage.objects.published())
        .distinct()
        .order_by("name", "pk")
    )
    return [{**author_ref(author, request), "bio": author.bio} for author in authors]


@api.get(
    "/search/",
    # 400: a control character in the query (`RejectControlCharactersMiddleware`).
    response={200: out.SearchResults, 400: out.Error},
    summary="Search published articles",
    tags=["articles"],
)
def search(
    request: HttpRequest,
    q: SearchText,
    section: Slug = None,
    date_from: FirstDay = None,
    date_to: LastDay = None,
    order: Order = "relevance",
    offset: Offset = 0,
    limit: Limit = PAGE_SIZE,
) -> Status[dict[str, Any]]:
    """The site's own search engine (the same as `/search/`), with hits checked against
    `published()` once more before they leave."""
    empty = {"total": 0, "offset": offset, "limit": limit, "items": []}
    section_page = None
    if section is not None and (section_page := find_section(section)) is None:
        return Status(200, empty)
    result = search_articles(
        q,
        section=section_page,
        date_from=date_from,
        date_to=date_to,
        order=order,
        offset=offset,
        limit=limit,
    )
    ids = [hit.article.pk for hit in result.hits]
    published = {
        article.pk: article
        for article in for_distribution(ArticlePage.objects.published().filter(pk__in=ids))
    }
    sections = sections_of(published.values())
    items = [
        {
            "article": article_summary(published[hit.article.pk], request, sections),
            "snippet": hit.snippet,
            "score": hit.score,
        }
        for hit in result.hits
        if hit.article.pk in published
    ]
    return Status(
        200,
        {
            "total": result.total,
            "offset": offset,
            "limit": limit,
            "items": items,
            "partial": result.partial,
            "suggestion": result.suggestion,
        },
    )
