"""The outbox in the admin: «البريد الصادر» under Settings, for the operator.

A read-only list of the queued, sent and failed messages (recipients, subject, state, tries,
last error, next try), each with a details screen, and «إعادة المحاولة» for a failed one once
its cause is fixed. Only superusers see it: the outbox holds every password reset and
notification, addressed to everyone, superusers included, whom no other role may even see
(`OperatorsOnly`). Nobody adds, edits or deletes a message by hand: the drain owns the rows,
so those screens do not exist. The message body (`mime`) is never shown; it may carry a
password reset link.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import URLPattern, path, reverse
from django.utils.functional import cached_property
from django.utils.text import Truncator
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.ui.tables import Column, DateColumn, StatusTagColumn
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import Button, HeaderButton
from wagtail.log_actions import log
from wagtail.permission_policies.base import ModelPermissionPolicy

from jarida.outbox.models import OutgoingMessage

RETRY_LABEL = "إعادة المحاولة"


class OperatorsOnly(ModelPermissionPolicy):  # type: ignore[misc]
    """Active superusers may view the outbox and retry a message; nobody may add, change or
    delete one, superusers included (no such screen exists)."""

    ALLOWED = frozenset({"view", "retry"})

    def user_has_permission(self, user: Any, action: str) -> bool:
        return bool(user.is_active and user.is_superuser and action in self.ALLOWED)

    def user_has_any_permission(self, user: Any, actions: Any) -> bool:
        return any(self.user_has_permission(user, action) for action in actions)

    def users_with_any_permission(self, actions: Any) -> QuerySet[Any]:
        operators = get_user_model().objects.filter(is_active=True, is_superuser=True)
        return operators if self.ALLOWED & set(actions) else operators.none()


def recipients_of(message: OutgoingMessage) -> str:
    return "، ".join(message.recipients)


def next_try_of(message: OutgoingMessage) -> Any:
    # Only a queued message has a next try; a sent or given-up one waits for nothing.
    return message.next_attempt_at if message.state == OutgoingMessage.State.QUEUED else None


def retry_url(message: OutgoingMessage) -> str:
    return reverse("outbox:retry", args=[message.pk])


class OutboxIndexView(generic.IndexView):  # type: ignore[misc]
    def get_list_more_buttons(self, instance: OutgoingMessage) -> list[Any]:
        buttons = list(super().get_list_more_buttons(instance))
        if instance.state == OutgoingMessage.State.FAILED and self.user_has_permission("retry"):
            buttons.append(
                Button(RETRY_LABEL, url=retry_url(instance), icon_name="resubmit", priority=5)
            )
        return buttons


class OutboxInspectView(generic.InspectView):  # type: ignore[misc]
    def get_recipients_display_value(self) -> str:
        return recipients_of(self.object)

    def get_next_attempt_at_display_value(self) -> Any:
        return next_try_of(self.object) or "—"

    def get_last_error_display_value(self) -> str:
        return str(self.object.last_error) or "—"

    def get_sent_at_display_value(self) -> Any:
        return self.object.sent_at or "—"

    @cached_property
    def header_buttons(self) -> list[Any]:
        buttons = list(super().header_buttons)
        if self.object.state == OutgoingMessage.State.FAILED and self.user_has_permission("retry"):
            buttons.append(
                HeaderButton(RETRY_LABEL, url=retry_url(self.object), icon_name="resubmit")
            )
        return buttons


class RetryView(PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView):  # type: ignore[misc]
    """Asks (GET), then puts a failed message back in the queue (POST) and records who did."""

    permission_required = "retry"
    permission_policy = None
    template_name = "outbox/confirm_retry.html"
    page_title = RETRY_LABEL
    header_icon = "mail"
    index_url_name: str | None = None
    inspect_url_name: str | None = None

    def setup(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        super().setup(request, *args, **kwargs)
        self.object = get_object_or_404(OutgoingMessage, pk=kwargs["pk"])

    def get_page_subtitle(self) -> str:
        return str(self.object.subject)

    def get_breadcrumbs_items(self) -> list[dict[str, str]]:
        return [
            *self.breadcrumbs_items,
            {
                "url": reverse(self.index_url_name),
                "label": OutgoingMessage._meta.verbose_name_plural,
            },
            {"url": "", "label": RETRY_LABEL, "sublabel": self.get_page_subtitle()},
        ]

    def not_failed(self) -> HttpResponse:
        messages.warning(self.request, "هذه الرسالة لم تتعثّر: لا حاجة إلى إعادة المحاولة.")
        return redirect(self.inspect_url_name, self.object.pk)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if self.object.state != OutgoingMessage.State.FAILED:
            return self.not_failed()
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            message=self.object,
            recipients=recipients_of(self.object),
            index_url=reverse(self.index_url_name),
        )
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not self.object.retry():
            return self.not_failed()
        log(instance=self.object, action="outbox.retry", user=request.user)
        messages.success(
            request,
            f"أُعيدت الرسالة «{self.object.subject}» إلى {recipients_of(self.object)} إلى "
            "الانتظار: يحاول المجدول إرسالها في دورته التالية.",
        )
        return redirect(self.index_url_name)


class OutboxViewSet(ModelViewSet):  # type: ignore[misc]
    model = OutgoingMessage
    name = "outbox"
    icon = "mail"
    menu_label = "البريد الصادر"
    menu_name = "outbox"
    add_to_settings_menu = True
    index_view_class = OutboxIndexView
    inspect_view_class = OutboxInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    ordering = ["-created_at"]
    list_filter = ["state"]
    search_fields = ["subject", "recipients"]
    list_display = [
        "subject",
        Column("recipients", label="المستلمون", accessor=recipients_of),
        StatusTagColumn(
            "state",
            label="الحالة",
            accessor="get_state_display",
            primary=lambda message: message.state == OutgoingMessage.State.FAILED,
        ),
        Column("attempts", label="المحاولات"),
        Column(
            "last_error",
            label="آخر خطأ",
            accessor=lambda message: Truncator(message.last_error).chars(80),
        ),
        DateColumn("next_attempt_at", label="المحاولة التالية", accessor=next_try_of),
        DateColumn("created_at", label="أُنشئت", sort_key="created_at"),
    ]
    inspect_view_fields = [
        "subject",
        "recipients",
        "from_email",
        "state",
        "attempts",
        "last_error",
        "next_attempt_at",
        "created_at",
        "sent_at",
    ]

    @property
    def permission_policy(self) -> OperatorsOnly:
        return OperatorsOnly(self.model)

    def get_common_view_kwargs(self, **kwargs: Any) -> dict[str, Any]:
        # No add, edit, delete, history or usage screens: nothing may link to one.
        view_kwargs: dict[str, Any] = super().get_common_view_kwargs(**kwargs)
        for name in ("add", "edit", "delete", "history", "usage"):
            view_kwargs[f"{name}_url_name"] = None
        return view_kwargs

    def get_permissions_to_register(self) -> QuerySet[Permission]:
        # No group permission opens the outbox, so none is offered in the groups editor.
        return Permission.objects.none()

    @property
    def retry_view(self) -> Any:
        return self.construct_view(RetryView, inspect_url_name=self.get_url_name("inspect"))

    def get_urlpatterns(self) -> list[URLPattern]:
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("inspect/<int:pk>/", self.inspect_view, name="inspect"),
            path("retry/<int:pk>/", self.retry_view, name="retry"),
        ]
