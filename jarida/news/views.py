"""Reader pages: the pages of the tree (`serve_page`, Wagtail's serve view with the home
page found by `links.home_of`), and those that are not pages in the tree: tags, authors,
the date archive, the corrections, and the short link `/a/<id>/`."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, render
from wagtail import hooks
from wagtail import views as wagtail_views

from jarida.arabic import format_long_date, format_month_year
from jarida.images.models import prefetch_renditions
from jarida.news import cache_rules, errors
from jarida.news.corrections import page_of_notices
from jarida.news.links import home_of, url_of
from jarida.news.models import (
    ArticlePage,
    ArticlePageQuerySet,
    Author,
    NewsroomSettings,
    Tag,
    Takedown,
    last_change,
    paginate,
)
from jarida.news.models.rows import cards_by_id

# The URL name of `serve_page` (`jarida.urls`), for code that must tell the page tree's
# answers from the site's own views (`importers.redirects.shadowed`).
SERVE_PAGE = "serve_page"


def serve_page(request: HttpRequest, path: str) -> HttpResponse:
    """A page of the tree, as Wagtail's `serve` view serves it (its `before_serve_page` and
    `on_serve_page` hooks: view restrictions, the page cache's tags), routed from the home
    page that `home_of` finds for the request's site rather than from `Site.find_for_request`
    (a tenth of a cold page's CPU). A site rooted at another kind of page is Wagtail's."""
    home = home_of(request)
    if home is None:
        return wagtail_views.serve(request, path)
    page, args, kwargs = home.route(request, [part for part in path.split("/") if part])
    serve = wagtail_views.serve_chain
    for wrap in reversed(hooks.get_hooks("on_serve_page")):
        serve = wrap(serve)
    for before in hooks.get_hooks("before_serve_page"):
        result = before(page, request, args, kwargs)
        if isinstance(result, HttpResponse):
            return result
    return serve(page, request, args, kwargs)


def article_by_id(request: HttpRequest, article_id: int) -> HttpResponse:
    """`/a/<id>/`: a link that never breaks, whatever happens to the headline or section;
    410 Gone while the article is taken down."""
    article = ArticlePage.objects.published().filter(pk=article_id).first()
    if article is not None:
        return HttpResponsePermanentRedirect(url_of(article, request))
    taken_down = Takedown.objects.active().filter(article_id=article_id)
    if taken_down.filter(article__first_published_at__isnull=False).exists():
        return errors.gone(request)
    raise Http404("لا يوجد خبر منشور بهذا الرقم")


def _list_page(
    request: HttpRequest, articles: ArticlePageQuerySet, title: str, scope: str, **extra: Any
) -> HttpResponse:
    # The page's cards read by id in fixed SQL (`rows.cards_by_id`), as the section's are.
    page_obj = paginate(request, articles.newest_first(), rows_by_id=cards_by_id)
    shown = list(page_obj.object_list)
    prefetch_renditions(a.lead_image for a in shown)
    home = home_of(request)  # the masthead reads it too: no query of its own
    if home is not None:
        for article in shown:
            article.section = home.section_of(article)
    context = {
        "list_title": title,
        "page_obj": page_obj,
        "last_change": max((last_change(a) for a in shown), default=None),
        **extra,
    }
    response = render(request, "news/article_list.html", context)
    return cache_rules.tag_list(response, request, scope, shown)


def tag_page(request: HttpRequest, slug: str) -> HttpResponse:
    tag = get_object_or_404(Tag, slug=slug)
    articles = ArticlePage.objects.published().filter(tagged_items__tag=tag)
    return _list_page(request, articles, f"وسم: {tag.name}", cache_rules.topic(tag.pk), tag=tag)


def author_page(request: HttpRequest, slug: str) -> HttpResponse:
    author = get_object_or_404(Author, slug=slug)
    articles = ArticlePage.objects.published().filter(article_authors__author=author)
    return _list_page(request, articles, author.name, cache_rules.author(author.pk), author=author)


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
    if start_date > dt.datetime.now(zone).date():
        raise Http404("لا أرشيف لتاريخ لم يأت بعد")
    start = dt.datetime.combine(start_date, dt.time(), tzinfo=zone)
    end = dt.datetime.combine(end_date, dt.time(), tzinfo=zone)
    published = ArticlePage.objects.published()
    if not published.filter(first_published_at__lt=end).exists():
        raise Http404("لا أرشيف قبل أول خبر منشور")
    articles = published.filter(first_published_at__gte=start, first_published_at__lt=end)
    return _list_page(request, articles, f"أرشيف {title}", cache_rules.LATEST)


def corrections(request: HttpRequest) -> HttpResponse:
    """Every correction, clarification and update notice on published articles and on the
    updates of published live pages (`jarida.news.corrections`), newest first."""
    page_obj = page_of_notices(request)
    context = {
        "page_obj": page_obj,
        "list_title": "التصحيحات",
        "last_change": max((n["noted_at"] for n in page_obj.object_list), default=None),
    }
    response = render(request, "news/corrections.html", context)
    return cache_rules.tag_page(response, request, cache_rules.LATEST, cache_rules.CORRECTIONS)


NEWSROOM_PAGES = {
    "about": ("من نحن", "about_text"),
    "contact": ("اتصل بنا", "contact_text"),
}


def newsroom_page(request: HttpRequest, name: str) -> HttpResponse:
    """`/about/` and `/contact/`: texts the newsroom writes in its settings (الإعدادات), linked
    from every page's footer; a placeholder says so until it has."""
    title, field = NEWSROOM_PAGES[name]
    options = NewsroomSettings.for_request(request)
    text = getattr(options, field, "")
    context = {"list_title": title, "paragraphs": [p for p in text.splitlines() if p.strip()]}
    response = render(request, "news/newsroom_page.html", context)
    return cache_rules.tag_page(response, request)
