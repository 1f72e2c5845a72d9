"""The reader's search page, `/search/`, driven through the test client."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest

from jarida.news.tests.factories import ArticleFactory, SectionFactory, paragraphs
from jarida.news.tests.html import soup, visible_text
from jarida.search.models import SearchDocument

pytestmark = pytest.mark.django_db

BEIRUT = zoneinfo.ZoneInfo("Asia/Beirut")


def at(day: int, hour: int = 12) -> dt.datetime:
    return dt.datetime(2021, 7, day, hour, tzinfo=BEIRUT)


def result_titles(response) -> list[str]:
    return [a.get_text() for a in soup(response.content.decode()).select(".search-results h2 a")]


def test_a_reader_finds_articles_whatever_spelling_they_type(client):
    ArticleFactory(
        title="القوات الأمريكية تنسحب من العراق",
        body=paragraphs("أعلنت وزارة الدفاع أنّ القُوّات ستغادر قبل نهاية العام."),
    )
    ArticleFactory(title="مهرجان بعلبك يعود هذا الصيف")

    for query in ("امريكا", "الأميركية", "بالقوات", "القـــوات", "القُوّات", "الامريكيه"):
        assert result_titles(client.get("/search/", {"q": query})) == [
            "القوات الأمريكية تنسحب من العراق"
        ], query


def test_each_result_links_to_the_canonical_url_with_section_date_and_marked_snippet(client):
    section = SectionFactory(title="اقتصاد")
    article = ArticleFactory(
        parent=section,
        title="الحكومة تقرّ الموازنة",
        first_published_at=at(23),
        body=paragraphs("قال وزير المالية إنّ الموازنة الجديدة تخفض العجز <b>كثيراً</b>."),
    )

    response = client.get("/search/", {"q": "الموازنه"})

    page = soup(response.content.decode())
    result = page.select_one(".search-results li")
    assert result.select_one("h2 a")["href"] == article.url
    assert "اقتصاد" in result.select_one(".card-meta").get_text()
    assert "الجمعة 2021/07/23" in result.select_one(".card-meta").get_text()
    marks = [m.get_text() for m in result.select(".card-summary mark")]
    assert "الموازنة" in marks
    # The body's text is shown as text: markup typed into it is escaped, never rendered.
    assert result.select_one(".card-summary b") is None
    assert "عدد النتائج: 1" in visible_text(response.content.decode())


def test_the_headline_ranks_above_a_passing_mention_and_newer_breaks_ties(client):
    ArticleFactory(
        title="جولة في الأسواق",
        body=paragraphs("ذُكر الزلزال مرة في هذا التقرير عن الأسعار والأسواق والتجار."),
        first_published_at=at(20),
    )
    ArticleFactory(title="زلزال يضرب الساحل", first_published_at=at(10))
    ArticleFactory(title="زلزال ثانٍ يضرب الساحل", first_published_at=at(12))

    titles = result_titles(client.get("/search/", {"q": "الزلزال"}))
    newest = result_titles(client.get("/search/", {"q": "الزلزال", "sort": "newest"}))

    assert titles[-1] == "جولة في الأسواق"
    assert newest == ["جولة في الأسواق", "زلزال ثانٍ يضرب الساحل", "زلزال يضرب الساحل"]


def test_section_and_date_filters_use_the_newsroom_dates(client):
    politics, sport = SectionFactory(title="سياسة"), SectionFactory(title="رياضة")
    # 23:30 in Beirut on the 22nd: still the 22nd for the paper, though the 22nd 20:30 UTC.
    ArticleFactory(parent=politics, title="اجتماع الحكومة ليلاً", first_published_at=at(22, 23))
    ArticleFactory(parent=politics, title="اجتماع الحكومة صباحاً", first_published_at=at(24, 9))
    ArticleFactory(parent=sport, title="اجتماع الحكومة بالاتحاد", first_published_at=at(22, 9))

    in_politics = client.get("/search/", {"q": "اجتماع", "section": politics.pk})
    on_the_22nd = client.get(
        "/search/", {"q": "اجتماع", "date_from": "2021-07-22", "date_to": "2021-07-22"}
    )

    assert "اجتماع الحكومة بالاتحاد" not in result_titles(in_politics)
    assert len(result_titles(in_politics)) == 2
    assert sorted(result_titles(on_the_22nd)) == ["اجتماع الحكومة بالاتحاد", "اجتماع الحكومة ليلاً"]


def test_results_come_in_pages_that_keep_the_query(client, settings):
    settings.ARTICLES_PER_PAGE = 2
    for n in range(5):
        ArticleFactory(title=f"انتخابات بلدية في المنطقة {n}", first_published_at=at(1 + n))

    first = client.get("/search/", {"q": "انتخابات", "sort": "newest"})
    next_link = soup(first.content.decode()).select_one('a[rel="next"]')["href"]
    second = client.get("/search/" + next_link)
    beyond = client.get("/search/", {"q": "انتخابات", "page": "999999"})
    junk = client.get("/search/", {"q": "انتخابات", "page": "junk"})

    assert "q=" in next_link and "sort=newest" in next_link and "page=2" in next_link
    assert set(result_titles(first)).isdisjoint(result_titles(second))
    assert len(result_titles(second)) == 2
    assert result_titles(beyond) == ["انتخابات بلدية في المنطقة 0"]
    assert junk.status_code == 200 and len(result_titles(junk)) == 2


def test_empty_queries_and_no_results_get_an_arabic_explanation(client):
    ArticleFactory(title="خبر عادي")

    empty = visible_text(client.get("/search/").content.decode())
    nothing = visible_text(client.get("/search/", {"q": "كلمةلاتوجد"}).content.decode())
    reversed_dates = client.get(
        "/search/", {"q": "خبر", "date_from": "2021-07-23", "date_to": "2021-07-01"}
    )

    assert "اكتب كلمة أو أكثر" in empty
    assert "لا نتائج لـ«كلمةلاتوجد»" in nothing
    assert "تاريخ البداية بعد تاريخ النهاية" in visible_text(reversed_dates.content.decode())


def test_bad_filter_values_are_dropped_with_a_message_not_an_error(client):
    ArticleFactory(title="قمة عربية في الرياض")

    response = client.get(
        "/search/",
        {"q": "قمة", "section": "9" * 40, "date_from": "2021-02-30", "sort": "sideways"},
    )

    assert response.status_code == 200
    assert result_titles(response) == ["قمة عربية في الرياض"]
    text = visible_text(response.content.decode())
    assert "هذا القسم غير موجود" in text
    assert "تاريخ البداية غير صالح" in text


def test_an_unpublished_article_never_appears_even_with_a_stale_index_row(client):
    draft = ArticleFactory(title="مسودة عن الانتخابات", publish=False)
    expired = ArticleFactory(title="خبر منتهٍ عن الانتخابات")
    expired.expire_at = dt.datetime(2000, 1, 1, tzinfo=BEIRUT)
    expired.save()
    # Rows the signals would never write: the query layer must still keep them out.
    SearchDocument.objects.create(article=draft, title="انتخاب", body="", title_exact="")
    ArticleFactory(title="موعد الانتخابات")

    assert result_titles(client.get("/search/", {"q": "الانتخابات"})) == ["موعد الانتخابات"]


def test_stale_index_rows_never_shorten_a_page_or_count_as_results(monkeypatch):
    from jarida.search import query

    # No spare candidates: the first page of index rows is all stale.
    monkeypatch.setattr(query, "SPARE", 0)
    for n in range(3):
        draft = ArticleFactory(title=f"مسودة عن الانتخابات {n}", publish=False)
        # Rows that rank above every real article: the word three times in a short headline.
        SearchDocument.objects.create(
            article=draft, title="انتخاب انتخاب انتخاب", body="", title_exact="الانتخابات"
        )
    for n in range(3):
        ArticleFactory(
            title=f"موعد الانتخابات البلدية في المنطقة {n}", first_published_at=at(1 + n)
        )

    first = query.search_articles("الانتخابات", limit=2)
    second = query.search_articles("الانتخابات", offset=2, limit=2)

    assert first.total == second.total == 3
    titles = [hit.article.title for hit in first.hits + second.hits]
    assert sorted(titles) == [f"موعد الانتخابات البلدية في المنطقة {n}" for n in range(3)]


def test_every_page_header_has_a_search_form(client):
    ArticleFactory(title="خبر")

    form = soup(client.get("/").content.decode()).select_one('header form[role="search"]')

    assert form["action"] == "/search/" and form.get("method", "get").lower() == "get"
    field = form.select_one('input[name="q"]')
    assert form.select_one(f'label[for="{field["id"]}"]').get_text(strip=True)


def test_the_search_page_is_rtl_and_arabic(client):
    html = client.get("/search/", {"q": "خبر"}).content.decode()

    page = soup(html)
    assert page.html["dir"] == "rtl" and page.html["lang"] == "ar"
    assert page.select_one("h1").get_text() == "البحث في الأرشيف"
    for field in page.select(".search-form input:not([type=hidden]), .search-form select"):
        assert page.select_one(f'label[for="{field["id"]}"]'), field
