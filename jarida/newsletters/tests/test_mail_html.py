"""The mail's HTML as the checkers see it: valid for the Nu HTML Checker, right to left in
Chromium (the screenshot in docs/screenshots/ is made here), within Gmail's 102 KB."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from jarida.distribution.tests import nu
from jarida.images.tests.factories import NewsImageFactory
from jarida.news.tests.factories import ArticleFactory, SectionFactory
from jarida.newsletters.mail import confirmation_message
from jarida.newsletters.models import NewsletterList, Subscriber

pytestmark = pytest.mark.django_db

SCREENSHOT = Path(__file__).resolve().parents[3] / "docs" / "screenshots" / "newsletter-digest.png"


@pytest.fixture
def digest_html(smtp) -> str:
    """The morning digest as a subscriber receives it (HTML part)."""
    politics, economy = SectionFactory(title="سياسة"), SectionFactory(title="اقتصاد")
    for title in ("انتخابات بلدية في أيار/مايو", "وزير الخارجية يزور دمشق"):
        ArticleFactory(parent=politics, title=title)
    for title in ("الليرة تستقرّ أمام الدولار", "ارتفاع أسعار المحروقات ٣٪"):
        ArticleFactory(parent=economy, title=title)
    ArticleFactory(  # the newest: the lead
        parent=politics,
        title="الحكومة تُقرّ مشروع الموازنة العامة لعام ٢٠٢٧",
        summary="مجلس الوزراء يناقش الموازنة في جلسة استثنائية ويحيلها إلى البرلمان.",
        lead_image=NewsImageFactory(),
        first_published_at=timezone.now() - dt.timedelta(minutes=5),
    )
    subscriber = Subscriber.objects.create(email="reader@example.org", confirmed_at=timezone.now())
    subscriber.lists.add(NewsletterList.objects.get(slug="daily"))
    call_command("send_newsletter", "daily")
    (mail,) = smtp.received
    return mail.message.get_body(preferencelist=("html",)).get_content()


def test_the_digest_and_the_confirmation_are_valid_html(digest_html):
    confirmation = confirmation_message("reader@example.org", list(NewsletterList.objects.all()))
    (confirmation_html, _), *_ = confirmation.alternatives
    found = nu.errors({"digest": digest_html, "confirmation": confirmation_html})
    assert found == {"digest": [], "confirmation": []}


def test_the_digest_fits_gmail_and_its_images_are_sized_and_described(digest_html):
    assert len(digest_html.encode()) < 102 * 1024
    assert '<img src="https://jarida.example/media/' in digest_html
    assert 'width="600" height="338" alt="' in digest_html


def test_the_digest_reads_right_to_left_in_chromium(digest_html, browser):
    page = browser.new_page(viewport={"width": 700, "height": 1100})

    def media(route):  # the paper's images, served from this run's media folder
        path = route.request.url.split("/media/", 1)[1]
        route.fulfill(path=str(Path(settings.MEDIA_ROOT) / path))

    page.route("https://jarida.example/media/**", media)
    page.set_content(digest_html, wait_until="load")
    assert page.evaluate("getComputedStyle(document.querySelector('h1')).direction") == "rtl"
    heading = page.locator("h1").bounding_box()
    body = page.locator("table table").first.bounding_box()
    # Right to left: the headline starts at the right edge of the mail's column.
    assert body["x"] + body["width"] - (heading["x"] + heading["width"]) < 40
    assert page.evaluate("document.querySelector('img').naturalWidth") > 0
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOT), full_page=True)
