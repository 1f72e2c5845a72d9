"""The JSON API at /api/v1/, driven through its URLs as an app would."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest

from jarida.distribution.tests.conftest import HEADLINE, SUMMARY, Paper, beirut
from jarida.images.tests.factories import NewsImageFactory
from jarida.news.models import ArticlePage
from jarida.news.tests.factories import ArticleFactory, AuthorFactory, SectionFactory

pytestmark = pytest.mark.django_db


def get(client, path: str, **headers: str) -> dict | list:
    response = client.get(path, headers=headers)
    assert response.status_code == 200, (path, response.content)
    assert response["Content-Type"] == "application/json; charset=utf-8"
    return response.json()


def titles(data: dict) -> list[str]:
    return [item["title"] for item in data["items"]]


def test_articles_come_newest_first_with_what_an_app_shows(client, paper):
    ArticleFactory(parent=paper.section, title="أقدم", first_published_at=beirut(20))

    response = client.get("/api/v1/articles/")
    data = response.json()

    assert "البرلمانُ".encode() in response.content  # UTF-8, not \u escapes
    assert titles(data) == [HEADLINE, "أقدم"]
    item = data["items"][0]
    assert item == {
        "id": paper.article.pk,
        "title": HEADLINE,
        "summary": SUMMARY,
        "url": f"http://testserver{paper.article.url}",
        "short_url": f"http://testserver/a/{paper.article.pk}/",
        "section": {
            "id": paper.section.pk,
            "slug": "سياسة",
            "title": "سياسة",
            "url": f"http://testserver{paper.section.url}",
        },
        "authors": [
            {
                "slug": paper.author.slug,
                "name": "ريم الخوري",
                "url": f"http://testserver{paper.author.get_absolute_url()}",
            }
        ],
        "tags": [
            {
                "slug": tag.slug,
                "name": tag.name,
                "url": f"http://testserver{tag.get_absolute_url()}",
            }
            for tag in paper.article.tags.order_by("pk")
        ],
        "byline": "بيروت - جريدة",
        "published_at": "2021-07-23T09:30:00+03:00",
        "modified_at": "2021-07-23T20:02:00+03:00",
        "image": {
            "url": f"http://testserver{paper.article.lead_image.file.url}",
            "width": 1200,
            "height": 675,
            "caption": "نواب في قاعة المجلس",
            "credit": "© رويترز",
        },
    }
    assert data["next_cursor"] is None and data["next"] is None


def test_articles_filter_by_section_tag_author_and_newsroom_day(client, paper):
    sport = SectionFactory(title="رياضة")
    # 00:30 in Beirut on 24 July is still 23 July in UTC: the newsroom's day counts.
    ArticleFactory(
        parent=sport,
        title="النجمة يفوز",
        first_published_at=beirut(24, 0, 30),
        authors=[AuthorFactory(name="سامر")],
        tags=["كرة القدم"],
    )

    assert titles(get(client, "/api/v1/articles/?section=رياضة")) == ["النجمة يفوز"]
    assert titles(get(client, "/api/v1/articles/?tag=كرة-القدم")) == ["النجمة يفوز"]
    assert titles(get(client, f"/api/v1/articles/?author={paper.author.slug}")) == [HEADLINE]
    assert titles(get(client, "/api/v1/articles/?date_from=2021-07-24")) == ["النجمة يفوز"]
    assert titles(get(client, "/api/v1/articles/?date_to=2021-07-23")) == [HEADLINE]
    assert titles(get(client, "/api/v1/articles/?date_from=2021-07-23&date_to=2021-07-23")) == [
        HEADLINE
    ]
    assert titles(get(client, "/api/v1/articles/?section=لا-يوجد")) == []
    assert titles(get(client, "/api/v1/articles/?date_from=0001-01-01&date_to=9999-12-31")) == [
        "النجمة يفوز",
        HEADLINE,
    ]


def test_cursor_pages_neither_repeat_nor_skip_when_news_arrives(client, paper):
    for day in (19, 20, 21, 22):
        ArticleFactory(parent=paper.section, title=f"خبر {day}", first_published_at=beirut(day))

    first = get(client, "/api/v1/articles/?limit=2")
    # Breaking news lands between two page requests ...
    ArticleFactory(parent=paper.section, title="عاجل", first_published_at=beirut(28))
    second = get(client, urlsplit(first["next"]).path + "?" + urlsplit(first["next"]).query)
    third = get(client, f"/api/v1/articles/?limit=2&cursor={second['next_cursor']}")

    # ... and the pages already being read go on where they were.
    assert titles(first) == [HEADLINE, "خبر 22"]
    assert titles(second) == ["خبر 21", "خبر 20"]
    assert titles(third) == ["خبر 19"] and third["next"] is None


def test_a_cursor_made_up_by_a_client_is_refused(client, paper):
    for cursor in ("junk", "W10", "WyIyMDIxIiwgMV0", "WyIyMDIxLTA3LTIzVDA5OjMwOjAwIiwgMV0"):
        response = client.get(f"/api/v1/articles/?cursor={cursor}")
        assert response.status_code == 400, cursor
        assert "cursor" in response.json()["detail"]


def test_an_article_comes_with_its_body_as_html_and_as_text(client, paper):
    photo = NewsImageFactory(caption="الوزير في مؤتمر صحافي", credit="تصوير: علي")
    article = ArticleFactory(
        parent=paper.section,
        title="الوزير يشرح الموازنة",
        body=[
            {
                "type": "paragraph",
                "value": f'<p>راجع <a linktype="page" id="{paper.section.pk}">قسم السياسة</a>'
                ' و<a href="https://example.com/x">المصدر</a>.</p><p>فقرة   ثانية.</p>',
            },
            {"type": "subheading", "value": "الأرقام"},
            {
                "type": "quote",
                "value": {"text": "لا ضرائب جديدة\nهذا العام", "attribution": "الوزير"},
            },
            {"type": "image", "value": {"image": photo.pk, "caption": ""}},
        ],
    )

    data = get(client, f"/api/v1/articles/{article.pk}/")

    assert data["title"] == "الوزير يشرح الموازنة"
    assert data["body_text"] == (
        "راجع قسم السياسة والمصدر.\n\nفقرة ثانية.\n\nالأرقام\n\nلا ضرائب جديدة\nهذا العام\n— الوزير"
    )
    html = data["body_html"]
    assert f'href="http://testserver{paper.section.url}"' in html
    assert 'href="https://example.com/x"' in html
    assert "<h2" in html and "<blockquote>" in html and "تصوير: علي" in html
    assert 'src="http://testserver/media/' in html
    assert 'srcset="http://testserver/media/' in html
    assert '="/' not in html  # no relative URL is left
    assert data["notices"] == []


def test_an_unknown_article_is_a_json_404(client, paper):
    response = client.get("/api/v1/articles/999999/")

    assert response.status_code == 404
    assert response.json() == {"detail": "لا يوجد خبر منشور بهذا الرقم."}


def test_sections_list_with_their_feeds(client, paper):
    [section] = get(client, "/api/v1/sections/")

    assert section["title"] == "سياسة" and section["description"] == "أخبار السياسة المحلية."
    for fmt in ("rss", "atom"):
        assert client.get(urlsplit(section[fmt]).path).status_code == 200


def test_authors_are_those_with_published_articles(client, paper):
    AuthorFactory(name="كاتب بلا مقالات")
    ArticleFactory(parent=paper.section, authors=[AuthorFactory(name="صاحب مسودة")], publish=False)

    assert [a["name"] for a in get(client, "/api/v1/authors/")] == ["ريم الخوري"]


def test_an_unchanged_answer_is_a_304_to_a_client_with_its_etag(client, paper):
    first = client.get("/api/v1/articles/")
    etag = first["ETag"]

    again = client.get("/api/v1/articles/", headers={"If-None-Match": etag})
    ArticleFactory(parent=paper.section, title="جديد")
    changed = client.get("/api/v1/articles/", headers={"If-None-Match": etag})

    assert again.status_code == 304 and again.content == b""
    assert changed.status_code == 200 and changed["ETag"] != etag
    detail = client.get(f"/api/v1/articles/{paper.article.pk}/")
    assert (
        client.get(
            f"/api/v1/articles/{paper.article.pk}/", headers={"If-None-Match": detail["ETag"]}
        ).status_code
        == 304
    )


def test_any_origin_may_read_by_default(client, paper):
    response = client.get("/api/v1/articles/", headers={"Origin": "https://app.example"})

    assert response["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in response["Access-Control-Expose-Headers"]


def test_cors_origins_come_from_settings(client, paper, settings):
    settings.API_CORS_ALLOWED_ORIGINS = ["https://app.example"]

    allowed = client.get("/api/v1/sections/", headers={"Origin": "https://app.example"})
    other = client.get("/api/v1/sections/", headers={"Origin": "https://evil.example"})
    preflight = client.options(
        "/api/v1/articles/",
        headers={
            "Origin": "https://app.example",
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "if-none-match",
        },
    )
    cached = client.get(
        "/api/v1/sections/",
        headers={"Origin": "https://app.example", "If-None-Match": allowed["ETag"]},
    )

    assert allowed["Access-Control-Allow-Origin"] == "https://app.example"
    assert "Origin" in allowed["Vary"]
    assert "Access-Control-Allow-Origin" not in other
    assert preflight.status_code == 204
    assert preflight["Access-Control-Allow-Origin"] == "https://app.example"
    assert "GET" in preflight["Access-Control-Allow-Methods"]
    assert "if-none-match" in preflight["Access-Control-Allow-Headers"].lower()
    assert cached.status_code == 304
    assert cached["Access-Control-Allow-Origin"] == "https://app.example"


def test_the_openapi_schema_describes_every_endpoint(client):
    schema = client.get("/api/v1/openapi.json").json()

    assert schema["openapi"].startswith("3.")
    assert set(schema["paths"]) == {
        "/api/v1/articles/",
        "/api/v1/articles/{article_id}/",
        "/api/v1/sections/",
        "/api/v1/authors/",
        "/api/v1/search/",
    }


def test_search_finds_published_articles_with_marked_snippets(client, paper: Paper):
    ArticleFactory(parent=paper.section, title="الموازنة في مسودة", publish=False)

    data = get(client, "/api/v1/search/?q=الموازنة")

    assert data["total"] >= 1
    found = [hit["article"]["title"] for hit in data["items"]]
    assert HEADLINE in found and "الموازنة في مسودة" not in found
    assert all("<mark>" in hit["snippet"] for hit in data["items"])
    assert get(client, "/api/v1/search/?q=الموازنة&section=لا-يوجد")["items"] == []


def test_dates_in_the_api_carry_the_newsroom_offset(client, paper):
    ArticleFactory(
        parent=paper.section, first_published_at=dt.datetime(2021, 1, 5, 10, tzinfo=dt.UTC)
    )

    published = [item["published_at"] for item in get(client, "/api/v1/articles/")["items"]]

    assert published == ["2021-07-23T09:30:00+03:00", "2021-01-05T12:00:00+02:00"]


def test_an_article_carries_its_correction_notices(client, paper, monkeypatch):
    notice = SimpleNamespace(
        kind="correction",
        get_kind_display=lambda: "تصحيح",
        text="ورد خطأً أنّ الجلسة استمرّت ١٠ ساعات.",
        noted_at=beirut(24, 10, 0),
    )
    monkeypatch.setattr(ArticlePage, "public_notices", lambda self: [notice], raising=False)

    data = get(client, f"/api/v1/articles/{paper.article.pk}/")

    assert data["notices"] == [
        {
            "kind": "correction",
            "label": "تصحيح",
            "text": "ورد خطأً أنّ الجلسة استمرّت ١٠ ساعات.",
            "noted_at": "2021-07-24T10:00:00+03:00",
        }
    ]
