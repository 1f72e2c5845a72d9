"""«الأكثر قراءة»: views counted by the article page's beacon (so cached pages count), with no
cookie and no stored address; bots and repeats dropped; the list recomputed on a schedule and
shown on article pages, which stay cached."""

from __future__ import annotations

import datetime as dt
import time

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from jarida.news.publication import take_down
from jarida.news.tests.factories import ArticleFactory
from jarida.news.tests.html import soup
from jarida.readership.models import HourlyViews, most_read, refresh

pytestmark = pytest.mark.django_db

BROWSER = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Safari/604.1"


def reader(n: int, agent: str = BROWSER) -> Client:
    return Client(REMOTE_ADDR=f"203.0.113.{n}", HTTP_USER_AGENT=agent)


def read(client: Client, article) -> None:
    """What the page's script does after the page loads: one beacon."""
    page = soup(client.get(article.url).content.decode())
    beacon = page.select_one(".article[data-count-url]")["data-count-url"]
    response = client.post(beacon)
    assert response.status_code == 204
    assert not response.cookies


def views(article) -> int:
    return sum(HourlyViews.objects.filter(article=article).values_list("views", flat=True))


@pytest.fixture(autouse=True)
def _fresh_list():
    cache.delete_many(["readership:most-read", "readership:refreshed"])


def test_each_reader_is_counted_once_in_the_window_and_bots_not_at_all(settings):
    article = ArticleFactory()
    first, second = reader(1), reader(2)

    read(first, article)
    read(first, article)  # a reload
    read(second, article)
    read(reader(3, "Mozilla/5.0 (compatible; Googlebot/2.1)"), article)
    read(reader(4, "WhatsApp/2.23.20.0"), article)
    read(reader(5, ""), article)

    assert views(article) == 2
    # Past the window (shortened here: the cache, Redis included, forgets in real time).
    settings.MOST_READ_REPEAT_SECONDS = 1
    read(reader(7), article)
    time.sleep(1.5)
    read(reader(7), article)
    assert views(article) == 4


def test_one_address_rotating_its_browser_name_is_counted_only_up_to_its_allowance(settings):
    settings.MOST_READ_PER_ADDRESS_PER_HOUR = 5
    article, other = ArticleFactory(), ArticleFactory()

    for n in range(12):  # a script: one address, a new user agent each time
        read(Client(REMOTE_ADDR="198.51.100.9", HTTP_USER_AGENT=f"{BROWSER} build/{n}"), article)
    read(reader(1), other)  # another reader is not held back

    assert views(article) == 5
    assert views(other) == 1


def test_no_address_or_agent_is_stored():
    article = ArticleFactory()
    read(reader(9), article)

    row = HourlyViews.objects.get()
    stored = " ".join(str(getattr(row, f.attname)) for f in row._meta.fields)
    assert "203.0.113.9" not in stored and "iPhone" not in stored


def test_the_top_five_of_the_day_show_on_article_pages_and_the_front_page_most_read_first():
    articles = [ArticleFactory(title=f"خبر {n}") for n in range(7)]
    for n, article in enumerate(articles):
        for r in range(n):
            read(reader(10 * n + r), article)
    old = ArticleFactory(title="خبر الأمس")
    with time_machine.travel(timezone.now() - dt.timedelta(hours=30)):
        for _ in range(20):
            HourlyViews.count(old.pk)

    assert refresh() == [a.pk for a in reversed(articles[2:])]

    page = soup(reader(99).get(articles[0].url).content.decode())
    assert [a.get_text() for a in page.select(".most-read li a")] == [
        "خبر 6",
        "خبر 5",
        "خبر 4",
        "خبر 3",
        "خبر 2",
    ]
    assert page.select_one(".most-read a")["href"] == articles[6].url
    front = soup(reader(98).get("/").content.decode())
    assert [a.get_text() for a in front.select(".front-most-read .most-read li a")] == [
        "خبر 6",
        "خبر 5",
        "خبر 4",
        "خبر 3",
        "خبر 2",
    ]
    assert not HourlyViews.objects.filter(article=old).exists()  # older than a day: dropped


def test_the_beacon_refreshes_the_list_on_a_schedule_not_per_view(settings):
    one, two = ArticleFactory(title="الأول"), ArticleFactory(title="الثاني")

    unread = ArticleFactory(title="لم يقرأه أحد")
    read(reader(1), one)  # the first beacon finds no list: it computes one
    for n in range(2, 6):
        read(reader(n), two)
    page = soup(reader(50).get(unread.url).content.decode())

    assert [a.get_text() for a in page.select(".most-read li a")] == ["الأول"]
    assert [entry["id"] for entry in most_read()] == [one.pk]  # not recomputed per view
    settings.MOST_READ_REFRESH_SECONDS = 1
    cache.delete("readership:refreshed")  # the 10-minute lock, as if it had run out
    read(reader(60), one)  # the first beacon after the interval recomputes
    assert [entry["id"] for entry in most_read()] == [two.pk, one.pk]


def test_counting_leaves_the_cached_article_page_alone():
    article = ArticleFactory()
    client = reader(1)

    client.get(article.url)
    read(client, article)
    again = client.get(article.url)

    assert again["X-Cache"] == "HIT"


def test_a_taken_down_article_leaves_the_list_at_once(django_capture_on_commit_callbacks):
    kept, withdrawn = ArticleFactory(title="باق"), ArticleFactory(title="مسحوب")
    for n in range(3):
        read(reader(n), withdrawn)
    read(reader(9), kept)
    refresh()

    with django_capture_on_commit_callbacks(execute=True):
        take_down(withdrawn, None, "طلب قضائي")

    page = soup(reader(50).get(kept.url).content.decode())  # a page stored before
    assert [a.get_text() for a in page.select(".most-read li a")] == ["باق"]


def test_the_beacon_takes_only_posts_for_published_articles():
    article = ArticleFactory()
    client = reader(1)

    assert client.get(f"/most-read/count/{article.pk}/").status_code == 405
    assert client.post("/most-read/count/999999/").status_code == 204
    assert not HourlyViews.objects.exists()
