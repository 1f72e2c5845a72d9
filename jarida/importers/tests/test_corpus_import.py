"""A thousand real corpus articles, imported twice: the second run changes nothing."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.utils.html import escape

from jarida.news.models import ArticlePage

pytestmark = [pytest.mark.corpus, pytest.mark.django_db]


def test_a_thousand_corpus_articles_import_and_reimport_unchanged(corpus, client):
    first, second = io.StringIO(), io.StringIO()

    call_command(
        "import_articles",
        "--format",
        "jsonl",
        "--limit",
        "1000",
        str(corpus),
        stdout=first,
        stderr=io.StringIO(),
    )
    call_command(
        "import_articles",
        "--format",
        "jsonl",
        "--limit",
        "1000",
        str(corpus),
        stdout=second,
        stderr=io.StringIO(),
    )

    first_outcomes = [line.split(" ", 1)[0] for line in first.getvalue().splitlines()]
    second_outcomes = [line.split(" ", 1)[0] for line in second.getvalue().splitlines()]
    assert len(first_outcomes) == 1000
    assert set(first_outcomes) == {"created"}
    assert set(second_outcomes) == {"unchanged"}
    assert ArticlePage.objects.published().count() == 1000
    article = ArticlePage.objects.order_by("?").first()
    response = client.get(f"/a/{article.pk}/", follow=True)
    assert response.status_code == 200
    assert escape(article.title) in response.content.decode()  # a title may hold quotes
