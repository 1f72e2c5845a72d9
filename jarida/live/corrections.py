"""Notices on live updates, on the paper's `/corrections/` page beside the articles' ones
(`jarida.news.corrections`; registered in `LiveConfig.ready`)."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.http import HttpRequest

from jarida.live.models import LiveCoveragePage, LiveUpdate, LiveUpdateCorrection
from jarida.news.corrections import COLUMNS, CorrectionSource, source_name
from jarida.news.links import url_of


def rows() -> models.QuerySet[Any]:
    """Notices on the updates of published live pages."""
    return (
        LiveUpdateCorrection.objects.filter(
            update__page__in=LiveCoveragePage.objects.published().values("pk")
        )
        .annotate(target_id=models.F("update_id"), source=source_name("live"))
        .values_list(*COLUMNS)
        .order_by()
    )


def targets(ids: list[int], request: HttpRequest) -> dict[int, tuple[str, str]]:
    """Each corrected update: its page's headline (and its own short title), and its
    shareable URL, which opens the page at the update wherever it now is."""
    found = (
        LiveUpdate.objects.filter(pk__in=ids)
        .select_related("page")
        .only("id", "title", "page__title", "page__url_path", "page__path", "page__depth")
    )
    named = {}
    for update in found:
        title = f"{update.page.title}: {update.title}" if update.title else update.page.title
        named[update.pk] = (title, f"{url_of(update.page, request)}update/{update.pk}/")
    return named


SOURCE = CorrectionSource("live", rows, targets)
