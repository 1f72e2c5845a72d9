"""Live coverage in the Wagtail admin: the desk's URLs and menu item, its audit actions."""

from __future__ import annotations

from typing import Any

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from jarida.live import desk


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
