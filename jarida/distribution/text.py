"""An article body for readers outside the site: HTML with absolute URLs, and plain text.

Both come from the StreamField blocks, so apps and aggregators get the text the article page
shows: the same block templates for HTML, and for text one paragraph per block (a rich-text
block with several `<p>` keeps each one), separated by a blank line.
"""

from __future__ import annotations

from bs4 import BeautifulSoup
from django.http import HttpRequest

from jarida.distribution.articles import absolute
from jarida.news.body import html_to_text
from jarida.news.models import ArticlePage

__all__ = ["body_html", "first_paragraph", "html_to_text", "truncate"]

_URL_ATTRIBUTES = ("href", "src")


def body_html(article: ArticlePage, request: HttpRequest | None) -> str:
    """The body as the article page renders it, with every link and image URL absolute."""
    # Block by block, as the article template includes them (no wrapper elements).
    html = "\n".join(str(block.render()) for block in article.body)
    soup = BeautifulSoup(html, "html.parser")
    for element in soup.find_all(True):
        for attribute in _URL_ATTRIBUTES:
            value = element.get(attribute)
            if isinstance(value, str) and value.startswith("/") and not value.startswith("//"):
                element[attribute] = absolute(request, value)
        srcset = element.get("srcset")
        if isinstance(srcset, str):
            element["srcset"] = ", ".join(
                _absolute_candidate(candidate, request) for candidate in srcset.split(",")
            )
    return str(soup).strip()


def _absolute_candidate(candidate: str, request: HttpRequest | None) -> str:
    url, _, descriptor = candidate.strip().partition(" ")
    if url.startswith("/") and not url.startswith("//"):
        url = absolute(request, url)
    return f"{url} {descriptor}".strip()


def first_paragraph(article: ArticlePage) -> str:
    """The first paragraph's text: a description for an article without a summary."""
    for block in article.body:
        if block.block_type == "paragraph" and (text := html_to_text(block.value.source)):
            return text.split("\n\n", 1)[0]
    return ""


def truncate(text: str, limit: int = 200) -> str:
    """At most `limit` characters, cut at a word boundary with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0]
    return f"{cut}…"
