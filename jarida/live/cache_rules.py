"""What live coverage carries in the page cache and what each change purges (the paper's
own rules are in `jarida.news.cache_rules`; these follow the same pattern and use its
`purge`, so the CDN gets URLs on the one host `SITE_URL` names).

- `live:<id>`: carried by the live page (every `?before=` page of it), its poll endpoint
  (`…/updates/`), its feed of updates, its API answers, and the site's and its section's
  feeds (which carry it and its key events). Purged when an update is posted, edited, pinned,
  corrected or deleted (the page, the endpoint, the feed, nothing else), and when the page
  itself is published or unpublished.
- A correction to an update also purges `/corrections/` (`corrections`), which lists it.
- A publish or unpublish of the page also purges its section's list, `latest` (home, site
  feeds, sitemaps), and, when it leaves the site, the whole CDN, as for an article.
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from wagtail.signals import page_published, page_unpublished

from jarida.live.models import LiveCoveragePage, LiveUpdate, LiveUpdateCorrection
from jarida.news.cache_rules import (
    CDN_UNNAMED_SECONDS,
    LATEST,
    Staleness,
    corrections_changed,
    next_change,
    purge,
    section,
    tag_page,
)
from jarida.pagecache.middleware import tag_response

TAG_KINDS = ("live",)


def live(pk: int) -> str:
    return f"live:{pk}"


def tag_live_page(
    response: HttpResponse, request: HttpRequest, page: LiveCoveragePage
) -> HttpResponse:
    """The reader's page (and its `?before=` pages): its own tag and the chrome."""
    return tag_page(response, request, live(page.pk))


def tag_live_data(
    response: HttpResponse, page: LiveCoveragePage, short: bool = False
) -> HttpResponse:
    """The poll endpoint, the feed and the API's updates: the page's tag only (no chrome).
    `short` for an answer no CDN purge names (the API with a cursor)."""
    return tag_response(
        response,
        {live(page.pk)},
        until=next_change(),
        cdn_seconds=CDN_UNNAMED_SECONDS if short else None,
    )


def page_urls(page: LiveCoveragePage) -> set[str]:
    """The URLs a CDN holds for the page: it, its poll endpoint, its feed, its API, and the
    site's and its section's feeds (which carry it and its key events)."""
    url = page.url or ""
    if not url:
        return set()
    parent = page.get_parent()
    section_slug = parent.slug if parent is not None and parent.depth > 2 else ""
    feeds = {f"/feeds/{fmt}/" for fmt in ("rss", "atom")}
    if section_slug:
        feeds |= {f"/feeds/{section_slug}/{fmt}/" for fmt in ("rss", "atom")}
    return {url, f"{url}updates/", f"{url}feed/", f"/api/v1/live/{page.pk}/updates", *feeds}


def updates_changed(page_id: int) -> None:
    """An update posted, edited, pinned, corrected or deleted: exactly the page, its poll
    endpoint and its feed."""
    page = LiveCoveragePage.objects.filter(pk=page_id).first()
    urls = page_urls(page) if page is not None else set()
    purge(Staleness(tags={live(page_id)}, urls=urls))


@receiver(post_save, sender=LiveUpdate)
@receiver(post_delete, sender=LiveUpdate)
def update_saved(sender: type, instance: LiveUpdate, **kwargs: Any) -> None:
    updates_changed(instance.page_id)


@receiver(post_save, sender=LiveUpdateCorrection)
@receiver(post_delete, sender=LiveUpdateCorrection)
def correction_saved(sender: type, instance: LiveUpdateCorrection, **kwargs: Any) -> None:
    page_id = LiveUpdate.objects.filter(pk=instance.update_id).values_list("page_id", flat=True)
    for pk in page_id:
        updates_changed(pk)
    corrections_changed()  # `/corrections/` lists notices on updates too


@receiver(page_published, sender=LiveCoveragePage)
@receiver(page_unpublished, sender=LiveCoveragePage)
def live_page_changed(sender: type, instance: LiveCoveragePage, **kwargs: Any) -> None:
    """Its headline, highlights or state, or its going on or off the site: the page, its
    section's list and the site-wide lists; leaving the site purges the whole CDN."""
    parent = instance.get_parent()
    # `latest` covers the Google News sitemap, which lists the page while it runs.
    urls = {*page_urls(instance), "/", "/sitemaps/news.xml", "/sitemap.xml"}
    stale = Staleness(tags={live(instance.pk), LATEST}, urls=urls)
    if parent is not None:
        stale.tags.add(section(parent.pk))
        if parent_url := parent.url:
            stale.urls.add(parent_url)
    stale.everything = not instance.live
    purge(stale)
