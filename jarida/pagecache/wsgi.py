"""Page-cache hits answered in front of Django's handler.

A hit is one cache read and a few headers, yet through Django's handler it also pays for
the request_started and request_finished signals, the middleware chain, and a response the
server must iterate and close: answered here instead, a fifth more hits are served per
second under granian. This WSGI wrapper answers a hit before all that, with the page cache's
own lookup and replay (`middleware.cached_response`), then adds what the middleware outside
the page cache would: SecurityMiddleware's headers (WhiteNoise answers only static files,
which never come here). So a hit has the same status, headers and body whichever way it is
served, but for its Age.

Everything else goes to Django unchanged: other methods, the admin, static and media files,
an editor (a session cookie), a page not in the cache, a Host not in ALLOWED_HOSTS (Django
answers 400), a plain-HTTP request that SecurityMiddleware redirects to HTTPS, and any error
reading the cache (Django reports it as it reports every error).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import DisallowedHost, ImproperlyConfigured
from django.core.handlers.wsgi import WSGIRequest
from django.http import HttpRequest, HttpResponse
from django.middleware.security import SecurityMiddleware

from jarida.pagecache.middleware import MISSED, cached_response, is_cacheable_request

StartResponse = Callable[..., Any]
WSGIApplication = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]

PAGE_CACHE_MIDDLEWARE = "jarida.pagecache.middleware.PageCacheMiddleware"
# What a hit passes through in MIDDLEWARE before the page cache answers it; the wrapper does
# what they do to a hit, so it must know every one of them.
OUTER_MIDDLEWARE = (
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
)


class PageCacheApplication:
    """`application` (Django's WSGI handler) with page-cache hits answered in front of it."""

    def __init__(self, application: WSGIApplication) -> None:
        middleware = list(settings.MIDDLEWARE)
        if PAGE_CACHE_MIDDLEWARE not in middleware:
            raise ImproperlyConfigured(f"PageCacheApplication needs {PAGE_CACHE_MIDDLEWARE}")
        outer = tuple(middleware[: middleware.index(PAGE_CACHE_MIDDLEWARE)])
        if outer != OUTER_MIDDLEWARE:
            raise ImproperlyConfigured(
                f"PageCacheApplication replays {OUTER_MIDDLEWARE} for a hit, but the page "
                f"cache comes after {outer}: teach jarida.pagecache.wsgi what they do."
            )
        self.application = application
        self.security = SecurityMiddleware(self._unused)
        self.passed_by = tuple(
            prefix for prefix in ("/admin/", settings.STATIC_URL, settings.MEDIA_URL) if prefix
        )

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        response = self.hit(environ)
        if response is None:
            return self.application(environ, start_response)
        start_response(f"{response.status_code} {response.reason_phrase}", list(response.items()))
        # A list, not the response: servers send it in one write, without iterating.
        return [] if environ["REQUEST_METHOD"] == "HEAD" else [response.content]

    def hit(self, environ: dict[str, Any]) -> HttpResponse | None:
        """The cached response for this request, as Django would have sent it, or None."""
        if environ.get("REQUEST_METHOD") not in ("GET", "HEAD") or environ.get(
            "PATH_INFO", "/"
        ).startswith(self.passed_by):
            return None
        # A copy: WSGIRequest rewrites PATH_INFO and SCRIPT_NAME in the dict it is given, and
        # Django must get the environ as the server sent it.
        request = WSGIRequest(dict(environ))
        if not is_cacheable_request(request):
            return None
        try:
            if self.security.process_request(request) is not None:
                return None  # a redirect to HTTPS: Django's to make
            response = cached_response(request)
        except DisallowedHost:
            return None  # Django answers 400
        except Exception:
            return None  # a cache outage: Django meets it too, and reports it
        if response is None:
            environ[MISSED] = True
            return None
        result: HttpResponse = self.security.process_response(request, response)
        return result

    @staticmethod
    def _unused(request: HttpRequest) -> HttpResponse:
        raise AssertionError("the wrapped application answers what the page cache does not")
