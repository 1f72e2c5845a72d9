from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.http import HttpResponse, HttpResponseForbidden
from django.urls import path, reverse
from django.utils import timezone
from laces.components import Component
from wagtail import hooks
from wagtail.admin.widgets import Button
from wagtail.models import Revision

from jarida.news.models import Takedown
from jarida.news.models.publication import PublicationGuard
from jarida.news.publication import PERMISSION
from jarida.newsroom import library, review, twofactor, views
from jarida.newsroom.access import can_manage, grantable_groups
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
        path(
            "newsroom/review/<int:task_state_id>/done/",
            views.review_done,
            name="newsroom_review_done",
        ),
        path("newsroom/two-factor/", twofactor.setup, name="newsroom_two_factor_setup"),
        path("newsroom/two-factor/verify/", twofactor.verify, name="newsroom_two_factor_verify"),
    ]


@hooks.register("register_log_actions")
def newsroom_log_actions(actions: Any) -> None:
    actions.register_action("newsroom.takedown", "سحب من النشر", "سُحب من النشر")
    actions.register_action("newsroom.takedown_lifted", "رفع السحب", "رُفع السحب")
    actions.register_action("newsroom.notice", "ملاحظة تصحيح", "نُشرت ملاحظة تصحيح")
    actions.register_action(
        "newsroom.login_locked", "إيقاف الدخول", "أُوقف الدخول بعد محاولات فاشلة متكررة"
    )


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
            # Approved through review (or scheduled by an editor), oldest release first.
            "waiting": Revision.page_revisions.filter(approved_go_live_at__isnull=False).order_by(
                "approved_go_live_at"
            )[:20],
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


@hooks.register("before_bulk_action")
def guard_user_bulk_actions(
    request: Any, action_type: str, objects: list[Any], action_class_instance: Any
) -> HttpResponse | None:
    """Bulk actions on users obey the same rules as the users area: no acting on someone the
    requester may not manage, and no assigning a role they may not grant."""
    if not objects or not isinstance(objects[0], get_user_model()):
        return None
    if not all(can_manage(request.user, user) for user in objects):
        return HttpResponseForbidden("لا يمكنك تعديل أحد هؤلاء المستخدمين.")
    if action_type == "assign_role":
        role = action_class_instance.cleaned_form.cleaned_data.get("role")
        if role is not None and not grantable_groups(request.user).filter(pk=role.pk).exists():
            return HttpResponseForbidden("لا يمكنك منح هذا الدور.")
    return None


hooks.register("construct_page_action_menu", review.relabel_approve)
hooks.register("after_edit_page", review.announce_schedule)
hooks.register("before_edit_page", review.show_reviewer_note)

# Deleting from the photo and document libraries needs the delete right (`library`): the
# views on Wagtail's paths ahead of Wagtail's own, the bulk actions after Wagtail's.
hooks.register("register_admin_urls", library.admin_urls, order=-1)
for bulk_action in library.BULK_ACTIONS:
    hooks.register("register_bulk_action", bulk_action, order=1)
