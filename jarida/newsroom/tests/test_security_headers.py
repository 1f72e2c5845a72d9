"""Every response carries a Content-Security-Policy and a Permissions-Policy, and both the
reader site and the Wagtail admin still work under them (checked in Chromium, which reports
each violation on the console)."""

from __future__ import annotations

import base64
import hashlib
import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from jarida.news.tests.factories import ArticleFactory

PASSWORD = "نهر-الليطاني-Qm7#vL2p"


def directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}


@pytest.mark.django_db
def test_reader_pages_allow_no_inline_script_but_the_hashed_one(client):
    article = ArticleFactory()

    response = client.get(article.url)
    policy = directives(response)

    assert response.status_code == 200
    assert "'unsafe-inline'" not in policy["script-src"]
    assert policy["object-src"] == ["'none'"]
    assert "camera=()" in response["Permissions-Policy"]
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    html = response.content.decode()
    inline = re.findall(r"<script>(.*?)</script>", html, re.S)
    assert inline, "the article page has its font-size script"
    for script in inline:
        digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in policy["script-src"]


@pytest.mark.django_db
def test_a_page_served_from_the_cache_has_the_same_headers(client):
    article = ArticleFactory()
    first = client.get(article.url)

    second = client.get(article.url)

    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]
    assert second["Permissions-Policy"] == first["Permissions-Policy"]


@pytest.mark.django_db
def test_error_pages_and_feeds_have_the_headers_too(client):
    for url in ("/no-such-page/", "/feeds/rss/"):
        response = client.get(url)
        assert "Content-Security-Policy" in response, url
        assert "Permissions-Policy" in response, url


@pytest.mark.django_db
def test_admin_pages_load_under_their_own_policy(client):
    root = get_user_model().objects.create_superuser("root", "root@example.com", PASSWORD)
    article = ArticleFactory()
    client.force_login(root)

    for url in (
        reverse("wagtailadmin_home"),
        reverse("wagtailadmin_pages:edit", args=[article.pk]),
        reverse("wagtailusers_users:index"),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        policy = directives(response)
        assert policy["object-src"] == ["'none'"], url
        assert policy["frame-ancestors"] == ["'self'"], url
        assert "Permissions-Policy" in response


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_admin_editor_and_an_article_run_in_chromium_without_a_csp_violation(
    live_server, browser
):
    get_user_model().objects.create_superuser("root", "root@example.com", PASSWORD)
    article = ArticleFactory()
    page = browser.new_page()
    violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )

    page.goto(live_server.url + article.url)
    page.goto(live_server.url + reverse("wagtailadmin_login"))
    page.fill("input[name=username]", "root")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r".*/admin/$"))
    page.goto(live_server.url + reverse("wagtailadmin_pages:edit", args=[article.pk]))
    page.wait_for_load_state("networkidle")
    # The editor's scripts ran: the StreamField body was built by JavaScript.
    assert page.locator("[data-streamfield-stream-container]").count() >= 1
    page.goto(live_server.url + reverse("wagtailadmin_pages:add_subpage", args=[article.pk]))
    page.wait_for_load_state("networkidle")

    assert violations == []
