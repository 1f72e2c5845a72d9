"""The cache rules hold together: every kind of tag a page carries is purged by some change,
and every purge names a kind some page carries (`jarida.news.cache_rules.TAG_KINDS`).

Carried tags are read off the responses of every reader surface; purged ones off the purge
log (`jarida.pagecache.models.Purge`) after each kind of change the rules know."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import PageViewRestriction, Site

from jarida.comments.models import Comment
from jarida.comments.tests.factories import CommentFactory
from jarida.images.tests.factories import NewsImageFactory, jpeg_file
from jarida.news import cache_rules
from jarida.news.models import CorrectionNotice, NewsroomSettings, Tag
from jarida.news.publication import take_down
from jarida.news.tests.factories import ArticleFactory, AuthorFactory, SectionFactory
from jarida.pagecache.models import Purge

pytestmark = pytest.mark.django_db


def kind(tag: str) -> str:
    return tag.split(":", 1)[0]


@pytest.fixture
def paper():
    politics, economy = SectionFactory(title="سياسة"), SectionFactory(title="اقتصاد")
    author = AuthorFactory(name="ريم الخوري")
    photo = NewsImageFactory(file=jpeg_file(160, 90, name="lead.jpg"), credit="© أ ف ب")
    older = ArticleFactory(parent=politics, tags=["الموازنة"], authors=[author])
    article = ArticleFactory(parent=politics, tags=["الموازنة"], authors=[author], lead_image=photo)
    return {
        "sections": (politics, economy),
        "author": author,
        "photo": photo,
        "older": older,
        "article": article,
    }


def surfaces(paper) -> list[str]:
    article, politics = paper["article"], paper["sections"][0]
    published = article.first_published_at
    return [
        "/",
        politics.url,
        article.url,
        "/tags/الموازنة/",
        "/authors/ريم-الخوري/",
        f"/archive/{published:%Y}/",
        "/corrections/",
        "/search/?q=الموازنة",
        "/feeds/rss/",
        f"/feeds{politics.url}atom/",
        "/feeds/tags/الموازنة/rss/",
        "/feeds/authors/ريم-الخوري/atom/",
        "/sitemap.xml",
        "/sitemaps/articles.xml",
        "/sitemaps/news.xml",
        "/api/v1/articles/",
        f"/api/v1/articles/{article.pk}/",
    ]


def test_every_tag_carried_is_purged_by_some_change_and_every_purge_is_carried(
    client, paper, settings, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE_SECONDS = 0  # every view renders, so every response shows its tags
    carried: set[str] = set()
    for url in surfaces(paper):
        response = client.get(url)
        assert response.status_code == 200, url
        carried |= getattr(response, "cache_tags", set())

    Purge.objects.all().delete()
    article, older, politics, economy = (paper["article"], paper["older"], *paper["sections"])
    with django_capture_on_commit_callbacks(execute=True):
        later = timezone.now() + dt.timedelta(hours=1)
        ArticleFactory(parent=economy, is_breaking=True, breaking_until=later)
        article.save_revision().publish()
        CommentFactory(article=older, status=Comment.Status.APPROVED)
        CorrectionNotice.objects.create(article=older, text="صُحّح اسم الوزير")
        paper["photo"].credit = "© رويترز"
        paper["photo"].save()
        older.move(economy, pos="last-child")
        take_down(article, None, "حكم قضائي")
        politics.save_revision().publish()
        paper["author"].save()
        Tag.objects.get(name="الموازنة").save()
        NewsroomSettings.for_site(Site.objects.get(is_default_site=True)).save()
        PageViewRestriction.objects.create(page=economy, restriction_type="login")
        call_command("purge_page_cache")
    with time_machine.travel(later + dt.timedelta(minutes=1), tick=False):
        call_command("run_scheduler", "--once")  # the breaking window closes
    purged = {tag for row in Purge.objects.all() for tag in row.tags}

    kinds = set(cache_rules.TAG_KINDS)
    assert {kind(tag) for tag in carried} == kinds, "a kind of tag no page carries, or the reverse"
    assert {kind(tag) for tag in purged} == kinds, "a kind of tag no change purges"
    never_purged = {tag for tag in carried if kind(tag) != "all"} - purged
    assert not never_purged, f"carried, never purged by these changes: {never_purged}"


def test_an_articles_old_urls_are_in_what_its_next_move_purges(
    django_capture_on_commit_callbacks,
):
    """Wagtail keeps a renamed article's old path (without its trailing slash) as a redirect
    to it, made once the rename commits; when the article moves again, that redirect answers
    elsewhere, so the CDN must drop it in the form readers use."""
    from urllib.parse import unquote

    article = ArticleFactory(title="المصارف تطالب بخطة للموازنة")
    original = article.url
    for slug in ("خبر-اجتماع", "خبر-عاجل"):
        with django_capture_on_commit_callbacks(execute=True):
            article.slug = slug
            article.save_revision().publish()
        article.refresh_from_db()

    found = cache_rules.footprint(article.pk)

    assert found is not None
    assert original.endswith("/")
    assert unquote(original) in {unquote(path) for path in found.redirects}
