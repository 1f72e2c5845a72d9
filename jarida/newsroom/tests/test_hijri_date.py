"""The Hijri date on the date line: on or off per site, with the editor's ±1 day offset."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
from django.urls import reverse
from wagtail.models import Site

from jarida.news.models import NewsroomSettings
from jarida.news.tests.factories import ArticleFactory
from jarida.news.tests.html import visible_text

pytestmark = pytest.mark.django_db

BEIRUT = zoneinfo.ZoneInfo("Asia/Beirut")


def site_options(**values) -> None:
    options = NewsroomSettings.for_site(Site.objects.get(is_default_site=True))
    for name, value in values.items():
        setattr(options, name, value)
    options.save()


@pytest.fixture
def article(politics):
    return ArticleFactory(
        parent=politics, first_published_at=dt.datetime(2021, 7, 23, 20, 2, tzinfo=BEIRUT)
    )


def test_no_hijri_date_unless_the_site_turns_it_on(client, article):
    assert "هـ" not in visible_text(client.get(article.url).content.decode())


def test_the_site_shows_the_hijri_date_beside_the_gregorian(client, article):
    site_options(show_hijri_date=True)

    text = visible_text(client.get(article.url).content.decode())

    assert "الجمعة 2021/07/23 13 ذو الحجة 1442 هـ" in text


def test_an_announced_month_start_shifts_the_hijri_date_by_a_day(client, article):
    site_options(show_hijri_date=True, hijri_offset_days=1)

    text = visible_text(client.get(article.url).content.decode())

    assert "14 ذو الحجة 1442 هـ" in text


def test_the_chief_sets_it_in_the_admin(client, chief, article):
    client.force_login(chief)
    url = reverse(
        "wagtailsettings:edit",
        args=["news", "newsroomsettings", Site.objects.get(is_default_site=True).pk],
    )

    response = client.post(
        url, {"show_hijri_date": "on", "hijri_offset_days": "-1", "breaking_default_hours": "6"}
    )

    assert response.status_code == 302
    assert "12 ذو الحجة 1442 هـ" in visible_text(client.get(article.url).content.decode())
