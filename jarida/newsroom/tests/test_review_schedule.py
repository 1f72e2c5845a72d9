"""An approval that keeps the revision's go-live time schedules it, says so in the newsroom's
time, and the scheduler publishes it; the reviewer's note greets the reporter on the edit
screen until the article is submitted again."""

from __future__ import annotations

import datetime as dt
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
