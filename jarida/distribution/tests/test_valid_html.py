"""The Nu HTML Checker finds no error on the pages readers and crawlers fetch most."""

from __future__ import annotations

import pytest

from jarida.distribution.tests import nu
from jarida.news.tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def check(pages: dict[str, str]) -> None:
    """Fail with every error the checker reports, page by page."""
    found = nu.errors(pages)
    problems = [
        f"{name} page, {message}" for name, messages in found.items() for message in messages
    ]
    assert not problems, "Nu HTML checker: " + "; ".join(problems)


def test_home_section_article_and_list_pages_are_valid_html(client, paper):
    nu.vnu_jar()
    ArticleFactory(parent=paper.section, title="خبر آخر عن الموازنة", tags=["الموازنة"])
    paths = {
        "home": "/",
        "section": paper.section.url,
        "article": paper.article.url,
        "tag": paper.tag.get_absolute_url(),
        "author": paper.author.get_absolute_url(),
        "archive": "/archive/2021/7/",
    }
    pages = {}
    for name, path in paths.items():
        response = client.get(path)
        assert response.status_code == 200, path
        pages[name] = response.content.decode()

    check(pages)


def test_the_search_page_is_valid_html(client, paper):
    nu.vnu_jar()
    response = client.get("/search/?q=الموازنة")
    assert response.status_code == 200

    check({"search": response.content.decode()})


def test_the_newsroom_pages_and_the_error_page_are_valid_html(client, paper):
    nu.vnu_jar()
    pages = {name: client.get(path) for name, path in (("about", "/about/"), ("404", "/لا-شيء/"))}

    assert (pages["about"].status_code, pages["404"].status_code) == (200, 404)
    check({name: response.content.decode() for name, response in pages.items()})
