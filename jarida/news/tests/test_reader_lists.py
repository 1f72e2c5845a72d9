"""Home, section, tag, author and date-archive pages: what a reader browsing the paper sees."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
from django.core.management import call_command
from wagtail.models import Site

from jarida.comments.tests.factories import CommentFactory
from jarida.news.models import HomePage
from jarida.news.tests.factories import ArticleFactory, AuthorFactory, SectionFactory
from jarida.news.tests.html import soup, visible_text

pytestmark = pytest.mark.django_db

BEIRUT = zoneinfo.ZoneInfo("Asia/Beirut")


def at(day: int, hour: int = 12, minute: int = 0, month: int = 7) -> dt.datetime:
    return dt.datetime(2021, month, day, hour, minute, tzinfo=BEIRUT)


def headlines(html: str) -> list[str]:
    return [a.get_text() for a in soup(html).select(".card-title a")]


def test_the_home_page_leads_with_the_chosen_top_story_then_the_latest(client):
    politics, sport = SectionFactory(title="سياسة"), SectionFactory(title="رياضة")
    older = ArticleFactory(parent=politics, title="الخبر الرئيسي", first_published_at=at(20))
    newer = ArticleFactory(parent=sport, title="فوز النجمة", first_published_at=at(22))
    home = HomePage.objects.get()
    home.top_story = older
    home.save_revision().publish()

    html = client.get("/").content.decode()

    page = soup(html)
    assert page.select_one(".top-story .card-title").get_text() == "الخبر الرئيسي"
    assert "فوز النجمة" in [a.get_text() for a in page.select(".secondaries .card-title a")]
    # Each story once: the sports block does not repeat what the top of the page shows.
    assert sorted(headlines(html)) == sorted([older.title, newer.title])


def test_without_a_chosen_top_story_the_newest_article_leads(client):
    ArticleFactory(title="قديم", first_published_at=at(1))
    ArticleFactory(title="جديد", first_published_at=at(2))

    page = soup(client.get("/").content.decode())

    assert page.select_one(".top-story .card-title").get_text() == "جديد"


def test_an_unpublished_top_story_is_never_shown(client):
    story = ArticleFactory(title="سُحب من النشر")
    home = HomePage.objects.get()
    home.top_story = story
    home.save_revision().publish()
    story.unpublish()

    assert "سُحب من النشر" not in client.get("/").content.decode()


def test_a_section_lists_its_own_articles_newest_first_in_pages(client, settings):
    settings.ARTICLES_PER_PAGE = 2
    section = SectionFactory(title="اقتصاد")
    for day in (1, 2, 3):
        ArticleFactory(parent=section, title=f"خبر اقتصادي {day}", first_published_at=at(day))
    ArticleFactory(parent=SectionFactory(), title="خبر من قسم آخر")

    first = client.get(section.url).content.decode()
    second = client.get(section.url + "?page=2").content.decode()

    assert headlines(first) == ["خبر اقتصادي 3", "خبر اقتصادي 2"]
    assert headlines(second) == ["خبر اقتصادي 1"]
    assert soup(first).select_one('a[rel="next"]')["href"] == "?page=2"
    assert client.get(section.url + "?page=junk").status_code == 200


def test_walking_every_page_of_a_section_shows_each_article_once_in_order(client, settings):
    """Pages are cut over ids and filled afterwards: ties in publication time, the last short
    page and an out-of-range page must all still come out right."""
    settings.ARTICLES_PER_PAGE = 3
    section = SectionFactory(title="محليات")
    articles = [
        ArticleFactory(parent=section, title=f"خبر محلي {n}", first_published_at=at(1 + n // 3))
        for n in range(10)
    ]
    expected = [
        a.title for a in sorted(articles, key=lambda a: (a.first_published_at, a.pk), reverse=True)
    ]

    pages = [
        headlines(client.get(f"{section.url}?page={n}").content.decode()) for n in (1, 2, 3, 4)
    ]

    assert [len(page) for page in pages] == [3, 3, 3, 1]
    assert [title for page in pages for title in page] == expected
    assert client.get(section.url + "?page=99").status_code == 404


def test_a_tag_page_lists_the_articles_with_that_tag(client):
    tagged = ArticleFactory(title="انقطاع الكهرباء", tags=["الكهرباء"])
    ArticleFactory(title="خبر بلا وسم")
    tag = tagged.tags.get()

    response = client.get(tag.get_absolute_url())

    assert tag.slug == "الكهرباء"
    assert headlines(response.content.decode()) == ["انقطاع الكهرباء"]
    assert client.get("/tags/لا-يوجد/").status_code == 404


def test_an_author_page_lists_their_published_articles(client):
    author = AuthorFactory(name="جاد نصّار")
    ArticleFactory(title="مقال منشور", authors=[author])
    ArticleFactory(title="مسودة", authors=[author], publish=False)

    html = client.get(author.get_absolute_url()).content.decode()

    assert author.slug == "جاد-نصار"
    assert headlines(html) == ["مقال منشور"]
    assert "جاد نصّار" in visible_text(html)


def test_the_date_archive_counts_days_in_the_newsroom_time_zone(client):
    # 23:30 in Beirut on the 22nd is 20:30 UTC: still the 22nd for the paper.
    late = ArticleFactory(title="خبر آخر الليل", first_published_at=at(22, 23, 30))
    ArticleFactory(title="خبر اليوم التالي", first_published_at=at(23, 0, 30))

    day = client.get("/archive/2021/7/22/").content.decode()
    month = client.get("/archive/2021/7/").content.decode()

    assert headlines(day) == [late.title]
    assert "الخميس 22 تموز/يوليو 2021" in visible_text(day)
    assert set(headlines(month)) == {"خبر آخر الليل", "خبر اليوم التالي"}
    assert "تموز/يوليو 2021" in visible_text(month)
    assert client.get("/archive/2021/2/30/").status_code == 404
    assert client.get("/archive/2021/13/").status_code == 404


def test_archive_titles_follow_the_newsroom_locale(client, settings):
    settings.NEWSROOM_LOCALE = "ar_EG"
    ArticleFactory(first_published_at=at(22))

    assert "أرشيف يوليو 2021" in visible_text(client.get("/archive/2021/7/").content.decode())

    settings.NEWSROOM_LOCALE = "ar_DZ"
    settings.NEWSROOM_MONTH_STYLE = "regional"
    call_command("purge_page_cache")  # what a deploy with new settings does
    assert "أرشيف جويلية 2021" in visible_text(client.get("/archive/2021/7/").content.decode())


def test_the_masthead_shows_the_last_change_on_the_site_in_the_newsroom_zone(client):
    ArticleFactory(first_published_at=at(22, 9, 0))
    ArticleFactory(first_published_at=at(23, 8, 0), updated_at=at(23, 20, 2))

    text = visible_text(client.get("/").content.decode())

    assert "الجمعة 2021/07/23" in text
    assert "آخر تحديث: 20:02 (بيروت)" in text


def test_the_masthead_time_moves_with_daylight_saving(client):
    # 17:02 UTC is 19:02 in a Beirut winter and 20:02 in a Beirut summer.
    ArticleFactory(first_published_at=dt.datetime(2021, 1, 15, 17, 2, tzinfo=dt.UTC))

    assert "آخر تحديث: 19:02 (بيروت)" in visible_text(client.get("/").content.decode())


def test_another_newsroom_prints_its_own_city_and_zone(client, settings):
    settings.NEWSROOM_TIME_ZONE = "Africa/Cairo"
    settings.NEWSROOM_CITY = "القاهرة"
    # Egypt brought summer time back in 2023: 17:02 UTC is 20:02 in a Cairo July.
    ArticleFactory(first_published_at=dt.datetime(2024, 7, 23, 17, 2, tzinfo=dt.UTC))

    text = visible_text(client.get("/").content.decode())

    assert "الثلاثاء 2024/07/23" in text
    assert "آخر تحديث: 20:02 (القاهرة)" in text


def test_every_page_declares_arabic_right_to_left(client):
    article = ArticleFactory(tags=["وسم"])
    for url in ("/", article.get_parent().url, article.url, "/tags/وسم/", "/archive/2021/"):
        html = soup(client.get(url).content.decode())
        assert (html.html["lang"], html.html["dir"]) == ("ar", "rtl"), url


def test_a_site_given_a_new_home_page_serves_it_at_once(client, django_capture_on_commit_callbacks):
    """The site and its home page are kept between requests; an operator's edit ends that."""
    first = HomePage.objects.get()
    ArticleFactory(parent=SectionFactory(parent=first, title="قسم الموقع الأول"))

    def digests() -> list[str]:
        page = soup(client.get("/").content.decode())
        return [a.get_text(strip=True) for a in page.select(".masthead .sections a")]

    assert digests() == ["قسم الموقع الأول"]

    second = first.get_parent().add_child(instance=HomePage(title="الموقع الجديد", slug="new"))
    ArticleFactory(parent=SectionFactory(parent=second, title="قسم الموقع الجديد"))
    site = Site.objects.get(is_default_site=True)
    site.root_page = second
    with django_capture_on_commit_callbacks(execute=True):
        site.save()

    assert digests() == ["قسم الموقع الجديد"]


def test_cards_are_kept_rendered_but_never_stale(client, settings):
    """Cards are cached by what they show: a new headline, image or comment count is a new
    card at once (here without the page cache, which keeps whole pages for its own time)."""
    settings.PAGE_CACHE_SECONDS = 0
    section = SectionFactory(title="ثقافة")
    article = ArticleFactory(parent=section, title="افتتاح معرض الكتاب")

    def card_text() -> str:
        return soup(client.get(section.url).content.decode()).select_one(".card").get_text()

    assert "افتتاح معرض الكتاب" in card_text()

    article.title = "افتتاح معرض بيروت للكتاب"
    article.save_revision().publish()
    assert "افتتاح معرض بيروت للكتاب" in card_text()

    CommentFactory(article=article)
    assert "تعليق" in card_text()
