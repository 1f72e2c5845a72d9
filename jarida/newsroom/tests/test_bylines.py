"""Bylines attached to people: an account linked to an Author bylines its new articles, and a
reporter adds a colleague from the author list, all through the admin's own forms."""

from __future__ import annotations

import pytest
from django.urls import reverse

from jarida.news.models import ArticlePage, Author
from jarida.news.tests.factories import AuthorFactory
from jarida.newsroom.tests.editor import create_article

pytestmark = pytest.mark.django_db


def test_the_chief_links_an_account_to_an_author(client, chief, reporter):
    author = AuthorFactory(name="ريم الخوري")
    client.force_login(chief)
    url = reverse("wagtailsnippets_news_author:edit", args=[author.pk])
    form = client.get(url).context["form"]

    response = client.post(
        url,
        {"name": author.name, "slug": author.slug, "bio": author.bio, "user": reporter.pk},
    )

    assert "user" in form.fields
    assert response.status_code == 302
    assert Author.objects.get(pk=author.pk).user == reporter
    assert reporter.author_profile == author


def test_a_reporters_new_article_carries_their_byline(client, reporter, politics):
    AuthorFactory(name="ريم الخوري", user=reporter)
    client.force_login(reporter)

    response = create_article(client, politics, "save", title="خبر بتوقيع المراسلة")

    assert response.status_code == 302
    article = ArticlePage.objects.get(title="خبر بتوقيع المراسلة")
    assert [a.name for a in article.get_latest_revision_as_object().authors] == ["ريم الخوري"]
    assert [a.name for a in article.authors] == ["ريم الخوري"]


def test_a_reporter_adds_a_colleague_from_the_author_list(client, reporter, politics):
    AuthorFactory(name="ريم الخوري", user=reporter)
    colleague = AuthorFactory(name="سامر حداد")
    client.force_login(reporter)

    response = create_article(
        client,
        politics,
        "save",
        title="خبر بتوقيعين",
        **{
            "article_authors-TOTAL_FORMS": "2",
            "article_authors-INITIAL_FORMS": "0",
            "article_authors-0-author": str(Author.objects.get(user=reporter).pk),
            "article_authors-0-ORDER": "1",
            "article_authors-0-DELETE": "",
            "article_authors-0-id": "",
            "article_authors-1-author": str(colleague.pk),
            "article_authors-1-ORDER": "2",
            "article_authors-1-DELETE": "",
            "article_authors-1-id": "",
        },
    )

    assert response.status_code == 302
    article = ArticlePage.objects.get(title="خبر بتوقيعين")
    assert [a.name for a in article.authors] == ["ريم الخوري", "سامر حداد"]


def test_an_account_without_an_author_gets_no_byline(client, editor, politics):
    client.force_login(editor)

    create_article(client, politics, "save", title="خبر بلا توقيع")

    assert ArticlePage.objects.get(title="خبر بلا توقيع").authors == []


def test_the_author_page_lists_the_linked_reporters_published_articles(
    client, reporter, editor, politics
):
    AuthorFactory(name="ريم الخوري", user=reporter)
    client.force_login(reporter)
    create_article(client, politics, "save", title="خبر منشور للمراسلة")
    article = ArticlePage.objects.get(title="خبر منشور للمراسلة")
    article.get_latest_revision().publish()
    client.logout()

    page = client.get(Author.objects.get(user=reporter).get_absolute_url())

    assert page.status_code == 200
    assert "خبر منشور للمراسلة" in page.content.decode()
