"""HTTP around every API URL: ETags with 304s, and CORS for browser apps.

Applied to the URL patterns rather than to ninja operations, so the OpenAPI document is
covered too and a CORS preflight (`OPTIONS`) is answered before ninja would refuse the method.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.urls import URLPattern
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import conditional_page

from jarida.distribution import conf
from jarida.news import cache_rules

View = Callable[..., HttpResponseBase]

ALLOWED_METHODS = "GET, HEAD, OPTIONS"
# A browser script may send these; If-None-Match lets it revalidate with the ETag.
ALLOWED_HEADERS = "Accept, Accept-Language, Content-Language, If-None-Match, If-Modified-Since"
PREFLIGHT_MAX_AGE = 86_400


def _allowed_origin(origin: str | None) -> str | None:
    """The value of Access-Control-Allow-Origin for `origin`, or None to send none."""
    allowed = conf.api_cors_allowed_origins()
    if "*" in allowed:
        return "*"
    if not origin:
        return None
    return origin if origin.rstrip("/") in allowed else None


def cors(view: View) -> View:
    """Let pages on the allowed origins read the API (never with credentials)."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        allow = _allowed_origin(request.headers.get("Origin"))
        preflight = request.method == "OPTIONS" and (
            "Access-Control-Request-Method" in request.headers
        )
        if preflight:
            response: HttpResponseBase = HttpResponse(status=204)
            if allow:
                response["Access-Control-Allow-Methods"] = ALLOWED_METHODS
                response["Access-Control-Allow-Headers"] = ALLOWED_HEADERS
                response["Access-Control-Max-Age"] = str(PREFLIGHT_MAX_AGE)
        else:
            response = view(request, *args, **kwargs)
        if allow:
            response["Access-Control-Allow-Origin"] = allow
            response["Access-Control-Expose-Headers"] = "ETag"
        if allow != "*":
            # The answer depends on the Origin header: caches must keep one per origin.
            patch_vary_headers(response, ["Origin"])
        return response

    return wrapped


def cached(view: View) -> View:
    """Answers the page cache may keep (`cache_rules.tag_api`), when every origin gets the
    same one (the default, `*`): a per-origin answer varies on a header the cache does not
    key on."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        response = view(request, *args, **kwargs)
        if isinstance(response, HttpResponse) and "*" in conf.api_cors_allowed_origins():
            cache_rules.tag_api(response, request)
        return response

    return wrapped


def public(view: View) -> View:
    """CORS outside, so a 304 Not Modified carries the CORS headers too."""
    return cors(conditional_page(cached(view)))


def wrap_urls(patterns: list[Any], decorator: Callable[[View], View]) -> list[URLPattern]:
    """`patterns` (ninja's: plain URL patterns, no includes) with every view wrapped."""
    return [
        URLPattern(pattern.pattern, decorator(pattern.callback), pattern.default_args, pattern.name)
        for pattern in patterns
    ]
