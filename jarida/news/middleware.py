"""The Wagtail site of a request, with its home page, from the shared cache.

Wagtail looks the site up on every request (one query joining sites and pages) and then
reads the home page's specific row (a second query) before routing. Both change only when
an operator edits a site or an editor publishes the home page, and both of those purge every
fragment (`jarida.pagecache.signals`), so they are kept as a fragment. Only hosts that pass
ALLOWED_HOSTS are looked up here, so a hostile Host header cannot fill the cache.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import DisallowedHost
from django.http import HttpRequest, HttpResponse
from wagtail.models import Site

from jarida.pagecache import fragments


def _site_with_home(request: HttpRequest) -> Site | None:
    site = Site._find_for_request(request)
    if site is not None:
        # A specific page is its own `.specific`, so Wagtail's router reads nothing more.
        site.root_page = site.root_page.specific
    return site


def cached_site(get_response: Callable[[HttpRequest], HttpResponse]) -> Callable[..., HttpResponse]:
    def middleware(request: HttpRequest) -> HttpResponse:
        try:
            host = request.get_host()
        except DisallowedHost:
            return get_response(request)  # Django answers it with a 400 as usual
        site = fragments.cached(
            f"site:{host}:{request.get_port()}", ["sites"], lambda: _site_with_home(request)
        )
        request._wagtail_site = site  # type: ignore[attr-defined]
        return get_response(request)

    return middleware
