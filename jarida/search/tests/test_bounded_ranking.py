"""A broad word ranks only its newest matches: the work of a search stays bounded at any size.

Driven through `/search/` with the number of ranked candidates made small (3), so that a
handful of articles shows what 1,000 does in an archive of 100,000.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from jarida.news.tests.factories import ArticleFactory, paragraphs
from jarida.news.tests.html import soup, visible_text
from jarida.search.backends import postgresql, sqlite

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def few_candidates(monkeypatch):
    for module in (sqlite, postgresql):
        monkeypatch.setattr(module, "CANDIDATES", 3)


def article(title: str, days_ago: int, *body: str) -> None:
    published = timezone.now() - dt.timedelta(days=days_ago)
    ArticleFactory(title=title, summary="", body=paragraphs(*body), first_published_at=published)


def titles(response) -> list[str]:
    return [a.get_text() for a in soup(response.content.decode()).select(".search-results h2 a")]


def test_the_newest_matches_are_ranked_and_the_older_ones_follow_newest_first(client):
    article("زلزال يضرب الساحل", 30, "زلزال زلزال قوي.")
    for days in (5, 4, 3, 2, 1):
        article(f"خبر {days}", days, f"ذكر التقرير زلزال العام الماضي في اليوم {days}.")
    article("زلزال جديد في الشمال", 0, "سجلت المحطة زلزال جديد.")

    response = client.get("/search/", {"q": "زلزال"})

    # The newest three, the headline match first; then the rest, newest first: the old
    # headline match is counted and listed, not ranked.
    assert titles(response) == [
        "زلزال جديد في الشمال",
        "خبر 1",
        "خبر 2",
        "خبر 3",
        "خبر 4",
        "خبر 5",
        "زلزال يضرب الساحل",
    ]
    assert "عدد النتائج: 7" in visible_text(response.content.decode())


def test_an_old_article_with_a_rare_word_counts_every_word_it_matches_in_the_fallback(client):
    article("ثوران في الجزيرة", 30, "ثار بركان الجزيرة بعد زلزال قوي.")
    for days in (4, 3, 2, 1):
        article(f"خبر {days}", days, f"شعر السكان بزلزال خفيف في اليوم {days}.")
    article("طقس", 0, "الجو صاف.")

    # Only one article has both words: the page falls back to those with either, and the
    # one with both (older than every common word's ranked candidates) comes first.
    response = client.get("/search/", {"q": "بركان زلزال"})

    found = titles(response)
    assert found[0] == "ثوران في الجزيرة"
    assert "خبر 1" in found
    assert "نتائج تطابق بعض الكلمات" in visible_text(response.content.decode())
