"""The page cache: anonymous readers are answered from the shared cache, before sessions,
authentication, CSRF and the page tree are touched.

A response is stored only if its view tagged it (`tags.tag_response`), it is a 200 with no
cookie to set, and the request came with no session cookie: an editor's view of a page (with
the Wagtail user bar, a preview, a message) is never stored or served to a reader. Entries are
keyed on host, path and query string; they are fresh while their tags' versions are unchanged
(see `tags`). Every cacheable response gets HTTP caching headers for a CDN in front.

Stored pages are gzip-compressed once, when stored, and served compressed to every client
that accepts gzip (decompressed for the rare one that does not): a hit then costs no
compression, a proxy in front (docs/nginx) keeps the compressed bytes too, and the cache
holds a quarter of the bytes. Only these public pages are compressed; pages that carry
per-reader secrets (CSRF tokens on forms, the admin) are not, which keeps BREACH away.

Hits are looked up and replayed by `cached_response`, which this middleware and the WSGI
wrapper in front of Django (`jarida.pagecache.wsgi`, the fast path) both call.
"""

from __future__ import annotations

import gzip
import hashlib
import re
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import http_date, parse_etags
from wagtail.models import Site

from jarida.news.models import next_visibility_change
from jarida.pagecache import fragments
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
    "Vary",
)
# Set in the WSGI environ by the fast path (jarida.pagecache.wsgi) when it has just looked
# the page up and missed: the middleware then does not ask the cache a second time.
MISSED = "jarida.pagecache.missed"
# The tags each page was stored with, as this process last saw them: a hit then reads the
# entry and its tags' versions in one round trip. Only a hint (checked against the entry),
# dropped wholesale when it grows past a bound.
_TAG_HINTS: dict[str, tuple[str, ...]] = {}
TAG_HINTS_MAX = 10_000


def page_key(request: HttpRequest) -> str:
    # The decoded path, not get_full_path(): percent-encoding an Arabic path again costs a
    # hit more than hashing it, and two spellings of one path are one page.
    identity = f"{request.get_host()}{request.path}?{request.META.get('QUERY_STRING', '')}"
    return KEY_PREFIX + hashlib.sha256(identity.encode("utf-8")).hexdigest()


def is_cacheable_request(request: HttpRequest) -> bool:
    return (
        settings.PAGE_CACHE_SECONDS > 0
        and request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not request.path.startswith("/admin/")
    )


def fresh_entry(key: str) -> dict[str, Any] | None:
    """The stored page under `key` if it is fresh (`tags.fresh`), read with the versions of
    the tags it was last seen with in this process: one round trip for every hit but the
    first."""
    hint = _TAG_HINTS.get(key, ())
    entry = cache_tags.fresh(key, hint)
    if entry is not None and (tags := tuple(entry["versions"])) != hint:
        if len(_TAG_HINTS) >= TAG_HINTS_MAX:
            _TAG_HINTS.clear()
        _TAG_HINTS[key] = tags
    return entry


def cached_response(request: HttpRequest, key: str | None = None) -> HttpResponse | None:
    """The response stored for `request`, replayed for it, if it is fresh; else None.

    For a request that `is_cacheable_request` accepted. May raise DisallowedHost (the key
    holds the host).
    """
    entry = fresh_entry(key or page_key(request))
    return replay(request, entry) if entry is not None else None


# The request's headers are read from META, not `request.headers`: building that mapping
# walks the whole WSGI environ (granian puts the server's environment variables in it), which
# costs a hit more than the rest of its replay.
def accepts_gzip(request: HttpRequest) -> bool:
    return bool(ACCEPTS_GZIP.search(request.META.get("HTTP_ACCEPT_ENCODING", "")))


def replay(request: HttpRequest, entry: dict[str, Any]) -> HttpResponse:
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
    patch_vary_headers(response, ["Accept-Encoding"])
    response["ETag"] = etag
    response["Last-Modified"] = entry["last_modified"]
    response["Age"] = str(max(0, int(time.time() - entry["stored"])))
    response["X-Cache"] = "HIT"
    http_caching_headers(response)
    return response


def http_caching_headers(response: HttpResponse) -> None:
    """What browsers and a CDN may do with an anonymous page: browsers keep it briefly, a CDN
    longer (purged on publish), and either may serve it stale while refetching."""
    response["Cache-Control"] = (
        f"public, max-age={settings.BROWSER_CACHE_SECONDS}, "
        f"s-maxage={settings.PAGE_CACHE_SECONDS}, "
        f"stale-while-revalidate={settings.STALE_WHILE_REVALIDATE_SECONDS}"
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
        if not request.META.get(MISSED) and (hit := cached_response(request, key)) is not None:
            return hit

        started = time.time_ns()
        response = self.get_response(request)
        if self.is_storable(request, response):
            self.store(request, key, response, started)
        elif getattr(response, "cache_tags", None) is not None:
            patch_cache_control(response, private=True, no_cache=True)
        if getattr(response, "cache_tags", None) is not None:
            response["X-Cache"] = "MISS"
        return response

    @staticmethod
    def is_storable(request: HttpRequest, response: HttpResponse) -> bool:
        user = getattr(request, "user", None)
        return (
            getattr(response, "cache_tags", None) is not None
            and response.status_code == 200
            and not response.streaming
            and not response.cookies
            and "private" not in response.get("Cache-Control", "")
            and "no-store" not in response.get("Cache-Control", "")
            and not (user is not None and user.is_authenticated)
        )

    def store(self, request: HttpRequest, key: str, response: HttpResponse, started: int) -> None:
        tags = response.cache_tags  # type: ignore[attr-defined]
        versions = cache_tags.versions(tags, missing_as=started)
        if max(versions.values()) > started:
            # A purge landed while this page was being rendered: it may show the old version.
            return
        content = response.content
        etag = f'"{hashlib.md5(content, usedforsecurity=False).hexdigest()}"'
        compressed = gzip.compress(content, compresslevel=GZIP_LEVEL, mtime=0)
        # Every anonymous reader gets this one copy, whatever cookies or languages they send:
        # only the encoding varies. Sessions and locales add `Vary: Cookie, Accept-Language`
        # on the way out, which would make a CDN that honours Vary keep a copy per cookie
        # string (one per reader, with analytics cookies). Editors' views are never stored,
        # and are marked private for every cache.
        response["Vary"] = "Accept-Encoding"
        headers = {name: response[name] for name in KEPT_HEADERS if response.has_header(name)}
        last_modified = http_date(started / 1e9)
        response["ETag"], response["Last-Modified"] = etag, last_modified
        http_caching_headers(response)
        # Kept until the next scheduled change on the site at the latest (an expiry, the end of
        # a breaking window): those happen without a publish to purge them.
        expires = time.time() + settings.PAGE_CACHE_SECONDS
        if (next_change := next_visibility_change()) is not None:
            expires = min(expires, next_change.timestamp())
        timeout = int(expires - time.time()) + 1
        if timeout <= 1:
            return
        entry: dict[str, Any] = {
            "gzip": compressed,
            "headers": headers,
            "etag": etag,
            "last_modified": last_modified,
            "stored": time.time(),
            "expires": expires,
            "versions": versions,
        }
        cache_tags.cache().set(key, entry, timeout=timeout)
        patch_vary_headers(response, ["Accept-Encoding"])
        if accepts_gzip(request):
            response.content = compressed
            response["Content-Encoding"] = "gzip"
            response["Content-Length"] = str(len(compressed))
            response["ETag"] = gzip_etag(etag)


def gzip_etag(etag: str) -> str:
    """The strong ETag of the gzip representation: distinct from the identity one, as each
    representation needs its own (RFC 9110, 8.8.3)."""
    return etag[:-1] + '-gzip"'


def cached_site(get_response: Callable[[HttpRequest], HttpResponse]) -> Callable[..., HttpResponse]:
    """The Wagtail site of a request, with its specific home page, kept as a fragment.

    For a render that missed the page cache. Wagtail looks the site up on every request (one
    query joining sites and pages), then reads the home page's specific row before routing.
    Both change only when an operator edits a site or an editor publishes the home page, and
    both purge every fragment (`jarida.pagecache.signals`). Only hosts that pass ALLOWED_HOSTS
    are looked up, so a hostile Host header cannot fill the cache.

    The rest of the request runs in a fragment scope (`fragments.request_scope`), so its
    render reads the fragments it needs together.
    """

    def middleware(request: HttpRequest) -> HttpResponse:
        try:
            host = request.get_host()
        except DisallowedHost:
            return get_response(request)  # Django answers it with a 400 as usual
        site_key = f"site:{host}:{request.get_port()}"
        with fragments.request_scope(f"{site_key}:{request.path}") as scope:
            site = fragments.cached(site_key, (), lambda: _site_with_home(request))
            request._wagtail_site = site  # type: ignore[attr-defined]
            response = get_response(request)
            scope.remember = response.status_code == 200
            return response

    return middleware


def _site_with_home(request: HttpRequest) -> Site | None:
    site = Site._find_for_request(request)
    if site is not None:
        # A specific page is its own `.specific`, so Wagtail's router reads nothing more.
        site.root_page = site.root_page.specific
    return site
