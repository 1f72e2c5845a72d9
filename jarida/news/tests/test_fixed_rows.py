"""The fixed-SQL reads of a reader page (`jarida.news.models.rows`) give the models the ORM's
queries give: every field, converted as the ORM converts it, the lead image, and the columns
of `RowSQL` that feature apps and publication state add."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import models
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction

from jarida.comments.models import ArticleCommentSettings
from jarida.comments.tests.factories import CommentFactory
from jarida.images.tests.factories import NewsImageFactory, jpeg_file
from jarida.news.models import (
    ArticlePage,
    CorrectionNotice,
    HomePage,
    InfoPage,
    RelatedArticle,
    SectionPage,
    Takedown,
)
from jarida.news.models.querysets import page_columns
from jarida.news.models.rows import article_for_page, cards_by_id, chrome_pages, related_cards
from jarida.news.tests.factories import ArticleFactory, SectionFactory

pytestmark = pytest.mark.django_db


def fields_of(instance: Any, only: set[str] | None = None) -> dict[str, Any]:
    """Every loaded field's value, with its type (SQLite gives text where the ORM converts)."""
    values = {}
    for field in type(instance)._meta.concrete_fields:
        if only is not None and field.attname not in only:
            continue
        value = getattr(instance, field.attname)
        if field.name == "body":
            value = list(value.raw_data)
        values[field.attname] = (type(value), value)
    return values


def make_articles() -> list[ArticlePage]:
    section = SectionFactory(title="سياسة")
    hidden = SectionFactory(title="خاص")
    PageViewRestriction.objects.create(page=hidden, restriction_type="login")
    with_everything = ArticleFactory(
        parent=section,
        title="خبر بكل شيء",
        lead_image=NewsImageFactory(file=jpeg_file(160, 90, name="lead.jpg")),
        lead_image_credit="وكالة",
        is_breaking=True,
        breaking_until=timezone.now() + dt.timedelta(hours=1),
    )
    CommentFactory(article=with_everything, name="قارئ", body="تعليق منشور")
    CorrectionNotice.objects.create(article=with_everything, text="صُحّح اسم الوزير")
    ArticleCommentSettings.objects.create(
        article=with_everything, mode="closed", close_after_days=3
    )
    plain = ArticleFactory(parent=section, title="خبر بلا صورة", summary="")
    taken_down = ArticleFactory(parent=section, title="خبر مسحوب")
    Takedown.objects.create(article=taken_down, reason="أمر قضائي")
    restricted = ArticleFactory(parent=hidden, title="خبر للمشتركين")
    draft = ArticleFactory(parent=section, title="مسودة", publish=False)
    return [with_everything, plain, taken_down, restricted, draft]


def test_an_article_reads_as_for_page_reads_it():
    for made in make_articles():
        expected = ArticlePage.objects.filter(pk=made.pk).for_page().get()
        found = article_for_page(made.path[: -Page.steplen], made.slug)

        assert found is not None and type(found) is ArticlePage
        assert fields_of(found) == fields_of(expected)
        for name in page_columns():
            assert (type(getattr(found, name)), getattr(found, name)) == (
                type(getattr(expected, name)),
                getattr(expected, name),
            ), name
        if expected.lead_image is None:
            assert found.lead_image is None
        else:
            assert fields_of(found.lead_image) == fields_of(expected.lead_image)


def test_no_article_with_that_slug_under_that_section_is_none():
    article = make_articles()[0]

    assert article_for_page(article.path[: -Page.steplen], "لا-يوجد") is None
    assert article_for_page(HomePage.objects.get().path, article.slug) is None


def test_the_related_cards_read_as_the_published_listing_reads_them():
    articles = make_articles()
    page = ArticleFactory(parent=articles[0].get_parent(), title="خبر جديد")
    RelatedArticle.objects.filter(article=page).delete()
    for order, target in enumerate(articles):
        RelatedArticle.objects.create(article=page, target=target, sort_order=order)

    expected = {
        a.pk: a
        for a in ArticlePage.objects.published()
        .filter(related_from__article_id=page.pk)
        .annotate(related_order=models.F("related_from__sort_order"))
        .for_cards()
    }
    found = {a.pk: a for a in related_cards(page.pk)}

    # The taken-down, restricted and draft articles are not published.
    assert sorted(found) == sorted(expected) == sorted(a.pk for a in articles[:2])
    for pk, card in found.items():
        loaded = set(card.__dict__) & {f.attname for f in ArticlePage._meta.concrete_fields}
        assert loaded == set(expected[pk].__dict__) & {
            f.attname for f in ArticlePage._meta.concrete_fields
        }
        assert fields_of(card, loaded) == fields_of(expected[pk], loaded)
        assert card.related_order == expected[pk].related_order
        assert card.approved_comment_count == expected[pk].approved_comment_count
        if expected[pk].lead_image is not None:
            assert fields_of(card.lead_image) == fields_of(expected[pk].lead_image)


def test_the_home_page_and_its_children_come_each_as_its_own_type():
    sections = [SectionFactory(title="سياسة"), SectionFactory(title="اقتصاد")]
    PageViewRestriction.objects.create(page=sections[1], restriction_type="login")
    home = HomePage.objects.get()
    home.add_child(instance=InfoPage(title="من نحن", slug="about-us")).save_revision().publish()

    pages, facts = chrome_pages(home.pk, home.path, home.depth, with_facts=True)

    by_pk = {page.pk: page for page in pages}
    assert sorted(by_pk) == sorted([home.pk, *(p.pk for p in home.get_children())])
    assert type(by_pk[home.pk]) is HomePage
    for section in sections:
        found = by_pk[section.pk]
        assert type(found) is SectionPage
        assert fields_of(found) == fields_of(SectionPage.objects.get(pk=section.pk))
    assert [by_pk[s.pk].restricted for s in sections] == [False, True]
    assert facts.keys() >= {"next_expiry", "breaking_end", "show_hijri", "logo_file"}
    assert chrome_pages(home.pk, home.path, home.depth, with_facts=False)[1] == {}


def test_cards_by_id_read_as_the_published_listing_reads_them():
    articles = make_articles()
    ids = [a.pk for a in articles]

    expected = ArticlePage.objects.published().filter(pk__in=ids).for_cards().in_bulk()
    found = cards_by_id(ids)

    assert sorted(found) == sorted(expected) == sorted(a.pk for a in articles[:2])
    for pk, card in found.items():
        assert type(card) is ArticlePage
        assert card.get_deferred_fields() == expected[pk].get_deferred_fields()
        loaded = {f.attname for f in ArticlePage._meta.concrete_fields} - card.get_deferred_fields()
        assert fields_of(card, loaded) == fields_of(expected[pk], loaded)
        assert card.approved_comment_count == expected[pk].approved_comment_count
        if expected[pk].lead_image is not None:
            assert fields_of(card.lead_image) == fields_of(expected[pk].lead_image)
    assert cards_by_id([]) == {}
