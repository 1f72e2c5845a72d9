"""Live coverage in the Wagtail admin: the desk's URLs and menu item, its audit actions."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import Button

from jarida.live import desk
from jarida.live.models import LiveCoveragePage


@hooks.register("register_admin_urls")
def live_admin_urls() -> list[Any]:
    return [
        path("live/", desk.index, name="live_desk_index"),
        path("live/<int:page_id>/", desk.desk, name="live_desk"),
        path("live/update/<int:update_id>/pin/", desk.pin, name="live_update_pin"),
        path("live/update/<int:update_id>/key/", desk.key_event, name="live_update_key"),
        path("live/update/<int:update_id>/edit/", desk.edit, name="live_update_edit"),
        path("live/update/<int:update_id>/correct/", desk.correct, name="live_update_correct"),
        path("live/update/<int:update_id>/delete/", desk.delete, name="live_update_delete"),
    ]


@hooks.register("register_admin_menu_item")
def live_menu_item() -> MenuItem:
    return MenuItem("التغطية المباشرة", reverse("live_desk_index"), icon_name="time", order=150)


@hooks.register("register_log_actions")
def live_log_actions(actions: Any) -> None:
    for action, label, message in desk.LOG_ACTIONS:
        actions.register_action(action, label, message)


def _desk_button(page: Any, user: Any, priority: int) -> Iterator[Button]:
    specific = page.specific_deferred
    if isinstance(specific, LiveCoveragePage) and desk.can_post(user, specific):
        yield Button(
            "مكتب التغطية",
            reverse("live_desk", args=[page.pk]),
            icon_name="time",
            priority=priority,
        )


@hooks.register("register_page_listing_more_buttons")
def desk_listing_button(page: Any, user: Any, next_url: str | None = None) -> Iterator[Button]:
    yield from _desk_button(page, user, priority=5)


@hooks.register("register_page_header_buttons")
def desk_header_button(
    page: Any, user: Any, view_name: str, next_url: str | None = None
) -> Iterator[Button]:
    yield from _desk_button(page, user, priority=5)
