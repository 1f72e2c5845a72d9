"""The page cache: anonymous readers are answered from the cache, before sessions,
authentication, CSRF and the page tree are touched.

A response is stored only if its view tagged it (`tag_response`), it is a 200 with no cookie
to set, and the request came with no session cookie: an editor's view of a page (with the
Wagtail user bar, a preview, a message) is never stored or served to a reader. Entries are
keyed on host, path and query string; they are fresh while their tags' versions are
unchanged (`tags`) and until the moment the view gave (`until`: an expiry, the end of a
breaking window), for at most `PAGE_CACHE_SECONDS`.

Stored pages are gzip-compressed once, when stored, and served compressed to every client
that accepts gzip: a hit then costs no compression, a proxy in front (docs/nginx) keeps the
compressed bytes too. Only these public pages are compressed; pages that carry per-reader
secrets (CSRF tokens on forms, the admin) are not, which keeps BREACH away.

When the database is down, the application answers 503; a page whose tags are still fresh is
then served stale, for up to `STALE_IF_ERROR_SECONDS` past its time (never one that a purge
made stale: a takedown stays final).
"""

from __future__ import annotations

import datetime as dt
import functools
import gzip
import hashlib
import re
import time
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils.cache import patch_cache_control
from django.utils.http import http_date, parse_etags
from django.utils.module_loading import import_string

from jarida.pagecache import tags as cache_tags

KEY_PREFIX = "pagecache:page:"
ACCEPTS_GZIP = re.compile(r"\bgzip\b")
GZIP_LEVEL = 6
# Headers worth replaying from a stored response: those the view and the middleware inside
# this one set. SecurityMiddleware, outside it, adds its own to hits and misses alike.
KEPT_HEADERS = (
    "Content-Type",
    "Content-Language",
    "Link",
    "Content-Security-Policy",
    "X-Content-Type-Options",
    "X-Frame-Options",
    "Referrer-Policy",
    "Cross-Origin-Opener-Policy",
    "Access-Control-Allow-Origin",
)


def tag_response(
    response: HttpResponse,
    tags: Iterable[str],
    until: dt.datetime | None = None,
    cdn_seconds: int | None = None,
) -> HttpResponse:
    """Mark `response` as storable for anonymous readers, stale when any of `tags` is purged
    or at `until` (a moment no purge will announce), whichever comes first. `cdn_seconds`
    caps how long a CDN may keep it, for an answer no CDN purge names (`s-maxage`)."""
    if cdn_seconds is not None:
        response.cdn_seconds = cdn_seconds
    existing: set[str] = getattr(response, "cache_tags", set())
    response.cache_tags = existing | {cache_tags.ALL, *tags}
    if until is not None:
        earlier = getattr(response, "cache_until", None)
        response.cache_until = min(until, earlier) if earlier else until
    return response


def expire_by(request: HttpRequest, moment: dt.datetime) -> None:
    """A part of the page being rendered changes by itself at `moment` (comments closing):
    the stored page must not outlive it. For template tags, which see the request only."""
    earlier = getattr(request, "page_cache_until", None)
    request.page_cache_until = min(moment, earlier) if earlier else moment


@functools.cache
def _key_query() -> Callable[[HttpRequest], str]:
    path = getattr(settings, "PAGE_CACHE_KEY_QUERY", "")
    if not path:
        return lambda request: request.META.get("QUERY_STRING", "")
    return import_string(path)


def page_key(request: HttpRequest) -> str:
    # The decoded path: two spellings of one path are one page. Of the query string, only
    # what the site says can change the page (PAGE_CACHE_KEY_QUERY): parameters no view
    # reads (utm_*, random cache-busters) do not each make an entry and a render.
    identity = f"{request.get_host()}{request.path}?{_key_query()(request)}"
    return KEY_PREFIX + hashlib.sha256(identity.encode("utf-8")).hexdigest()


def is_cacheable_request(request: HttpRequest) -> bool:
    return (
        settings.PAGE_CACHE_SECONDS > 0
        and request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not request.path.startswith("/admin/")
    )


def lookup(key: str) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    """(the fresh entry stored under `key`, or None; an entry whose time is past but whose
    tags are fresh, to serve while the database is down, or None).

    One round trip when nothing was purged since the page was last checked: the entry, the
    generation it was checked at and the current one (`tags.GENERATION`). Otherwise its
    tags' versions are read (a second round trip), and a page still fresh is noted as
    checked at this generation."""
    checked_key = f"{key}:checked"
    found = cache_tags.read([key, checked_key, cache_tags.GENERATION])
    entry = found.get(key) if found else None
    if entry is None or found is None:
        return None, None
    generation = found.get(cache_tags.GENERATION)
    if generation is None or found.get(checked_key) != generation:
        current = cache_tags.snapshot(entry["versions"])
        if current is None or not cache_tags.fresh(entry["versions"], current[0]):
            return None, None
        if current[1] is not None:
            keep = max(1, int(entry["expires"] - time.time()) + stale_seconds())
            cache_tags.store().set(checked_key, current[1], timeout=keep)
    now = time.time()
    if now < entry["expires"]:
        return entry, None
    if now < entry["expires"] + stale_seconds():
        return None, entry
    return None, None


def stale_seconds() -> int:
    return int(getattr(settings, "STALE_IF_ERROR_SECONDS", 0))


def accepts_gzip(request: HttpRequest) -> bool:
    return bool(ACCEPTS_GZIP.search(request.META.get("HTTP_ACCEPT_ENCODING", "")))


def gzip_etag(etag: str) -> str:
    """The strong ETag of the gzip representation: distinct from the identity one, as each
    representation needs its own (RFC 9110, 8.8.3)."""
    return etag[:-1] + '-gzip"'


def replay(request: HttpRequest, entry: dict[str, Any], state: str = "HIT") -> HttpResponse:
    """A stored page as this request asked for it: compressed or not, or a 304."""
    compressed = accepts_gzip(request)
    etag = gzip_etag(entry["etag"]) if compressed else entry["etag"]
    if_none_match = request.META.get("HTTP_IF_NONE_MATCH")
    # Either representation's tag names the same page.
    if if_none_match and {entry["etag"], gzip_etag(entry["etag"]), "*"} & set(
        parse_etags(if_none_match)
    ):
        response: HttpResponse = HttpResponseNotModified()
    else:
        body = entry["gzip"] if compressed else gzip.decompress(entry["gzip"])
        response = HttpResponse(body)
        if compressed:
            response["Content-Encoding"] = "gzip"
        for name, value in entry["headers"].items():
            response[name] = value
        response["Content-Length"] = str(len(body))
    response["Vary"] = "Accept-Encoding"
    response["ETag"] = etag
    response["Last-Modified"] = entry["last_modified"]
    response["Age"] = str(max(0, int(time.time() - entry["stored"])))
    response["X-Cache"] = state
    if state == "STALE":
        # Served because the database is down: no cache in front may keep it.
        response["Cache-Control"] = "no-store"
    else:
        http_caching_headers(response, entry.get("cdn_seconds"))
    return response


def http_caching_headers(response: HttpResponse, cdn_seconds: int | None = None) -> None:
    """What browsers and a CDN may do with an anonymous page: browsers keep it briefly, a CDN
    longer (purged on publish); either may serve it stale while refetching, or while the
    site answers errors."""
    shared = settings.PAGE_CACHE_SECONDS
    if cdn_seconds is not None:
        shared = min(shared, cdn_seconds)
    response["Cache-Control"] = (
        f"public, max-age={min(settings.BROWSER_CACHE_SECONDS, shared)}, "
        f"s-maxage={shared}, "
        f"stale-while-revalidate={settings.STALE_WHILE_REVALIDATE_SECONDS}, "
        f"stale-if-error={stale_seconds()}"
    )


class PageCacheMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not is_cacheable_request(request):
            response = self.get_response(request)
            if getattr(response, "cache_tags", None) is not None:
                # A signed-in view of a public page: no CDN or shared proxy may keep it.
                patch_cache_control(response, private=True, no_cache=True)
            return response
        key = page_key(request)
        entry, stale = lookup(key)
        if entry is not None:
            return replay(request, entry)

        started = time.time_ns()
        response = self.get_response(request)
        if response.status_code == 503 and stale is not None:
            return replay(request, stale, "STALE")
        tagged = getattr(response, "cache_tags", None) is not None
        if tagged and self.is_storable(request, response):
            self.store(request, key, response, started)
        elif tagged:
            patch_cache_control(response, private=True, no_cache=True)
        if tagged:
            response["X-Cache"] = "MISS"
        return response

    @staticmethod
    def is_storable(request: HttpRequest, response: HttpResponse) -> bool:
        user = getattr(request, "user", None)
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and "private" not in response.get("Cache-Control", "")
            and "no-store" not in response.get("Cache-Control", "")
            and not (user is not None and user.is_authenticated)
        )

    def store(self, request: HttpRequest, key: str, response: HttpResponse, started: int) -> None:
        content = response.content
        etag = f'"{hashlib.md5(content, usedforsecurity=False).hexdigest()}"'
        last_modified = http_date(started / 1e9)
        # Every anonymous reader gets this one copy, whatever cookies or languages they send:
        # only the encoding varies. Editors' views are never stored, and are marked private.
        response["Vary"] = "Accept-Encoding"
        response["ETag"], response["Last-Modified"] = etag, last_modified
        cdn_seconds = getattr(response, "cdn_seconds", None)
        http_caching_headers(response, cdn_seconds)
        expires = time.time() + settings.PAGE_CACHE_SECONDS
        for until in (
            getattr(response, "cache_until", None),
            getattr(request, "page_cache_until", None),
        ):
            if until is not None:
                expires = min(expires, until.timestamp())
        current = cache_tags.snapshot(response.cache_tags, missing_as=started)
        if current is None or expires <= time.time() + 1 or max(current[0].values()) > started:
            # The cache is down, the page's time is up, or a purge landed while it was being
            # rendered (it may show the old version).
            return
        versions, generation = current
        compressed = gzip.compress(content, compresslevel=GZIP_LEVEL, mtime=0)
        entry: dict[str, Any] = {
            "gzip": compressed,
            "headers": {name: response[name] for name in KEPT_HEADERS if response.has_header(name)},
            "etag": etag,
            "last_modified": last_modified,
            "stored": time.time(),
            "expires": expires,
            "versions": versions,
            "cdn_seconds": cdn_seconds,
        }
        keep = int(expires - time.time()) + 1 + stale_seconds()
        stored: dict[str, Any] = {key: entry}
        if generation is not None:
            stored[f"{key}:checked"] = generation  # checked against its tags at this one
        cache_tags.store().set_many(stored, timeout=keep)
        if accepts_gzip(request):
            response.content = compressed
            response["Content-Encoding"] = "gzip"
            response["Content-Length"] = str(len(compressed))
            response["ETag"] = gzip_etag(etag)
