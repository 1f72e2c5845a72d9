"""A live page's own RSS feed: its latest updates, newest first (`…/feed/`)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils.feedgenerator import Rss201rev2Feed

from jarida.distribution.articles import absolute, page_url
from jarida.live import cache_rules
from jarida.live.models import LiveCoveragePage

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
