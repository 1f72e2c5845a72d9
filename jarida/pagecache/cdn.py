"""Purging a CDN or Varnish in front of the site, through Wagtail's frontend cache backends
(`WAGTAILFRONTENDCACHE`). Nothing happens when none is configured.

URLs are purged once the transaction of the change commits, as the page cache's own purges
are. `everything(root)` asks for every URL under `root` at once, as `root/*`: CloudFront
reads it as a wildcard invalidation; a Varnish in front bans on it (docs/operations.md).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache


def enabled() -> bool:
    return bool(getattr(settings, "WAGTAILFRONTENDCACHE", None))


def purge(urls: Iterable[str]) -> None:
    """Purge absolute `urls` from the CDN after the current transaction commits."""
    if not enabled():
        return
    wanted = sorted({url for url in urls if url})
    if wanted:
        transaction.on_commit(lambda: purge_urls_from_cache(wanted))


def everything(root: str) -> None:
    """Purge every URL under the absolute `root` (the site's base URL)."""
    purge([f"{root.rstrip('/')}/*"])
