"""Search that forgives: broken plurals, names spelled either way, near misses, «هل تقصد».

Driven as readers and editors use it: `/search/`, the JSON API and the admin's forms.
"""

from __future__ import annotations

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from jarida.news.tests.factories import ArticleFactory, paragraphs
from jarida.news.tests.html import soup, visible_text
from jarida.search.models import SearchDocument, SearchTerm, SpellingVariant

pytestmark = pytest.mark.django_db


def result_titles(response) -> list[str]:
    return [a.get_text() for a in soup(response.content.decode()).select(".search-results h2 a")]


def page_text(response) -> str:
    return visible_text(response.content.decode())


def article(title: str, *body: str) -> None:
    ArticleFactory(title=title, summary="", body=paragraphs(*body))


def test_a_broken_plural_finds_its_singular_and_back(client):
    article("افتتاح العام الدراسي", "زار الوزير المدرسة الجديدة في الحي.")
    article("تعديل حكومي", "أدى الأمير اليمين أمام الملك.")
    article("قمة إقليمية", "اجتمع قادة الدول العربية في الرياض.")

    assert result_titles(client.get("/search/", {"q": "مدارس"})) == ["افتتاح العام الدراسي"]
    assert result_titles(client.get("/search/", {"q": "الأمراء"})) == ["تعديل حكومي"]
    assert result_titles(client.get("/search/", {"q": "دولة"})) == ["قمة إقليمية"]


def test_the_readers_own_word_ranks_above_a_root_match(client):
    article("خبر أول", "افتتاح مدرسة جديدة في المدينة.")
    article("خبر ثان", "افتتاح ثلاث مدارس جديدة في المدينة.")

    assert result_titles(client.get("/search/", {"q": "مدارس"})) == ["خبر ثان", "خبر أول"]
    assert result_titles(client.get("/search/", {"q": "مدرسة"})) == ["خبر أول", "خبر ثان"]


def test_names_and_loanwords_spelled_either_way_find_each_other(client):
    article("زيارة رسمية", "استقبل ترامب الرئيس بوتين في البيت الأبيض.")
    article("مهرجان سينمائي", "نجوم هوليوود في المهرجان.")

    for query in ("ترمب", "بوتن", "ترامب بوتين", "ترمب بوتن"):
        assert result_titles(client.get("/search/", {"q": query})) == ["زيارة رسمية"], query
    assert result_titles(client.get("/search/", {"q": "هوليود"})) == ["مهرجان سينمائي"]


def test_a_near_miss_shows_articles_matching_most_words_after_the_full_matches(client):
    article("انقطاع الكهرباء في الضاحية", "انقطعت الكهرباء ساعات بسبب العاصفة.")
    article("عاصفة ثلجية", "العاصفة تقطع الطرق الجبلية.")
    article("خبر آخر", "لا علاقة له بالموضوع.")

    full = client.get("/search/", {"q": "الكهرباء العاصفة"})
    near = client.get("/search/", {"q": "الكهرباء العاصفة الثلجية"})
    nothing_alike = client.get("/search/", {"q": "الكهرباء زلزال بركان"})

    # One article has both words; the page is completed by those with one of them, after it.
    assert result_titles(full) == ["انقطاع الكهرباء في الضاحية", "عاصفة ثلجية"]
    assert "نتائج تطابق بعض الكلمات" in page_text(full)
    # No article has all three: the two with two of the three words, none with one.
    assert result_titles(near) == ["عاصفة ثلجية", "انقطاع الكهرباء في الضاحية"]
    assert "عدد النتائج: 2" in page_text(near)
    assert "نتائج تطابق بعض الكلمات" in page_text(near)
    # One of three words is not enough (minimum_should_match): «لا نتائج», no false hope.
    assert result_titles(nothing_alike) == []
    assert "لا نتائج" in page_text(nothing_alike)


def test_a_near_miss_on_a_rare_word_ranks_above_one_on_a_common_word(client):
    """Among articles matching as many words, the rarer word counts more (BM25's IDF; on
    PostgreSQL, which ranks without document frequencies, the fallback adds them)."""
    # The oldest, so that no tie is broken its way by recency.
    article("خبر زراعي", "ارتفع سعر الشعير في الأسواق.")
    for n in range(6):
        article(f"خبر عام {n}", "أعلنت الحكومة خطة الحكومة الجديدة للطرق.")

    response = client.get("/search/", {"q": "الحكومة الشعير"})

    titles = result_titles(response)
    assert titles[0] == "خبر زراعي"
    assert len(titles) == 7
    assert "نتائج تطابق بعض الكلمات" in page_text(response)


def test_a_query_every_article_matches_in_full_says_nothing_of_partial_results(client):
    for n in range(6):
        article(f"اجتماع مجلس الوزراء {n}", "ناقش المجلس الموازنة.")

    response = client.get("/search/", {"q": "مجلس الموازنة"})

    assert len(result_titles(response)) == 6
    assert "نتائج تطابق بعض الكلمات" not in page_text(response)


def test_a_misspelt_word_gets_a_did_you_mean_link_and_the_query_is_kept(client):
    for n in range(4):
        article(f"الانتخابات البلدية {n}", "تستعد البلديات للانتخابات.")

    response = client.get("/search/", {"q": "الانتخابت", "sort": "newest"})

    page = soup(response.content.decode())
    link = page.select_one(".search-suggestion a")
    assert link.get_text() == "الانتخابات"
    assert "q=%D8%A7%D9%84%D8%A7%D9%86%D8%AA%D8%AE%D8%A7%D8%A8%D8%A7%D8%AA" in link["href"]
    assert "sort=newest" in link["href"]
    # Never a silent replacement: the reader's words stay in the box, and the articles found
    # through the known neighbour come with the suggestion that says which spelling it was.
    assert page.select_one('.search-form input[name="q"]')["value"] == "الانتخابت"
    assert "هل تقصد" in page_text(response)
    assert len(result_titles(response)) == 4
    assert len(result_titles(client.get("/search/" + link["href"]))) == 4


def test_a_word_no_article_is_near_gets_no_results_and_no_suggestion(client):
    article("الانتخابات البلدية", "تستعد البلديات للانتخابات.")

    response = client.get("/search/", {"q": "كلمةلاتوجد"})

    assert "لا نتائج لـ«كلمةلاتوجد»" in page_text(response)
    assert soup(response.content.decode()).select_one(".search-suggestion") is None


def test_a_correctly_spelt_rare_word_is_not_corrected(client):
    for n in range(4):
        article(f"الانتخابات البلدية {n}", "تستعد البلديات للانتخابات.")
    article("كلمة نادرة", "الانتخابة كلمة نادرة.")

    response = client.get("/search/", {"q": "الانتخابة"})

    assert result_titles(response)
    assert soup(response.content.decode()).select_one(".search-suggestion") is None


def test_the_api_reports_partial_results_and_the_suggestion(client):
    article("انقطاع الكهرباء في الضاحية", "انقطعت الكهرباء ساعات بسبب العاصفة.")
    article("عاصفة ثلجية", "العاصفة تقطع الطرق الجبلية.")
    for n in range(3):
        article(f"العاصفة رقم {n}", "عاصفة أخرى.")

    near = client.get("/api/v1/search/", {"q": "الكهرباء العاصفة الثلجية"}).json()
    misspelt = client.get("/api/v1/search/", {"q": "العاصفت"}).json()
    plain = client.get("/api/v1/search/", {"q": "الكهرباء"}).json()

    assert near["partial"] is True and near["suggestion"] is None
    assert [item["article"]["title"] for item in near["items"]][:2] == [
        "عاصفة ثلجية",
        "انقطاع الكهرباء في الضاحية",
    ]
    assert misspelt["total"] == 5 and misspelt["suggestion"] == "العاصفه"
    assert plain["partial"] is False and plain["total"] == 1


def test_an_editor_adds_a_spelling_variant_in_the_admin_and_the_next_search_uses_it(client):
    article("لقاء في الرياض", "التقى الوزير السيد زيلينسكيي في القصر.")
    admin = get_user_model().objects.create_superuser("admin", "admin@example.com", "pw")
    client.force_login(admin)
    assert result_titles(client.get("/search/", {"q": "زلنسكي"})) == []

    response = client.post(
        reverse("search_variants:add"), {"spellings": "زيلينسكيي، زلنسكي", "note": "رئيس"}
    )

    assert response.status_code == 302
    assert SpellingVariant.objects.get().spellings == "زيلينسكيي، زلنسكي"
    assert result_titles(client.get("/search/", {"q": "زلنسكي"})) == ["لقاء في الرياض"]
    # Indexing uses it after a rebuild: the article's row carries the group's key (of the
    # stems: ى, then the smallest member's stem, زلنسك).
    assert "ىزلنسك" not in SearchDocument.objects.get().loose.split()
    call_command("rebuild_search_index", "--no-progress", stdout=io.StringIO())
    assert "ىزلنسك" in SearchDocument.objects.get().loose.split()


def test_the_admin_explains_a_variant_of_one_word_or_of_a_phrase(client):
    admin = get_user_model().objects.create_superuser("admin", "admin@example.com", "pw")
    client.force_login(admin)

    lone = client.post(reverse("search_variants:add"), {"spellings": "ترامب"})
    phrase = client.post(reverse("search_variants:add"), {"spellings": "كانون-الثاني، يناير"})

    assert "اكتب تهجئتين على الأقل" in lone.content.decode()
    assert "ليست كلمة واحدة" in phrase.content.decode()
    assert not SpellingVariant.objects.exists()


def test_publishing_counts_words_for_suggestions_and_a_rebuild_recounts_them():
    first = ArticleFactory(title="مهرجان بعلبك", summary="", body=paragraphs("مهرجان الصيف."))
    ArticleFactory(title="مهرجان صور", summary="", body=paragraphs("مهرجان آخر."))
    first.save_revision().publish()  # a republish counts nothing twice

    assert SearchTerm.objects.get(term="مهرجان").documents == 2
    # An edit adds the words it brings, at one article, and counts the others no more.
    first.title = "مهرجان بعلبك الدولي"
    first.save_revision().publish()
    assert SearchTerm.objects.get(term="الدولي").documents == 1
    assert SearchTerm.objects.get(term="مهرجان").documents == 2
    SearchTerm.objects.all().delete()
    call_command("rebuild_search_index", "--no-progress", stdout=io.StringIO())
    assert SearchTerm.objects.get(term="مهرجان").documents == 2
    # A rebuild keeps the words of two articles or more.
    assert not SearchTerm.objects.filter(term="بعلبك").exists()
