"""The news app in Wagtail: authors as snippets, and every served page tagged for the page
cache (`cache_rules.tag_wagtail_page`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from wagtail import hooks
from wagtail.snippets.models import register_snippet

from jarida.news import cache_rules
from jarida.news.models import Author

register_snippet(Author)

ServePage = Callable[[Any, HttpRequest, tuple[Any, ...], dict[str, Any]], HttpResponse]


@hooks.register("on_serve_page")
def tag_served_pages(serve: ServePage) -> ServePage:
    def serve_tagged(
        page: Any, request: HttpRequest, args: tuple[Any, ...], kwargs: dict[str, Any]
    ) -> HttpResponse:
        response = serve(page, request, args, kwargs)
        if response.status_code == 200:
            return cache_rules.tag_wagtail_page(page, request, response)
        return response

    return serve_tagged
