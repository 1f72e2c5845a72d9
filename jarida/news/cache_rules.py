"""Every cache tag the paper uses, and what each change makes stale: in one module.

Pages carry tags (`jarida.pagecache`): a stored page is stale once one of its tags is purged.

- `article:<id>`: carried by the article's page and every page, feed or API answer showing
  its card; purged when it is published, unpublished, taken down, moved or deleted, when its
  comments or comment settings change, and when its lead photo is edited.
- `section:<id>`, `topic:<id>` (a tag), `author:<id>`: carried by that list and its feeds;
  purged when an article enters, leaves or changes in it (its sections, tags and authors
  before the change and after).
- `latest`: carried by home, archive, corrections, search, site feeds, sitemaps and API
  lists; purged when any article is published or unpublished.
- `corrections`: carried by `/corrections/`; purged when a correction notice is saved or
  deleted, on an article or (`jarida.live.cache_rules`) on a live update.
- `chrome`: carried by every HTML page (navigation, «عاجل» strip, Hijri date); purged when
  the strip changes (a breaking article published, unpublished or ending) and when the
  newsroom's settings do.
- `all`: carried by everything; purged by sections, authors, tags, sites and view
  restrictions, which every page may show.

The same rules give the CDN its URLs, all on the one host `SITE_URL` names: an article's
change purges its URL, its short link, the first page of every list and feed it is in, the
sitemaps, the API, and the pages whose «أخبار ذات صلة» show it (kept with them, so known:
`jarida.news.models.related`). Deeper pages of a list (`?page=2`) and search results, which
no purge can name, are kept by no CDN (`CDN_UNNAMED_SECONDS`). A change shown on every page
(the «عاجل» strip, the navigation), and an article leaving the site (unpublished, taken
down, expired: gone at once, wherever a CDN may hold it), purge the whole CDN.

A page is also stored only until the next moment it changes without a purge: an article's
expiry, the end of a breaking window (whichever comes first, site-wide), or its comments'
closing time.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, quote, urlencode

from django.conf import settings
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move, pre_page_move

from jarida.arabic import to_local
from jarida.images.models import NewsImage
from jarida.news.links import URL_SAFE, home_of
from jarida.news.models import (
    ArticlePage,
    Author,
    CorrectionNotice,
    HomePage,
    InfoPage,
    NewsroomSettings,
    SectionPage,
    Tag,
    Takedown,
)
from jarida.news.models.querysets import visibility_moments
from jarida.news.models.related import RelatedArticle
from jarida.news.signals import article_page_changed
from jarida.pagecache import cdn
from jarida.pagecache.middleware import tag_response
from jarida.pagecache.tags import ALL
from jarida.pagecache.tags import purge as purge_tags

CHROME = "chrome"
LATEST = "latest"
CORRECTIONS = "corrections"
API = "/api/v1/"
# How long a CDN may keep what no purge names by URL (deeper pages of lists, searches, API
# lists narrowed by a query): not at all. The page cache and nginx's micro-cache still do.
CDN_UNNAMED_SECONDS = 0


def article(pk: int) -> str:
    return f"article:{pk}"


def section(pk: int) -> str:
    return f"section:{pk}"


def topic(pk: int) -> str:
    return f"topic:{pk}"


def author(pk: int) -> str:
    return f"author:{pk}"


# Every kind of tag above, for the test that each is both carried and purged.
TAG_KINDS = ("article", "section", "topic", "author", LATEST, CORRECTIONS, CHROME, ALL)


# --- Which query parameters make a different page ------------------------------------------

# The parameters each public URL reads. Every other one (utm_*, fbclid, a random cache-buster)
# changes nothing on the page, so the page cache keys on these alone and serves the stored
# page: a flood of random query strings is answered from the cache, not rendered each time.
# Ignoring them (rather than redirecting to the bare URL) keeps campaign links working for
# readers and analytics; the pages' <link rel="canonical"> names the bare URL for crawlers.
# A view that starts reading a new parameter must add it here.
QUERY_PARAMETERS: tuple[tuple[str, frozenset[str] | None], ...] = (
    (API, None),  # the API validates its own parameters; all of them are kept
    ("/search/", frozenset({"q", "section", "date_from", "date_to", "sort", "page"})),
)
# Lists, sections, tags, authors, archive (`page`); live pages, which live anywhere under a
# section (`before`, `after`, `order`: `jarida.live.views`).
DEFAULT_QUERY_PARAMETERS = frozenset({"page", "before", "after", "order"})


def cache_key_query(request: HttpRequest) -> str:
    """The part of the query string that can change what `request.path` answers, in a
    canonical order (the page cache's key)."""
    raw = request.META.get("QUERY_STRING", "")
    if not raw:
        return ""
    allowed: frozenset[str] | None = DEFAULT_QUERY_PARAMETERS
    for prefix, parameters in QUERY_PARAMETERS:
        if request.path.startswith(prefix):
            allowed = parameters
            break
    if allowed is None:
        return raw
    kept = sorted((k, v) for k, v in parse_qsl(raw, keep_blank_values=True) if k in allowed)
    return urlencode(kept)


# --- What responses carry ------------------------------------------------------------------


def articles_shown(articles: Iterable[Any]) -> set[str]:
    return {article(a.pk) for a in articles if a is not None}


def tag_page(response: HttpResponse, request: HttpRequest, *tags: str) -> HttpResponse:
    """An HTML page: its own tags, the chrome every page shows, and its time limit. With a
    query string (a list's `?page=2`, a search) no CDN purge names it: no CDN keeps it."""
    short = CDN_UNNAMED_SECONDS if request.GET else None
    return tag_response(response, {CHROME, *tags}, until=next_change(request), cdn_seconds=short)


def tag_wagtail_page(page: Page, request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """Home, section and article pages, from what their templates show."""
    context = getattr(response, "context_data", None) or {}
    shown = articles_shown(context.get("shown_articles", []))
    if isinstance(page, ArticlePage):
        response = tag_page(
            response, request, article(page.pk), *shown, *articles_shown(context.get("related", []))
        )
        return response
    if isinstance(page, SectionPage):
        return tag_page(response, request, section(page.pk), *shown)
    if isinstance(page, HomePage):
        return tag_page(response, request, LATEST, *shown)
    if isinstance(page, InfoPage):
        return tag_page(response, request)  # any change to one purges every page
    return response


def tag_list(
    response: HttpResponse, request: HttpRequest, scope: str, articles: Iterable[Any]
) -> HttpResponse:
    """A list page (tag, author, archive, corrections): its scope's tag and its cards."""
    return tag_page(response, request, scope, *articles_shown(articles))


def tag_feed(
    response: HttpResponse, scope: str, articles: Iterable[Any], short: bool = False
) -> HttpResponse:
    """Feeds, sitemaps and API answers: their scope's tag and the articles they carry."""
    return tag_response(
        response,
        {scope, *articles_shown(articles)},
        until=next_change(),
        cdn_seconds=CDN_UNNAMED_SECONDS if short else None,
    )


def tag_api(response: HttpResponse, request: HttpRequest) -> HttpResponse:
    """The JSON API: an article's answer carries its tag; lists carry `latest` and their
    articles; a list narrowed by a query (or searched, or paged by cursor) is kept by no
    CDN, as no purge names it."""
    if response.status_code != 200:
        return response
    path = request.path.removeprefix(API)
    if path.startswith("articles/") and path.removeprefix("articles/").rstrip("/").isdigit():
        return tag_feed(response, article(int(path.split("/")[1])), ())
    shown = getattr(request, "articles_shown", ())
    return tag_feed(response, LATEST, shown, short=bool(request.GET))


def next_change(request: HttpRequest | None = None) -> dt.datetime | None:
    """The next moment the site changes with no purge to announce it: an article's expiry or
    the end of a breaking window. From the masthead's facts when the request has read them
    (`HomePage.chrome`), else one query."""
    home = home_of(request) if request is not None else None
    if home is not None:
        return home.chrome.next_change
    # The tree's root row, which always exists, carries the two subqueries.
    row = (
        Page.objects.filter(depth=1)
        .annotate(**visibility_moments())
        .values("next_expiry", "breaking_end")[:1]
    )
    moments = [m for found in row for m in found.values() if m is not None]
    return min(moments, default=None)


# --- What an article shows where -----------------------------------------------------------


@dataclass
class Footprint:
    """Where an article is shown to readers, read from the database: before a change (what
    may now be stale) and after it (what may now be new)."""

    pk: int
    public: bool = False
    url: str = ""
    section_id: int | None = None
    section_url: str = ""
    section_slug: str = ""
    tag_slugs: dict[int, str] = field(default_factory=dict)
    author_slugs: dict[int, str] = field(default_factory=dict)
    published_at: dt.datetime | None = None
    breaking: bool = False
    shown_by: list[str] = field(default_factory=list)  # URLs of pages whose related show it
    redirects: list[str] = field(default_factory=list)  # its old URLs, redirecting to it
    sitemap_page: int = 1  # of the article sitemap (oldest first)


def footprint(pk: int | None) -> Footprint | None:
    if pk is None:
        return None
    page = ArticlePage.objects.filter(pk=pk).first()
    if page is None:
        return None
    public = ArticlePage.objects.published().filter(pk=pk).exists()
    now = timezone.now()
    parent = page.get_parent()
    print_of = {
        "pk": pk,
        "public": public,
        "url": relative_url(page),
        "section_id": parent.pk if isinstance(parent.specific, SectionPage) else None,
        "section_url": relative_url(parent) if parent is not None else "",
        "section_slug": parent.slug if parent is not None else "",
        "tag_slugs": dict(page.tagged_items.values_list("tag_id", "tag__slug")),
        "author_slugs": dict(page.article_authors.values_list("author_id", "author__slug")),
        "published_at": page.first_published_at,
        "breaking": bool(
            public and page.is_breaking and page.breaking_until and page.breaking_until > now
        ),
        "shown_by": [
            relative_url(link.article)
            for link in RelatedArticle.objects.filter(target_id=pk)
            .select_related("article")
            .exclude(article__live=False)
        ],
        # A move or a new slug changes where each of its old URLs sends readers. Wagtail
        # keeps an old path without its trailing slash and answers it with or without one.
        "redirects": [
            quote(form, safe=URL_SAFE)
            for path in Redirect.objects.filter(redirect_page_id=pk).values_list(
                "old_path", flat=True
            )
            for form in {path, path.rstrip("/") + "/"}
        ],
    }
    if public and page.first_published_at is not None:
        older = ArticlePage.objects.published().filter(
            first_published_at__lt=page.first_published_at
        )
        print_of["sitemap_page"] = older.count() // settings.SITEMAP_PAGE_SIZE + 1
    return Footprint(**print_of)


def relative_url(page: Page | None) -> str:
    """The page's path on the site (`/section/slug/`), whatever the Site record's host."""
    if page is None:
        return ""
    parts = page.get_url_parts()
    return parts[2] if parts else ""


@dataclass
class Staleness:
    tags: set[str] = field(default_factory=set)
    urls: set[str] = field(default_factory=set)
    everything: bool = False


def stale_after(before: Footprint | None, after: Footprint | None) -> Staleness:
    """What readers may now see differently, given where an article was and is shown."""
    stale = Staleness()
    for shown in (before, after):
        if shown is None:
            continue
        stale.tags.add(article(shown.pk))
        stale.urls.update(shown.shown_by)
        stale.urls.update(shown.redirects)
        if shown.url:
            stale.urls.update({shown.url, reverse("news:article_by_id", args=[shown.pk])})
        stale.urls.add(f"{API}articles/{shown.pk}/")
        if not shown.public:
            continue
        stale.tags.add(LATEST)
        if shown.section_id:
            stale.tags.add(section(shown.section_id))
            stale.urls.update({shown.section_url, *_feed_urls(shown.section_slug)})
        for pk, slug in shown.tag_slugs.items():
            stale.tags.add(topic(pk))
            stale.urls.update({f"/tags/{slug}/", *_feed_urls(f"tags/{slug}")})
        for pk, slug in shown.author_slugs.items():
            stale.tags.add(author(pk))
            stale.urls.update({f"/authors/{slug}/", *_feed_urls(f"authors/{slug}")})
        stale.urls.update(_latest_urls(shown.published_at))
        if shown.sitemap_page > 1:
            stale.urls.add(f"/sitemaps/articles.xml?p={shown.sitemap_page}")
        if shown.breaking:
            stale.tags.add(CHROME)
            stale.everything = True
    if before is not None and before.public and not (after is not None and after.public):
        # Leaving the site (unpublished, taken down, expired): gone from every page a CDN
        # may hold, including those no purge can name.
        stale.everything = True
    return stale


def _feed_urls(scope: str = "") -> list[str]:
    prefix = f"/feeds/{scope}/" if scope else "/feeds/"
    return [f"{prefix}rss/", f"{prefix}atom/"]


def _latest_urls(published_at: dt.datetime | None) -> list[str]:
    """The pages any publication may change: home, corrections, site feeds, sitemaps, the
    API's list, and the archive of the day it was first published."""
    urls = ["/", "/corrections/", *_feed_urls(), "/sitemap.xml", "/sitemaps/news.xml"]
    urls += ["/sitemaps/sections.xml", "/sitemaps/articles.xml", f"{API}articles/"]
    if published_at is not None:
        day = to_local(published_at, settings.NEWSROOM_TIME_ZONE)
        urls += [f"/archive/{day:%Y}/", f"/archive/{day:%Y}/{day.month}/"]
        urls.append(f"/archive/{day:%Y}/{day.month}/{day.day}/")
    return urls


def purge(stale: Staleness) -> None:
    """Purge `stale` from the page cache and the CDN, once the transaction commits."""
    if _bulk():
        return
    purge_tags(stale.tags)
    root = settings.SITE_URL
    if stale.everything:
        cdn.everything(root)
    cdn.purge(f"{root}{url}" for url in stale.urls if url)


def purge_everything() -> None:
    purge(Staleness(tags={ALL}, everything=True))


class _Suspension(threading.local):
    active = False
    everything = False


_suspended = _Suspension()


def _bulk() -> bool:
    """Inside `suspended_purges`: note that everything must go at the end, and tell the
    caller to skip its work (working out where an article was shown costs queries that the
    one purge of everything makes useless)."""
    if _suspended.active:
        _suspended.everything = True
        return True
    return False


@contextlib.contextmanager
def suspended_purges() -> Iterator[None]:
    """For a bulk import: no purge per article, one of everything at the end."""
    _suspended.active, _suspended.everything = True, False
    try:
        yield
    finally:
        _suspended.active = False
        if _suspended.everything:
            purge_everything()


# --- The rules -----------------------------------------------------------------------------

_before = threading.local()


def _remember(pk: int, shown: Footprint | None) -> None:
    if not hasattr(_before, "footprints"):
        _before.footprints = {}
    _before.footprints[pk] = shown


def _recall(pk: int) -> Footprint | None:
    footprints: dict[int, Footprint | None] = getattr(_before, "footprints", {})
    return footprints.pop(pk, None)


@receiver(pre_save, sender=ArticlePage)
def remember_before_save(sender: type, instance: ArticlePage, **kwargs: Any) -> None:
    """Publishing and unpublishing save the whole page: note where it was shown first."""
    if _bulk():
        return
    if instance.pk and kwargs.get("update_fields") is None:
        _remember(instance.pk, footprint(instance.pk))


@receiver(page_published, sender=ArticlePage)
@receiver(page_unpublished, sender=ArticlePage)
def article_changed(sender: type, instance: ArticlePage, **kwargs: Any) -> None:
    if _bulk():
        return
    purge(stale_after(_recall(instance.pk), footprint(instance.pk)))


@receiver(pre_page_move)
def remember_before_move(sender: type, instance: Page, **kwargs: Any) -> None:
    if _bulk():
        return
    if instance.specific_class is ArticlePage:
        _remember(instance.pk, footprint(instance.pk))


@receiver(post_page_move)
def page_moved(sender: type, instance: Page, **kwargs: Any) -> None:
    """A moved article leaves one section and joins another; a moved section changes every
    page's navigation and its articles' URLs."""
    if _bulk():
        return
    if instance.specific_class is ArticlePage:
        purge(stale_after(_recall(instance.pk), footprint(instance.pk)))
    elif instance.specific_class in (SectionPage, InfoPage):
        purge_everything()  # every page's navigation or footer


@receiver(pre_delete, sender=ArticlePage)
def remember_before_delete(sender: type, instance: ArticlePage, **kwargs: Any) -> None:
    _remember(instance.pk, footprint(instance.pk))


@receiver(post_delete, sender=ArticlePage)
def article_deleted(sender: type, instance: ArticlePage, **kwargs: Any) -> None:
    purge(stale_after(_recall(instance.pk), None))


@receiver(article_page_changed)
def article_page_extras_changed(sender: type, **kwargs: Any) -> None:
    """Comments approved or removed, or comments opened or closed: its page and its cards
    (a count), wherever they are shown."""
    if _bulk():
        return
    pk = kwargs["article"].pk
    stale = stale_after(footprint(pk), None)
    stale.tags = {article(pk)}
    purge(stale)


@receiver(post_save, sender=Takedown)
def takedown_changed(sender: type, instance: Takedown, **kwargs: Any) -> None:
    """A takedown made or lifted: the article's URLs answer 410, or no longer do. (A live
    article's takedown also unpublishes it, which purges through `article_changed`.)"""
    shown = footprint(instance.article_id)
    purge(stale_after(shown, shown))


# What Wagtail saves on an image by itself, the first time it needs them: nothing shown.
BOOKKEEPING_IMAGE_FIELDS = frozenset({"file_size", "file_hash"})


@receiver(post_save, sender=NewsImage)
def lead_image_changed(
    sender: type,
    instance: NewsImage,
    created: bool = False,
    update_fields: frozenset[str] | None = None,
    **kwargs: Any,
) -> None:
    """A photo's credit, caption or file edited: the articles it leads show them. (A photo
    in an article's body is found by no query; those pages catch up within their time.)"""
    if created or (update_fields and update_fields <= BOOKKEEPING_IMAGE_FIELDS):
        return
    for pk in ArticlePage.objects.live().filter(lead_image=instance).values_list("pk", flat=True):
        shown = footprint(pk)
        purge(stale_after(shown, shown))


@receiver(page_published, sender=SectionPage)
@receiver(page_unpublished, sender=SectionPage)
@receiver(post_delete, sender=SectionPage)
@receiver(post_save, sender=Site)
@receiver(post_delete, sender=Site)
@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
def shown_everywhere_changed(sender: type, **kwargs: Any) -> None:
    """Sections (every page's navigation), sites and view restrictions: everything."""
    purge_everything()


@receiver(page_published, sender=InfoPage)
@receiver(page_unpublished, sender=InfoPage)
@receiver(post_delete, sender=InfoPage)
def info_page_changed(sender: type, instance: InfoPage, **kwargs: Any) -> None:
    """A plain page (من نحن) is linked from every page's footer (`HomePage.footer_pages`)
    and listed in the sections sitemap: every page, itself included. These pages change
    rarely, so naming which of their fields the footer shows is not worth a rule."""
    purge_everything()


@receiver(page_published, sender=HomePage)
def home_changed(sender: type, instance: HomePage, **kwargs: Any) -> None:
    purge(Staleness(tags={LATEST}, urls={"/"}))


def corrections_changed() -> None:
    """A notice added, edited or removed (any app's): the corrections page."""
    if not _bulk():
        purge(Staleness(tags={CORRECTIONS}, urls={"/corrections/"}))


@receiver(post_save, sender=CorrectionNotice)
@receiver(post_delete, sender=CorrectionNotice)
def correction_notice_changed(sender: type, **kwargs: Any) -> None:
    corrections_changed()


@receiver(post_save, sender=Author)
def author_changed(sender: type, created: bool = False, **kwargs: Any) -> None:
    """A renamed author: their page, their feeds, every byline (a new one is on no page)."""
    if not created:
        purge_everything()


@receiver(post_save, sender=Tag)
def topic_changed(sender: type, instance: Tag, created: bool = False, **kwargs: Any) -> None:
    if not created:
        purge_everything()


@receiver(post_save, sender=NewsroomSettings)
def newsroom_settings_changed(
    sender: type, instance: NewsroomSettings, created: bool = False, **kwargs: Any
) -> None:
    """The Hijri date and the logo on every page (new settings hold the defaults pages
    already show, unless an editor's first save of them sets a logo)."""
    if not created or instance.logo_id or instance.logo_dark_id:
        purge(Staleness(tags={CHROME}, everything=True))


def breaking_window_closed() -> None:
    """The scheduler, when a breaking window ends: the strip on every page."""
    purge(Staleness(tags={CHROME}, everything=True))
