"""The page cache: anonymous readers are answered from the shared cache, before sessions,
authentication, CSRF and the page tree are touched.

A response is stored only if its view tagged it (`tags.tag_response`), it is a 200 with no
cookie to set, and the request came with no session cookie: an editor's view of a page (with
the Wagtail user bar, a preview, a message) is never stored or served to a reader. Entries are
keyed on host, path and query string; they are fresh while their tags' versions are unchanged
(see `tags`). Every cacheable response gets HTTP caching headers for a CDN in front.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils.cache import patch_cache_control
from django.utils.http import http_date, parse_etags

from jarida.news.models import next_visibility_change
from jarida.pagecache import tags as cache_tags

KEY_PREFIX = "pagecache:page:"
# Headers worth replaying from a stored response.
KEPT_HEADERS = (
    "Content-Type",
    "Content-Language",
    "Link",
    "Content-Security-Policy",
    "X-Content-Type-Options",
    "Referrer-Policy",
    "Cross-Origin-Opener-Policy",
    "Access-Control-Allow-Origin",
    "Vary",
)


def page_key(request: HttpRequest) -> str:
    identity = f"{request.get_host()}{request.get_full_path()}"
    return KEY_PREFIX + hashlib.sha256(identity.encode("utf-8")).hexdigest()


def is_cacheable_request(request: HttpRequest) -> bool:
    return (
        settings.PAGE_CACHE_SECONDS > 0
        and request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not request.path.startswith("/admin/")
    )


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
        entry = cache_tags.cache().get(key)
        if (
            entry is not None
            and time.time() < entry["expires"]
            and cache_tags.versions(entry["versions"]) == entry["versions"]
        ):
            return self.replay(request, entry)

        started = time.time_ns()
        response = self.get_response(request)
        if self.is_storable(request, response):
            self.store(key, response, started)
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

    def store(self, key: str, response: HttpResponse, started: int) -> None:
        tags = response.cache_tags  # type: ignore[attr-defined]
        versions = cache_tags.versions(tags, missing_as=started)
        if max(versions.values()) > started:
            # A purge landed while this page was being rendered: it may show the old version.
            return
        content = response.content
        etag = f'"{hashlib.md5(content, usedforsecurity=False).hexdigest()}"'
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
            "content": content,
            "headers": headers,
            "etag": etag,
            "last_modified": last_modified,
            "stored": time.time(),
            "expires": expires,
            "versions": versions,
        }
        cache_tags.cache().set(key, entry, timeout=timeout)

    @staticmethod
    def replay(request: HttpRequest, entry: dict[str, Any]) -> HttpResponse:
        etags = parse_etags(request.headers.get("If-None-Match", ""))
        if entry["etag"] in etags or "*" in etags:
            response: HttpResponse = HttpResponseNotModified()
        else:
            response = HttpResponse(entry["content"])
            for name, value in entry["headers"].items():
                response[name] = value
        response["ETag"] = entry["etag"]
        response["Last-Modified"] = entry["last_modified"]
        response["Age"] = str(max(0, int(time.time() - entry["stored"])))
        response["X-Cache"] = "HIT"
        http_caching_headers(response)
        return response
