"""What every page tells crawlers and link previews: canonical URL, description, OpenGraph,
Twitter card, feed links, and on articles the JSON-LD that extruct (as Google) reads."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from urllib.parse import urlsplit

import extruct
import pytest
from bs4 import BeautifulSoup
from PIL import Image

from jarida.distribution.tests.conftest import HEADLINE, SUMMARY, beirut
from jarida.news.models import ArticlePage
from jarida.news.tests.factories import ArticleFactory, SectionFactory

pytestmark = pytest.mark.django_db


def head(client, path: str) -> BeautifulSoup:
    response = client.get(path)
    assert response.status_code == 200, path
    return BeautifulSoup(response.content.decode(), "html.parser").head


def meta(page: BeautifulSoup, key: str) -> list[str]:
    return [
        tag["content"]
        for tag in page.find_all("meta")
        if tag.get("property") == key or tag.get("name") == key
    ]


def alternates(page: BeautifulSoup) -> dict[str, str]:
    return {link["href"]: link["type"] for link in page.find_all("link", rel="alternate")}


def json_ld(client, path: str) -> list[dict]:
    html = client.get(path).content.decode()
    return extruct.extract(html, base_url=f"http://testserver{path}", syntaxes=["json-ld"])[
        "json-ld"
    ]


def test_an_article_page_has_canonical_description_opengraph_and_twitter_card(client, paper):
    url = f"http://testserver{paper.article.url}"
    page = head(client, paper.article.url)

    assert page.find("link", rel="canonical")["href"] == url
    assert meta(page, "og:url") == [url]
    assert meta(page, "og:locale") == ["ar_AR"]
    assert meta(page, "og:type") == ["article"]
    assert meta(page, "og:site_name") == ["جريدة"]
    assert meta(page, "og:title") == meta(page, "twitter:title") == [HEADLINE]
    assert meta(page, "og:description") == meta(page, "twitter:description") == [SUMMARY]
    assert meta(page, "twitter:card") == ["summary_large_image"]
    assert meta(page, "article:published_time") == ["2021-07-23T09:30:00+03:00"]
    assert meta(page, "article:modified_time") == ["2021-07-23T20:02:00+03:00"]
    assert meta(page, "article:section") == ["سياسة"]
    assert sorted(meta(page, "article:tag")) == ["الموازنة", "مجلس النواب"]
    [image] = meta(page, "og:image")
    assert meta(page, "twitter:image") == [image]
    assert meta(page, "og:image:alt") == ["نواب في قاعة المجلس"]
    assert meta(page, "og:image:width") == ["1200"]
    response = client.get(urlsplit(image).path)
    assert response.status_code == 200
    assert Image.open(io.BytesIO(b"".join(response.streaming_content))).format == "JPEG"


def test_an_article_page_has_exactly_one_description(client, paper):
    assert len(meta(head(client, paper.article.url), "description")) == 1


def test_an_article_links_its_section_feeds_and_the_papers(client, paper):
    links = alternates(head(client, paper.article.url))

    assert links == {
        f"http://testserver/feeds{paper.section.url}rss/": "application/rss+xml",
        f"http://testserver/feeds{paper.section.url}atom/": "application/atom+xml",
        "http://testserver/feeds/rss/": "application/rss+xml",
        "http://testserver/feeds/atom/": "application/atom+xml",
    }
    for href, mime_type in links.items():
        response = client.get(urlsplit(href).path)
        assert response.status_code == 200 and response["Content-Type"].startswith(mime_type)


def test_extruct_finds_exactly_one_news_article_with_what_google_needs(client, paper):
    items = json_ld(client, paper.article.url)

    [article] = [item for item in items if item["@type"] == "NewsArticle"]
    url = f"http://testserver{paper.article.url}"
    assert article["headline"] == HEADLINE
    assert article["description"] == SUMMARY
    assert article["url"] == article["mainEntityOfPage"]["@id"] == url
    assert article["inLanguage"] == "ar"
    assert article["datePublished"] == "2021-07-23T09:30:00+03:00"
    assert article["dateModified"] == "2021-07-23T20:02:00+03:00"
    assert article["articleSection"] == "سياسة"
    assert article["author"] == [
        {
            "@type": "Person",
            "name": "ريم الخوري",
            "url": f"http://testserver{paper.author.get_absolute_url()}",
        }
    ]
    publisher = article["publisher"]
    assert publisher["name"] == "جريدة" and publisher["url"] == "http://testserver/"
    logo = publisher["logo"]
    response = client.get(urlsplit(logo["url"]).path)
    assert response.status_code == 200
    with Image.open(io.BytesIO(b"".join(response.streaming_content))) as picture:
        assert picture.format == "PNG"  # Google wants a raster logo, at most 600×60
        assert picture.size == (logo["width"], logo["height"])
        assert picture.width <= 600 and picture.height <= 60
    [image] = article["image"]
    assert image["creditText"] == "© رويترز"
    assert image["caption"] == "نواب في قاعة المجلس"
    assert image["width"] == 1200 and client.get(urlsplit(image["url"]).path).status_code == 200
    assert "correction" not in article


def test_the_breadcrumbs_lead_from_the_front_page_to_the_article(client, paper):
    [trail] = [
        item for item in json_ld(client, paper.article.url) if item["@type"] == "BreadcrumbList"
    ]

    assert [(e["position"], e["name"], e["item"]) for e in trail["itemListElement"]] == [
        (1, "جريدة", "http://testserver/"),
        (2, "سياسة", f"http://testserver{paper.section.url}"),
        (3, HEADLINE, f"http://testserver{paper.article.url}"),
    ]


@dataclass
class StandInNotice:
    """What the newsroom's notice model offers: a kind, its printed label, text and time."""

    kind: str
    text: str
    noted_at: dt.datetime

    def get_kind_display(self) -> str:
        return {"correction": "تصحيح", "clarification": "توضيح"}[self.kind]


def test_correction_notices_become_correction_comments(client, paper, monkeypatch):
    notices = [
        StandInNotice("correction", "ورد خطأً أنّ الجلسة استمرّت ١٠ ساعات.", beirut(24, 10, 0)),
        StandInNotice("clarification", "النائب المذكور لم يصوّت.", beirut(25, 11, 15)),
    ]
    monkeypatch.setattr(ArticlePage, "public_notices", lambda self: notices, raising=False)

    [article] = [
        item for item in json_ld(client, paper.article.url) if item["@type"] == "NewsArticle"
    ]

    assert article["correction"] == [
        {
            "@type": "CorrectionComment",
            "text": "تصحيح: ورد خطأً أنّ الجلسة استمرّت ١٠ ساعات.",
            "datePublished": "2021-07-24T10:00:00+03:00",
        },
        {
            "@type": "CorrectionComment",
            "text": "توضيح: النائب المذكور لم يصوّت.",
            "datePublished": "2021-07-25T11:15:00+03:00",
        },
    ]


def test_an_article_without_author_or_photo_is_signed_by_the_paper(client, paper):
    article = ArticleFactory(parent=paper.section, title="بيان رسمي", summary="")

    page = head(client, article.url)
    [item] = [i for i in json_ld(client, article.url) if i["@type"] == "NewsArticle"]

    assert item["author"] == [
        {"@type": "Organization", "name": "جريدة", "url": "http://testserver/"}
    ]
    # No photo: the site's default card, so every link preview and NewsArticle has one.
    assert meta(page, "og:image") == ["http://testserver/static/jarida/share-card.png"]
    assert item["image"][0]["url"] == "http://testserver/static/jarida/share-card.png"
    assert (item["image"][0]["width"], item["image"][0]["height"]) == (1200, 630)
    assert meta(page, "twitter:card") == ["summary_large_image"]
    # No summary: the first paragraph describes the article.
    assert meta(page, "og:description") == [
        "قالَ وزيرُ الماليّة إنّ الموازنة الجديدة ستُعرض على مجلس الوزراء في ١٥ تشرين الأول/أكتوبر."
    ]


def test_no_text_in_an_article_can_close_its_json_ld_script(client, paper):
    article = ArticleFactory(
        parent=paper.section, title="</script><script>alert(1)</script> & <!--"
    )

    html = client.get(article.url).content.decode()
    [item] = [i for i in json_ld(client, article.url) if i["@type"] == "NewsArticle"]

    assert item["headline"] == "</script><script>alert(1)</script> & <!--"
    assert "<script>alert(1)" not in html


def test_lists_have_canonical_description_opengraph_and_their_feeds(client, paper, settings):
    settings.ARTICLES_PER_PAGE = 1
    ArticleFactory(parent=paper.section, first_published_at=beirut(24))
    section, tag, author = (
        paper.section.url,
        paper.tag.get_absolute_url(),
        paper.author.get_absolute_url(),
    )
    cases = {
        "/": ("جريدة", "آخر الأخبار والتقارير من جريدة", ["/feeds/rss/"]),
        section: ("سياسة", "أخبار السياسة المحلية.", [f"/feeds{section}rss/", "/feeds/rss/"]),
        f"{section}?page=2": ("سياسة", "أخبار السياسة المحلية.", [f"/feeds{section}rss/"]),
        tag: ("وسم: الموازنة", "آخر الأخبار الموسومة «الموازنة» من جريدة", [f"/feeds{tag}rss/"]),
        author: ("ريم الخوري", "صحافية تغطي الشؤون السياسية.", [f"/feeds{author}rss/"]),
        "/archive/2021/07/": (
            "أرشيف تموز/يوليو 2021",
            "أرشيف تموز/يوليو 2021 | جريدة",
            ["/feeds/rss/"],
        ),
    }

    for path, (title, description, feeds) in cases.items():
        page = head(client, path)
        canonical = f"http://testserver{path}"
        assert page.find("link", rel="canonical")["href"] == canonical, path
        assert meta(page, "og:url") == [canonical], path
        assert meta(page, "og:title") == [title], path
        assert meta(page, "description") == meta(page, "og:description") == [description], path
        assert meta(page, "og:type") == ["website"], path
        assert meta(page, "og:locale") == ["ar_AR"], path
        assert meta(page, "twitter:card") == ["summary"], path
        for feed in feeds:
            assert f"http://testserver{feed}" in alternates(page), (path, feed)
        assert page.find("script", type="application/ld+json") is None, path


def test_a_canonical_url_drops_tracking_parameters(client, paper):
    page = head(client, paper.article.url + "?utm_source=whatsapp")

    assert page.find("link", rel="canonical")["href"] == f"http://testserver{paper.article.url}"


def test_the_description_is_cut_at_a_word_for_long_summaries(client, paper):
    article = ArticleFactory(parent=SectionFactory(title="اقتصاد"), summary="كلمة " * 100)

    [description] = meta(head(client, article.url), "og:description")

    assert len(description) <= 200 and description.endswith("كلمة…")


def test_a_never_published_draft_still_previews_with_its_metadata(paper):
    draft = ArticleFactory(parent=paper.section, title="مسودة قيد المراجعة", publish=False)

    response = draft.make_preview_request()

    assert response.status_code == 200
    page = BeautifulSoup(response.content.decode(), "html.parser").head
    assert meta(page, "og:title") == ["مسودة قيد المراجعة"]
    assert meta(page, "article:published_time") == [""]
