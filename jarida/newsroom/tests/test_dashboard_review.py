"""Reviewing from the dashboard's panel of articles awaiting review ends with a message saying what
happened: published now, scheduled for a time in the newsroom's zone, passed on to the next
step, or sent back. The buttons are read off the dashboard and used as its script uses them
(the dialog through XHR, then the browser follows the redirect it is given)."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import WorkflowPage, WorkflowTask

from jarida.newsroom import roles
from jarida.newsroom.models import ReviewTask
from jarida.newsroom.tests.test_review_workflow import submit_for_review

pytestmark = pytest.mark.django_db

BEIRUT = zoneinfo.ZoneInfo("Asia/Beirut")
GO_LIVE = dt.datetime(2030, 3, 1, 9, 0, tzinfo=BEIRUT)
XHR = {"HTTP_X_REQUESTED_WITH": "XMLHttpRequest"}


def dashboard_buttons(client, title: str) -> dict[str, str]:
    """The review buttons the dashboard shows for the article `title`: label → URL (a label
    ending in «…» opens the dialog)."""
    soup = BeautifulSoup(client.get(reverse("wagtailadmin_home")).content.decode(), "html.parser")
    buttons: dict[str, str] = {}
    for button in soup.select("[data-workflow-action-url]"):
        row = button.find_parent("tr")
        if row is not None and title in row.get_text():
            label = button.get_text(strip=True) + (
                "…" if button.has_attr("data-launch-modal") else ""
            )
            buttons[label] = button["data-workflow-action-url"]
    return buttons


def in_the_dialog(client, url: str, data: dict[str, str]):
    """Open the dialog, submit it, and go where the script is told to go; the page landed on."""
    assert client.get(url, **XHR).json()["step"] == "action"
    done = client.post(url, {**data, "next": reverse("wagtailadmin_home")}, **XHR).json()
    assert done["step"] == "success"
    return client.get(done["redirect"], follow=True)


def said_on(response) -> str:
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    return " ".join(message.get_text(" ", strip=True) for message in soup.select(".messages li"))


def test_approving_for_a_time_from_the_dashboard_says_when_it_will_go_out(
    client, reporter, editor, politics
):
    article, _ = submit_for_review(client, reporter, politics, "خبر للصباح")
    client.force_login(editor)
    dialog = dashboard_buttons(client, "خبر للصباح")["موافقة مع تعليق أو موعد…"]

    landed = in_the_dialog(client, dialog, {"comment": "", "go_live_at": "2030-03-01 09:00"})

    assert landed.request["PATH_INFO"] == reverse("wagtailadmin_home")
    said = said_on(landed)
    assert "«خبر للصباح»" in said and "معتمد بانتظار موعد النشر" in said
    assert "سيُنشر الساعة 09:00 (بيروت)" in said and "آذار" in said and "2030" in said
    article.refresh_from_db()
    assert not article.live
    # Said once: the next visit to the dashboard is quiet.
    assert "سيُنشر" not in said_on(client.get(reverse("wagtailadmin_home")))


def test_approving_from_the_dashboard_without_a_time_says_it_is_published(
    client, reporter, editor, politics
):
    article, _ = submit_for_review(client, reporter, politics, "خبر عاجل من اللوحة")
    client.force_login(editor)
    buttons = dashboard_buttons(client, "خبر عاجل من اللوحة")
    approve = next(url for label, url in buttons.items() if "/approve/" in url and "…" not in label)

    # Without a dialog, the dashboard's script posts a plain form carrying `next`.
    landed = client.post(approve, {"next": reverse("wagtailadmin_home")}, follow=True)

    assert landed.request["PATH_INFO"] == reverse("wagtailadmin_home")
    assert "اعتُمد «خبر عاجل من اللوحة» ونُشر الآن." in said_on(landed)
    article.refresh_from_db()
    assert article.live


def test_sending_back_from_the_dashboard_says_so(client, reporter, editor, politics):
    article, _ = submit_for_review(client, reporter, politics, "خبر يحتاج مصدرًا")
    client.force_login(editor)
    reject = next(
        url for url in dashboard_buttons(client, "خبر يحتاج مصدرًا").values() if "/reject/" in url
    )

    landed = in_the_dialog(client, reject, {"comment": "أضف المصدر"})

    assert "أُعيد «خبر يحتاج مصدرًا» إلى كاتبه للتعديل مع ملاحظتك." in said_on(landed)
    article.refresh_from_db()
    assert not article.live


def test_an_approval_that_passes_the_article_on_names_the_next_step(
    client, reporter, editor, chief, politics
):
    workflow = WorkflowPage.objects.get(page=politics).workflow
    final = ReviewTask.objects.create(name="موافقة رئيس التحرير")
    final.groups.add(Group.objects.get(name=roles.CHIEF))
    WorkflowTask.objects.create(workflow=workflow, task=final, sort_order=1)
    article, _ = submit_for_review(client, reporter, politics, "تحقيق طويل")
    client.force_login(editor)
    dialog = dashboard_buttons(client, "تحقيق طويل")["موافقة مع تعليق أو موعد…"]

    landed = in_the_dialog(client, dialog, {"comment": "", "go_live_at": ""})

    assert "وينتظر الآن «موافقة رئيس التحرير»" in said_on(landed)
    article.refresh_from_db()
    assert not article.live
    client.force_login(chief)
    assert "«تحقيق طويل» ونُشر الآن" in said_on(
        in_the_dialog(
            client,
            dashboard_buttons(client, "تحقيق طويل")["موافقة مع تعليق أو موعد…"],
            {"comment": "", "go_live_at": ""},
        )
    )


def test_only_the_reviewer_who_acted_reads_what_happened(client, reporter, editor, chief, politics):
    _, task_state = submit_for_review(client, reporter, politics, "خبر لمحرره")
    client.force_login(editor)
    buttons = dashboard_buttons(client, "خبر لمحرره").values()
    client.post(next(url for url in buttons if "/approve/" in url))
    done = reverse("newsroom_review_done", args=[task_state.pk])
    assert "ونُشر الآن" in said_on(client.get(done, follow=True))

    client.force_login(chief)
    assert client.get(done).status_code == 404
    client.force_login(reporter)
    assert client.get(done).status_code == 404
