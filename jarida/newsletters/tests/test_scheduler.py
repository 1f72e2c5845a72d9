"""The scheduler drafts the morning digest ahead for editors and sends it at the configured
time in the newsroom's zone."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.test import Client
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
    # A minute before the time: the draft is ready for the editors, nothing has gone.
    assert Edition.objects.get().status == Edition.Status.DRAFT and not smtp.received
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


def run_scheduler() -> None:
    """One tick of the scheduler process, as `make run` and systemd start it."""
    call_command("run_scheduler", "--once")


def daily_reader(address: str = "reader@example.org") -> None:
    subscriber = Subscriber.objects.create(email=address, confirmed_at=timezone.now())
    subscriber.lists.add(NewsletterList.objects.get(slug="daily"))


def test_the_scheduler_drafts_the_digest_ahead_and_sends_the_editors_order(smtp, settings):
    from django.contrib.auth.models import User

    settings.NEWSROOM_TIME_ZONE = "Asia/Beirut"
    settings.NEWSLETTER_DAILY_AT = "06:30"
    settings.NEWSLETTER_DRAFT_LEAD_MINUTES = 45
    daily_reader()
    day = timezone.now().astimezone(BEIRUT).date() + dt.timedelta(days=1)
    at = dt.datetime.combine(day, dt.time(6, 30), tzinfo=BEIRUT)
    with time_machine.travel(at - dt.timedelta(hours=3), tick=False):
        stories = [ArticleFactory(title=f"خبر رقم {n}") for n in range(3)]
    with time_machine.travel(at - dt.timedelta(minutes=46), tick=False):
        run_scheduler()
    assert not Edition.objects.exists()
    with time_machine.travel(at - dt.timedelta(minutes=44), tick=False):
        run_scheduler()
        run_scheduler()
        draft = Edition.objects.get()
        assert draft.status == Edition.Status.DRAFT and draft.day == day and not smtp.received
        # An editor makes the last story the lead, in the admin.
        last = draft.article_ids[-1]
        client = Client()
        client.force_login(User.objects.create_superuser("desk", password="x"))
        answer = client.post(
            f"/admin/newsletters/editions/stories/{draft.pk}/",
            {"action": "top", "article": str(last)},
        )
        assert answer.status_code == 302
    with time_machine.travel(at - dt.timedelta(minutes=1), tick=False):
        run_scheduler()
    assert not smtp.received
    with time_machine.travel(at + dt.timedelta(minutes=1), tick=False):
        run_scheduler()
        run_scheduler()
    (mail,) = smtp.received
    html = mail.message.get_body(("html",)).get_content()
    lead = BeautifulSoup(html, "html.parser").select_one("h1 a")
    assert lead["href"] == f"https://jarida.example/a/{last}/"
    assert {s.pk for s in stories} == set(Edition.objects.get().article_ids)
    assert Edition.objects.get().status != Edition.Status.DRAFT


def test_a_send_just_after_midnight_is_drafted_the_evening_before(smtp, settings):
    settings.NEWSROOM_TIME_ZONE = "Asia/Beirut"
    settings.NEWSLETTER_DAILY_AT = "00:15"
    settings.NEWSLETTER_DRAFT_LEAD_MINUTES = 60
    daily_reader()
    day = timezone.now().astimezone(BEIRUT).date() + dt.timedelta(days=2)
    at = dt.datetime.combine(day, dt.time(0, 15), tzinfo=BEIRUT)
    with time_machine.travel(at - dt.timedelta(hours=2), tick=False):
        ArticleFactory()
    with time_machine.travel(at - dt.timedelta(minutes=50), tick=False):  # 23:25 the day before
        run_scheduler()
    assert Edition.objects.get().day == day and not smtp.received
    with time_machine.travel(at + dt.timedelta(minutes=1), tick=False):
        run_scheduler()
    assert [r.recipients for r in smtp.received] == [["reader@example.org"]]


def test_no_lead_time_makes_no_draft(smtp, settings):
    settings.NEWSLETTER_DAILY_AT = "06:30"
    settings.NEWSLETTER_DRAFT_LEAD_MINUTES = 0
    daily_reader()
    day = timezone.now().astimezone(BEIRUT).date() + dt.timedelta(days=1)
    at = dt.datetime.combine(day, dt.time(6, 30), tzinfo=BEIRUT)
    with time_machine.travel(at - dt.timedelta(hours=2), tick=False):
        ArticleFactory()
    with time_machine.travel(at - dt.timedelta(minutes=5), tick=False):
        run_scheduler()
    assert not Edition.objects.exists()
