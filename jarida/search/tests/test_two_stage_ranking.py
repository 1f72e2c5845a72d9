"""A broad word's candidates are put in order by a cheap first stage, and only the best of them
are ranked in full: a headline match or a short article about the word is never left behind.

Driven through `/search/` with the number of fully ranked candidates made small (2), so that a
handful of articles shows what a hundred does among a thousand candidates. SQLite ranks every
candidate with BM25 and must give the same order.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from jarida.news.tests.factories import ArticleFactory, paragraphs
from jarida.news.tests.html import soup, visible_text
from jarida.search.backends import postgresql

pytestmark = pytest.mark.django_db

# Distinct filler words, of letters that no query word here has, so that a longer body is a
# longer vector and no filler word shares a root with a query word.
FILLER = [a + b + c + "ون" for a in "تثجحخدذ" for b in "سشصضطظ" for c in "عغفقمهو"]


@pytest.fixture(autouse=True)
def shallow_ranking(monkeypatch):
    monkeypatch.setattr(postgresql, "DEPTH", 2)


def article(title: str, days_ago: int, body: str) -> None:
    published = timezone.now() - dt.timedelta(days=days_ago)
    ArticleFactory(title=title, summary="", body=paragraphs(body), first_published_at=published)


def filler(words: int) -> str:
    return " ".join(FILLER[:words])


def titles(response) -> list[str]:
    return [a.get_text() for a in soup(response.content.decode()).select(".search-results h2 a")]


def test_an_older_headline_match_is_ranked_above_newer_mentions_in_the_body(client):
    article("بركان يثور في الجزيرة", 20, "ثار البركان فجر اليوم.")
    for days in (5, 4, 3, 2, 1):
        article(f"نشرة {days}", days, f"ذكر التقرير البركان في اليوم {days}. {filler(30)}")

    response = client.get("/search/", {"q": "بركان"})

    found = titles(response)
    assert found[0] == "بركان يثور في الجزيرة"
    assert sorted(found[1:]) == [f"نشرة {days}" for days in (1, 2, 3, 4, 5)]
    assert "عدد النتائج: 6" in visible_text(response.content.decode())


def test_among_mentions_in_the_body_the_shorter_article_comes_first(client):
    # Published in an order that is not their length's, each naming the word once.
    for name, days, words in (("ب", 1, 120), ("أ", 4, 5), ("د", 2, 280), ("ج", 3, 60)):
        article(f"نشرة {name}", days, f"ذكر التقرير البركان مرة واحدة. {filler(words)}")

    response = client.get("/search/", {"q": "بركان"})

    assert titles(response) == ["نشرة أ", "نشرة ج", "نشرة ب", "نشرة د"]


def test_the_fallback_ranks_its_best_covered_rows_first(client):
    article("بركان وزلزال", 9, "ضرب زلزال الجزيرة بعد ثوران البركان.")
    for days in (4, 3, 2, 1):
        article(f"نشرة {days}", days, f"ذكر التقرير البركان في اليوم {days}. {filler(10 * days)}")

    # One article has both words: the page falls back to those with either; it comes first,
    # then the shorter mentions of the other word.
    response = client.get("/search/", {"q": "بركان زلزال"})

    assert titles(response) == ["بركان وزلزال", "نشرة 1", "نشرة 2", "نشرة 3", "نشرة 4"]
    assert "نتائج تطابق بعض الكلمات" in visible_text(response.content.decode())
