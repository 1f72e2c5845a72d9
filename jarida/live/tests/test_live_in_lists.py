"""Live pages on the paper's lists: the home page and a section's page carry them as cards
beside the articles (running coverage with a «مباشر» chip, ended coverage as an archive), the
«مباشر» strip names the running coverage the lists below do not already show, a cached list
follows a live page's publish, end and takedown, and the lists stay within their query
budget."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from jarida.images.tests.factories import NewsImageFactory, jpeg_file
from jarida.live.tests.factories import LiveCoverageFactory, LiveUpdateFactory
from jarida.news.publication import take_down
from jarida.news.tests.factories import ArticleFactory, SectionFactory
from jarida.news.tests.test_query_counts import LIST_LIMIT, NOTHING_CACHED

pytestmark = pytest.mark.django_db


def strip_of(html: str) -> str:
    found = re.search(r'<section class="live-now".*?</section>', html, re.S)
    return found.group(0) if found else ""


def cards_of(html: str) -> str:
    """The page less its «مباشر» strip and «عاجل» strip: what the lists show."""
    html = html.replace(strip_of(html), "")
    return re.sub(r'<(div|section) class="breaking".*?</\1>', "", html, flags=re.S)


def test_running_and_ended_coverage_are_cards_on_home_and_their_section(client, local):
    running = LiveCoverageFactory(parent=local, title="مباشر: الانتخابات البلدية")
    ended = LiveCoverageFactory(
        parent=local,
        title="مباشر: مباراة النهائي",
        state="ended",
        first_published_at=timezone.now() - dt.timedelta(days=2),
    )
    draft = LiveCoverageFactory(parent=local, publish=False, title="تغطية لم تُنشر")
    ArticleFactory(parent=local, title="خبر عادي في القسم")

    home = client.get("/").content.decode()
    section = client.get(local.url).content.decode()

    for html in (home, section):
        cards = cards_of(html)
        assert running.title in cards and ended.title in cards
        assert draft.title not in html
        assert 'class="card-live"' in cards  # the running one's chip
        assert "تغطية مباشرة · انتهت التغطية" in cards
        assert f'href="{running.url}"' in cards
        # Shown as a card, it is not named again in the strip.
        assert running.title not in strip_of(html)


def test_the_strip_names_running_coverage_the_lists_no_longer_show(client, local):
    coverage = LiveCoverageFactory(
        parent=local,
        title="مباشر: العاصفة في يومها الثالث",
        first_published_at=timezone.now() - dt.timedelta(days=3),
    )
    for n in range(25):  # enough newer stories to push it off the home page and page 1
        ArticleFactory(parent=local, title=f"خبر أحدث رقم {n}")

    home = client.get("/").content.decode()
    section = client.get(local.url).content.decode()

    for html in (home, section):
        assert coverage.title in strip_of(html)
        assert coverage.title not in cards_of(html)
        assert f'href="{coverage.url}"' in strip_of(html)


def test_a_cached_list_follows_the_coverage_starting_ending_and_being_taken_down(
    client, local, editor, django_capture_on_commit_callbacks
):
    ArticleFactory(parent=local, title="خبر قديم")
    urls = ["/", local.url]
    for url in urls:
        client.get(url)
        assert client.get(url)["X-Cache"] == "HIT"

    with django_capture_on_commit_callbacks(execute=True):
        coverage = LiveCoverageFactory(parent=local, publish=False, title="مباشر: جلسة البرلمان")
        coverage.save_revision().publish()
    started = {url: client.get(url) for url in urls}

    with django_capture_on_commit_callbacks(execute=True):
        coverage.state = "ended"
        coverage.save_revision().publish()
    ended = {url: client.get(url).content.decode() for url in urls}

    with django_capture_on_commit_callbacks(execute=True):
        take_down(coverage, editor, "خطأ في المصدر")
    gone = {url: client.get(url).content.decode() for url in urls}

    for url in urls:
        assert started[url]["X-Cache"] == "MISS", url
        assert coverage.title in cards_of(started[url].content.decode())
        assert "تغطية مباشرة · انتهت التغطية" in ended[url]
        assert coverage.title not in gone[url]


def test_an_update_does_not_purge_the_lists(client, coverage, django_capture_on_commit_callbacks):
    """A card shows nothing an update changes: a reporter posting every minute leaves the
    home page and the section's page in the cache."""
    urls = ["/", coverage.get_parent().url]
    for url in urls:
        client.get(url)

    with django_capture_on_commit_callbacks(execute=True):
        LiveUpdateFactory(page=coverage)

    assert [client.get(url)["X-Cache"] for url in urls] == ["HIT", "HIT"]


def test_lists_with_live_pages_keep_their_query_budget(client, settings, local):
    settings.CACHES = NOTHING_CACHED
    settings.PAGE_CACHE_SECONDS = 0
    other = SectionFactory(title="اقتصاد")
    for n in range(8):
        image = NewsImageFactory(file=jpeg_file(160, 90, name=f"live-list-{n}.jpg"))
        ArticleFactory(parent=(local, other)[n % 2], lead_image=image, title=f"خبر رقم {n}")
    LiveCoverageFactory(parent=local, title="مباشر: في القسم")
    LiveCoverageFactory(parent=other, title="مباشر: جلسة البورصة", state="ended")
    LiveCoverageFactory(
        parent=local,
        title="مباشر: قديمة ما زالت جارية",
        first_published_at=timezone.now() - dt.timedelta(days=5),
    )

    counts = {}
    for url in ("/", local.url, other.url):
        client.get(url)  # renditions made once for good
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200
        assert "مباشر" in response.content.decode()
        counts[url] = len(captured.captured_queries)

    assert all(n <= LIST_LIMIT for n in counts.values()), counts


def test_lists_and_corrections_with_live_coverage_are_valid_html(client, local):
    from jarida.distribution.tests import nu
    from jarida.live.models import LiveUpdateCorrection

    nu.vnu_jar()  # skips, saying why, where the checker is missing
    running = LiveCoverageFactory(parent=local, title="مباشر: الانتخابات البلدية")
    LiveCoverageFactory(
        parent=local,
        title="مباشر: العاصفة",
        first_published_at=timezone.now() - dt.timedelta(days=5),
    )
    for n in range(22):
        ArticleFactory(parent=local, title=f"خبر رقم {n}")
    # The newest story: a card on both lists; the two running ones are in the strips.
    LiveCoverageFactory(
        parent=local, title="مباشر: المباراة", state="ended", first_published_at=timezone.now()
    )
    update = LiveUpdateFactory(page=running)
    LiveUpdateCorrection.objects.create(update=update, text="صُحّح عدد المقترعين.")
    pages = {
        name: client.get(url).content.decode()
        for name, url in (("home", "/"), ("section", local.url), ("corrections", "/corrections/"))
    }

    for name in ("home", "section"):
        assert "live-now" in pages[name] and "card-live" in pages[name], name
    assert "صُحّح عدد المقترعين." in pages["corrections"]
    found = nu.errors(pages)
    assert not any(found.values()), found
