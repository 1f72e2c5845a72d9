"""`آخر تحديث` moves for news, never for a typo fix; typed notices are printed and listed."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from wagtail.models import PageLogEntry

from jarida.news.models import CorrectionNotice
from jarida.news.tests.factories import ArticleFactory, paragraphs
from jarida.news.tests.html import soup, visible_text
from jarida.newsroom.tests.editor import edit_article

pytestmark = pytest.mark.django_db

BODY = (
    "قال وزير المالية إن الموازنة الجديدة ستعرض على مجلس الوزراء الأسبوع المقبل، وإن العجز "
    "تراجع إلى ثلاثة في المئة بعد إصلاحات ضريبية واسعة شملت الرسوم الجمركية والضريبة على "
    "القيمة المضافة وأسعار الخدمات العامة."
)


@pytest.fixture
def article(politics):
    published = timezone.now() - dt.timedelta(hours=5)
    return ArticleFactory(
        parent=politics,
        title="الموازنة إلى مجلس الوزراء",
        first_published_at=published,
        body=paragraphs(BODY),
    )


def publish_edit(client, editor, article, body_html: str, **fields):
    client.force_login(editor)
    response = edit_article(client, article, "publish", body=[("paragraph", body_html)], **fields)
    assert response.status_code == 302, response.context["form"].errors
    article.refresh_from_db()
    return article


def test_a_typo_fix_does_not_move_the_update_time(client, editor, article):
    publish_edit(client, editor, article, f"<p>{BODY.replace('الموازنة', 'الموازنه')}</p>")

    assert article.updated_at is None
    assert soup(client.get(article.url).content.decode()).select_one(".article-updated") is None


def test_a_large_change_to_the_text_is_an_update_by_itself(client, editor, article):
    addition = (
        "وفي وقت لاحق أعلن رئيس الحكومة استقالته بعد جلسة عاصفة في البرلمان، "
        "وكلف رئيس الجمهورية الوزراء تصريف الأعمال حتى تشكيل حكومة جديدة."
    )

    with time_machine.travel(dt.datetime(2030, 5, 4, 14, 30, tzinfo=dt.UTC), tick=False):
        publish_edit(client, editor, article, f"<p>{BODY}</p><p>{addition}</p>")

    assert article.updated_at == dt.datetime(2030, 5, 4, 14, 30, tzinfo=dt.UTC)
    page = soup(client.get(article.url).content.decode())
    assert page.select_one(".article-updated").get_text(" ", strip=True) == (
        "آخر تحديث: السبت 2030/05/04 17:30 (بيروت)"
    )


def test_the_editor_can_mark_a_small_change_as_substantive(client, editor, article):
    publish_edit(
        client, editor, article, f"<p>{BODY.replace('ثلاثة', 'أربعة')}</p>", substantive_update="on"
    )

    assert article.updated_at is not None
    assert article.substantive_update is False  # consumed by the publish
    edit_form = client.get(reverse("wagtailadmin_pages:edit", args=[article.pk])).content.decode()
    assert 'name="substantive_update" checked' not in edit_form


def test_a_correction_notice_appears_on_the_article_and_the_corrections_page(
    client, editor, article
):
    notice = {
        "notices-TOTAL_FORMS": "1",
        "notices-0-kind": "correction",
        "notices-0-text": "ورد خطأً أن العجز أربعة في المئة، والصحيح ثلاثة.",
        "notices-0-noted_at": "2030-05-04 10:00",
        "notices-0-ORDER": "1",
    }

    publish_edit(client, editor, article, f"<p>{BODY}</p>", **notice)

    article_text = visible_text(client.get(article.url).content.decode())
    assert "تصحيح" in article_text
    assert "ورد خطأً أن العجز أربعة في المئة، والصحيح ثلاثة." in article_text
    listing = visible_text(client.get("/corrections/").content.decode())
    assert "الموازنة إلى مجلس الوزراء" in listing and "والصحيح ثلاثة" in listing
    entry = PageLogEntry.objects.get(page=article, action="newsroom.notice")
    assert entry.user == editor and entry.data["label"] == "تصحيح"


def test_notices_of_unpublished_articles_are_not_listed(client, article):
    CorrectionNotice.objects.create(article=article, kind="clarification", text="توضيح لن يظهر")
    article.unpublish()

    assert "توضيح لن يظهر" not in client.get("/corrections/").content.decode()


def test_each_notice_type_is_printed_with_its_arabic_name(client, article):
    for kind in ("correction", "clarification", "update"):
        CorrectionNotice.objects.create(article=article, kind=kind, text=f"نص {kind}")

    text = visible_text(client.get(article.url).content.decode())

    assert {"تصحيح", "توضيح", "تحديث"} <= set(text.split())
