"""schema.org JSON-LD for a live page: a `LiveBlogPosting` with its coverage times and its
latest 50 updates as `BlogPosting`s (what Google's live badge reads), and the breadcrumbs,
with the publisher, dates and script escaping the article pages use."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.http import HttpRequest
from django.utils.safestring import SafeString

from jarida.distribution import conf
from jarida.distribution.articles import absolute, iso, page_url
from jarida.distribution.structured_data import SCHEMA, breadcrumbs, publisher, to_script_json
from jarida.live.models import LiveCoveragePage, LiveUpdate

JSONLD_UPDATES = 50


def blog_posting(update: LiveUpdate, request: HttpRequest | None) -> dict[str, Any]:
    text = update.body_text()
    data: dict[str, Any] = {
        "@type": "BlogPosting",
        "@id": absolute(request, update.share_path()),
        "url": absolute(request, update.share_path()),
        "headline": (update.title or text)[:110],
        "articleBody": text,
        "datePublished": iso(update.posted_at),
        "dateModified": iso(update.edited_at or update.posted_at),
        "inLanguage": "ar",
    }
    if update.author_name:
        data["author"] = {"@type": "Person", "name": update.author_name}
    corrections = [c for c in update.corrections.all()]
    if corrections:
        data["correction"] = [
            {
                "@type": "CorrectionComment",
                "text": f"{c.get_kind_display()}: {c.text}",
                "datePublished": iso(c.noted_at),
            }
            for c in corrections
        ]
    return data


def live_blog_posting(
    page: LiveCoveragePage, updates: Sequence[LiveUpdate], request: HttpRequest | None
) -> dict[str, Any]:
    """The page as a `LiveBlogPosting`; `updates` newest first (the latest 50 are kept)."""
    url = page_url(page, request)
    started = page.first_published_at
    latest = updates[0].posted_at if updates else page.last_published_at
    data: dict[str, Any] = {
        "@context": SCHEMA,
        "@type": "LiveBlogPosting",
        "@id": f"{url}#live",
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "url": url,
        "headline": page.title,
        "description": " · ".join(page.highlights()) or page.title,
        "inLanguage": "ar",
        "datePublished": iso(started),
        "dateModified": iso(latest),
        "coverageStartTime": iso(started),
        "publisher": publisher(request),
        "author": {"@type": "Organization", "name": conf.site_name()},
        "liveBlogUpdate": [blog_posting(u, request) for u in updates[:JSONLD_UPDATES]],
    }
    if page.has_ended and page.ended_at is not None:
        data["coverageEndTime"] = iso(page.ended_at)
    return data


def live_graph(
    page: LiveCoveragePage, updates: Sequence[LiveUpdate], request: HttpRequest | None
) -> SafeString:
    """The page's JSON-LD, ready for a `<script type="application/ld+json">`."""
    trail = [(conf.site_name(), absolute(request, "/"))]
    if page.section is not None:
        trail.append((page.section.title, page_url(page.section, request)))
    trail.append((page.title, page_url(page, request)))
    return to_script_json([live_blog_posting(page, updates, request), breadcrumbs(trail)])
