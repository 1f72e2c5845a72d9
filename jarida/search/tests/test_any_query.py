"""Any text is a valid query: a page with a sensible answer, or, for control characters that
are not whitespace, a clear 400."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jarida.news.tests.factories import ArticleFactory, paragraphs
from jarida.search.query import search_articles

pytestmark = pytest.mark.django_db

# What breaks naive full-text search: FTS5 and tsquery syntax, SQL, and text that is not words.
FRAGMENTS = [
    '"',
    "'",
    "(",
    ")",
    "*",
    ":*",
    "^",
    "{",
    "}",
    ":",
    "-",
    "+",
    "&",
    "|",
    "!",
    "<->",
    "\\",
    "NEAR",
    "NEAR(",
    "OR",
    "AND",
    "NOT",
    "or",
    "title:",
    "{title body}:",
    "search_fts",
    "'; DROP TABLE search_document; --",
    "1=1",
    "%",
    "_",
    "\x00",
    "ً",
    "ّ",
    "ـ",
    "😀",
    "🏳️‍🌈",
    "القوات",
    "الأميركية",
    "بالقُوّات",
    "امريكا",
    "في",
    "و",
    "abc",
    "COVID-19",
    "٢٠٢١",
]
queries = st.one_of(
    st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=8)), max_size=12).map(
        lambda parts: " ".join(parts)
    ),
    st.lists(st.sampled_from(FRAGMENTS), max_size=12).map("".join),
    st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=60),
)


@pytest.fixture
def archive():
    return [
        ArticleFactory(
            title="القوات الأمريكية تنسحب", body=paragraphs("قالت الإدارة الأميركية ذلك.")
        ),
        ArticleFactory(title="Apple تطلق هاتفاً جديداً في ٢٠٢١"),
    ]


def test_any_text_gives_a_page_of_published_results(archive, client):
    ids = {article.pk for article in archive}

    @settings(
        max_examples=120,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(query=queries)
    def check(query: str) -> None:
        page = search_articles(query)
        assert 0 <= len(page.hits) <= page.total <= len(ids)
        assert {hit.article.pk for hit in page.hits} <= ids
        typed = query.replace("\x00", "")
        response = client.get("/search/", {"q": typed})
        # Control characters other than whitespace are refused before any view (a clear 400:
        # `RejectControlCharactersMiddleware`); everything else is a page of results.
        refused = re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]", typed)
        assert response.status_code == (400 if refused else 200)

    check()


def test_operators_are_read_as_words_not_syntax(archive):
    assert search_articles('"القوات" (بالقوات*) {:^}').total == 1
    assert search_articles("القوات OR زلزال").total == 0  # "or" is a word, all must match
    assert search_articles("apple*").total == 1


def test_ten_kilobytes_of_text_is_answered(archive, client):
    pasted = "القوات الأمريكية تنسحب، " * 300
    assert len(pasted.encode()) > 10_000

    response = client.get("/search/", {"q": pasted})

    assert response.status_code == 200
    assert search_articles(pasted).total == 1
    assert client.get("/search/", {"q": "نص طويل ملصوق " * 700}).status_code == 200


def test_lone_harakat_emoji_and_punctuation_find_nothing_quietly(archive, client):
    for query in ("ً", "😀", "؟!،", "ـــ", "   "):
        assert search_articles(query).total == 0
        assert client.get("/search/", {"q": query}).status_code == 200


def test_mixed_latin_and_arabic_digits_and_case(archive):
    assert search_articles("APPLE 2021").total == 1
    assert search_articles("apple ٢٠٢١").total == 1
