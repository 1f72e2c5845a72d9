"""The permission matrix: each role against the admin's screens, by URL. A role opens (200)
exactly the screens listed for it; on every other it is turned away (302 to the dashboard or
login, 403 or 404). A screen a lower role opens by mistake fails here."""

from __future__ import annotations

import pytest
from django.urls import reverse
from wagtail.models import Site

from jarida.news.tests.factories import ArticleFactory, AuthorFactory

pytestmark = pytest.mark.django_db

ROLES = ("reporter", "editor", "sport_editor", "chief", "moderator")


def screens(politics, article, author) -> dict[str, tuple[str, set[str]]]:
    """name: (url, roles that may open it)."""
    everyone = set(ROLES)
    pages = {"editor", "chief"}
    return {
        "dashboard": (reverse("wagtailadmin_home"), everyone),
        "explore politics": (
            reverse("wagtailadmin_explore", args=[politics.pk]),
            {"reporter", "editor", "chief"},
        ),
        "edit a published article": (
            reverse("wagtailadmin_pages:edit", args=[article.pk]),
            pages,
        ),
        "add an article": (
            reverse("wagtailadmin_pages:add", args=["news", "articlepage", politics.pk]),
            {"reporter", "editor", "chief"},
        ),
        "unpublish": (reverse("wagtailadmin_pages:unpublish", args=[article.pk]), pages),
        # Wagtail's change permission on a section lets its editor delete and move there.
        "delete a page": (reverse("wagtailadmin_pages:delete", args=[article.pk]), pages),
        "move a page": (reverse("wagtailadmin_pages:move", args=[article.pk]), pages),
        "take down": (reverse("newsroom_takedown", args=[article.pk]), {"chief"}),
        "users": (reverse("wagtailusers_users:index"), {"chief"}),
        "add user": (reverse("wagtailusers_users:add"), {"chief"}),
        "groups": (reverse("wagtailusers_groups:index"), {"chief"}),  # to read, not change
        "add group": (reverse("wagtailusers_groups:add"), set()),
        "workflows": (reverse("wagtailadmin_workflows:index"), set()),
        "sites": (reverse("wagtailsites:index"), set()),
        "redirects": (reverse("wagtailredirects:index"), {"editor", "sport_editor", "chief"}),
        "authors": (
            reverse("wagtailsnippets_news_author:list"),
            {"reporter", "editor", "sport_editor", "chief"},
        ),
        "edit an author": (
            reverse("wagtailsnippets_news_author:edit", args=[author.pk]),
            {"editor", "sport_editor", "chief"},
        ),
        "delete an author": (
            reverse("wagtailsnippets_news_author:delete", args=[author.pk]),
            {"chief"},
        ),
        "comment queue": (reverse("comments_desk:list"), {"chief", "moderator"}),
        "newsroom settings": (
            reverse(
                "wagtailsettings:edit",
                args=["news", "newsroomsettings", Site.objects.get(is_default_site=True).pk],
            ),
            {"chief"},
        ),
    }


@pytest.mark.parametrize("role", ROLES)
def test_each_role_opens_exactly_its_screens(client, request, role, politics, sport):
    article = ArticleFactory(parent=politics)
    author = AuthorFactory()
    client.force_login(request.getfixturevalue(role))

    opened, refused_wrongly = set(), set()
    for name, (url, allowed) in screens(politics, article, author).items():
        status = client.get(url).status_code
        if role in allowed and status != 200:
            refused_wrongly.add((name, status))
        if role not in allowed and status == 200:
            opened.add(name)

    assert opened == set(), f"{role} opened screens above its role"
    assert refused_wrongly == set(), f"{role} was refused its own screens"
