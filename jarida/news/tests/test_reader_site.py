"""The reader site as a newspaper: errors and limits, the footer, the front page's hierarchy,
the article page's times, share links and photo, and what the server sends (compression,
cache lifetimes, link previews). Layout and print are driven in Chromium
(`test_reader_layout.py`)."""

from __future__ import annotations

import datetime as dt
import gzip
import json
import zoneinfo

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.utils import timezone
from wagtail.models import Site

from jarida.images.tests.factories import NewsImageFactory
from jarida.news.models import FrontPageSecondary, HomePage
from jarida.news.tests.factories import ArticleFactory, AuthorFactory, SectionFactory
from jarida.news.tests.html import soup, visible_text

pytestmark = pytest.mark.django_db

BEIRUT = zoneinfo.ZoneInfo("Asia/Beirut")


def at(day: int, hour: int = 12, month: int = 7, year: int = 2021) -> dt.datetime:
    return dt.datetime(year, month, day, hour, tzinfo=BEIRUT)


# --- errors and limits ---------------------------------------------------------------------


def test_an_unknown_address_gets_the_arabic_404_page(client):
    response = client.get("/لا-يوجد-شيء-هنا/")

    assert response.status_code == 404
    page = soup(response.content.decode())
    assert page.html["lang"] == "ar" and page.html["dir"] == "rtl"
    assert page.select_one("h1").get_text() == "الصفحة غير موجودة"
    assert page.select_one(".site-footer a[href='/corrections/']") is not None
    assert "Not Found" not in response.content.decode()


@pytest.mark.parametrize(
    "path",
    [
        "/archive/{next_year}/",
        "/archive/{next_year}/1/",
        "/archive/{next_year}/1/1/",
        "/archive/2021/2/30/",
        "/archive/2021/13/",
        "/archive/1990/",
        "/archive/2021/6/",
    ],
    ids=[
        "next year",
        "a month to come",
        "a day to come",
        "30 February",
        "month 13",
        "before the first article",
        "the month before the first article",
    ],
)
def test_archives_of_impossible_or_empty_past_and_future_dates_are_not_found(client, path):
    ArticleFactory(first_published_at=at(23))
    url = path.format(next_year=timezone.now().year + 1)

    assert client.get(url).status_code == 404


def test_an_archive_day_inside_the_papers_life_with_no_news_is_there_but_not_indexed(client):
    ArticleFactory(first_published_at=at(1))
    ArticleFactory(first_published_at=at(23))

    response = client.get("/archive/2021/7/10/")

    assert response.status_code == 200
    assert soup(response.content.decode()).select_one('meta[name="robots"]')["content"] == (
        "noindex"
    )
    july = soup(client.get("/archive/2021/7/").content.decode())
    assert july.select_one('meta[name="robots"]') is None


def test_pages_past_the_last_are_not_found_on_every_list(client, settings):
    settings.ARTICLES_PER_PAGE = 2
    section = SectionFactory(title="اقتصاد")
    author = AuthorFactory(name="ريم الخوري")
    for day in (1, 2, 3):
        ArticleFactory(
            parent=section, first_published_at=at(day), tags=["الموازنة"], authors=[author]
        )
    lists = [section.url, "/tags/الموازنة/", "/authors/ريم-الخوري/", "/archive/2021/7/"]

    for url in lists:
        assert client.get(url + "?page=2").status_code == 200, url
        assert client.get(url + "?page=3").status_code == 404, url
        assert client.get(url + "?page=999").status_code == 404, url
        assert client.get(url + "?page=0").status_code == 404, url
        assert client.get(url + "?page=junk").status_code == 200, url


# --- the footer and the newsroom's own pages -----------------------------------------------


def test_every_page_has_a_footer_with_sections_corrections_about_contact_and_copyright(client):
    section = SectionFactory(title="رياضة")
    article = ArticleFactory(parent=section, tags=["كرة"])

    for url in ("/", section.url, article.url, "/tags/كرة/", "/corrections/", "/search/"):
        footer = soup(client.get(url).content.decode()).select_one("footer.site-footer")
        assert footer is not None, url
        links = {a.get_text(strip=True): a["href"] for a in footer.select("a")}
        assert links["رياضة"] == section.url, url
        assert links["التصحيحات"] == "/corrections/"
        assert links["من نحن"] == "/about/" and links["اتصل بنا"] == "/contact/"
        assert "جميع الحقوق محفوظة" in footer.get_text()
    for href in ("/about/", "/contact/", "/corrections/", "/feeds/rss/"):
        assert client.get(href).status_code == 200, href


def test_the_newsroom_writes_its_about_and_contact_pages_in_the_settings(
    client, django_capture_on_commit_callbacks
):
    editor = User.objects.create_superuser("editor", password="x")
    site = Site.objects.get(is_default_site=True)
    assert "لم تكتب غرفة الأخبار هذه الصفحة بعد" in visible_text(
        client.get("/about/").content.decode()
    )
    client.force_login(editor)

    with django_capture_on_commit_callbacks(execute=True):  # the purge runs after commit
        response = client.post(
            f"/admin/settings/news/newsroomsettings/{site.pk}/",
            {
                "show_hijri_date": "",
                "hijri_offset_days": "0",
                "breaking_default_hours": "6",
                "about_text": "جريدة يومية مستقلة تصدر في بيروت.\nتأسست عام 2020.",
                "contact_text": "بيروت، شارع الحمرا\nالهاتف: 01 234 567",
            },
        )
    client.logout()

    assert response.status_code == 302
    about = soup(client.get("/about/").content.decode())
    assert [p.get_text() for p in about.select(".newsroom-page p")] == [
        "جريدة يومية مستقلة تصدر في بيروت.",
        "تأسست عام 2020.",
    ]
    assert "شارع الحمرا" in visible_text(client.get("/contact/").content.decode())


# --- what the server sends -----------------------------------------------------------------


def test_pages_the_cache_does_not_keep_are_compressed_and_cached_pages_still_are(client):
    article = ArticleFactory()

    search = client.get("/search/", {"q": "الموازنة"}, HTTP_ACCEPT_ENCODING="gzip")
    first = client.get(article.url, HTTP_ACCEPT_ENCODING="gzip")
    second = client.get(article.url, HTTP_ACCEPT_ENCODING="gzip")
    plain = client.get(article.url)

    assert search["Content-Encoding"] == "gzip"
    assert "الموازنة" in gzip.decompress(search.content).decode()
    assert (first["X-Cache"], second["X-Cache"]) == ("MISS", "HIT")
    assert first["Content-Encoding"] == second["Content-Encoding"] == "gzip"
    assert gzip.decompress(second.content).decode() == plain.content.decode()
    assert "Content-Encoding" not in plain


def test_media_files_are_sent_with_a_long_cache_lifetime(client, settings):
    photo = NewsImageFactory()
    rendition = photo.get_rendition("width-400")

    response = client.get(rendition.url)

    assert response.status_code == 200
    assert response["Cache-Control"] == f"public, max-age={settings.MEDIA_MAX_AGE}"
    assert settings.MEDIA_MAX_AGE >= 7 * 24 * 3600


def test_an_article_without_a_photo_shares_the_sites_default_card(client):
    article = ArticleFactory(lead_image=None)

    page = soup(client.get(article.url).content.decode())

    og_image = page.select_one('meta[property="og:image"]')["content"]
    assert og_image.startswith("http") and og_image.endswith(".png")
    assert page.select_one('meta[name="twitter:card"]')["content"] == "summary_large_image"
    graph = json.loads(page.select_one('script[type="application/ld+json"]').string)
    news = next(item for item in graph if item["@type"] == "NewsArticle")
    assert news["image"][0]["url"] == og_image
    assert client.get(og_image.removeprefix("http://testserver")).status_code == 200


# --- the article page ----------------------------------------------------------------------


def test_the_article_shows_its_publication_time_and_last_update_in_the_newsrooms_zone(client):
    article = ArticleFactory(
        first_published_at=at(15, 8, month=1),
        updated_at=dt.datetime(2021, 1, 16, 19, 2, tzinfo=BEIRUT),
    )

    text = visible_text(client.get(article.url).content.decode())

    assert "نُشر في الجمعة 2021/01/15 08:00 (بيروت)" in text
    assert "آخر تحديث: السبت 2021/01/16 19:02 (بيروت)" in text


def test_share_links_use_the_short_link_whatsapp_first_and_load_no_third_party_script(client):
    article = ArticleFactory(title="البرلمان يُقرّ قانون الموازنة")
    short = f"http://testserver/a/{article.pk}/"

    page = soup(client.get(article.url).content.decode())

    assert page.select_one('link[rel="shortlink"]')["href"] == short
    links = page.select(".share a")
    assert [a.get_text(strip=True).split("(")[0].strip() for a in links] == [
        "واتساب",
        "إكس",
        "فيسبوك",
        "تلغرام",
        "نسخ الرابط",
    ]
    assert links[0]["href"].startswith("https://wa.me/?text=")
    assert all("%2Fa%2F" in a["href"] or "/a/" in a["href"] for a in links)
    assert links[-1]["href"] == short
    scripts = [s["src"] for s in page.select("script[src]")]
    assert scripts and all(src.startswith("/static/") for src in scripts)
    assert client.get(short.removeprefix("http://testserver")).status_code == 301


def test_the_lead_photo_offers_widths_up_to_the_full_column(client):
    article = ArticleFactory(lead_image=NewsImageFactory())

    page = soup(client.get(article.url).content.decode())

    source = page.select_one(".lead-image source[type='image/webp']")
    widths = [int(item.split()[-1].rstrip("w")) for item in source["srcset"].split(",")]
    assert max(widths) >= 1200 and len(widths) >= 3
    assert "48rem" in source["sizes"]


def test_a_breaking_headline_that_starts_with_the_word_is_not_labelled_twice(client):
    ArticleFactory(
        title="عاجل: انفجار في مرفأ بيروت",
        is_breaking=True,
        breaking_until=timezone.now() + dt.timedelta(hours=1),
    )

    strip = soup(client.get("/").content.decode()).select_one(".breaking")

    assert strip.select_one(".breaking-label").get_text() == "عاجل"
    assert [a.get_text() for a in strip.select("li a")] == ["انفجار في مرفأ بيروت"]


# --- the front page and lists --------------------------------------------------------------


def test_the_front_page_has_a_lead_secondaries_latest_and_section_blocks_each_story_once(client):
    sections = [SectionFactory(title=t) for t in ("سياسة", "اقتصاد", "رياضة")]
    now = timezone.now()
    # The newest story is from today in the newsroom's zone at any hour the test runs (an
    # hour ago is yesterday between midnight and one in Beirut).
    midnight = now.astimezone(zoneinfo.ZoneInfo(settings.NEWSROOM_TIME_ZONE)).replace(
        hour=0, minute=0, second=0, microsecond=0
    )
    for n in range(24):
        ArticleFactory(
            parent=sections[n % 3],
            title=f"خبر رقم {n}",
            first_published_at=max(now - dt.timedelta(hours=1), midnight)
            if n == 0
            else now - dt.timedelta(hours=n + 1),
            lead_image=NewsImageFactory() if n % 2 else None,
        )

    page = soup(client.get("/").content.decode())

    titles = [a.get_text() for a in page.select(".card-title a")]
    assert len(titles) == len(set(titles)), "a story shown twice"
    assert page.select_one(".top-story .card-title").get_text() == "خبر رقم 0"
    assert [a.get_text() for a in page.select(".secondaries .card-title a")] == [
        "خبر رقم 1",
        "خبر رقم 2",
        "خبر رقم 3",
    ]
    assert len(page.select(".latest .card")) == 8
    blocks = {b.select_one("h2").get_text(strip=True): b for b in page.select(".section-digest")}
    assert set(blocks) == {"سياسة", "اقتصاد", "رياضة"}
    assert all(len(b.select(".card")) == 4 for b in blocks.values())
    for card in page.select(".card"):
        assert card.select_one(".card-section a").get_text() in {"سياسة", "اقتصاد", "رياضة"}
        assert card.select_one(".card-meta time")["datetime"]
    assert page.select_one(".top-story .card-meta time").get_text().startswith("اليوم ")


def test_quiet_sections_stand_side_by_side_instead_of_one_card_in_an_empty_row(client):
    busy, quiet, quieter = (SectionFactory(title=t) for t in ("سياسة", "ثقافة", "رياضة"))
    now = timezone.now()
    for n in range(16):  # the lead, three secondaries, eight latest, four for «سياسة»
        ArticleFactory(parent=busy, first_published_at=now - dt.timedelta(hours=n + 1))
    for n, section in enumerate([quiet, quiet, quieter]):
        ArticleFactory(
            parent=section,
            title=f"قصة هادئة {n}",
            first_published_at=now - dt.timedelta(days=2, hours=n),
        )

    page = soup(client.get("/").content.decode())

    blocks = page.select(".section-digest:not(.section-digest--column)")
    assert [b.select_one("h2").get_text(strip=True) for b in blocks] == ["سياسة"]
    assert len(blocks[0].select(".card")) == 4
    columns = {
        c.select_one("h2").get_text(strip=True): [a.get_text() for a in c.select(".card-title a")]
        for c in page.select(".section-columns .section-digest--column")
    }
    assert columns == {"ثقافة": ["قصة هادئة 0", "قصة هادئة 1"], "رياضة": ["قصة هادئة 2"]}


def test_list_cards_name_their_section_and_time(client):
    section = SectionFactory(title="ثقافة")
    ArticleFactory(parent=section, tags=["مسرح"], first_published_at=at(23))

    for url in (section.url, "/tags/مسرح/", "/archive/2021/7/23/"):
        card = soup(client.get(url).content.decode()).select_one(".card")
        assert card.select_one(".card-section").get_text(strip=True) == "ثقافة", url
        assert card.select_one(".card-meta time").get_text() == "الجمعة 2021/07/23"


def test_the_home_page_names_no_one_twice_even_when_the_top_story_is_chosen(client):
    section = SectionFactory(title="سياسة")
    chosen = ArticleFactory(parent=section, title="المختار", first_published_at=at(1))
    for day in range(2, 12):
        ArticleFactory(parent=section, title=f"خبر {day}", first_published_at=at(day))
    home = HomePage.objects.get()
    home.top_story = chosen
    home.save_revision().publish()

    page = soup(client.get("/").content.decode())

    titles = [a.get_text() for a in page.select(".card-title a")]
    assert titles[0] == "المختار" and titles.count("المختار") == 1
    assert len(titles) == len(set(titles)) == 11  # every story once: lead, secondaries, latest


def test_editors_choose_the_secondaries_and_the_newest_fill_the_rest(client):
    section = SectionFactory(title="سياسة")
    old_one = ArticleFactory(parent=section, title="مختار أول", first_published_at=at(1))
    old_two = ArticleFactory(parent=section, title="مختار ثان", first_published_at=at(2))
    for day in range(3, 10):
        ArticleFactory(parent=section, title=f"خبر {day}", first_published_at=at(day))
    home = HomePage.objects.get()
    home.secondary_stories = [
        FrontPageSecondary(article=old_two),
        FrontPageSecondary(article=old_one),
    ]
    home.save_revision().publish()

    page = soup(client.get("/").content.decode())

    assert page.select_one(".top-story .card-title").get_text() == "خبر 9"
    assert [a.get_text() for a in page.select(".secondaries .card-title a")] == [
        "مختار ثان",
        "مختار أول",
        "خبر 8",
    ]
    titles = [a.get_text() for a in page.select(".card-title a")]
    assert len(titles) == len(set(titles))


def test_the_home_page_editor_offers_the_secondaries(client):
    client.force_login(User.objects.create_superuser("editor", password="x"))
    home = HomePage.objects.get()

    response = client.get(f"/admin/pages/{home.pk}/edit/")

    assert response.status_code == 200
    assert "أبرز الأخبار" in response.content.decode()
    assert 'name="secondary_stories-TOTAL_FORMS"' in response.content.decode()
