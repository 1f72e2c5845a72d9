"""Who wrote an article and what it is about: authors and topic tags, with their links."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from modelcluster.fields import ParentalKey
from taggit.models import ItemBase, TagBase
from wagtail.admin.panels import FieldPanel
from wagtail.models import Orderable
from wagtail.search import index

from jarida.arabic import slugify


def unique_slug(base: str, taken: set[str], fallback: str) -> str:
    """An Arabic slug for `base`, made unique against `taken` with -2, -3..."""
    slug = slugify(base) or fallback
    candidate, n = slug, 2
    while candidate in taken:
        candidate = f"{slug}-{n}"
        n += 1
    return candidate


class Author(index.Indexed, models.Model):
    name = models.CharField("الاسم", max_length=120)
    slug = models.SlugField(
        "المعرّف في الرابط", max_length=140, unique=True, allow_unicode=True, blank=True
    )
    bio = models.TextField("نبذة", blank=True)
    photo = models.ForeignKey(
        settings.WAGTAILIMAGES_IMAGE_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="الصورة",
    )

    # The newsroom account that writes as this author: their new articles carry this byline.
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="author_profile",
        verbose_name="حساب المحرر",
        help_text="حساب غرفة الأخبار الذي يكتب بهذا الاسم؛ تحمل أخباره الجديدة اسمه تلقائياً.",
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("bio"),
        FieldPanel("photo"),
        FieldPanel("user"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]
        verbose_name = "كاتب"
        verbose_name_plural = "الكتّاب"

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self.slug:
            taken = set(Author.objects.exclude(pk=self.pk).values_list("slug", flat=True))
            self.slug = unique_slug(self.name, taken, fallback="author")
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("news:author", args=[self.slug])


class Tag(TagBase):
    """A topic tag; its slug is Arabic, made by the same slugify as pages."""

    class Meta:
        verbose_name = "وسم"
        verbose_name_plural = "الوسوم"

    def slugify(self, tag: str, i: int | None = None) -> str:
        slug = slugify(tag) or "tag"
        return f"{slug}-{i}" if i is not None else slug

    def get_absolute_url(self) -> str:
        return reverse("news:tag", args=[self.slug])


class ArticleTag(ItemBase):
    tag = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="tagged_articles")
    content_object = ParentalKey(
        "news.ArticlePage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class ArticleAuthor(Orderable):
    article = ParentalKey(
        "news.ArticlePage", on_delete=models.CASCADE, related_name="article_authors"
    )
    author = models.ForeignKey(
        Author, on_delete=models.CASCADE, related_name="article_links", verbose_name="الكاتب"
    )

    panels = [FieldPanel("author")]

    class Meta(Orderable.Meta):
        verbose_name = "كاتب الخبر"
        constraints = [
            models.UniqueConstraint(fields=["article", "author"], name="unique_article_author"),
        ]
