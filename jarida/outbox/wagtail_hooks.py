"""The outbox's screen in the admin (`jarida.outbox.views`) and its audit entry."""

from __future__ import annotations

from typing import Any

from wagtail import hooks

from jarida.outbox.views import OutboxViewSet


@hooks.register("register_admin_viewset")
def register_outbox() -> OutboxViewSet:
    return OutboxViewSet()


@hooks.register("register_log_actions")
def outbox_log_actions(actions: Any) -> None:
    actions.register_action(
        "outbox.retry", "إعادة محاولة الإرسال", "أُعيدت رسالة متعثّرة إلى الانتظار"
    )
