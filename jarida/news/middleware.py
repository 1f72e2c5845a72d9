"""`PublicationRefusedMiddleware`: a refused publish, said to the editor in Arabic.

`ArticlePage.publish()` refuses a taken-down or expired article on every path (the edit
form, a bulk action, a workflow approval, a revision restore). In the admin the refusal comes
back to the editor as a message on the page they came from, not as an error page.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
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
