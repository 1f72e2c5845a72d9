"""Where a reader finds a page: the request's home page, and page URLs built from it.

Wagtail builds a page's URL from every site's root path, read from the cache (or, with no
cache, the database) once per request; a page under the request's own home page needs none
of that: its URL is its tree path below the home page's.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from django.http import HttpRequest
from wagtail.models import Page, Site

# What Django's `reverse()` leaves unquoted in a path (RFC 3986 sub-delimiters and more).
URL_SAFE = "/~:@!$&'()*+,;="


def home_of(request: HttpRequest | None) -> Any:
    """The request's site home page (specific), as routing found it for the request, or as
    Wagtail finds it (two queries, once per request), or None."""
    from jarida.news.models import HomePage

    if request is None:
        return None
    home = getattr(request, "paper_home", None)
    if home is None:
        site = Site.find_for_request(request)
        root = site.root_page.specific if site is not None else None
        home = root if isinstance(root, HomePage) else None
        request.paper_home = home
    return home


def url_of(page: Page, request: HttpRequest | None = None) -> str:
    """`page`'s URL as readers follow it: relative to the request's home page when routing
    or the masthead has found it and the page is under it (no query); else what Wagtail says
    (the sites' root paths, from the cache)."""
    home = getattr(request, "paper_home", None)
    if home is not None and page.url_path.startswith(home.url_path):
        return path_under(home, page.url_path)
    return page.get_url(request=request) or ""


def path_under(home: Page, url_path: str) -> str:
    """The URL readers follow to the page at Wagtail's `url_path` under `home`,
    percent-encoded as `reverse()` and Wagtail encode it."""
    return quote("/" + url_path[len(home.url_path) :], safe=URL_SAFE)
