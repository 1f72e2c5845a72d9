"""`make run` loads the demo paper into an empty database, once."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from jarida.comments.models import Comment
from jarida.demo.content import ARTICLES, SECTIONS
from jarida.news.models import ArticlePage, HomePage, SectionPage
from jarida.news.tests.html import soup, visible_text

pytestmark = pytest.mark.django_db


def test_the_demo_builds_a_whole_paper_that_readers_can_browse(client, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    call_command("load_demo", "--if-empty", stdout=io.StringIO())

    assert list(SectionPage.objects.order_by("path").values_list("title", flat=True)) == [
        name for name, _ in SECTIONS
    ]
    assert ArticlePage.objects.published().count() == len(ARTICLES) >= 12
    assert Comment.objects.approved().exists()
    home = HomePage.objects.get()
    top = next(a for a in ARTICLES if a.get("top_story"))
    assert home.top_story.title == top["headline"]

    page = soup(client.get("/").content.decode())
    assert page.select_one(".top-story .card-title").get_text() == top["headline"]
    for article in ArticlePage.objects.all():
        response = client.get(article.url)
        assert response.status_code == 200
        text = visible_text(response.content.decode())
        assert article.title in text and "التعليقات" in text
    with_image = ArticlePage.objects.exclude(lead_image=None).first()
    credit = with_image.lead_image.credit
    assert credit and credit in visible_text(client.get(with_image.url).content.decode())
    login = (tmp_path / "demo_login.txt").read_text()
    assert login.startswith("admin / ") and len(login.split(" / ")[1].strip()) >= 12


def test_the_demo_is_not_loaded_twice(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    call_command("load_demo", "--if-empty", stdout=io.StringIO())
    out = io.StringIO()

    call_command("load_demo", "--if-empty", stdout=out)

    assert "already" in out.getvalue()
    assert ArticlePage.objects.count() == len(ARTICLES)
