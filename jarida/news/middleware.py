"""`PublicationRefusedMiddleware`: a refused publish, said to the editor in Arabic.
`RejectControlCharactersMiddleware`: hostile URLs (a NUL in a slug) are a 404, not a 500.

`ArticlePage.publish()` refuses a taken-down or expired article on every path (the edit
form, a bulk action, a workflow approval, a revision restore). In the admin the refusal comes
back to the editor as a message on the page they came from, not as an error page.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import BadRequest
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.middleware.gzip import GZipMiddleware
from django.utils.http import url_has_allowed_host_and_scheme

from jarida.news.models import PublicationRefused


class PublicationRefusedMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, PublicationRefused) or not request.path.startswith("/admin/"):
            return None
        messages.error(request, str(exception))
        back = request.GET.get("next") or request.META.get("HTTP_REFERER") or "/admin/"
        if not url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
            back = "/admin/"
        return HttpResponseRedirect(back)


# C0 and C1 control characters (NUL first among them): no URL of the site has one, and
# PostgreSQL refuses a NUL in any string, so a lookup by such a slug would be a 500.
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f-\x9f]")
# In a query string, the whitespace a pasted search may hold (tab, line breaks) is text.
_QUERY_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


class RejectControlCharactersMiddleware:
    """A path with a control character is a 404 before any view or lookup sees it; a query
    string with one is a 400. Outside the page cache, so no such key is ever stored."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _CONTROL_CHARACTERS.search(request.path_info):
            raise Http404("control character in the path")
        if "%" in request.META.get("QUERY_STRING", "") and any(
            _QUERY_CONTROL_CHARACTERS.search(key) or _QUERY_CONTROL_CHARACTERS.search(value)
            for key, values in request.GET.lists()
            for value in values
        ):
            if request.path_info.startswith("/api/"):  # the API's own error shape
                return JsonResponse({"detail": "محرف تحكم في الاستعلام."}, status=400)
            raise BadRequest("control character in the query string")
        return self.get_response(request)


class GZipWithoutSecretsMiddleware(GZipMiddleware):
    """Compresses what the page cache does not keep (search, error pages, feeds...), except
    a response that carries a per-reader secret (a CSRF token in a form): compressed beside
    text an attacker can reflect, it would be open to BREACH."""

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        # A token used in this response is (re)sent as its cookie by CsrfViewMiddleware.
        if settings.CSRF_COOKIE_NAME in response.cookies:
            return response
        return super().process_response(request, response)
