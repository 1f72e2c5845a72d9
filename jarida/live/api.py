"""`/api/v1/live/<id>/updates?after=<cursor>`: a live page's updates for apps and partners,
oldest first after an opaque cursor (the distribution API's keyset cursors over
(posted_at, id)), so a client that polls with the last `next` gets exactly what is new."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.http import conditional_page, require_safe

from jarida.distribution.api import cursor
from jarida.distribution.api.http import cors
from jarida.distribution.articles import absolute, iso, page_url
from jarida.live import cache_rules
from jarida.live.models import LiveCoveragePage, LiveUpdate

API_UPDATES = 50


def update_out(update: LiveUpdate, request: HttpRequest) -> dict[str, Any]:
    return {
        "id": update.pk,
        "url": absolute(request, update.share_path()),
        "posted_at": iso(update.posted_at),
        "edited_at": iso(update.edited_at) or None,
        "title": update.title,
        "text": update.body_text(),
        "author": update.author_name,
        "pinned": update.pinned,
        "key_event": update.key_event,
        "corrections": [
            {
                "kind": c.kind,
                "label": c.get_kind_display(),
                "text": c.text,
                "noted_at": iso(c.noted_at),
            }
            for c in update.corrections.all()
        ],
    }


def _error(message: str, status: int) -> JsonResponse:
    return JsonResponse(
        {"detail": message}, status=status, json_dumps_params={"ensure_ascii": False}
    )


@require_safe
def updates(request: HttpRequest, page_id: int) -> HttpResponse:
    page = LiveCoveragePage.objects.published().filter(pk=page_id).first()
    if page is None:
        raise Http404("لا توجد تغطية مباشرة منشورة بهذا الرقم")
    rows = page.updates.for_stream().oldest_first()
    if after := request.GET.get("after"):
        try:
            posted_at, pk = cursor.decode(after)
        except cursor.InvalidCursor:
            return _error("المؤشر after غير صالح: استخدم قيمة next من إجابة سابقة.", 400)
        rows = rows.filter(Q(posted_at__gt=posted_at) | Q(posted_at=posted_at, pk__gt=pk))
    found = list(rows[: API_UPDATES + 1])
    shown = found[:API_UPDATES]
    for update in shown:
        update.page = page
    last = shown[-1] if shown else None
    data = {
        "live": {
            "id": page.pk,
            "title": page.title,
            "url": page_url(page, request),
            "state": page.state,
            "highlights": page.highlights(),
            "ended_at": iso(page.ended_at) or None,
        },
        "updates": [update_out(u, request) for u in shown],
        # Poll again with this: an empty list until something new is posted.
        "next": cursor.encode(last.posted_at, last.pk) if last else after or None,
        "has_more": len(found) > API_UPDATES,
    }
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    return cache_rules.tag_live_data(response, page, short=bool(request.GET))


live_updates = cors(conditional_page(updates))
