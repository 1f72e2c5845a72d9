"""Pages for a phone on a slow connection: small, with images that do not block reading."""

from __future__ import annotations

import gzip
import io
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.core.management import call_command

from jarida.news.models import ArticlePage
from jarida.news.tests.html import soup

pytestmark = pytest.mark.django_db

BUDGET = 50 * 1024  # HTML + CSS + JS of an article page, compressed, images excluded


@pytest.fixture
def demo(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    call_command("load_demo", stdout=io.StringIO())


def test_the_longest_demo_article_fits_the_budget_with_its_css_and_js(client, demo):
    longest = max(ArticlePage.objects.all(), key=lambda article: len(article.body_text()))
    html = client.get(longest.url).content
    page = soup(html.decode())

    assets = [
        finders.find(link["href"].removeprefix("/static/"))
        for link in page.select('link[rel="stylesheet"]')
    ]
    assets += [
        finders.find(script["src"].removeprefix("/static/"))
        for script in page.select("script[src]")
    ]
    total = len(gzip.compress(html)) + sum(
        len(gzip.compress(Path(path).read_bytes())) for path in assets
    )

    assert len(longest.body_text().split()) > 800  # a long feature, not a brief
    assert total <= BUDGET, f"{total / 1024:.1f} KB compressed"


def test_images_are_responsive_sized_and_lazy_below_the_fold(client, demo):
    article = ArticlePage.objects.exclude(lead_image=None).first()
    page = soup(client.get("/").content.decode())

    lead = page.select_one(".top-story img")
    assert lead["width"] and lead["height"] and lead.get("loading") != "lazy"
    later = page.select(".latest img")
    assert later and all(img.get("loading") == "lazy" for img in later)
    assert all(img["width"] and img["height"] for img in later)
    sources = page.select(".latest picture source[type='image/webp']")
    assert sources and "," in sources[0]["srcset"]  # several widths to choose from
    article_page = soup(client.get(article.url).content.decode())
    assert article_page.select_one(".lead-image source[type='image/webp']")["srcset"]
