"""The view-counting beacon: `POST /most-read/count/<id>/`, sent by the article page."""

from __future__ import annotations

import re

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from jarida.news.models import ArticlePage
from jarida.readership import conf
from jarida.readership.models import HourlyViews, refresh

# Crawlers, link previewers and headless tools: not readers.
BOTS = re.compile(
    r"bot|crawl|spider|slurp|preview|facebookexternalhit|whatsapp|telegram|curl|wget|python|"
    r"headless|lighthouse|monitor",
    re.I,
)


def _client_key(request: HttpRequest, article_id: int) -> str:
    """A keyed hash of who is asking, for this article and day only: it never leaves the
    cache, which forgets it after `REPEAT_SECONDS`; the address is not stored anywhere."""
    who = "|".join(
        (
            request.META.get("REMOTE_ADDR", ""),
            request.META.get("HTTP_USER_AGENT", ""),
            str(article_id),
            timezone.now().date().isoformat(),
        )
    )
    return "readership:seen:" + salted_hmac("jarida.readership", who).hexdigest()


def _within_address_allowance(request: HttpRequest) -> bool:
    """Under `per_address_per_hour` views counted from this address this hour (a keyed hash
    of the address, in the cache only)."""
    hour = timezone.now().strftime("%Y%m%d%H")
    who = salted_hmac("jarida.readership.address", request.META.get("REMOTE_ADDR", ""))
    key = f"readership:address:{who.hexdigest()}:{hour}"
    cache.add(key, 0, 3600)
    try:
        counted = cache.incr(key)
    except ValueError:  # the cache forgot it (or is down): count, as before
        return True
    return counted <= conf.per_address_per_hour()


@csrf_exempt  # a beacon carries no token; it changes nothing but a count, and sets no cookie
@never_cache
@require_POST
def count_view(request: HttpRequest, article_id: int) -> HttpResponse:
    """Count one reader's view; 204 whatever happens, so a beacon never shows an error."""
    agent = request.META.get("HTTP_USER_AGENT", "")
    if (
        agent
        and not BOTS.search(agent)
        and cache.add(_client_key(request, article_id), 1, conf.repeat_seconds())
        and _within_address_allowance(request)
        and ArticlePage.objects.published().filter(pk=article_id).exists()
    ):
        HourlyViews.count(article_id)
        if cache.add("readership:refreshed", 1, conf.refresh_seconds()):
            refresh()  # the schedule: at most once per REFRESH_SECONDS, by whoever comes first
    return HttpResponse(status=204)
