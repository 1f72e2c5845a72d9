"""E-mail that arrives: EMAIL_URL, workflow notifications to the right people, password reset.

The notification tests read Django's test outbox (pytest-django swaps in the locmem backend, so
they see what was composed). The last ones run as production does: the site queues
(`jarida.outbox`), `run_scheduler` delivers to a real SMTP server on loopback (aiosmtpd)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from jarida.newsroom.tests.test_review_workflow import submit_for_review, workflow_action
from jarida.outbox.delivery import drain
from jarida.outbox.models import OutgoingMessage
from jarida.outbox.tests.smtp import free_port, start_sink, through_outbox
from jarida.settings import email_settings

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "smtp://desk%40jarida.example:p%40ss@mail.example:2525",
            {
                "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "EMAIL_HOST": "mail.example",
                "EMAIL_PORT": 2525,
                "EMAIL_HOST_USER": "desk@jarida.example",
                "EMAIL_HOST_PASSWORD": "p@ss",
                "EMAIL_USE_TLS": False,
                "EMAIL_USE_SSL": False,
            },
        ),
        ("smtp+tls://u:p@mail.example", {"EMAIL_PORT": 587, "EMAIL_USE_TLS": True}),
        ("smtps://u:p@mail.example", {"EMAIL_PORT": 465, "EMAIL_USE_SSL": True}),
        ("smtp://mail.example?tls=1&timeout=3", {"EMAIL_USE_TLS": True, "EMAIL_TIMEOUT": 3.0}),
        ("console://", {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}),
        ("file:///var/spool/jarida", {"EMAIL_FILE_PATH": "/var/spool/jarida"}),
    ],
)
def test_email_url_gives_djangos_settings(url, expected):
    config = email_settings(url)

    assert {key: config[key] for key in expected} == expected


@pytest.mark.parametrize("url", ["pop3://mail.example", "smtp://", "smtp://h:notaport", "x"])
def test_a_malformed_email_url_stops_start_up(url):
    with pytest.raises(ImproperlyConfigured, match="EMAIL_URL"):
        email_settings(url)


def test_a_submission_mails_the_sections_editors_and_the_verdict_mails_the_reporter(
    client, reporter, editor, sport_editor, chief, politics, mailoutbox
):
    article, task_state = submit_for_review(client, reporter, politics, "خبر ينتظر المحرر")

    submitted = [m for m in mailoutbox if "editor@example.com" in m.to]
    assert submitted, [m.to for m in mailoutbox]
    assert not [m for m in mailoutbox if "sport_editor@example.com" in m.to]
    assert not [m for m in mailoutbox if "reporter@example.com" in m.to]
    message = submitted[0]
    assert "خبر ينتظر المحرر" in message.subject
    assert message.from_email == "جريدة <newsroom@localhost>"
    html = message.alternatives[0][0]
    assert 'dir="rtl"' in html or "rtl" in html
    mailoutbox.clear()

    client.force_login(editor)
    workflow_action(client, article, "reject", task_state, comment="راجع العنوان")

    verdicts = [m for m in mailoutbox if "reporter@example.com" in m.to]
    assert verdicts, [m.to for m in mailoutbox]
    assert "خبر ينتظر المحرر" in verdicts[0].subject


def test_password_reset_sends_a_link_that_works(client, editor, mailoutbox):
    response = client.post(reverse("wagtailadmin_password_reset"), {"email": editor.email})

    assert response.status_code == 302
    assert len(mailoutbox) == 1
    link = next(
        line.strip() for line in mailoutbox[0].body.splitlines() if "/password_reset/" in line
    )
    path = link.split("://", 1)[-1].split("/", 1)[1]
    follow = client.get("/" + path, follow=True)
    assert follow.status_code == 200
    assert "new_password1" in follow.content.decode()


def test_password_reset_is_queued_and_the_scheduler_delivers_it_to_a_real_smtp_server(
    client, editor, smtp_sink
):
    sink, port = smtp_sink

    with override_settings(**through_outbox(port)):
        response = client.post(reverse("wagtailadmin_password_reset"), {"email": editor.email})
        assert response.status_code == 302
        assert sink.envelopes == []  # queued, not sent inside the request
        call_command("run_scheduler", "--once")

    assert len(sink.envelopes) == 1
    envelope = sink.envelopes[0]
    assert envelope.rcpt_tos == ["editor@example.com"]
    assert envelope.mail_from == "newsroom@localhost"
    [message] = sink.messages()
    assert message["To"] == "editor@example.com"
    assert "/admin/password_reset/" in message.get_body(preferencelist=("plain",)).get_content()


def test_a_submission_succeeds_while_the_mail_server_is_down_and_the_mail_follows_later(
    client, reporter, editor, politics
):
    port = free_port()  # the mail server is down: nothing listens
    with override_settings(**through_outbox(port)):
        _, task_state = submit_for_review(client, reporter, politics, "خبر والبريد معطل")

        assert task_state.status == "in_progress"
        waiting = OutgoingMessage.objects.get(recipients=["editor@example.com"])
        call_command("run_scheduler", "--once")
        waiting.refresh_from_db()
        assert (waiting.state, waiting.attempts) == ("queued", 1)
        assert waiting.last_error

        sink, controller = start_sink(port)  # the server is back
        try:
            drain(now=waiting.next_attempt_at)
        finally:
            controller.stop()

    assert [e.rcpt_tos for e in sink.envelopes].count(["editor@example.com"]) == 1
    subjects = [m["Subject"] for m in sink.messages()]
    assert any("خبر والبريد معطل" in subject for subject in subjects), subjects
    waiting.refresh_from_db()
    assert waiting.state == "sent"
