"""Subscribing through the form: double opt-in, no leak about who is subscribed, the
comments' bot checks and rate limits, the footer form under cached pages, preferences."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.utils import timezone

from jarida.news.tests.factories import SectionFactory
from jarida.newsletters.models import NewsletterList, Subscriber
from jarida.newsletters.tests.conftest import Browser

pytestmark = pytest.mark.django_db


def confirm_link(smtp, address: str) -> str:
    mail = smtp.to(address)[-1].message
    text = mail.get_body(preferencelist=("plain",)).get_content()
    return re.search(r"https://jarida\.example(/newsletter/confirm/\S+/)", text)[1]


def confirm(reader: Browser, link: str):
    page = reader.client.get(link)
    return reader.client.post(link, reader.fields(page.content.decode(), "form#newsletter-confirm"))


def test_an_existing_address_gets_the_same_answer_as_a_new_one(reader, smtp):
    known = Subscriber.objects.create(email="known@example.org", confirmed_at=timezone.now())
    known.lists.add(NewsletterList.objects.get(slug="breaking"))
    new = reader.subscribe("new@example.org")
    again = Browser("203.0.113.10").subscribe("known@example.org")
    assert (new.status_code, new["Location"]) == (again.status_code, again["Location"])
    # Both get a confirmation mail; the known reader's lists change only if they confirm.
    assert len(smtp.to("new@example.org")) == len(smtp.to("known@example.org")) == 1
    assert [n.slug for n in known.lists.all()] == ["breaking"]


def test_nothing_but_the_confirmation_reaches_an_address_until_it_confirms(reader, smtp):
    reader.subscribe("wait@example.org")
    assert not Subscriber.objects.receiving().exists()
    assert len(smtp.received) == 1


def test_a_confirmation_link_is_good_for_48_hours(reader, smtp):
    reader.subscribe("late@example.org")
    link = confirm_link(smtp, "late@example.org")
    with time_machine.travel(timezone.now() + dt.timedelta(hours=49)):
        answer = reader.client.get(link)
    assert answer.status_code == 400 and "انتهت صلاحية الرابط" in answer.content.decode()
    with time_machine.travel(timezone.now() + dt.timedelta(hours=47)):
        assert confirm(reader, link).status_code == 303
    assert Subscriber.objects.receiving().filter(email="late@example.org").exists()


def test_a_forged_confirmation_link_stores_nothing(reader):
    answer = reader.client.get("/newsletter/confirm/eyJlIjoiYUBiLmMifQ:1abc:forged/")
    assert answer.status_code == 400 and not Subscriber.objects.exists()


def test_a_filled_honeypot_is_refused_and_no_mail_goes(smtp):
    reader = Browser()
    with reader.after(0):
        page = reader.client.get("/newsletter/")
    fields = reader.fields(page.content.decode(), "form#newsletter-form")
    fields.update(email="bot@example.org", website="http://spam.example")
    with reader.after(10):
        answer = reader.client.post("/newsletter/", fields)
    assert answer.status_code == 400 and not smtp.received
    assert "اترك الحقل المخفي فارغاً" in answer.content.decode()


def test_a_form_sent_back_within_a_second_is_refused(reader, smtp):
    answer = reader.subscribe("fast@example.org", wait=0.5)
    assert answer.status_code == 400 and not smtp.received


def test_the_form_is_rate_limited_per_client(reader, smtp, settings):
    settings.NEWSLETTER_RATE_PER_CLIENT = "3/10m"
    for i in range(3):
        assert reader.subscribe(f"r{i}@example.org").status_code == 303
    refused = reader.subscribe("r9@example.org")
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    assert "طلبات كثيرة" in refused.content.decode()
    assert not smtp.to("r9@example.org")


def test_one_address_gets_at_most_its_daily_share_of_confirmations(smtp, settings):
    settings.NEWSLETTER_RATE_PER_ADDRESS = "2/d"
    for i in range(4):
        answer = Browser(f"203.0.113.{20 + i}").subscribe("victim@example.org")
        assert answer.status_code == 303  # the same answer every time
    assert len(smtp.to("victim@example.org")) == 2


def test_the_footer_form_works_under_a_cached_page(reader, smtp):
    SectionFactory()
    home = reader.client.get("/")
    again = Browser("198.51.100.1").client.get("/")
    assert home.content == again.content  # one copy for every reader: no per-reader token
    form = BeautifulSoup(home.content.decode(), "html.parser").select_one(
        "form.newsletter-inline-form"
    )
    assert form.select_one("input[name=csrfmiddlewaretoken]")["value"] == ""
    fields = {i["name"]: i.get("value", "") for i in form.select("input[name]")}
    # What newsletter.js does when the reader starts typing.
    with reader.after(0):
        tokens = reader.client.get(form["data-token-url"]).json()
    fields.update(csrfmiddlewaretoken=tokens["csrf"], token=tokens["token"])
    fields["email"] = "footer@example.org"
    with reader.after(8):
        answer = reader.client.post(form["action"], fields)
    assert answer.status_code == 303
    assert len(smtp.to("footer@example.org")) == 1
    assert confirm(reader, confirm_link(smtp, "footer@example.org")).status_code == 303
    assert [n.slug for n in Subscriber.objects.get().lists.all()] == ["daily"]


def test_the_home_page_offers_the_newsletters(reader):
    SectionFactory()
    html = reader.client.get("/").content.decode()
    block = BeautifulSoup(html, "html.parser").select_one("section.newsletter-home")
    assert block.select_one("a")["href"] == "/newsletter/"


def test_a_post_without_csrf_is_refused(smtp):
    reader = Browser()
    with reader.after(0):
        page = reader.client.get("/newsletter/")
    fields = reader.fields(page.content.decode(), "form#newsletter-form")
    fields["csrfmiddlewaretoken"] = "forged" * 5
    fields["email"] = "csrf@example.org"
    with reader.after(10):
        assert reader.client.post("/newsletter/", fields).status_code == 403
    assert not smtp.received


def test_preferences_change_lists_and_unsubscribe(reader, smtp):
    reader.subscribe("prefs@example.org", lists=["daily", "breaking"])
    confirmed = confirm(reader, confirm_link(smtp, "prefs@example.org"))
    url = confirmed["Location"].split("?")[0]
    page = reader.client.get(url)
    fields = reader.fields(page.content.decode(), "form#newsletter-preferences")
    assert sorted(fields["lists"]) == ["breaking", "daily"]
    fields["lists"] = ["breaking"]
    reader.client.post(url, fields)
    subscriber = Subscriber.objects.get()
    assert [n.slug for n in subscriber.lists.all()] == ["breaking"]
    answer = reader.client.post(url, {**fields, "unsubscribe": "1"})
    assert "ألغينا اشتراكك" in answer.content.decode()
    assert not Subscriber.objects.receiving().exists()


def test_a_tampered_preferences_link_is_not_found(reader):
    assert reader.client.get("/newsletter/preferences/1.1:forged/").status_code == 404
    assert Browser().client.post("/newsletter/unsubscribe/1.1:forged/").status_code == 404


def test_the_confirmation_waits_in_the_outbox_while_the_mail_server_is_down(reader, smtp, settings):
    """The form answers at once whatever the mail server does: the confirmation is queued in
    the outbox (the site's EMAIL_BACKEND) and the scheduler delivers it once the server is
    back."""
    from django.core.management import call_command

    from jarida.newsletters.tests.conftest import free_port
    from jarida.outbox.models import OutgoingMessage

    settings.EMAIL_BACKEND = "jarida.outbox.backends.OutboxBackend"
    settings.OUTBOX_DELIVERY_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_PORT = free_port()  # nothing listens there
    assert reader.subscribe("patient@example.org").status_code == 303
    with reader.after(1):
        call_command("run_scheduler", "--once")
    (row,) = OutgoingMessage.objects.all()
    assert row.state == "queued" and row.attempts == 1 and not smtp.received

    settings.EMAIL_PORT = smtp.port
    with reader.after(120):  # past the first back-off
        call_command("run_scheduler", "--once")
    assert confirm(reader, confirm_link(smtp, "patient@example.org")).status_code == 303
    assert Subscriber.objects.get(email="patient@example.org").confirmed_at is not None
