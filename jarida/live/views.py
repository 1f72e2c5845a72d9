"""What readers get of a live page: the stream (server-rendered, complete without JS) and the
poll endpoint its script reads (`…/updates/`: the newest updates as HTML fragments, with an
ETag, so an unchanged stream costs a 304)."""

from __future__ import annotations

import hashlib
from typing import Any

from django.db.models import Max, Q
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified, JsonResponse
from django.template.loader import render_to_string
from django.utils.http import parse_etags

from jarida.live import cache_rules, structured_data
from jarida.live.models import (
    POLL_SECONDS,
    POLL_UPDATES,
    UPDATES_PER_PAGE,
    LiveCoveragePage,
    LiveUpdate,
)
from jarida.news.links import home_of, url_of
from jarida.news.templatetags.dates import clock, date_line, iso
from jarida.pagecache.middleware import gzip_etag

NEWEST, OLDEST = "newest", "oldest"


def _cursor(page: LiveCoveragePage, value: str | None) -> LiveUpdate | None:
    """The update a `?before=`/`?after=` names, if it is one of this page's; junk is none."""
    if not value or not value.isdigit():
        return None
    return page.updates.filter(pk=int(value)).only("pk", "posted_at").first()


def _older_than(update: LiveUpdate) -> Q:
    return Q(posted_at__lt=update.posted_at) | Q(posted_at=update.posted_at, pk__lt=update.pk)


def _newer_than(update: LiveUpdate) -> Q:
    return Q(posted_at__gt=update.posted_at) | Q(posted_at=update.posted_at, pk__gt=update.pk)


def stream(request: HttpRequest, page: LiveCoveragePage) -> HttpResponse:
    """The page: pinned updates and key events first, then one page of the stream, newest
    first (oldest first on request once the coverage has ended), with «تحديثات أقدم»."""
    page.reader_url = url_of(page, request)
    order = OLDEST if page.has_ended and request.GET.get("order") == OLDEST else NEWEST
    updates = page.updates.for_stream()
    if order == NEWEST:
        before = _cursor(page, request.GET.get("before"))
        if before is not None:
            updates = updates.filter(_older_than(before))
        first_page = before is None
        # The first page also gives the JSON-LD its latest 50 and «آخر تحديث»: one query.
        wanted = max(UPDATES_PER_PAGE + 1, structured_data.JSONLD_UPDATES) if first_page else 0
        latest = list(updates.newest_first()[: wanted or UPDATES_PER_PAGE + 1])
        rows = latest[: UPDATES_PER_PAGE + 1]
    else:
        latest = []
        after = _cursor(page, request.GET.get("after"))
        if after is not None:
            updates = updates.filter(_newer_than(after))
        rows = list(updates.oldest_first()[: UPDATES_PER_PAGE + 1])
        first_page = after is None
    shown, more = rows[:UPDATES_PER_PAGE], len(rows) > UPDATES_PER_PAGE
    for update in [*shown, *latest]:
        update.page = page
    shown_ids = {u.pk for u in shown}
    key_events = list(page.updates.filter(key_event=True).newest_first())
    for update in key_events:
        update.page = page
        update.on_this_page = update.pk in shown_ids
    pinned = (
        list(page.updates.for_stream().filter(pinned=True).newest_first()) if first_page else []
    )
    for update in pinned:
        update.page = page
    # On a deeper page, or oldest first, «آخر تحديث» is still the newest update's.
    last = latest[0].posted_at if latest else page.updates.aggregate(last=Max("posted_at"))["last"]
    more_url = ""
    if more and shown:
        key = "before" if order == NEWEST else "after"
        suffix = "&order=oldest" if order == OLDEST else ""
        more_url = f"?{key}={shown[-1].pk}{suffix}"
    context: dict[str, Any] = {
        "section": page.section,
        "updates": shown,
        "pinned": pinned,
        "key_events": key_events,
        "order": order,
        "first_page": first_page,
        "more_url": more_url,
        "last_update": last or page.last_published_at,
        "newest_id": shown[0].pk if shown and first_page and order == NEWEST else 0,
        "poll_seconds": POLL_SECONDS,
    }
    if first_page and order == NEWEST:
        context["structured_data"] = structured_data.live_graph(
            page, latest[: structured_data.JSONLD_UPDATES], request
        )
    home_of(request)  # the masthead's facts, read once (`cache_rules.next_change` reads them)
    response = page.render(
        request, template="live/live_coverage_page.html", context_overrides=context
    )
    return cache_rules.tag_live_page(response, request, page)


def poll(request: HttpRequest, page: LiveCoveragePage) -> HttpResponse:
    """The newest updates as the stream prints them, for the reader's script, which shows
    «٣ تحديثات جديدة» and inserts them when asked. One URL for every reader: cacheable."""
    page.reader_url = url_of(page, request)
    updates = list(page.updates.for_stream().newest_first()[:POLL_UPDATES])
    for update in updates:
        update.page = page
    last = updates[0].posted_at if updates else None
    data = {
        "state": page.state,
        "state_label": page.get_state_display(),
        "last_update": last.isoformat() if last else None,
        # «آخر تحديث» as the page prints it (the newsroom's zone), for the script to show.
        "last_update_iso": iso(last),
        "last_update_text": f"{date_line(last)} {clock(last)}" if last else "",
        "updates": [
            {
                "id": update.pk,
                "html": render_to_string("live/includes/update.html", {"update": update}),
            }
            for update in updates
        ],
    }
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    # The page cache answers a stored endpoint's If-None-Match with a 304 itself; on a miss
    # the same strong tag (the body's MD5) is compared here, so a reader who is up to date
    # never downloads the body again either way.
    etag = f'"{hashlib.md5(response.content, usedforsecurity=False).hexdigest()}"'
    wanted = set(parse_etags(request.META.get("HTTP_IF_NONE_MATCH", "")))
    if wanted & {etag, gzip_etag(etag), "*"}:
        not_modified = HttpResponseNotModified()
        not_modified["ETag"] = etag
        return not_modified
    response["ETag"] = etag
    return cache_rules.tag_live_data(response, page)
