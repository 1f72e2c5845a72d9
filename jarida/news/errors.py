"""The reader's error pages: 404, 410 (a taken-down article), 500, and 503 while the
database is away, all in Arabic and in the site's look.

They are rendered from settings alone (no query, no request context): an error page must
still render when the database is what failed. A 503 tells clients when to try again
(`Retry-After`); the page cache serves a stored copy of the page instead where it has one
(`jarida.pagecache.middleware`).
"""

from __future__ import annotations

import sys

from django.conf import settings
from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

RETRY_AFTER_SECONDS = 30


def error_page(template: str, status: int, request: HttpRequest | None = None) -> HttpResponse:
    context = {"site_name": settings.SITE_NAME, "status": status}
    response = HttpResponse(render_to_string(template, context), status=status)
    response["Cache-Control"] = "no-store"
    return response


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    response = error_page("404.html", 404, request)
    response["Cache-Control"] = "public, max-age=60"
    return response


def gone(request: HttpRequest) -> HttpResponse:
    """A taken-down article: it was here, and is withdrawn for good (until lifted)."""
    response = error_page("410.html", 410, request)
    response["Cache-Control"] = "public, max-age=60"
    return response


def server_error(request: HttpRequest) -> HttpResponse:
    """500, or 503 with `Retry-After` when the database is what failed (Django calls this
    while the exception is being handled)."""
    error = sys.exc_info()[1]
    if isinstance(error, DatabaseError):
        response = error_page("503.html", 503, request)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return error_page("500.html", 500, request)
