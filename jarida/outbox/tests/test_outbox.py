"""The outbox: sending queues at once, the scheduler delivers to a real SMTP server on
loopback, and a server that is down or refusing gets the message again later."""

from __future__ import annotations

import datetime as dt
import logging

import pytest
from django.core.mail import EmailMultiAlternatives
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from jarida.outbox.delivery import drain
from jarida.outbox.models import OutgoingMessage
from jarida.outbox.tests.smtp import free_port, start_sink, through_outbox

pytestmark = pytest.mark.django_db


def send_note(to: str = "desk@example.com") -> int:
    message = EmailMultiAlternatives(
        subject="خبر ينتظر المراجعة",
        body="نص الرسالة بالعربية.",
        to=[to],
        bcc=["archive@example.com"],
    )
    message.attach_alternative('<p dir="rtl">نص الرسالة بالعربية.</p>', "text/html")
    return message.send()


def test_sending_only_queues_and_the_scheduler_delivers_what_was_composed(smtp_sink):
    sink, port = smtp_sink

    with override_settings(**through_outbox(port)):
        assert send_note() == 1
        assert sink.envelopes == []
        queued = OutgoingMessage.objects.get()
        assert queued.state == OutgoingMessage.State.QUEUED
        assert queued.recipients == ["desk@example.com", "archive@example.com"]

        call_command("run_scheduler", "--once")

    [envelope] = sink.envelopes
    assert envelope.rcpt_tos == ["desk@example.com", "archive@example.com"]
    [message] = sink.messages()
    assert message["Subject"] == "خبر ينتظر المراجعة"
    assert message["Bcc"] is None
    assert message.get_body(("plain",)).get_content().strip() == "نص الرسالة بالعربية."
    assert 'dir="rtl"' in message.get_body(("html",)).get_content()
    queued.refresh_from_db()
    assert queued.state == OutgoingMessage.State.SENT
    assert queued.attempts == 1
    assert queued.sent_at is not None


def test_a_server_that_is_down_is_tried_again_later_and_then_gets_the_message(caplog):
    port = free_port()  # nothing listens here yet
    with override_settings(**through_outbox(port)):
        send_note()
        with caplog.at_level(logging.WARNING, logger="jarida.outbox.delivery"):
            call_command("run_scheduler", "--once")

        waiting = OutgoingMessage.objects.get()
        assert waiting.state == OutgoingMessage.State.QUEUED
        assert waiting.attempts == 1
        assert "ConnectionRefused" in waiting.last_error
        assert "not sent (try 1)" in caplog.text
        delay = waiting.next_attempt_at - timezone.now()
        assert dt.timedelta(seconds=50) < delay <= dt.timedelta(seconds=60)
        assert drain() == {}  # not due yet: nothing is tried

        sink, controller = start_sink(port)
        try:
            outcome = drain(now=waiting.next_attempt_at)
        finally:
            controller.stop()

    assert outcome == {"sent": 1}
    assert [e.rcpt_tos for e in sink.envelopes] == [["desk@example.com", "archive@example.com"]]
    waiting.refresh_from_db()
    assert (waiting.state, waiting.attempts, waiting.last_error) == ("sent", 2, "")


def test_a_temporary_refusal_backs_off_exponentially_until_the_server_accepts(smtp_sink):
    sink, port = smtp_sink
    sink.answer = "451 4.3.0 try again later"
    with override_settings(**through_outbox(port)):
        send_note()
        now = timezone.now()
        delays = []
        for _ in range(3):
            assert drain(now=now) == {"retried": 1}
            row = OutgoingMessage.objects.get()
            delays.append((row.next_attempt_at - now).total_seconds())
            now = row.next_attempt_at
        sink.answer = "250 OK"
        assert drain(now=now) == {"sent": 1}

    assert delays == [60, 120, 240]
    assert "451" in row.last_error
    assert len(sink.envelopes) == 1


def test_a_permanent_refusal_is_given_up_at_once_and_logged(smtp_sink, caplog):
    sink, port = smtp_sink
    sink.answer = "550 5.1.1 no such mailbox"
    with override_settings(**through_outbox(port)):
        send_note()
        with caplog.at_level(logging.ERROR, logger="jarida.outbox.delivery"):
            assert drain() == {"failed": 1}
        assert drain(now=timezone.now() + dt.timedelta(days=1)) == {}

    row = OutgoingMessage.objects.get()
    assert (row.state, row.attempts) == ("failed", 1)
    assert "given up after 1 tries" in caplog.text


def test_after_the_last_try_a_message_is_given_up(smtp_sink):
    sink, port = smtp_sink
    sink.answer = "421 4.7.0 too busy"
    with override_settings(**through_outbox(port), OUTBOX_MAX_ATTEMPTS=2):
        send_note()
        assert drain() == {"retried": 1}
        assert drain(now=timezone.now() + dt.timedelta(hours=1)) == {"failed": 1}

    assert OutgoingMessage.objects.get().state == "failed"


def test_mail_composed_by_an_action_that_rolls_back_is_never_sent(smtp_sink):
    sink, port = smtp_sink
    with override_settings(**through_outbox(port)):
        with pytest.raises(RuntimeError), transaction.atomic():
            send_note()
            raise RuntimeError("the editor's save failed")
        drain()

    assert not OutgoingMessage.objects.exists()
    assert sink.envelopes == []


def test_delivered_messages_are_forgotten_after_the_keeping_period(smtp_sink):
    _, port = smtp_sink
    with override_settings(**through_outbox(port), OUTBOX_KEEP_SENT_DAYS=30):
        send_note()
        drain()
        drain(now=timezone.now() + dt.timedelta(days=29))
        assert OutgoingMessage.objects.filter(state="sent").count() == 1
        drain(now=timezone.now() + dt.timedelta(days=31))

    assert not OutgoingMessage.objects.exists()
