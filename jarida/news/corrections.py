"""The rows of `/corrections/`: every public correction notice, newest first, whichever app
keeps it. Articles' notices are `CorrectionNotice`; other apps (live coverage's notices on
its updates) register a `CorrectionSource` in their AppConfig.ready(), so `news` imports
none of them. The page reads one page of rows from a UNION of all sources (one count, one
slice), then each source's targets in one query.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.core.paginator import Page as PaginatorPage
from django.db import models
from django.http import Http404, HttpRequest

from jarida.news.links import url_of
from jarida.news.models import ArticlePage, CorrectionNotice

# What every source's `rows()` gives, in this order: the notice's id, kind, text and time,
# the id of what it corrects, and the source's name (ids are unique only within a source).
COLUMNS = ("pk", "kind", "text", "noted_at", "target_id", "source")
Targets = Callable[[list[int], HttpRequest], dict[int, tuple[str, str]]]


@dataclass(frozen=True)
class CorrectionSource:
    """`rows()`: a queryset of `COLUMNS` values for the source's public notices only;
    `targets(ids, request)`: for the corrected things' ids, their (title, URL)."""

    name: str
    rows: Callable[[], models.QuerySet[Any]]
    targets: Targets


def source_name(name: str) -> models.Value:
    return models.Value(name, output_field=models.CharField())


def article_rows() -> models.QuerySet[Any]:
    return (
        CorrectionNotice.objects.filter(article__in=ArticlePage.objects.published())
        .annotate(target_id=models.F("article_id"), source=source_name("article"))
        .values_list(*COLUMNS)
        .order_by()
    )


def article_targets(ids: list[int], request: HttpRequest) -> dict[int, tuple[str, str]]:
    found = ArticlePage.objects.filter(pk__in=ids).only("id", "title", "url_path", "path")
    return {a.pk: (a.title, url_of(a, request)) for a in found}


SOURCES: list[CorrectionSource] = [CorrectionSource("article", article_rows, article_targets)]


def register_correction_source(source: CorrectionSource) -> CorrectionSource:
    if all(s.name != source.name for s in SOURCES):
        SOURCES.append(source)
    return source


def notices() -> models.QuerySet[Any]:
    """Every source's public notices, newest first, as one query."""
    first, *others = (source.rows() for source in SOURCES)
    union = first.union(*others, all=True) if others else first
    return union.order_by("-noted_at", "-pk")


def page_of_notices(request: HttpRequest) -> PaginatorPage:
    """Page `?page=N` of the notices, each a dict with its kind's label and its target's
    title and URL. Junk gives page 1; a page past the last is a 404, as on every list."""
    paginator = Paginator(notices(), settings.ARTICLES_PER_PAGE)
    try:
        page = paginator.page(request.GET.get("page") or 1)
    except PageNotAnInteger:
        page = paginator.page(1)
    except EmptyPage:
        raise Http404("لا توجد صفحة بهذا الرقم") from None
    rows = [dict(zip(COLUMNS, row, strict=True)) for row in page.object_list]
    for source in SOURCES:
        ids = [row["target_id"] for row in rows if row["source"] == source.name]
        targets = source.targets(ids, request) if ids else {}
        for row in rows:
            if row["source"] == source.name:
                row["title"], row["url"] = targets.get(row["target_id"], ("", ""))
    labels = dict(CorrectionNotice.Kind.choices)
    for row in rows:
        row["kind_label"] = labels.get(row["kind"], row["kind"])
    page.object_list = rows
    return page
