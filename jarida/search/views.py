"""`/search/`: the reader's search page over the published archive."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from jarida.news import cache_rules
from jarida.search.forms import SearchForm
from jarida.search.query import search_articles

# Pages beyond this are not offered: nobody reads them, and the offset stays small.
MAX_PAGE = 500


def _page_number(value: str | None) -> int:
    try:
        return min(max(1, int(value or 1)), MAX_PAGE)
    except ValueError:
        return 1


def search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET)
    data = form.valid_data()
    query = (data["q"] or "").strip()
    per_page = settings.ARTICLES_PER_PAGE
    number = _page_number(request.GET.get("page"))
    results = None
    if query:
        filters = {
            "section": data["section"],
            "date_from": data["date_from"],
            "date_to": data["date_to"],
            "order": data["sort"] or "relevance",
        }
        results = search_articles(query, offset=(number - 1) * per_page, limit=per_page, **filters)
        last = max(1, min(MAX_PAGE, -(-results.total // per_page)))
        if number > last:
            number = last
            results = search_articles(
                query, offset=(number - 1) * per_page, limit=per_page, **filters
            )
    context = {
        "form": form,
        "query": query,
        "results": results,
        "page_number": number,
        "num_pages": max(1, min(MAX_PAGE, -(-results.total // per_page))) if results else 1,
        "dates_reversed": bool(
            data["date_from"] and data["date_to"] and data["date_from"] > data["date_to"]
        ),
    }
    # Kept in the page cache until anything is published (a popular query in a spike is
    # answered once); no CDN keeps it (a query string: no purge names it).
    return cache_rules.tag_page(
        render(request, "search/search.html", context), request, cache_rules.LATEST
    )
