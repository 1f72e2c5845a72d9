from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.urls import path, reverse
from django.utils import timezone
from laces.components import Component
from wagtail import hooks
from wagtail.admin.widgets import Button
from wagtail.models import Revision

from jarida.news.models import Takedown
from jarida.news.models.publication import PublicationGuard
from jarida.news.publication import PERMISSION
from jarida.newsroom import views
from jarida.newsroom.models import SchedulerLease


@hooks.register("register_admin_urls")
def newsroom_admin_urls() -> list[Any]:
    return [
        path("newsroom/takedown/<int:page_id>/", views.takedown, name="newsroom_takedown"),
        path(
            "newsroom/takedown/<int:page_id>/lift/",
            views.lift_takedown,
            name="newsroom_lift_takedown",
        ),
    ]


@hooks.register("register_log_actions")
def newsroom_log_actions(actions: Any) -> None:
    actions.register_action("newsroom.takedown", "سحب من النشر", "سُحب من النشر")
    actions.register_action("newsroom.takedown_lifted", "رفع السحب", "رُفع السحب")
    actions.register_action("newsroom.notice", "ملاحظة تصحيح", "نُشرت ملاحظة تصحيح")


def _takedown_buttons(page: Any, user: Any, priority: int) -> Iterator[Button]:
    # Articles and live coverage pages: whatever `PublicationGuard` keeps off the site.
    guarded = isinstance(page.specific_deferred, PublicationGuard)
    if not guarded or not user.has_perm(PERMISSION):
        return
    if Takedown.objects.active().filter(article_id=page.pk).exists():
        yield Button(
            "رفع السحب",
            reverse("newsroom_lift_takedown", args=[page.pk]),
            icon_name="undo",
            priority=priority,
        )
    else:
        yield Button(
            "سحب من النشر",
            reverse("newsroom_takedown", args=[page.pk]),
            icon_name="warning",
            priority=priority,
        )


@hooks.register("register_page_listing_more_buttons")
def takedown_listing_button(page: Any, user: Any, next_url: str | None = None) -> Iterator[Button]:
    yield from _takedown_buttons(page, user, priority=45)


@hooks.register("register_page_header_buttons")
def takedown_header_button(
    page: Any, user: Any, view_name: str, next_url: str | None = None
) -> Iterator[Button]:
    yield from _takedown_buttons(page, user, priority=62)


class SchedulerPanel(Component):
    """Tells the newsroom whether scheduled articles will go out: when the scheduler last ran."""

    name = "scheduler"
    order = 50
    template_name = "newsroom/scheduler_panel.html"

    def get_context_data(self, parent_context: Any = None) -> dict[str, Any]:
        lease = SchedulerLease.objects.filter(name="publish").first()
        last = lease.last_tick_at if lease else None
        stale_after = dt.timedelta(seconds=3 * settings.SCHEDULER_INTERVAL + 30)
        return {
            "last_tick_at": last,
            "holder": lease.holder if lease else "",
            "stale": last is None or timezone.now() - last > stale_after,
            "due": Revision.objects.filter(approved_go_live_at__isnull=False).count(),
        }


@hooks.register("construct_homepage_panels")
def add_scheduler_panel(request: Any, panels: list[Any]) -> None:
    if request.user.has_perm("wagtailadmin.access_admin") and (
        request.user.has_perm(PERMISSION)
        or request.user.groups.filter(
            page_permissions__permission__codename="publish_page"
        ).exists()
    ):
        panels.append(SchedulerPanel())
