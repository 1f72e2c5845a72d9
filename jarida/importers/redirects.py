"""Old links of imported articles: Wagtail redirects (301) that exist while the article is public.

An imported article's old paths (its WordPress permalink, encoded and decoded, `/?p=ID`,
old slugs, attachment pages) are kept on its `SourceRecord`. When the article is published
(by the importer, or later by the scheduler or an editor) they become permanent
`wagtail.contrib.redirects` redirects to it; when it is unpublished they are removed, so an
old link never names a draft's new URL. `WordPressQueryMiddleware` answers `/?p=ID` and its
siblings, which Wagtail's middleware never sees because the home page answers `/`, and
WordPress's search and plain date archives (`/?s=…`, `/?m=20210723`) by rule.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from typing import Any
from urllib.parse import unquote, urlencode

from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.urls import Resolver404, resolve, reverse
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page

OLD_PATH_MAX = Redirect._meta.get_field("old_path").max_length or 255

# How many redirects this process has made, whatever made them (the importer, a publish
# signal): the import summary reports the difference over a run.
made: dict[str, int] = {"count": 0}

# The query parameters WordPress answers at the site root with a post, page or archive.
WORDPRESS_QUERY_KEYS = ("p", "page_id", "attachment_id", "cat", "tag", "feed")


def normalised(paths: Iterable[str]) -> list[str]:
    """Each old path as Wagtail stores it, plus its percent-encoded form where different
    (the middleware tries the decoded form first, then the encoded one)."""
    found: dict[str, None] = {}
    for path in paths:
        found[Redirect.normalise_path(path)] = None
        found[Redirect.normalise_path(path, decode_unicode=False)] = None
    # Wagtail's old_path holds 255 characters; a longer (percent-encoded Arabic) spelling is
    # left out rather than failing the article, the decoded one usually fits.
    return [p for p in found if p and p != "/" and len(p) <= OLD_PATH_MAX]


def ensure_for_article(page: Page, old_paths: Iterable[str]) -> int:
    """Create the missing redirects from `old_paths` to `page`; returns how many were made.
    A path already redirecting elsewhere (another article's, an editor's) is left alone."""
    wanted = normalised(old_paths)
    if not wanted:
        return 0
    taken = set(
        Redirect.objects.filter(site__isnull=True, old_path__in=wanted).values_list(
            "old_path", flat=True
        )
    )
    new = [
        Redirect(old_path=path, site=None, is_permanent=True, redirect_page=page)
        for path in wanted
        if path not in taken
    ]
    Redirect.objects.bulk_create(new)
    made["count"] += len(new)
    return len(new)


def ensure_to_link(old_path: str, link: str) -> bool:
    """A redirect from an old archive path to a page of this site (a tag page)."""
    path = Redirect.normalise_path(old_path)
    if not path or path == "/" or len(path) > OLD_PATH_MAX:
        return False
    if Redirect.objects.filter(site__isnull=True, old_path=path).exists():
        return False
    Redirect.objects.create(old_path=path, site=None, is_permanent=True, redirect_link=link)
    made["count"] += 1
    return True


def shadowed(paths: Iterable[str]) -> list[str]:
    """The old paths that one of this site's own views answers (`/about/`, `/search/`): a
    redirect there is never reached, so the summary names them for the operator."""
    from jarida.news.views import SERVE_PAGE

    # Where the page tree's views (ours and Wagtail's) answer, a redirect is still reached:
    # the redirects middleware acts on their 404.
    page_tree = {SERVE_PAGE, "wagtail_serve"}
    found = []
    for path in paths:
        if "?" in path:
            continue
        try:
            match = resolve(unquote(path))
        except Resolver404:
            continue
        if match.url_name not in page_tree:
            found.append(path)
    return found


def remove_for_article(page: Page, old_paths: Iterable[str]) -> int:
    deleted, _ = Redirect.objects.filter(
        redirect_page=page, old_path__in=normalised(old_paths)
    ).delete()
    return deleted


def article_published(sender: Any, instance: Page, **kwargs: Any) -> None:
    # Wagtail also sends this when it only schedules a never-published page.
    if not instance.live:
        return
    from jarida.importers.models import SourceRecord

    source = SourceRecord.objects.filter(article_id=instance.pk).only("old_paths").first()
    if source is not None and source.old_paths:
        ensure_for_article(instance, source.old_paths)


def article_unpublished(sender: Any, instance: Page, **kwargs: Any) -> None:
    from jarida.importers.models import SourceRecord

    source = SourceRecord.objects.filter(article_id=instance.pk).only("old_paths").first()
    if source is not None and source.old_paths:
        remove_for_article(instance, source.old_paths)


class WordPressQueryMiddleware:
    """`/?p=123` (and `page_id`, `attachment_id`, `cat`, `tag`) answers 301 to the imported
    article when a redirect for it exists; everything else passes untouched and costs one
    comparison. Placed before the page cache, which would otherwise answer with the home page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path == "/" and request.GET and request.method in ("GET", "HEAD"):
            by_rule = _search_or_date_archive(request)
            if by_rule is not None:
                return HttpResponsePermanentRedirect(by_rule)
            keys = [k for k in WORDPRESS_QUERY_KEYS if k in request.GET]
            if keys:
                query = "&".join(f"{k}={request.GET[k]}" for k in keys)
                redirect = (
                    Redirect.objects.filter(
                        old_path=Redirect.normalise_path(f"/?{query}"), site__isnull=True
                    )
                    .select_related("redirect_page")
                    .first()
                )
                if redirect is not None and redirect.link:
                    return HttpResponsePermanentRedirect(redirect.link)
        return self.get_response(request)


def _search_or_date_archive(request: HttpRequest) -> str | None:
    """WordPress's search (`/?s=…`, which search engines' site search boxes and old
    bookmarks name) and its date archives without pretty permalinks (`/?m=20210723`,
    `?m=202107`, `?m=2021`): the same pages here, by rule, with no redirect stored."""
    if "s" in request.GET:
        return f"{reverse('search:search')}?{urlencode({'q': request.GET['s']})}"
    stamp = request.GET.get("m", "")
    if len(stamp) not in (4, 6, 8) or not stamp.isascii() or not stamp.isdigit():
        return None
    parts = [int(stamp[:4]), *(int(stamp[i : i + 2]) for i in range(4, len(stamp), 2))]
    try:
        date(*parts, *[1] * (3 - len(parts)))
    except ValueError:
        return None
    view = ("news:archive_year", "news:archive_month", "news:archive_day")[len(parts) - 1]
    return reverse(view, args=parts)
