"""An approval that keeps the revision's go-live time schedules it, says so in the newsroom's
time, and the scheduler publishes it; the reviewer's note greets the reporter on the edit
screen until the article is submitted again."""

from __future__ import annotations

import datetime as dt
import json
import zoneinfo

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.core.management import call_command
from django.urls import reverse
from wagtail.models import Revision

from jarida.newsroom.tests.editor import edit_article
from jarida.newsroom.tests.test_review_workflow import submit_for_review, workflow_action

pytestmark = pytest.mark.django_db

BEIRUT = zoneinfo.ZoneInfo("Asia/Beirut")
GO_LIVE = dt.datetime(2030, 3, 1, 9, 0, tzinfo=BEIRUT)
APPROVE = {"action-workflow-action": "true", "workflow-action-name": "approve"}


def local(moment: dt.datetime) -> str:
    return moment.astimezone(BEIRUT).strftime("%Y-%m-%d %H:%M")


def messages_after(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_approving_with_a_go_live_time_schedules_and_says_when(client, reporter, editor, politics):
    article, _ = submit_for_review(client, reporter, politics, "خبر الصباح")
    client.force_login(editor)

    response = edit_article(client, article, "save", go_live_at=local(GO_LIVE), **APPROVE)

    assert response.status_code == 302
    article.refresh_from_db()
    assert not article.live
    scheduled = Revision.page_revisions.get(
        object_id=str(article.pk), approved_go_live_at__isnull=False
    )
    assert scheduled.approved_go_live_at == GO_LIVE
    said = " ".join(messages_after(response))
    assert "سيُنشر الساعة 09:00 (بيروت)" in said
    assert "آذار" in said and "2030" in said
    assert client.get(article.url).status_code == 404

    with time_machine.travel(GO_LIVE + dt.timedelta(seconds=5), tick=False):
        call_command("run_scheduler", "--once")
    article.refresh_from_db()
    assert article.live


def test_the_approve_button_says_approve_and_schedule_when_a_time_is_set(
    client, reporter, editor, chief, politics
):
    article, _ = submit_for_review(client, reporter, politics, "خبر مجدول سلفًا")
    edit_url = reverse("wagtailadmin_pages:edit", args=[article.pk])
    client.force_login(editor)
    assert "موافقة وجدولة" not in client.get(edit_url).content.decode()

    # The chief sets the release time and saves; the editor then approves as it stands.
    client.force_login(chief)
    assert edit_article(client, article, "save", go_live_at=local(GO_LIVE)).status_code == 302
    client.force_login(editor)
    page = client.get(edit_url).content.decode()

    assert "موافقة وجدولة" in page
    response = edit_article(client, article, "save", **APPROVE)
    article.refresh_from_db()
    assert not article.live
    assert "سيُنشر الساعة 09:00 (بيروت)" in " ".join(messages_after(response))


def test_approving_without_a_time_publishes_now_and_says_so(client, reporter, editor, politics):
    article, _ = submit_for_review(client, reporter, politics, "خبر عاجل")
    client.force_login(editor)

    response = edit_article(client, article, "save", **APPROVE)

    article.refresh_from_db()
    assert article.live
    assert "ونُشر الآن" in " ".join(messages_after(response))


def test_the_reviewers_note_is_on_the_reporters_edit_screen_until_resubmission(
    client, reporter, editor, politics
):
    article, task_state = submit_for_review(client, reporter, politics, "خبر يُعاد")
    client.force_login(editor)
    workflow_action(client, article, "reject", task_state, comment="تحقّق من الرقم في الفقرة")
    client.force_login(reporter)
    edit_url = reverse("wagtailadmin_pages:edit", args=[article.pk])

    screen = client.get(edit_url).content.decode()

    assert "تحقّق من الرقم في الفقرة" in screen
    assert "ملاحظة editor" in screen
    # Still there on the next visit, gone once the reporter submits again.
    assert "تحقّق من الرقم في الفقرة" in client.get(edit_url).content.decode()
    edit_article(client, article, "submit")
    assert "تحقّق من الرقم في الفقرة" not in client.get(edit_url).content.decode()


def test_the_dashboard_lists_what_waits_for_its_time(client, reporter, editor, politics):
    article, _ = submit_for_review(client, reporter, politics, "خبر ينتظر موعده")
    client.force_login(editor)
    edit_article(client, article, "save", go_live_at=local(GO_LIVE), **APPROVE)

    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()

    assert "معتمد، بانتظار موعد النشر" in dashboard
    assert "خبر ينتظر موعده" in dashboard
    assert "09:00" in dashboard


XHR = {"HTTP_X_REQUESTED_WITH": "XMLHttpRequest"}


def dialog_url(article, task_state) -> str:
    return reverse(
        "wagtailadmin_pages:workflow_action", args=[article.pk, "approve", task_state.pk]
    )


def test_the_approval_dialog_picks_the_release_time_and_the_scheduler_keeps_it(
    client, reporter, editor, politics
):
    article, task_state = submit_for_review(client, reporter, politics, "خبر يُعتمد لموعد")
    client.force_login(editor)
    edit_screen = client.get(reverse("wagtailadmin_pages:edit", args=[article.pk]))
    assert "موافقة مع تعليق أو موعد" in edit_screen.content.decode()

    dialog = client.get(dialog_url(article, task_state), **XHR).json()["html"]
    assert "موعد النشر" in dialog and "بتوقيت بيروت" in dialog
    done = client.post(
        dialog_url(article, task_state), {"comment": "جيد", "go_live_at": local(GO_LIVE)}, **XHR
    )

    assert done.json()["step"] == "success"
    article.refresh_from_db()
    assert not article.live
    scheduled = Revision.page_revisions.get(
        object_id=str(article.pk), approved_go_live_at__isnull=False
    )
    assert scheduled.approved_go_live_at == GO_LIVE
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "معتمد، بانتظار موعد النشر" in dashboard and "خبر يُعتمد لموعد" in dashboard
    with time_machine.travel(GO_LIVE + dt.timedelta(seconds=5), tick=False):
        call_command("run_scheduler", "--once")
    article.refresh_from_db()
    assert article.live


def test_a_release_time_in_the_past_is_refused_in_the_dialog_and_nothing_happens(
    client, reporter, editor, politics
):
    article, task_state = submit_for_review(client, reporter, politics, "خبر بموعد فائت")
    client.force_login(editor)

    answer = client.post(dialog_url(article, task_state), {"go_live_at": "2020-01-01 09:00"}, **XHR)

    assert "هذا الموعد مضى" in answer.json()["html"]
    article.refresh_from_db()
    assert not article.live
    assert article.current_workflow_task_state.status == "in_progress"


def test_the_dialog_without_a_time_approves_and_publishes_now(client, reporter, editor, politics):
    article, task_state = submit_for_review(client, reporter, politics, "خبر فوري")
    client.force_login(editor)

    client.post(dialog_url(article, task_state), {"comment": "", "go_live_at": ""}, **XHR)

    article.refresh_from_db()
    assert article.live


def test_the_time_picked_in_the_dialog_from_the_edit_screen_is_said_in_the_message(
    client, reporter, editor, politics
):
    article, task_state = submit_for_review(client, reporter, politics, "خبر من شاشة التحرير")
    client.force_login(editor)
    # The edit screen's dialog only checks the data and hands it back to the edit form.
    collect = reverse(
        "wagtailadmin_pages:collect_workflow_action_data",
        args=[article.pk, "approve", task_state.pk],
    )
    data = client.post(collect, {"comment": "", "go_live_at": local(GO_LIVE)}, **XHR).json()
    assert data["step"] == "success"

    response = edit_article(
        client,
        article,
        "save",
        **APPROVE,
        **{"workflow-action-extra-data": json.dumps(data["cleaned_data"])},
    )

    article.refresh_from_db()
    assert not article.live
    assert "سيُنشر الساعة 09:00 (بيروت)" in " ".join(messages_after(response))


def test_a_sections_older_approval_task_becomes_the_one_with_a_release_time(politics):
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import GroupApprovalTask, Task, WorkflowPage

    from jarida.newsroom import roles
    from jarida.newsroom.models import ReviewTask

    workflow = WorkflowPage.objects.get(page=politics).workflow
    task = workflow.workflow_tasks.get().task
    # As a section made before this change has it: Wagtail's own group approval task.
    Task.objects.filter(pk=task.pk).update(
        content_type=ContentType.objects.get_for_model(GroupApprovalTask)
    )
    assert type(Task.objects.get(pk=task.pk).specific) is GroupApprovalTask

    roles.sync_section(politics)

    converted = Task.objects.get(pk=task.pk).specific
    assert type(converted) is ReviewTask
    assert {g.name for g in converted.groups.all()} >= {f"محرر: {politics.title}", roles.CHIEF}
