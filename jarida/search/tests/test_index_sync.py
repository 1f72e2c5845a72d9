"""The index follows what readers see: publish, update, unpublish, delete, schedule, rebuild."""

from __future__ import annotations

import datetime as dt
import io

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone
from wagtail.signals import page_published

from jarida.news.models import ArticlePage
from jarida.news.tests.factories import ArticleFactory, SectionFactory
from jarida.search.models import SearchDocument
from jarida.search.query import search_articles

pytestmark = pytest.mark.django_db


def found(query: str) -> list[str]:
    return [hit.article.title for hit in search_articles(query).hits]


def test_publishing_an_article_makes_it_searchable():
    ArticleFactory(title="افتتاح المعرض الدولي للكتاب")

    assert found("معرض الكتاب") == ["افتتاح المعرض الدولي للكتاب"]


def test_a_published_update_replaces_the_old_words_and_a_draft_does_not():
    article = ArticleFactory(title="حريق في مرفأ بيروت")
    article.title = "السيطرة على حريق المرفأ"
    article.save_revision().publish()
    article.refresh_from_db()
    article.title = "مسودة لم تنشر عن الإطفاء"
    article.save_revision()

    assert found("السيطرة") == ["السيطرة على حريق المرفأ"]
    assert found("بيروت") == []
    assert found("الإطفاء") == []


def test_unpublishing_removes_the_article_from_the_index():
    article = ArticleFactory(title="تحقيق في صفقة الكهرباء")

    article.unpublish()

    assert found("الكهرباء") == []
    assert not SearchDocument.objects.filter(article=article).exists()


def test_deleting_an_article_or_its_section_deletes_its_index_row():
    section = SectionFactory(title="محليات")
    kept = ArticleFactory(parent=section, title="خبر محلي أول")
    gone = ArticleFactory(parent=section, title="خبر محلي ثان")

    gone.delete()
    assert list(SearchDocument.objects.values_list("article_id", flat=True)) == [kept.pk]
    section.delete()
    assert not SearchDocument.objects.exists()
    assert found("محلي") == []


def test_moving_an_article_to_another_section_moves_its_result():
    first, second = SectionFactory(title="عربي"), SectionFactory(title="دولي")
    article = ArticleFactory(parent=first, title="قمة الجامعة العربية")

    article.move(second, pos="last-child")

    assert search_articles("القمة", section=first).total == 0
    [hit] = search_articles("القمة", section=second).hits
    assert hit.article.url.startswith(second.url)


def test_scheduled_publishing_and_expiry_update_the_index():
    now = timezone.now()
    article = ArticleFactory(title="إعلان نتائج الامتحانات الرسمية", publish=False)
    article.save_revision(approved_go_live_at=now + dt.timedelta(hours=1))
    assert found("الامتحانات") == []

    with time_machine.travel(now + dt.timedelta(hours=2)):
        call_command("publish_scheduled", stdout=io.StringIO())
        assert found("الامتحانات") == ["إعلان نتائج الامتحانات الرسمية"]
        article = ArticlePage.objects.get(pk=article.pk)
        article.expire_at = now + dt.timedelta(hours=3)
        article.save()
    with time_machine.travel(now + dt.timedelta(hours=4)):
        call_command("publish_scheduled", stdout=io.StringIO())
        assert found("الامتحانات") == []
    assert not SearchDocument.objects.exists()


def test_scheduling_an_article_indexes_nothing_until_it_goes_live():
    now = timezone.now()
    draft = ArticleFactory(title="موعد افتتاح الجسر الجديد", publish=False)
    live = ArticleFactory(title="أعمال صيانة في المرفأ")
    sent: list[bool] = []

    def record(instance: ArticlePage, **kwargs: object) -> None:
        sent.append(instance.live)

    page_published.connect(record, dispatch_uid="test-record")
    try:
        # The admin's «publish» with a go-live time in the future. For a page that was never
        # live, Wagtail still sends page_published, with the page left live=False.
        for article, title in ((draft, draft.title), (live, "صيانة مؤجلة في الميناء")):
            article.title = title
            article.go_live_at = now + dt.timedelta(days=1)
            article.save_revision().publish()
    finally:
        page_published.disconnect(dispatch_uid="test-record")

    assert sent == [False]
    assert not SearchDocument.objects.filter(article=draft).exists()
    assert found("الجسر") == []
    # The live article keeps its published words until the scheduled version goes live.
    assert found("المرفأ") == ["أعمال صيانة في المرفأ"]
    assert found("الميناء") == []


def test_rebuild_search_index_restores_the_whole_archive_with_a_progress_bar():
    for n in range(3):
        ArticleFactory(title=f"مباراة الدوري رقم {n}")
    ArticleFactory(title="مباراة لم تنشر", publish=False)
    SearchDocument.objects.all().delete()
    assert found("مباراة") == []

    out, err = io.StringIO(), io.StringIO()
    call_command("rebuild_search_index", stdout=out, stderr=err)

    assert len(found("مباراة")) == 3
    assert SearchDocument.objects.count() == 3
    assert "Indexed 3 published articles" in out.getvalue()
    assert "3/3" in err.getvalue() and "█" in err.getvalue()


def test_the_index_holds_authors_tags_and_body_words():
    from jarida.news.tests.factories import AuthorFactory, paragraphs

    ArticleFactory(
        title="تقرير خاص",
        authors=[AuthorFactory(name="سمير قصير")],
        tags=["الصحافة"],
        body=paragraphs("نص يذكر الموانئ والمطارات."),
    )

    assert found("قصير") == found("الصحافة") == found("المطار") == ["تقرير خاص"]
