"""Who created, submitted, published, unpublished and corrected what, visible per article."""

from __future__ import annotations

import pytest
from django.urls import reverse
from wagtail.models import PageLogEntry

from jarida.news.models import ArticlePage
from jarida.newsroom.tests.editor import create_article, edit_article

pytestmark = pytest.mark.django_db


def test_an_articles_history_names_everyone_who_acted_on_it(client, reporter, editor, politics):
    client.force_login(reporter)
    create_article(client, politics, "submit", title="خبر له تاريخ")
    article = ArticlePage.objects.get(title="خبر له تاريخ")
    client.force_login(editor)
    task_state = article.current_workflow_task_state
    client.post(
        reverse("wagtailadmin_pages:workflow_action", args=[article.pk, "approve", task_state.pk])
    )
    edit_article(
        client,
        article,
        "publish",
        **{
            "notices-TOTAL_FORMS": "1",
            "notices-0-kind": "clarification",
            "notices-0-text": "توضيح للمصدر",
            "notices-0-noted_at": "2030-01-01 10:00",
            "notices-0-ORDER": "1",
        },
    )
    client.post(reverse("wagtailadmin_pages:unpublish", args=[article.pk]))

    actions = {
        (entry.action, entry.user.username) for entry in PageLogEntry.objects.filter(page=article)
    }

    assert ("wagtail.create", "reporter") in actions
    assert ("wagtail.workflow.start", "reporter") in actions
    assert ("wagtail.workflow.approve", "editor") in actions
    assert ("wagtail.publish", "editor") in actions
    assert ("newsroom.notice", "editor") in actions
    assert ("wagtail.unpublish", "editor") in actions
    history = client.get(reverse("wagtailadmin_pages:history", args=[article.pk])).content.decode()
    for expected in ("reporter", "editor", "نُشرت ملاحظة تصحيح"):
        assert expected in history
