"""A reader subscribes, confirms from the mail, gets the morning digest and unsubscribes by
one click from its header, all through a real SMTP server on loopback."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.test import Client

from jarida.news.tests.factories import ArticleFactory, SectionFactory
from jarida.newsletters.models import Delivery, Subscriber

pytestmark = pytest.mark.django_db

ADDRESS = "reem@example.org"


def path_of(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


@pytest.fixture
def outbox(smtp, settings):
    """The site's mail as in production: EMAIL_BACKEND queues into the outbox, and the
    scheduler delivers it through the SMTP server on loopback."""
    settings.EMAIL_BACKEND = "jarida.outbox.backends.OutboxBackend"
    settings.OUTBOX_DELIVERY_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    return smtp


def confirmation_from_the_outbox(reader, smtp, address: str):
    """The confirmation waits in the outbox until the scheduler's next tick (on the reader's
    clock, which moved on while they typed) delivers it."""
    from jarida.outbox.models import OutgoingMessage

    assert not smtp.to(address)
    assert OutgoingMessage.objects.filter(recipients=[address], state="queued").exists()
    with reader.after(1):
        call_command("run_scheduler", "--once")
    (confirmation,) = smtp.to(address)
    return confirmation


def test_subscribe_confirm_receive_the_digest_and_unsubscribe_by_one_click(reader, outbox):
    smtp = outbox
    politics = SectionFactory(title="سياسة")
    economy = SectionFactory(title="اقتصاد")
    lead = ArticleFactory(
        parent=politics, title="الحكومة تُقرّ الموازنة العامة", summary="موجز طويل للخبر، " * 35
    )
    other = ArticleFactory(parent=economy, title="الليرة تستقرّ أمام الدولار")

    response = reader.subscribe(ADDRESS)
    assert response.status_code == 303 and response["Location"] == "/newsletter/check/"
    assert not Subscriber.objects.exists()  # nothing stored before the address confirms

    # The confirmation mail, as the SMTP server received it from the outbox.
    confirmation = confirmation_from_the_outbox(reader, smtp, ADDRESS)
    mail = confirmation.message
    assert mail["Subject"] == "أكّد اشتراكك في نشرات جريدة"
    assert b"=?utf-8?" in confirmation.raw.split(b"\r\n\r\n")[0].lower()
    text = mail.get_body(preferencelist=("plain",)).get_content()
    link = re.search(r"https://jarida\.example(/newsletter/confirm/\S+/)", text)[1]

    page = reader.client.get(link)
    assert page.status_code == 200
    fields = reader.fields(page.content.decode(), "form#newsletter-confirm")
    confirmed = reader.client.post(link, fields)
    assert confirmed.status_code == 303
    assert "تمّ تأكيد اشتراكك" in reader.client.get(confirmed["Location"]).content.decode()
    subscriber = Subscriber.objects.get(email=ADDRESS)
    assert subscriber.confirmed_at and [n.slug for n in subscriber.lists.all()] == ["daily"]

    call_command("send_newsletter", "daily")

    (digest,) = [r for r in smtp.to(ADDRESS) if r is not confirmation]
    mail = digest.message
    assert mail["Subject"].startswith("جريدة: نشرة صباح ")
    headers = digest.raw.split(b"\r\n\r\n")[0]
    assert re.search(rb"^Subject: =\?utf-8\?", headers, re.M | re.I)  # RFC 2047
    assert re.fullmatch(r"<[^@]+@jarida\.example>", mail["Message-ID"])
    assert mail["List-Id"] == "<daily.newsletters.jarida.example>"
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    targets = re.findall(r"<([^>]+)>", mail["List-Unsubscribe"])
    assert [t.split(":")[0] for t in targets] == ["mailto", "https"]
    assert targets[0].startswith("mailto:unsubscribe@jarida.example?")

    html = mail.get_body(preferencelist=("html",)).get_content()
    assert len(html.encode()) < 102 * 1024
    # Every line fits SMTP's 998 bytes, so the parts go as 8bit UTF-8 as they are.
    assert b"quoted-printable" not in digest.raw and b"base64" not in digest.raw
    soup = BeautifulSoup(html, "html.parser")
    assert soup.html["dir"] == "rtl" and soup.html["lang"] == "ar"
    assert not soup.select("style, link[rel=stylesheet]")  # inline CSS only
    links = {a["href"] for a in soup.select("a[href]")}
    assert f"https://jarida.example/a/{lead.pk}/" in links
    assert f"https://jarida.example/a/{other.pk}/" in links
    for image in soup.select("img"):
        assert image.get("width") and image.get("height") and image.get("alt")
    plain = mail.get_body(preferencelist=("plain",)).get_content()
    assert lead.title in plain and f"https://jarida.example/a/{other.pk}/" in plain
    assert Delivery.objects.get().state == Delivery.State.SENT

    # The mail client's one-click unsubscribe: a POST with no cookie and no CSRF token.
    mail_client = Client(enforce_csrf_checks=True)
    answer = mail_client.post(
        path_of(targets[1]),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert answer.status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.unsubscribed_at is not None

    before = len(smtp.received)
    call_command("send_newsletter", "daily", "--day", "2030-01-01")
    assert len(smtp.received) == before  # nothing more for an unsubscribed reader


def test_a_section_list_gets_its_own_edition_with_the_morning_run(reader, outbox, settings):
    """An editor enables a list for «سياسة» and one for «اقتصاد» in the admin; a reader
    subscribes to both; at the morning's time the scheduler sends the politics edition (its
    stories of the last 24 hours, nothing else) and nothing for economy, which had no new
    story."""
    import datetime as dt
    import zoneinfo

    import time_machine
    from django.contrib.auth.models import User
    from django.utils import timezone

    from jarida.newsletters.models import Edition, NewsletterList

    beirut = zoneinfo.ZoneInfo("Asia/Beirut")
    settings.NEWSROOM_TIME_ZONE = "Asia/Beirut"
    settings.NEWSLETTER_DAILY_AT = "06:30"
    day = timezone.now().astimezone(beirut).date() + dt.timedelta(days=1)
    at = dt.datetime.combine(day, dt.time(6, 30), tzinfo=beirut)
    politics = SectionFactory(title="سياسة")
    economy = SectionFactory(title="اقتصاد")
    sport = SectionFactory(title="رياضة")

    editor = Client()
    editor.force_login(User.objects.create_superuser("desk", password="x"))
    for slug, section in (("politics", politics), ("economy", economy)):
        answer = editor.post(
            "/admin/newsletters/lists/new/",
            {
                "name": section.title,
                "slug": slug,
                "kind": "section",
                "section": section.pk,
                "enabled": "on",
                "sort_order": 5,
            },
        )
        assert answer.status_code == 302, answer.content.decode()[:2000]
    refused = editor.post(
        "/admin/newsletters/lists/new/",
        {"name": "بلا قسم", "slug": "nothing", "kind": "section", "sort_order": 6},
    )
    assert refused.status_code == 200 and not NewsletterList.objects.filter(slug="nothing")

    smtp = outbox
    reader.subscribe(ADDRESS, ["politics", "economy"])
    confirmation = confirmation_from_the_outbox(reader, smtp, ADDRESS)
    text = confirmation.message.get_body(preferencelist=("plain",)).get_content()
    link = re.search(r"https://jarida\.example(/newsletter/confirm/\S+/)", text)[1]
    page = reader.client.get(link)
    assert (
        reader.client.post(
            link, reader.fields(page.content.decode(), "form#newsletter-confirm")
        ).status_code
        == 303
    )

    with time_machine.travel(at - dt.timedelta(hours=3), tick=False):
        vote = ArticleFactory(parent=politics, title="البرلمان يصوّت على قانون الانتخاب")
        visit = ArticleFactory(parent=politics, title="وزير الخارجية يزور عمّان")
        match = ArticleFactory(parent=sport, title="المنتخب يتأهّل إلى النهائي")
    with time_machine.travel(at - dt.timedelta(hours=30), tick=False):
        old = ArticleFactory(parent=economy, title="الليرة تستقرّ أمام الدولار")
    with time_machine.travel(at + dt.timedelta(minutes=1), tick=False):
        call_command("run_scheduler", "--once")
        call_command("run_scheduler", "--once")

    (edition,) = [r for r in smtp.to(ADDRESS) if r is not confirmation]
    mail = edition.message
    assert mail["List-Id"] == "<politics.newsletters.jarida.example>"
    assert mail["Subject"].startswith("جريدة: سياسة، ")
    html = mail.get_body(preferencelist=("html",)).get_content()
    links = {a["href"] for a in BeautifulSoup(html, "html.parser").select("a[href]")}
    assert {f"https://jarida.example/a/{a.pk}/" for a in (vote, visit)} <= links
    for elsewhere in (match, old):
        assert f"https://jarida.example/a/{elsewhere.pk}/" not in links
    assert not Edition.objects.filter(newsletter__slug="economy").exists()

    # A story published after the send time starts no late edition.
    late = at + dt.timedelta(minutes=30)
    with time_machine.travel(late, tick=False):
        ArticleFactory(parent=economy, title="المصرف المركزي يرفع الفائدة", first_published_at=late)
    with time_machine.travel(at + dt.timedelta(minutes=40), tick=False):
        call_command("run_scheduler", "--once")
    assert len(smtp.to(ADDRESS)) == 2
    assert not Edition.objects.filter(newsletter__slug="economy").exists()
