"""Review that can end in a schedule, and the reviewer's note where the reporter works.

Wagtail already keeps a revision's go-live time when the last review task approves it: the
approval publishes the revision, and publishing a revision whose `go_live_at` is in the future
schedules it (`approved_go_live_at`) for the scheduler instead of putting it live. What the
newsroom lacked was being told: the button said «موافقة ونشر» and the message «تم تحديث
الصفحة». These hooks (registered in `wagtail_hooks`) name the approve button «موافقة وجدولة»
when the revision carries a future time, say after the approval when it will go out, in the
newsroom's zone, and show the reviewer's note at the top of the edit screen until the article
is submitted again. The sections' review task (`jarida.newsroom.models.ReviewTask`) adds the
release time to the approval dialog itself («موافقة مع تعليق أو موعد»).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.html import format_html
from wagtail.admin.widgets import AdminDateTimeInput
from wagtail.forms import TaskStateCommentForm
from wagtail.models import Page, Revision, TaskState, WorkflowState

from jarida.arabic import format_long_date, format_time


def when(moment: dt.datetime) -> str:
    """«الساعة 09:00 (بيروت) يوم 1 آذار/مارس 2030», in the newsroom's zone and month style."""
    day = format_long_date(
        moment,
        settings.NEWSROOM_LOCALE,
        settings.NEWSROOM_MONTH_STYLE,
        time_zone=settings.NEWSROOM_TIME_ZONE,
    )
    clock = format_time(moment, settings.NEWSROOM_TIME_ZONE)
    return f"الساعة {clock} ({settings.NEWSROOM_CITY}) يوم {day}"


def _scheduled_time(page: Page) -> dt.datetime | None:
    latest = page.get_latest_revision_as_object()
    go_live_at = getattr(latest, "go_live_at", None)
    if go_live_at and go_live_at > timezone.now():
        return go_live_at
    return None


def relabel_approve(menu_items: list[Any], request: Any, context: dict[str, Any]) -> None:
    """`construct_page_action_menu`: «موافقة وجدولة» when approving will schedule."""
    page = context.get("page")
    if page is None or context.get("view") != "edit" or page.current_workflow_task is None:
        return
    go_live_at = _scheduled_time(page)
    if go_live_at is None:
        return
    for item in menu_items:
        if getattr(item, "name", None) == "approve":
            with_comment = getattr(item, "launch_modal", False)
            item.label = "موافقة وجدولة مع تعليق" if with_comment else "موافقة وجدولة"
            item.icon_name = "calendar-alt"


def approval_outcome(page: Page) -> str | None:
    """What an approval has just done to `page`, in the words the newsroom reads: passed on to
    the workflow's next step, scheduled (and when, in the newsroom's zone), or published."""
    page = page.specific_class.objects.get(pk=page.pk)
    next_step = page.current_workflow_task
    if next_step is not None:
        return f"اعتُمدت مراجعتك لـ«{page.title}»، وينتظر الآن «{next_step.name}»."
    scheduled = (
        Revision.page_revisions.filter(object_id=str(page.pk), approved_go_live_at__isnull=False)
        .order_by("-created_at")
        .first()
    )
    if scheduled is not None:
        return (
            f"اعتُمد «{page.title}»، معتمد بانتظار موعد النشر: سيُنشر "
            f"{when(scheduled.approved_go_live_at)}."
        )
    if page.live:
        return f"اعتُمد «{page.title}» ونُشر الآن."
    return None


def review_outcome(task_state: TaskState) -> str | None:
    """What the reviewer's action on `task_state` did, for the message after the dashboard's
    approve and request-changes buttons."""
    page = task_state.workflow_state.content_object
    if task_state.status == TaskState.STATUS_APPROVED:
        return approval_outcome(page)
    if task_state.status == TaskState.STATUS_REJECTED:
        with_note = " مع ملاحظتك" if task_state.comment else ""
        return f"أُعيد «{page.title}» إلى كاتبه للتعديل{with_note}."
    return None


def outcome_url(task_state: TaskState) -> str | None:
    """Where Wagtail's workflow action view sends the reviewer after acting on a page: our
    `review_done` screen, which says what happened (that view has no hook, and the task's
    `on_action` no request to leave a message on). None for anything but a page."""
    if not isinstance(task_state.workflow_state.content_object, Page):
        return None
    return reverse("newsroom_review_done", args=[task_state.pk])


def announce_schedule(request: Any, page: Page) -> None:
    """`after_edit_page`: after an approval, say whether the article went out or when it will."""
    if not request.POST.get("action-workflow-action"):
        return
    if request.POST.get("workflow-action-name") != "approve":
        return
    said = approval_outcome(page)
    if said:
        messages.success(request, said)


def reviewer_note(page: Page) -> TaskState | None:
    """The rejection that sent the article back, while it has not been submitted again."""
    state = (
        WorkflowState.objects.for_instance(page)
        .filter(status=WorkflowState.STATUS_NEEDS_CHANGES)
        .order_by("-created_at")
        .first()
    )
    if state is None:
        return None
    return (
        TaskState.objects.filter(workflow_state=state, status=TaskState.STATUS_REJECTED)
        .exclude(comment="")
        .select_related("finished_by")
        .order_by("-finished_at")
        .first()
    )


def show_reviewer_note(request: Any, page: Page) -> None:
    """`before_edit_page`: the note at the top of the edit screen, on every visit."""
    if request.method != "GET":
        return
    task_state = reviewer_note(page)
    if task_state is None:
        return
    reviewer = task_state.finished_by
    name = (reviewer.get_full_name() or reviewer.get_username()) if reviewer else "المراجع"
    finished = f" ({when(task_state.finished_at)})" if task_state.finished_at else ""
    messages.warning(
        request,
        format_html("ملاحظة {}{} عند إعادة الخبر: {}", name, finished, task_state.comment),
        extra_tags="reviewer-note",
    )


class ApproveForm(TaskStateCommentForm):
    """The approval dialog: a comment, and the time to publish at (empty: at once)."""

    go_live_at = forms.DateTimeField(
        label="موعد النشر",
        required=False,
        widget=AdminDateTimeInput,
        help_text=f"بتوقيت {settings.NEWSROOM_CITY}. اتركه فارغًا للنشر فور الموافقة.",
    )

    def clean_go_live_at(self) -> dt.datetime | None:
        value: dt.datetime | None = self.cleaned_data.get("go_live_at")
        if value is not None and value <= timezone.now():
            raise forms.ValidationError("هذا الموعد مضى. اختر وقتًا قادمًا أو اتركه فارغًا.")
        return value


def approve_at(task_state: TaskState, go_live_at: dt.datetime | str | None) -> None:
    """Put the time picked in the approval dialog on the revision being approved: Wagtail's
    publish of a revision with a future `go_live_at` schedules it for the scheduler. (From the
    edit screen, the dialog's data comes back as JSON: the time is then an ISO string.)"""
    if isinstance(go_live_at, str):
        go_live_at = parse_datetime(go_live_at) if go_live_at else None
    if go_live_at is None:
        return
    # What the approval publishes: the latest revision (Wagtail's `publish_workflow_state`);
    # from the edit screen, that is the one the approving save has just made.
    revision = task_state.workflow_state.content_object.get_latest_revision()
    revision.content["go_live_at"] = DjangoJSONEncoder().default(go_live_at)
    revision.save(update_fields=["content"])
