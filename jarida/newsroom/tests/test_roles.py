"""What each role can and cannot do, proved through the admin's own views."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from jarida.news.models import ArticlePage
from jarida.news.tests.factories import ArticleFactory, SectionFactory
from jarida.newsroom import roles
from jarida.newsroom.tests.editor import create_article, edit_article

pytestmark = pytest.mark.django_db


def test_a_fresh_install_has_the_four_roles_in_arabic():
    names = set(Group.objects.values_list("name", flat=True))

    assert {"مراسل", "محرر", "رئيس التحرير", "مشرف التعليقات"} <= names
    assert not {"Moderators", "Editors"} & names


def test_a_new_section_gets_its_reporter_and_editor_groups_and_review_workflow():
    section = SectionFactory(title="اقتصاد")

    assert roles.section_group(section, roles.REPORTER).name == "مراسل: اقتصاد"
    assert roles.section_group(section, roles.EDITOR).name == "محرر: اقتصاد"
    assert section.get_workflow().name == "مراجعة اقتصاد"


def test_renaming_a_section_renames_its_groups(politics):
    politics.title = "شؤون سياسية"
    politics.save_revision().publish()

    assert roles.section_group(politics, roles.EDITOR).name == "محرر: شؤون سياسية"


def test_a_reporter_writes_a_draft_in_their_section(client, reporter, politics):
    client.force_login(reporter)

    response = create_article(client, politics, "save", title="مسودة المراسل")

    assert response.status_code == 302
    draft = ArticlePage.objects.get(title="مسودة المراسل")
    assert not draft.live
    assert draft.owner == reporter


def test_a_reporter_cannot_publish(client, reporter, politics):
    client.force_login(reporter)

    create_article(client, politics, "publish", title="محاولة نشر")

    article = ArticlePage.objects.get(title="محاولة نشر")
    assert not article.live


def test_a_reporter_cannot_write_in_another_section(client, reporter, sport):
    client.force_login(reporter)

    url = reverse("wagtailadmin_pages:add", args=["news", "articlepage", sport.pk])

    assert client.get(url).status_code in (302, 403)
    assert not ArticlePage.objects.exists()


def test_a_reporter_cannot_edit_a_colleagues_published_article(client, reporter, politics):
    article = ArticleFactory(parent=politics)
    client.force_login(reporter)

    response = client.get(reverse("wagtailadmin_pages:edit", args=[article.pk]))

    assert response.status_code in (302, 403)


def test_a_section_editor_publishes_and_unpublishes_in_their_section(client, editor, politics):
    article = ArticleFactory(parent=politics, publish=False)
    client.force_login(editor)

    edit_article(client, article, "publish")
    article.refresh_from_db()
    assert article.live

    response = client.post(reverse("wagtailadmin_pages:unpublish", args=[article.pk]))
    article.refresh_from_db()
    assert response.status_code == 302 and not article.live


def test_a_section_editor_cannot_touch_another_section(client, sport_editor, politics):
    article = ArticleFactory(parent=politics)
    client.force_login(sport_editor)

    edit = client.get(reverse("wagtailadmin_pages:edit", args=[article.pk]))
    unpublish = client.post(reverse("wagtailadmin_pages:unpublish", args=[article.pk]))

    assert edit.status_code in (302, 403) and unpublish.status_code in (302, 403)
    article.refresh_from_db()
    assert article.live


def test_the_chief_publishes_anywhere_and_edits_site_settings(client, chief, politics, sport):
    article = ArticleFactory(parent=sport, publish=False)
    client.force_login(chief)

    edit_article(client, article, "publish")
    settings_page = client.get(reverse("wagtailsettings:edit", args=["news", "newsroomsettings"]))

    article.refresh_from_db()
    assert article.live
    assert settings_page.status_code in (200, 302)
    assert client.get(reverse("newsroom_takedown", args=[article.pk])).status_code == 200


def test_only_the_chief_may_take_down(client, editor, politics):
    article = ArticleFactory(parent=politics)
    client.force_login(editor)

    response = client.post(reverse("newsroom_takedown", args=[article.pk]), {"reason": "x"})

    assert response.status_code in (302, 403)
    assert not article.takedowns.exists()
    article.refresh_from_db()
    assert article.live


def test_the_comment_moderator_has_comments_and_nothing_else(client, moderator, politics):
    article = ArticleFactory(parent=politics)
    client.force_login(moderator)

    assert client.get(reverse("wagtailadmin_home")).status_code == 200
    assert client.get(reverse("wagtailadmin_pages:edit", args=[article.pk])).status_code in (
        302,
        403,
    )
    assert client.get(
        reverse("wagtailadmin_pages:add", args=["news", "articlepage", politics.pk])
    ).status_code in (302, 403)
    assert moderator.has_perm("comments.change_comment")
    assert not moderator.has_perm("news.change_author")
