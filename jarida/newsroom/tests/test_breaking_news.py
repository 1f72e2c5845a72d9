"""The «عاجل» strip: site-wide while the breaking window is open, gone when it closes."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.utils import timezone
from wagtail.models import Site

from jarida.news.models import NewsroomSettings
from jarida.news.tests.factories import ArticleFactory
from jarida.news.tests.html import soup
from jarida.newsroom.tests.editor import edit_article

pytestmark = pytest.mark.django_db


def strip(client, url="/"):
    section = soup(client.get(url).content.decode()).select_one("section.breaking")
    return [a.get_text() for a in section.select("a")] if section else []


def test_a_breaking_article_is_on_every_page_until_it_expires(client, politics):
    other = ArticleFactory(parent=politics, title="خبر عادي")
    until = timezone.now() + dt.timedelta(hours=2)
    ArticleFactory(
        parent=politics, title="انفجار في المرفأ", is_breaking=True, breaking_until=until
    )

    for url in ("/", politics.url, other.url, "/corrections/"):
        assert strip(client, url) == ["انفجار في المرفأ"], url

    with time_machine.travel(until + dt.timedelta(seconds=1), tick=False):
        assert strip(client) == []


def test_an_editor_flags_breaking_news_and_the_default_window_applies(client, editor, politics):
    options = NewsroomSettings.for_site(Site.objects.get(is_default_site=True))
    options.breaking_default_hours = 3
    options.save()
    article = ArticleFactory(parent=politics, publish=False, title="عاجل من الحدود")
    client.force_login(editor)

    started = timezone.now()
    edit_article(client, article, "publish", is_breaking="on")

    article.refresh_from_db()
    assert article.is_breaking
    window = article.breaking_until - started
    assert dt.timedelta(hours=2, minutes=59) < window < dt.timedelta(hours=3, minutes=1)
    assert strip(client) == ["عاجل من الحدود"]


def test_an_unpublished_breaking_article_leaves_the_strip(client, politics):
    article = ArticleFactory(
        parent=politics,
        title="عاجل سُحب",
        is_breaking=True,
        breaking_until=timezone.now() + dt.timedelta(hours=1),
    )
    article.unpublish()

    assert strip(client) == []
