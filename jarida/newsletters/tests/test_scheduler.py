"""The scheduler sends the morning digest at the configured time in the newsroom's zone."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.utils import timezone

from jarida.news.tests.factories import ArticleFactory
from jarida.newsletters.models import Edition, NewsletterList, Subscriber
from jarida.newsroom.scheduler import tick

pytestmark = pytest.mark.django_db

BEIRUT = zoneinfo.ZoneInfo("Asia/Beirut")


def test_the_digest_goes_at_the_set_time_in_the_newsroom_zone_once(smtp, settings):
    settings.NEWSROOM_TIME_ZONE = "Asia/Beirut"
    settings.NEWSLETTER_DAILY_AT = "06:30"
    day = timezone.now().astimezone(BEIRUT).date() + dt.timedelta(days=1)
    subscriber = Subscriber.objects.create(email="morning@example.org", confirmed_at=timezone.now())
    subscriber.lists.add(NewsletterList.objects.get(slug="daily"))
    before = dt.datetime.combine(day, dt.time(6, 29), tzinfo=BEIRUT)
    with time_machine.travel(before - dt.timedelta(hours=2), tick=False):
        ArticleFactory()
    with time_machine.travel(before, tick=False):
        assert tick()
    assert not Edition.objects.exists() and not smtp.received
    with time_machine.travel(before + dt.timedelta(minutes=2), tick=False):
        assert tick()
        assert tick()
    assert Edition.objects.get().day == day
    assert [r.recipients for r in smtp.received] == [["morning@example.org"]]


def test_a_digest_due_hours_ago_is_not_sent_in_the_evening(smtp, settings):
    settings.NEWSLETTER_DAILY_AT = "06:30"
    day = timezone.now().astimezone(BEIRUT).date() + dt.timedelta(days=1)
    evening = dt.datetime.combine(day, dt.time(19, 0), tzinfo=BEIRUT)
    with time_machine.travel(evening - dt.timedelta(hours=1), tick=False):
        ArticleFactory()
    with time_machine.travel(evening, tick=False):
        tick()
    assert not Edition.objects.exists()


def test_an_intro_the_editors_add_to_the_draft_goes_out_at_the_set_time(smtp, settings, client):
    from django.contrib.auth.models import User
    from django.core.management import call_command

    settings.NEWSLETTER_DAILY_AT = "06:30"
    day = timezone.now().astimezone(BEIRUT).date() + dt.timedelta(days=1)
    subscriber = Subscriber.objects.create(email="early@example.org", confirmed_at=timezone.now())
    subscriber.lists.add(NewsletterList.objects.get(slug="daily"))
    night = dt.datetime.combine(day, dt.time(5, 0), tzinfo=BEIRUT)
    with time_machine.travel(night - dt.timedelta(hours=1), tick=False):
        ArticleFactory()
    with time_machine.travel(night, tick=False):
        call_command("send_newsletter", "daily", "--draft", "--day", day.isoformat())
        edition = Edition.objects.get()
        assert edition.status == Edition.Status.DRAFT and not smtp.received
        client.force_login(User.objects.create_superuser("chief", password="x"))
        answer = client.post(
            f"/admin/newsletters/editions/edit/{edition.pk}/",
            {"subject": edition.subject, "intro": "صباح الخير، هذه أبرز أخبار الليلة."},
        )
        assert answer.status_code == 302
    with time_machine.travel(night + dt.timedelta(minutes=91), tick=False):
        assert tick()
    (mail,) = smtp.received
    assert "صباح الخير، هذه أبرز أخبار الليلة." in mail.message.get_body(("plain",)).get_content()
