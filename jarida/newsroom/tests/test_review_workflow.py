"""Draft → review by the section editor → publish, with rejection and a note back."""

from __future__ import annotations

import pytest
from django.urls import reverse
from wagtail.models import TaskState, WorkflowState

from jarida.news.models import ArticlePage
from jarida.newsroom.tests.editor import create_article

pytestmark = pytest.mark.django_db


def submit_for_review(client, reporter, section, title):
    client.force_login(reporter)
    response = create_article(client, section, "submit", title=title)
    assert response.status_code == 302
    article = ArticlePage.objects.get(title=title)
    return article, article.current_workflow_task_state


def workflow_action(client, article, action, task_state, comment=""):
    url = reverse("wagtailadmin_pages:workflow_action", args=[article.pk, action, task_state.pk])
    return client.post(url, {"comment": comment} if comment else {})


def test_a_submitted_draft_waits_for_its_sections_editor(client, reporter, editor, politics):
    article, task_state = submit_for_review(client, reporter, politics, "خبر للمراجعة")

    assert task_state.status == TaskState.STATUS_IN_PROGRESS
    assert task_state.task.name == "موافقة محرر سياسة"
    assert not article.live
    client.force_login(editor)
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "خبر للمراجعة" in dashboard


def test_the_section_editor_approves_and_the_article_is_published(
    client, reporter, editor, politics
):
    article, task_state = submit_for_review(client, reporter, politics, "خبر يُعتمد")
    client.force_login(editor)

    workflow_action(client, article, "approve", task_state)

    article.refresh_from_db()
    assert article.live
    assert client.get(article.url).status_code == 200
    assert article.workflow_states.get().status == WorkflowState.STATUS_APPROVED


def test_the_editor_sends_it_back_with_a_note_the_reporter_reads(
    client, reporter, editor, politics
):
    article, task_state = submit_for_review(client, reporter, politics, "خبر يحتاج تعديلاً")
    client.force_login(editor)

    workflow_action(
        client, article, "reject", task_state, comment="تحقّق من الرقم في الفقرة الثانية"
    )

    task_state.refresh_from_db()
    article.refresh_from_db()
    assert task_state.status == TaskState.STATUS_REJECTED
    assert not article.live
    client.force_login(reporter)
    edit_page = client.get(reverse("wagtailadmin_pages:edit", args=[article.pk]))
    history = client.get(reverse("wagtailadmin_pages:history", args=[article.pk]))
    page_text = edit_page.content.decode() + history.content.decode()
    assert "تحقّق من الرقم في الفقرة الثانية" in page_text


def test_an_editor_of_another_section_cannot_approve(client, reporter, sport_editor, politics):
    article, task_state = submit_for_review(client, reporter, politics, "ليس من قسمك")
    client.force_login(sport_editor)

    workflow_action(client, article, "approve", task_state)

    article.refresh_from_db()
    task_state.refresh_from_db()
    assert not article.live
    assert task_state.status == TaskState.STATUS_IN_PROGRESS


def test_the_chief_can_approve_in_any_section(client, reporter, chief, politics):
    article, task_state = submit_for_review(client, reporter, politics, "رئيس التحرير يعتمد")
    client.force_login(chief)

    workflow_action(client, article, "approve", task_state)

    article.refresh_from_db()
    assert article.live
