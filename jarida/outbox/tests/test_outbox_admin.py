"""The outbox in the admin («البريد الصادر»): the operator reads what is queued, sent and
given up, and puts a failed message back in the queue once its cause is fixed; the scheduler
then delivers it to a real SMTP server on loopback. Nobody but a superuser opens any of it,
whatever permissions their groups hold."""

from __future__ import annotations

import json

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.mail import send_mail
from django.core.management import call_command
from django.test import override_settings
from django.urls import NoReverseMatch, reverse
from wagtail.models import ModelLogEntry

from jarida.outbox.delivery import drain
from jarida.outbox.models import OutgoingMessage
from jarida.outbox.tests.smtp import through_outbox

pytestmark = pytest.mark.django_db

INDEX = "outbox:index"


@pytest.fixture
def root(db):
    return get_user_model().objects.create_superuser("root", "root@example.com", "pass-1234")


@pytest.fixture
def mail(smtp_sink):
    """Three messages through the real path: one delivered, one refused for good (550), one
    still waiting; the sink then accepts again."""
    sink, port = smtp_sink
    with override_settings(**through_outbox(port)):
        send_mail("تأكيد الاشتراك", "نص سري لا يظهر", None, ["reader@example.com"])
        drain()
        sink.answer = "550 5.1.1 no such mailbox"
        send_mail("خبر ينتظر المراجعة", "نص سري لا يظهر", None, ["desk@example.com"])
        drain()
        sink.answer = "250 OK"
        send_mail("ملخص التعليقات", "نص سري لا يظهر", None, ["moderator@example.com"])
    by_subject = {m.subject: m for m in OutgoingMessage.objects.all()}
    return sink, port, by_subject


def rows(response) -> dict[str, str]:
    """The listing's rows: subject → the row's text."""
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    found = {}
    for row in soup.select("tbody tr"):
        text = " ".join(row.get_text(" ", strip=True).split())
        for subject in ("تأكيد الاشتراك", "خبر ينتظر المراجعة", "ملخص التعليقات"):
            if subject in text:
                found[subject] = text
    return found


def said(response) -> str:
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    return " ".join(li.get_text(" ", strip=True) for li in soup.select(".messages li"))


def test_the_operator_reads_what_was_sent_what_waits_and_what_failed(client, root, mail):
    _, _, by_subject = mail
    client.force_login(root)

    listing = client.get(reverse(INDEX))

    assert listing.status_code == 200
    found = rows(listing)
    assert "reader@example.com" in found["تأكيد الاشتراك"] and "أُرسلت" in found["تأكيد الاشتراك"]
    failed = found["خبر ينتظر المراجعة"]
    assert "desk@example.com" in failed and "تعذّر إرسالها" in failed and "550" in failed
    assert "إعادة المحاولة" in failed
    waiting = found["ملخص التعليقات"]
    assert "في الانتظار" in waiting and "إعادة المحاولة" not in waiting
    assert "إعادة المحاولة" not in found["تأكيد الاشتراك"]
    only_failed = rows(client.get(reverse(INDEX), {"state": "failed"}))
    assert set(only_failed) == {"خبر ينتظر المراجعة"}
    assert set(rows(client.get(reverse(INDEX), {"q": "moderator@"}))) == {"ملخص التعليقات"}

    details = client.get(reverse("outbox:inspect", args=[by_subject["خبر ينتظر المراجعة"].pk]))
    text = details.content.decode()
    assert "desk@example.com" in text and "no such mailbox" in text and "المحاولات" in text
    assert "نص سري لا يظهر" not in text  # the body (a reset link, perhaps) is never shown


def test_retrying_a_failed_message_delivers_it_on_the_next_tick(client, root, mail):
    sink, port, by_subject = mail
    failed = by_subject["خبر ينتظر المراجعة"]
    client.force_login(root)
    retry = reverse("outbox:retry", args=[failed.pk])
    details = client.get(reverse("outbox:inspect", args=[failed.pk])).content.decode()
    assert retry in details

    assert client.get(retry).status_code == 200
    landed = client.post(retry, follow=True)

    assert landed.request["PATH_INFO"] == reverse(INDEX)
    assert "أُعيدت الرسالة «خبر ينتظر المراجعة» إلى desk@example.com" in said(landed)
    failed.refresh_from_db()
    assert (failed.state, failed.attempts) == ("queued", 0)
    assert ModelLogEntry.objects.filter(action="outbox.retry", user=root).count() == 1
    with override_settings(**through_outbox(port)):
        call_command("run_scheduler", "--once")
    failed.refresh_from_db()
    assert failed.state == "sent"
    assert ["desk@example.com"] in [envelope.rcpt_tos for envelope in sink.envelopes]


def test_a_message_that_has_not_failed_is_left_as_it_is(client, root, mail):
    _, _, by_subject = mail
    sent = by_subject["تأكيد الاشتراك"]
    client.force_login(root)

    landed = client.post(reverse("outbox:retry", args=[sent.pk]), follow=True)

    assert "لم تتعثّر" in said(landed)
    sent.refresh_from_db()
    assert (sent.state, sent.attempts) == ("sent", 1)


def test_nobody_edits_adds_or_deletes_a_message_by_hand(client, root, mail):
    _, _, by_subject = mail
    client.force_login(root)
    details = client.get(reverse("outbox:inspect", args=[by_subject["تأكيد الاشتراك"].pk]))

    for name in ("add", "edit", "delete", "copy", "history"):
        with pytest.raises(NoReverseMatch):
            reverse(f"outbox:{name}", args=[] if name == "add" else [1])
    assert details.status_code == 200


def test_a_staff_member_with_every_outbox_permission_still_cannot_open_it(client, mail):
    _, _, by_subject = mail
    failed = by_subject["خبر ينتظر المراجعة"]
    group = Group.objects.create(name="عمليات")
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"),
        *Permission.objects.filter(content_type__app_label="outbox"),
    )
    staff = get_user_model().objects.create_user("ops", "ops@example.com", "pass-1234")
    staff.groups.add(group)
    client.force_login(staff)

    urls = [
        reverse(INDEX),
        reverse("outbox:inspect", args=[failed.pk]),
        reverse("outbox:retry", args=[failed.pk]),
    ]

    assert [client.get(url).status_code == 200 for url in urls] == [False] * 3
    client.post(reverse("outbox:retry", args=[failed.pk]))
    failed.refresh_from_db()
    assert failed.state == "failed"
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse(INDEX) not in menu_links(dashboard).values()


def menu_links(html: str) -> dict[str, str]:
    """The admin menu's links (label → URL), read from the sidebar's JSON as its script does."""
    props = BeautifulSoup(html, "html.parser").find(id="wagtail-sidebar-props")
    links: dict[str, str] = {}

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if "label" in node and "url" in node:
                links[node["label"]] = node["url"]
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(json.loads(props.string))
    return links


def test_the_outbox_is_in_the_operators_settings_menu(client, root):
    client.force_login(root)

    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()

    assert menu_links(dashboard)["البريد الصادر"] == reverse(INDEX)
