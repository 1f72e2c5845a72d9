"""A live page's own RSS feed: its latest updates, newest first (`…/feed/`)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils.feedgenerator import Rss201rev2Feed

from jarida.distribution.articles import absolute, page_url
from jarida.distribution.feeds import FeedAddition, FeedEntry, FeedScope
from jarida.live import cache_rules
from jarida.live.models import LiveCoveragePage, LiveUpdate
from jarida.news.models import SectionPage

FEED_UPDATES = 50


def updates_feed(request: HttpRequest, page: LiveCoveragePage) -> HttpResponse:
    feed = Rss201rev2Feed(
        title=page.title,
        link=page_url(page, request),
        description=" · ".join(page.highlights()) or page.title,
        language="ar",
        feed_url=absolute(request, f"{page.reader_url}feed/"),
    )
    for update in page.updates.for_stream().newest_first()[:FEED_UPDATES]:
        update.page = page
        text = update.body_text()
        notes = "".join(f"\n\n{c.get_kind_display()}: {c.text}" for c in update.corrections.all())
        feed.add_item(
            title=update.title or text[:80],
            link=absolute(request, update.share_path()),
            description=text + notes,
            unique_id=absolute(request, update.share_path()),
            pubdate=update.posted_at,
            updateddate=update.edited_at,
            author_name=update.author_name or None,
            categories=["حدث رئيسي"] if update.key_event else (),
        )
    response = HttpResponse(content_type=f"{feed.content_type}")
    feed.write(response, "utf-8")
    return cache_rules.tag_live_data(response, page)


# How many live pages, and key events in all, the site's and sections' feeds carry.
FEED_PAGES = 5
FEED_KEY_EVENTS = 20


def feed_addition(scope: FeedScope) -> FeedAddition | None:
    """The site feed and a section's feed carry its newest live pages and their key events;
    every update of those pages purges the feed (`live:<id>`), so a new key event is in it
    at once."""
    pages = LiveCoveragePage.objects.published().newest_first()
    if scope.url_name == "section_feed":
        pages = pages.filter(path__startswith=_section_path(scope.url_kwargs["slug"]))
    elif scope.url_name != "feed":
        return None
    chosen = list(pages[:FEED_PAGES])
    if not chosen:
        return None
    by_pk = {page.pk: page for page in chosen}
    events = LiveUpdate.objects.filter(page__in=chosen, key_event=True).newest_first()
    entries = [
        FeedEntry(
            title=page.title,
            description=" · ".join(page.highlights()) or page.title,
            path=page.reader_url,
            published_at=page.first_published_at,
            updated_at=page.last_published_at,
            categories=["تغطية مباشرة"],
        )
        for page in chosen
    ]
    for event in events[:FEED_KEY_EVENTS]:
        event.page = by_pk[event.page_id]
        text = event.body_text()
        entries.append(
            FeedEntry(
                title=f"{event.page.title}: {event.title or text[:80]}",
                description=text,
                path=event.share_path(),
                published_at=event.posted_at,
                updated_at=event.edited_at,
                author=event.author_name,
                categories=["تغطية مباشرة", "حدث رئيسي"],
            )
        )
    return FeedAddition(entries, {cache_rules.live(page.pk) for page in chosen})


def _section_path(slug: str) -> str:
    section = SectionPage.objects.filter(slug=slug).values_list("path", flat=True).first()
    return section or "-"  # no such section: no page's path starts so
