"""Opt-in open and click counts: off by default (no pixel, plain links), and when the paper
turns them on, each recipient's open and click counted once per edition, shown in the admin,
with a click redirect that only ever leads to the paper's own pages."""

from __future__ import annotations

from urllib.parse import quote, urlsplit

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import User
from django.core import signing
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from jarida.news.tests.factories import ArticleFactory
from jarida.newsletters.models import Delivery, Edition, NewsletterList, Subscriber
from jarida.newsletters.tracking import CLICK_SALT

pytestmark = pytest.mark.django_db


def path_of(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def send_digest(smtp, *addresses: str) -> dict[str, BeautifulSoup]:
    """The morning digest sent to `addresses`; each one's HTML part as received."""
    ArticleFactory(title="الحكومة تُقرّ الموازنة")
    ArticleFactory(title="الليرة تستقرّ أمام الدولار")
    daily = NewsletterList.objects.get(slug="daily")
    for address in addresses:
        Subscriber.objects.create(email=address, confirmed_at=timezone.now()).lists.add(daily)
    call_command("send_newsletter", "daily")
    return {
        address: BeautifulSoup(
            smtp.to(address)[0].message.get_body(("html",)).get_content(), "html.parser"
        )
        for address in addresses
    }


def test_by_default_the_mail_has_no_pixel_and_plain_links(smtp):
    (html,) = send_digest(smtp, "plain@example.org").values()
    assert not [img for img in html.select("img") if img.get("width") == "1"]
    stories = [a["href"] for a in html.select("a[href]") if "/a/" in a["href"]]
    assert stories and all(h.startswith("https://jarida.example/a/") for h in stories)
    assert "/newsletter/o/" not in str(html) and "/newsletter/c/" not in str(html)
    assert not Edition.objects.get().tracked


def test_opens_and_clicks_are_counted_once_per_recipient_and_shown_in_the_admin(smtp, settings):
    settings.NEWSLETTER_TRACKING = True
    mails = send_digest(smtp, "huda@example.org", "sami@example.org")
    edition = Edition.objects.get()
    assert edition.tracked
    reader = Client()

    huda = mails["huda@example.org"]
    (pixel,) = [img for img in huda.select("img") if img.get("width") == "1"]
    assert pixel["alt"] == "" and pixel["src"].startswith("https://jarida.example/newsletter/o/")
    for _ in range(3):  # opened three times
        answer = reader.get(path_of(pixel["src"]))
        assert answer.status_code == 200 and answer["Content-Type"] == "image/gif"

    sami = mails["sami@example.org"]
    link = next(a["href"] for a in sami.select("h1 a[href]"))
    assert link.startswith("https://jarida.example/newsletter/c/")
    lead = Edition.objects.get().article_ids[0]
    for _ in range(2):  # clicked twice, images never loaded
        answer = reader.get(path_of(link))
        assert answer.status_code == 302
        assert answer["Location"] == f"https://jarida.example/a/{lead}/"
    # The text part keeps the plain short links.
    text = smtp.to("sami@example.org")[0].message.get_body(("plain",)).get_content()
    assert f"https://jarida.example/a/{lead}/" in text and "/newsletter/c/" not in text

    edition.refresh_from_db()
    assert (edition.opens, edition.clicks) == (2, 1)  # a click is an open too
    marks = dict(Delivery.objects.values_list("subscriber__email", "opened"))
    assert marks == {"huda@example.org": True, "sami@example.org": True}

    admin = Client()
    admin.force_login(User.objects.create_superuser("desk", password="x"))
    listing = admin.get("/admin/newsletters/editions/").content.decode()
    assert "فتحها 2، نقر رابطاً 1" in listing
    page = admin.get(f"/admin/newsletters/editions/recipients/{edition.pk}/").content.decode()
    assert "فتحها 2 من المستلمين" in page
    # The admin's preview counts nobody.
    preview = admin.get(f"/admin/newsletters/editions/preview/{edition.pk}/").content.decode()
    (preview_pixel,) = [
        img
        for img in BeautifulSoup(preview, "html.parser").select("img")
        if img.get("width") == "1"
    ]
    reader.get(path_of(preview_pixel["src"]))
    edition.refresh_from_db()
    assert (edition.opens, edition.clicks) == (2, 1)


def test_the_click_redirect_never_leads_off_the_paper(smtp, settings):
    settings.NEWSLETTER_TRACKING = True
    (html,) = send_digest(smtp, "careful@example.org").values()
    link = next(a["href"] for a in html.select("h1 a[href]"))
    base = path_of(link).split("?")[0]
    ours = signing.Signer(salt=CLICK_SALT)
    reader = Client()
    for target in (
        quote("https://evil.example/", safe=""),  # unsigned
        quote("https://evil.example/:forged", safe=""),  # a made-up signature
        quote(ours.sign("https://evil.example/a/1/"), safe=""),  # signed, even, but elsewhere
        quote(ours.sign("//evil.example/a/1/"), safe=""),
        quote(ours.sign("https://jarida.example.evil.example/a/1/"), safe=""),
        quote(ours.sign("https://jarida.example@evil.example/a/1/"), safe=""),
        quote(ours.sign("javascript:alert(1)"), safe=""),
        "",
    ):
        answer = reader.get(f"{base}?u={target}")
        assert answer.status_code == 302
        assert answer["Location"] == "https://jarida.example/", target
    assert Edition.objects.get().clicks == 0  # none of those counted


def test_turning_the_counts_off_stops_counting_mail_already_sent(smtp, settings):
    settings.NEWSLETTER_TRACKING = True
    (html,) = send_digest(smtp, "later@example.org").values()
    (pixel,) = [img for img in html.select("img") if img.get("width") == "1"]
    settings.NEWSLETTER_TRACKING = False
    assert Client().get(path_of(pixel["src"])).status_code == 200
    assert Edition.objects.get().opens == 0


def test_a_forged_token_counts_nothing(smtp, settings):
    settings.NEWSLETTER_TRACKING = True
    send_digest(smtp, "real@example.org")
    edition = Edition.objects.get()
    Client().get(f"/newsletter/o/{edition.pk}/1.1:forged/")
    assert Edition.objects.get().opens == 0
