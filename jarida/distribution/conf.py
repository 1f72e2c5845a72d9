"""Every setting the distribution app reads, in one place, each with its default.

Read at call time (not import time) so `override_settings` in tests and a changed environment
behave the same way. The environment variable has the setting's name.
"""

from __future__ import annotations

from django.conf import settings


def site_name() -> str:
    return str(settings.SITE_NAME)


def site_description() -> str:
    """The paper's one-line description: home page meta, feeds without a better one."""
    return getattr(settings, "SITE_DESCRIPTION", "") or f"آخر الأخبار والتقارير من {site_name()}"


def feed_items() -> int:
    """How many of the newest articles each RSS/Atom feed carries."""
    return int(getattr(settings, "FEED_ITEMS", 50))


def sitemap_page_size() -> int:
    """URLs per article sitemap page; Google's limit is 50,000 per file (and 50 MB)."""
    return min(int(getattr(settings, "SITEMAP_PAGE_SIZE", 10_000)), 50_000)


def google_news_publication_name() -> str:
    """Must match the name Google News knows the publication by."""
    return getattr(settings, "GOOGLE_NEWS_PUBLICATION_NAME", "") or site_name()


def publisher_logo() -> str:
    """The publisher's logo for JSON-LD: a static path or an absolute URL (raster, ≤600×60)."""
    return getattr(settings, "PUBLISHER_LOGO", "") or "jarida/logo.png"


def share_image() -> str:
    """The site's default card (static path, 1200×630 PNG) for articles without a lead photo:
    every link preview and `NewsArticle` then has an image."""
    return getattr(settings, "SHARE_IMAGE", "") or "jarida/share-card.png"


def twitter_site() -> str:
    """The paper's account for `twitter:site`, e.g. `@jarida`; empty leaves the tag out."""
    return getattr(settings, "TWITTER_SITE", "")


def api_cors_allowed_origins() -> list[str]:
    """Origins whose browser scripts may read the API; `*` allows any (no credentials are
    ever sent: the API is anonymous and read-only)."""
    value = getattr(settings, "API_CORS_ALLOWED_ORIGINS", ["*"])
    if isinstance(value, str):
        value = [item.strip() for item in value.split(",") if item.strip()]
    return [origin.rstrip("/") for origin in value]


def time_zone() -> str:
    return str(settings.NEWSROOM_TIME_ZONE)
