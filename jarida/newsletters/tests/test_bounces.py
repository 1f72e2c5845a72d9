"""Bounces and complaints read from the reports a mail server sends back."""

from __future__ import annotations

from email.message import EmailMessage
from email.mime.base import MIMEBase
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText

import pytest
from django.core.management import call_command
from django.utils import timezone

from jarida.news.tests.factories import ArticleFactory
from jarida.newsletters.models import Delivery, NewsletterList, Subscriber

pytestmark = pytest.mark.django_db


def dsn(recipient: str, status: str, action: str, message_id: str) -> bytes:
    """A delivery status notification as Postfix writes one (RFC 3464)."""
    return (
        "From: MAILER-DAEMON@mx.example.org\r\n"
        "Subject: Undelivered Mail Returned to Sender\r\n"
        "MIME-Version: 1.0\r\n"
        'Content-Type: multipart/report; report-type=delivery-status; boundary="B"\r\n'
        "\r\n--B\r\nContent-Type: text/plain\r\n\r\n"
        "I'm sorry to have to inform you that your message could not be delivered.\r\n"
        "\r\n--B\r\nContent-Type: message/delivery-status\r\n\r\n"
        "Reporting-MTA: dns; mx.example.org\r\n\r\n"
        f"Final-Recipient: rfc822; {recipient}\r\nAction: {action}\r\nStatus: {status}\r\n"
        "Diagnostic-Code: smtp; 550 5.1.1 user unknown\r\n"
        "\r\n--B\r\nContent-Type: text/rfc822-headers\r\n\r\n"
        f"Message-ID: {message_id}\r\nTo: {recipient}\r\nSubject: x\r\n"
        "\r\n--B--\r\n"
    ).encode()


def complaint(recipient: str) -> bytes:
    """A feedback report (RFC 5965) a mailbox provider sends when the reader presses spam."""
    report = MIMEMultipart("report", report_type="feedback-report")
    report.attach(MIMEText("This is an abuse report."))
    feedback = MIMEBase("message", "feedback-report")
    feedback.set_payload("Feedback-Type: abuse\nUser-Agent: Example-FBL/1.0\nVersion: 1\n")
    report.attach(feedback)
    original = EmailMessage()
    original["To"] = recipient
    original["Subject"] = "نشرة"
    original.set_content("x")
    wrapper = MIMEBase("message", "rfc822")
    wrapper.set_payload([original])
    report.attach(wrapper)
    return report.as_bytes()


def test_a_hard_bounce_stops_mail_and_marks_the_delivery(smtp, tmp_path):
    daily = NewsletterList.objects.get(slug="daily")
    for address in ("gone@example.org", "here@example.org"):
        Subscriber.objects.create(email=address, confirmed_at=timezone.now()).lists.add(daily)
    ArticleFactory()
    call_command("send_newsletter", "daily")
    delivery = Delivery.objects.get(subscriber__email="gone@example.org")
    (tmp_path / "bounce.eml").write_bytes(
        dsn("gone@example.org", "5.1.1", "failed", delivery.message_id)
    )
    (tmp_path / "later.eml").write_bytes(dsn("here@example.org", "4.2.2", "delayed", "<x@y>"))

    call_command("read_bounces", str(tmp_path / "bounce.eml"), str(tmp_path / "later.eml"))

    delivery.refresh_from_db()
    assert delivery.state == Delivery.State.BOUNCED
    assert list(Subscriber.objects.receiving().values_list("email", flat=True)) == [
        "here@example.org"
    ]
    sent_before = len(smtp.received)
    call_command("send_newsletter", "daily", "--day", "2031-01-01")
    assert [r.recipients for r in smtp.received[sent_before:]] == [["here@example.org"]]


def test_a_complaint_unsubscribes_the_reader(tmp_path):
    subscriber = Subscriber.objects.create(email="angry@example.org", confirmed_at=timezone.now())
    (tmp_path / "arf.eml").write_bytes(complaint("angry@example.org"))
    call_command("read_bounces", str(tmp_path / "arf.eml"))
    subscriber.refresh_from_db()
    assert subscriber.unsubscribed_at and subscriber.complained_at


def test_an_ordinary_mail_in_the_bounce_box_changes_nothing(tmp_path):
    Subscriber.objects.create(email="reader@example.org", confirmed_at=timezone.now())
    (tmp_path / "hello.eml").write_bytes(
        b"From: reader@example.org\r\nSubject: hi\r\n\r\nhello\r\n"
    )
    call_command("read_bounces", str(tmp_path / "hello.eml"))
    assert Subscriber.objects.receiving().count() == 1


def test_a_mail_to_the_list_unsubscribe_mailto_unsubscribes_the_reader(smtp, tmp_path):
    import re
    from urllib.parse import unquote

    subscriber = Subscriber.objects.create(email="mailer@example.org", confirmed_at=timezone.now())
    subscriber.lists.add(NewsletterList.objects.get(slug="daily"))
    ArticleFactory()
    call_command("send_newsletter", "daily")
    header = smtp.received[0].message["List-Unsubscribe"]
    mailto = re.search(r"<mailto:([^?]+)\?subject=([^>]+)>", header)
    # What the reader's mail program sends to that address.
    request = (
        f"From: mailer@example.org\r\nTo: {mailto[1]}\r\nSubject: {unquote(mailto[2])}\r\n\r\n"
    )
    (tmp_path / "unsubscribe.eml").write_bytes(request.encode())
    call_command("read_bounces", str(tmp_path / "unsubscribe.eml"))
    subscriber.refresh_from_db()
    assert subscriber.unsubscribed_at is not None
