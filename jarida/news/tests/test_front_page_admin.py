"""The editor-in-chief runs the front page from the admin, through Wagtail's own forms: the
stories beside the lead (the home page's «أبرز الأخبار» panel) and the paper's logo (the
site settings), which replaces the built-in wordmark on every page, costs no query, and
purges the cached pages that show the old one."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Site
from wagtail.test.utils.form_data import querydict_from_html

from jarida.images.tests.factories import NewsImageFactory, jpeg_file
from jarida.news.models import HomePage
from jarida.news.tests.factories import ArticleFactory, SectionFactory
from jarida.news.tests.html import soup
from jarida.news.tests.test_query_counts import NOTHING_CACHED
from jarida.newsroom import roles

pytestmark = pytest.mark.django_db


@pytest.fixture
def chief(db) -> Client:
    """The editor-in-chief (رئيس التحرير), logged in to the admin."""
    roles.sync_roles()
    user = get_user_model().objects.create_user("chief", "chief@example.com", "pass-1234")
    user.groups.add(Group.objects.get(name=roles.CHIEF))
    client = Client()
    client.force_login(user)
    return client


def form_of(client: Client, url: str, form_id: str) -> dict[str, Any]:
    """The form as the browser would post it, unchanged."""
    response = client.get(url)
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    data = querydict_from_html(response.content.decode(), form_id=form_id)
    form = {k: v for k, v in data.lists() if "__prefix__" not in k}
    return {k: v[0] if len(v) == 1 else v for k, v in form.items()}


def at(days: int) -> dt.datetime:
    return timezone.now() - dt.timedelta(days=30 - days)


def test_the_chief_chooses_the_secondaries_in_the_home_pages_edit_form(
    client, chief, django_capture_on_commit_callbacks
):
    section = SectionFactory(title="سياسة")
    chosen = [
        ArticleFactory(parent=section, title=f"مختار {n}", first_published_at=at(n)) for n in (1, 2)
    ]
    for day in range(3, 10):
        ArticleFactory(parent=section, title=f"خبر {day}", first_published_at=at(day))
    home = HomePage.objects.get()
    url = reverse("wagtailadmin_pages:edit", args=[home.pk])
    client.get("/")  # the front page is cached before the change

    form = form_of(chief, url, "page-edit-form")
    assert form["secondary_stories-TOTAL_FORMS"] == "0"
    form |= {"secondary_stories-TOTAL_FORMS": "2", "action-publish": "action-publish"}
    for n, article in enumerate(reversed(chosen)):  # «مختار 2» first
        form |= {
            f"secondary_stories-{n}-article": str(article.pk),
            f"secondary_stories-{n}-ORDER": str(n + 1),
            f"secondary_stories-{n}-id": "",
            f"secondary_stories-{n}-DELETE": "",
        }
    with django_capture_on_commit_callbacks(execute=True):
        saved = chief.post(url, form)
    response = client.get("/")
    page = soup(response.content.decode())
    again = form_of(chief, url, "page-edit-form")

    assert saved.status_code == 302, saved.content.decode()[:2000]
    assert response["X-Cache"] == "MISS"  # the publish purged the cached front page
    assert page.select_one(".top-story .card-title").get_text() == "خبر 9"
    secondaries = [a.get_text() for a in page.select(".secondaries .card-title a")]
    assert secondaries == ["مختار 2", "مختار 1", "خبر 8"]
    assert again["secondary_stories-TOTAL_FORMS"] == "2"


def test_a_third_party_cannot_choose_the_secondaries(client):
    """A reporter of one section may not edit the front page."""
    roles.sync_roles()
    section = SectionFactory(title="سياسة")
    roles.sync_section(section)
    user = get_user_model().objects.create_user("reporter", "r@example.com", "pass-1234")
    user.groups.add(roles.section_group(section, roles.REPORTER))
    client.force_login(user)
    home = HomePage.objects.get()

    response = client.get(reverse("wagtailadmin_pages:edit", args=[home.pk]))

    assert response.status_code in (302, 403)
    assert not home.secondary_stories.exists()


def settings_url() -> str:
    site = Site.objects.get(is_default_site=True)
    return reverse("wagtailsettings:edit", args=["news", "newsroomsettings", site.pk])


def test_the_chief_replaces_the_logo_in_the_site_settings_and_every_page_shows_it(
    client, chief, django_capture_on_commit_callbacks
):
    section = SectionFactory(title="سياسة")
    article = ArticleFactory(parent=section, title="خبر في القسم")
    logo = NewsImageFactory(title="شعار جديد", file=jpeg_file(400, 100, name="shiaar.jpg"))
    urls = ["/", section.url, article.url]
    before = {url: client.get(url).content.decode() for url in urls}  # cached from here

    form = form_of(chief, settings_url(), "w-editor-form")
    with django_capture_on_commit_callbacks(execute=True):
        saved = chief.post(settings_url(), form | {"logo": str(logo.pk)})
    after = {url: client.get(url) for url in urls}

    form = form_of(chief, settings_url(), "w-editor-form")
    with django_capture_on_commit_callbacks(execute=True):
        chief.post(settings_url(), form | {"logo": ""})
    cleared = client.get("/").content.decode()

    assert saved.status_code == 302
    for url in urls:
        assert 'class="logo"' in before[url] and "logo--image" not in before[url]
        html = after[url].content.decode()
        img = soup(html).select_one(".site-name img.logo")
        assert after[url]["X-Cache"] == "MISS", url
        assert img is not None, url
        assert img["src"].endswith(".jpg") and "shiaar" in img["src"]
        assert (img["width"], img["height"]) == ("400", "100")
        assert img["alt"]  # the paper's name, for screen readers and search engines
    assert client.get(soup(after["/"].content.decode()).select_one("img.logo")["src"])
    assert "logo--image" not in cleared and '<svg class="logo"' in cleared


def test_the_chief_gives_the_logo_a_dark_mode_variant_that_dark_readers_get(
    client, chief, django_capture_on_commit_callbacks
):
    article = ArticleFactory(parent=SectionFactory(title="سياسة"), title="خبر في القسم")
    ink = NewsImageFactory(file=jpeg_file(400, 100, colour="#111111", name="ink.jpg"))
    light = NewsImageFactory(file=jpeg_file(400, 100, colour="#eeeeee", name="light.jpg"))

    form = form_of(chief, settings_url(), "w-editor-form")
    with django_capture_on_commit_callbacks(execute=True):
        chief.post(settings_url(), form | {"logo": str(ink.pk)})
    alone = soup(client.get(article.url).content.decode()).select_one(".site-name")
    form = form_of(chief, settings_url(), "w-editor-form")
    with django_capture_on_commit_callbacks(execute=True):
        saved = chief.post(settings_url(), form | {"logo_dark": str(light.pk)})
    paired = soup(client.get(article.url).content.decode()).select_one(".site-name")

    # Alone, the logo is the plain image, marked to sit on a light plate in dark mode.
    assert alone.select_one("picture") is None
    assert "logo--plated" in alone.select_one("img.logo")["class"]
    # With its variant, dark-mode readers' browsers pick the light one; nobody gets a plate.
    assert saved.status_code == 302
    source = paired.select_one("picture source")
    assert source["media"] == "(prefers-color-scheme: dark)"
    assert "light" in source["srcset"] and source["srcset"].endswith(".jpg")
    img = paired.select_one("picture img.logo")
    assert "ink" in img["src"] and "logo--plated" not in img["class"]


def test_the_logo_costs_no_query(client, settings, chief):
    settings.CACHES = NOTHING_CACHED
    settings.PAGE_CACHE_SECONDS = 0
    section = SectionFactory(title="سياسة")
    article = ArticleFactory(parent=section, title="خبر في القسم")

    def queries() -> int:
        client.get(article.url)
        with CaptureQueriesContext(connection) as captured:
            client.get(article.url)
        return len(captured.captured_queries)

    without = queries()
    logo = NewsImageFactory(file=jpeg_file(400, 100, name="logo.jpg"))
    dark = NewsImageFactory(file=jpeg_file(400, 100, name="logo-dark.jpg"))
    chief.post(
        settings_url(),
        form_of(chief, settings_url(), "w-editor-form") | {"logo": logo.pk, "logo_dark": dark.pk},
    )
    with_logo = queries()

    html = client.get(article.url).content.decode()
    assert "logo--image" in html and "logo-dark" in html
    assert with_logo == without
