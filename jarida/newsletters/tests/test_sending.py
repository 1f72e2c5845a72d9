"""The send queue against a real SMTP server: batches, retries with back-off, and resuming
an interrupted send without sending anyone twice."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.utils import timezone

from jarida.news.tests.factories import ArticleFactory
from jarida.newsletters.models import Delivery, Edition, NewsletterList, Subscriber
from jarida.newsletters.sending import claim, drain
from jarida.newsletters.tests.conftest import free_port

pytestmark = pytest.mark.django_db


def subscribers(n: int, list_slug: str = "daily") -> list[Subscriber]:
    newsletter = NewsletterList.objects.get(slug=list_slug)
    made = []
    for i in range(n):
        subscriber = Subscriber.objects.create(
            email=f"reader{i}@example.org", confirmed_at=timezone.now()
        )
        subscriber.lists.add(newsletter)
        made.append(subscriber)
    return made


def test_an_interrupted_send_resumes_and_each_recipient_gets_the_digest_once(smtp, settings):
    settings.NEWSLETTER_BATCH_SIZE = 3
    ArticleFactory()
    subscribers(10)
    smtp.refuse_after = 4  # the server hangs up in the middle of the second batch

    with pytest.raises(CommandError, match="run again to resume"):
        call_command("send_newsletter", "daily")
    assert len(smtp.received) == 4
    states = Counter(Delivery.objects.values_list("state", flat=True))
    assert states == {"sent": 4, "queued": 6}

    smtp.refuse_after = None
    # The message the server refused waits its back-off; the untried ones go at once.
    call_command("send_newsletter", "queue")
    assert len(smtp.received) == 9
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=2)):
        call_command("send_newsletter", "queue")
    received = Counter(r for message in smtp.received for r in message.recipients)
    assert received == {f"reader{i}@example.org": 1 for i in range(10)}
    assert set(Delivery.objects.values_list("state", flat=True)) == {"sent"}
    assert Edition.objects.get().status == Edition.Status.SENT


def test_running_the_daily_send_twice_makes_one_edition_and_sends_once(smtp):
    ArticleFactory()
    subscribers(3)
    call_command("send_newsletter", "daily")
    call_command("send_newsletter", "daily")
    assert Edition.objects.count() == 1
    assert len(smtp.received) == 3


def test_a_passing_refusal_is_retried_with_back_off_then_given_up(smtp, settings):
    settings.NEWSLETTER_MAX_ATTEMPTS = 3
    ArticleFactory()
    subscribers(2)
    smtp.refuse = {"reader0@example.org": "451 4.3.0 try again later"}
    call_command("send_newsletter", "daily")
    waiting = Delivery.objects.get(subscriber__email="reader0@example.org")
    assert waiting.state == "queued" and waiting.attempts == 1
    first_wait = waiting.next_attempt_at - timezone.now()
    assert dt.timedelta(seconds=50) < first_wait <= dt.timedelta(seconds=60)

    with time_machine.travel(waiting.next_attempt_at + dt.timedelta(seconds=1)):
        drain()
        waiting.refresh_from_db()
        assert waiting.attempts == 2
        assert waiting.next_attempt_at - timezone.now() > dt.timedelta(minutes=3)  # 4x longer
    with time_machine.travel(waiting.next_attempt_at + dt.timedelta(seconds=1)):
        drain()
    waiting.refresh_from_db()
    assert waiting.state == "failed" and "451" in waiting.error
    assert len(smtp.to("reader1@example.org")) == 1 and not smtp.to("reader0@example.org")


def test_a_permanent_refusal_fails_that_recipient_only(smtp):
    ArticleFactory()
    subscribers(3)
    smtp.refuse = {"reader1@example.org": "550 5.1.1 no such user"}
    call_command("send_newsletter", "daily")
    states = dict(Delivery.objects.values_list("subscriber__email", "state"))
    assert states == {
        "reader0@example.org": "sent",
        "reader1@example.org": "failed",
        "reader2@example.org": "sent",
    }


def test_a_sender_that_died_is_never_followed_by_a_second_copy(smtp, settings):
    """A sender claimed a batch and died (killed) before recording anything: its first row
    may have reached the server, so it is not sent again; the rest were never tried."""
    ArticleFactory()
    subscribers(4)
    call_command("send_newsletter", "daily", "--no-send")
    dead = claim("dead-sender", 3)
    settings.NEWSLETTER_CLAIM_TIMEOUT = 0
    drain()
    received = Counter(r for message in smtp.received for r in message.recipients)
    first = Delivery.objects.get(pk=dead[0])
    assert first.state == "failed" and first.subscriber.email not in received
    assert sorted(received.values()) == [1, 1, 1]


def test_only_confirmed_receiving_subscribers_get_an_edition(smtp):
    ArticleFactory()
    (active, unsubscribed, bounced) = subscribers(3)
    Subscriber.objects.filter(pk=unsubscribed.pk).update(unsubscribed_at=timezone.now())
    Subscriber.objects.filter(pk=bounced.pk).update(bounced_at=timezone.now())
    Subscriber.objects.create(email="pending@example.org")  # never confirmed
    call_command("send_newsletter", "daily")
    assert [r.recipients for r in smtp.received] == [[active.email]]


def test_no_story_in_the_last_day_sends_no_empty_mail(smtp):
    ArticleFactory(first_published_at=timezone.now() - dt.timedelta(days=2))
    subscribers(1)
    call_command("send_newsletter", "daily")
    assert not Edition.objects.exists() and not smtp.received


def test_a_mail_server_that_is_down_loses_nothing(smtp, settings):
    ArticleFactory()
    subscribers(3)
    settings.EMAIL_PORT = free_port()  # nothing listens there
    with pytest.raises(CommandError):
        call_command("send_newsletter", "daily")
    assert set(Delivery.objects.values_list("state", "attempts")) == {("queued", 0)}
    settings.EMAIL_PORT = smtp.port
    call_command("send_newsletter", "queue")
    assert len(smtp.received) == 3


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_several_connections_at_once_send_each_recipient_once(smtp, settings):
    """On PostgreSQL four senders claim batches with SKIP LOCKED; on SQLite one sends."""
    settings.NEWSLETTER_SEND_WORKERS = 4
    settings.NEWSLETTER_BATCH_SIZE = 5
    ArticleFactory()
    subscribers(60)
    call_command("send_newsletter", "daily")
    received = Counter(r for message in smtp.received for r in message.recipients)
    assert received == {f"reader{i}@example.org": 1 for i in range(60)}
    assert set(Delivery.objects.values_list("state", flat=True)) == {"sent"}
