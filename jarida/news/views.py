"""Reader lists that are not pages in the tree: tags, authors, the date archive, short links."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, render

from jarida.arabic import format_long_date, format_month_year
from jarida.news.models import ArticlePage, Author, Tag, paginate
from jarida.pagecache.tags import tag_response


def article_by_id(request: HttpRequest, article_id: int) -> HttpResponse:
    """`/a/<id>/`: a link that never breaks, whatever happens to the headline or section."""
    article = get_object_or_404(ArticlePage.objects.published(), pk=article_id)
    return HttpResponsePermanentRedirect(article.get_url(request=request))


def _list_page(
    request: HttpRequest, articles: object, title: str, cache_tag: str, **extra: object
) -> HttpResponse:
    page_obj = paginate(request, articles.for_listing().newest_first())  # type: ignore[attr-defined]
    context = {"list_title": title, "page_obj": page_obj, **extra}
    return tag_response(render(request, "news/article_list.html", context), cache_tag)


def tag_page(request: HttpRequest, slug: str) -> HttpResponse:
    tag = get_object_or_404(Tag, slug=slug)
    articles = ArticlePage.objects.published().filter(tagged_items__tag=tag)
    return _list_page(request, articles, f"وسم: {tag.name}", "tags", tag=tag)


def author_page(request: HttpRequest, slug: str) -> HttpResponse:
    author = get_object_or_404(Author, slug=slug)
    articles = ArticlePage.objects.published().filter(article_authors__author=author)
    return _list_page(request, articles, author.name, "authors", author=author)


def archive(
    request: HttpRequest, year: int, month: int | None = None, day: int | None = None
) -> HttpResponse:
    """Articles published in a day, month or year, counted in the newsroom's own time zone."""
    zone = zoneinfo.ZoneInfo(settings.NEWSROOM_TIME_ZONE)
    try:
        if day is not None and month is not None:
            start_date = dt.date(year, month, day)
            end_date = start_date + dt.timedelta(days=1)
            title = format_long_date(
                start_date, settings.NEWSROOM_LOCALE, settings.NEWSROOM_MONTH_STYLE, weekday=True
            )
        elif month is not None:
            start_date = dt.date(year, month, 1)
            end_date = dt.date(year + month // 12, month % 12 + 1, 1)
            title = format_month_year(
                year, month, settings.NEWSROOM_LOCALE, settings.NEWSROOM_MONTH_STYLE
            )
        else:
            start_date, end_date = dt.date(year, 1, 1), dt.date(year + 1, 1, 1)
            title = str(year)
    except (ValueError, OverflowError):
        raise Http404("لا يوجد تاريخ كهذا") from None
    start = dt.datetime.combine(start_date, dt.time(), tzinfo=zone)
    end = dt.datetime.combine(end_date, dt.time(), tzinfo=zone)
    articles = ArticlePage.objects.published().filter(
        first_published_at__gte=start, first_published_at__lt=end
    )
    return _list_page(request, articles, f"أرشيف {title}", "archive")
