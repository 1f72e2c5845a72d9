"""The paper as Wagtail pages: Home → Section → Article, plus authors and tags.

What readers may see is decided in one place, `ArticlePageQuerySet.published()`; every public
surface (pages, lists, feeds, sitemaps, search, API) starts from it.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db import models
from django.db.models.functions import Coalesce
from django.db.models.lookups import Exact
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import ItemBase, TagBase
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.fields import StreamField
from wagtail.images.blocks import ImageChooserBlock
from wagtail.models import Orderable, Page, PageManager, PageQuerySet
from wagtail.search import index

from jarida.arabic import slugify
from jarida.news.body import body_text
from jarida.newsroom.forms import ArticlePageForm
from jarida.newsroom.updates import is_substantive
from jarida.pagecache import fragments
from jarida.pagecache.tags import tag_response

# Top-level URL segments that belong to our own views, never to a section's slug.
RESERVED_SLUGS = frozenset(
    {
        "a",
        "admin",
        "api",
        "archive",
        "authors",
        "documents",
        "media",
        "search",
        "static",
        "tags",
        "comments",
        "feeds",
        "corrections",
        "sitemaps",
        "sitemap.xml",
        "robots.txt",
    }
)


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

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("bio"), FieldPanel("photo")]
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


def restricted_paths() -> list[tuple[str, int]]:
    """(path, depth) of every page under a view restriction: read on every public list and
    page, kept as a fragment tagged "restrictions", purged whenever a restriction changes
    (rare; usually there are none)."""
    from wagtail.models import PageViewRestriction

    return fragments.cached(
        "restricted-paths",
        ["restrictions"],
        lambda: [
            (r.page.path, r.page.depth) for r in PageViewRestriction.objects.select_related("page")
        ],
    )


def under_view_restriction(path: str) -> bool:
    """Whether the page at tree `path` is, or is below, a page under a view restriction."""
    return any(path.startswith(restricted) for restricted, _depth in restricted_paths())


class ArticlePageQuerySet(PageQuerySet):
    def private_q(self) -> models.Q:
        q = models.Q()
        for path, depth in restricted_paths():
            q |= models.Q(path__startswith=path, depth__gte=depth)
        return q if q else models.Q(pk__in=[])

    def published(self) -> ArticlePageQuerySet:
        """Articles a reader may see. Every public surface starts here.

        Live and public, and not past their expiry even if the scheduler has not yet run:
        a reader never sees an expired article because a process was late.
        """
        from jarida.newsroom.models import Takedown

        now = timezone.now()
        # NOT IN rather than NOT EXISTS: takedowns are few, so PostgreSQL hashes them once and
        # checks each row as it is read, which keeps an index scan's order (a section's list
        # reads one index, in order) instead of an anti-join probe per row.
        taken_down = Takedown.objects.active().values("article_id")
        return (
            self.live()
            .public()
            .filter(models.Q(expire_at__isnull=True) | models.Q(expire_at__gt=now))
            .exclude(pk__in=taken_down)
        )

    def breaking(self) -> ArticlePageQuerySet:
        """Published articles flagged «عاجل» whose breaking window has not ended."""
        return self.published().filter(is_breaking=True, breaking_until__gt=timezone.now())

    def newest_first(self) -> ArticlePageQuerySet:
        return self.order_by("-first_published_at", "-pk")

    def in_section(self, section: Page) -> ArticlePageQuerySet:
        """Children of `section`: what Wagtail's `child_of` says with LIKE and depth, said as
        one equality that the `page_parent_newest` index answers in `newest_first()` order."""
        return self.filter(Exact(ParentPath("path"), section.path))

    def for_listing(self) -> ArticlePageQuerySet:
        """Everything a reader's card shows (lead image, comment count) in one query, and not
        the body: by far the widest column, which no card shows."""
        from jarida.comments.models import with_comment_counts

        return with_comment_counts(self.select_related("lead_image")).defer("body")

    def with_authors(self) -> ArticlePageQuerySet:
        """Authors up front, in one more query, for lists that name them (feeds, the API)."""
        return self.prefetch_related(
            models.Prefetch(
                "article_authors", queryset=ArticleAuthor.objects.select_related("author")
            )
        )

    def with_last_change(self) -> ArticlePageQuerySet:
        return self.annotate(last_change=Coalesce("updated_at", "first_published_at"))


class ParentPath(models.Func):
    """A page's parent's tree path: its own path less its last step.

    The text must be exactly that of the `page_parent_newest` index (news migration 0004),
    numbers inline: planners match an indexed expression by its text, and SQLite never
    matches a bound parameter against a number in an index.
    """

    template = f"SUBSTR(%(expressions)s, 1, LENGTH(%(expressions)s) - {Page.steplen})"
    output_field = models.CharField()


class ArticlePageManager(PageManager.from_queryset(ArticlePageQuerySet)):  # type: ignore[misc]
    def as_pages(self) -> ArticlePageQuerySet:
        """Articles as rows of wagtailcore_page alone (by content type), with the same
        `published()`, `in_section()` and `newest_first()`: for ids and counts, which then
        read one index instead of probing news_articlepage once per row. Its rows are plain
        `Page`s, so nothing here (`for_listing()`, article fields) is for rendering."""
        return ArticlePageQuerySet(Page, using=self._db).type(ArticlePage)


class NearerEndPaginator(Paginator):
    """Reads a page in the second half from the end of the list, in reverse, so that the
    offset it skips is never more than half the list: the last page costs what the first
    does. The list's order must be total (end in the primary key), or the two directions
    could cut ties differently."""

    def page(self, number: Any) -> PaginatorPage:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        if bottom <= self.count - top:
            return self._get_page(self.object_list[bottom:top], number, self)
        rows = list(self.object_list.reverse()[self.count - top : self.count - bottom])
        return self._get_page(rows[::-1], number, self)


def paginate(
    request: HttpRequest,
    queryset: models.QuerySet[Any],
    ids: models.QuerySet[Any] | None = None,
) -> PaginatorPage:
    """Page `?page=N` of `queryset`; out-of-range or junk page numbers give the nearest page.

    A deferred join: the count and the offset are taken over the ids alone (narrow rows, no
    per-row subqueries such as comment counts), then the page's rows are read whole by
    primary key. OFFSET over full rows would sort every article of a section with its body
    and compute each one's comment count, only to drop all but twenty. `ids`, if given, is
    a narrower query for the same primary keys in the same order: a section's come from
    one index (`SectionPage.get_context`), so a deep page costs what page 1 does.
    """
    if ids is None:
        ids = queryset.values_list("pk", flat=True)
    page = NearerEndPaginator(ids, settings.ARTICLES_PER_PAGE).get_page(request.GET.get("page"))
    wanted = list(page.object_list)
    rows = {row.pk: row for row in queryset.order_by().filter(pk__in=wanted)}
    page.object_list = [rows[pk] for pk in wanted if pk in rows]
    return page


def next_visibility_change() -> Any:
    """The next moment a published article leaves the site (expiry) or the «عاجل» strip: no
    cached page may outlive it, since no publish event will announce it."""
    now = timezone.now()
    published = ArticlePage.objects.published()
    moments = [
        published.filter(expire_at__gt=now)
        .order_by("expire_at")
        .values_list("expire_at", flat=True)
        .first(),
        published.filter(is_breaking=True, breaking_until__gt=now)
        .order_by("breaking_until")
        .values_list("breaking_until", flat=True)
        .first(),
    ]
    return min((m for m in moments if m is not None), default=None)


def site_last_change() -> Any:
    """When anything on the site was last published or substantively updated."""
    return (
        ArticlePage.objects.published()
        .with_last_change()
        .order_by("-last_change")
        .values_list("last_change", flat=True)
        .first()
    )


# The reader's text sizes on article pages: (value, accessible name).
FONT_SIZES = (("s", "صغير"), ("m", "عادي"), ("l", "كبير"), ("xl", "كبير جداً"))


class ArabicSlugMixin:
    """Pages get slugs from `jarida.arabic.slugify` (harakat and tatweel dropped, hamza kept),
    whatever the admin's JS produced, so a URL reads like its headline and matches what the
    importers make."""

    slug: str
    title: str
    path: str

    def _set_core_field_defaults(self) -> None:
        if self.slug:
            self.slug = slugify(self.slug) or self.slug
        elif self.path and (base := slugify(self.title)):
            self.slug = self._get_autogenerated_slug(base)  # type: ignore[attr-defined]
        super()._set_core_field_defaults()  # type: ignore[misc]


class CachedPageMixin:
    """Wagtail pages whose rendered HTML the page cache may keep for anonymous readers."""

    pk: int

    def cache_tags(self) -> tuple[str, ...]:
        raise NotImplementedError

    def serve(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        response = super().serve(request, *args, **kwargs)  # type: ignore[misc]
        return tag_response(response, *self.cache_tags())

    def get_view_restrictions(self) -> Any:
        """Wagtail asks on every request (two queries: ancestors, then restrictions). The
        cached list of restricted paths answers "none" for almost every page; a page under a
        restriction, or an alias (whose source's restrictions apply), asks Wagtail."""
        from wagtail.models import PageViewRestriction

        path: str = self.path  # type: ignore[attr-defined]
        if self.alias_of_id is None and not under_view_restriction(path):  # type: ignore[attr-defined]
            none = PageViewRestriction.objects.none()
            # Already evaluated: iterating an empty queryset still compiles its SQL, a tenth
            # of an uncached article render. A derived queryset (the admin orders it) is
            # evaluated as usual.
            none._result_cache = []  # type: ignore[attr-defined]
            return none
        return super().get_view_restrictions()  # type: ignore[misc]


class HomePage(CachedPageMixin, Page):
    top_story = models.ForeignKey(
        "news.ArticlePage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="الخبر الرئيسي",
        help_text="إن تُرك فارغاً يظهر أحدث خبر منشور.",
    )

    content_panels = [*Page.content_panels, PageChooserPanel("top_story", "news.ArticlePage")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["news.SectionPage"]
    max_count = 1

    class Meta:
        verbose_name = "الصفحة الرئيسية"

    def cache_tags(self) -> tuple[str, ...]:
        return ("home",)

    def route(self, request: HttpRequest, path_components: list[str]) -> Any:
        """A section is found with its specific fields (as sections find their articles),
        from the cache, rather than Wagtail's generic child lookup followed by `.specific`."""
        if not path_components:
            return super().route(request, path_components)
        section = self.sections_by_slug().get(path_components[0])
        if section is None:
            return super().route(request, path_components)
        section._cached_parent_obj = self
        return section.route(request, path_components[1:])

    def public_sections(self) -> list[SectionPage]:
        """Its live sections that every reader may see, in the editors' order."""
        return sorted(
            (
                section
                for section in self.sections_by_slug().values()
                if section.live and not under_view_restriction(section.path)
            ),
            key=lambda section: section.path,
        )

    def sections_by_slug(self) -> dict[str, SectionPage]:
        """Its sections (live or not: Wagtail's router answers 404 for a draft), kept as a
        fragment. Every article's request routes through them, and they change only when a
        section is published, unpublished, moved or deleted, which purges every fragment
        (`jarida.pagecache.signals`)."""
        return fragments.cached(
            f"sections:{self.pk}",
            [],
            lambda: {section.slug: section for section in SectionPage.objects.child_of(self)},
        )

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        """The top story, the latest twelve and each section's newest four.

        Which articles go where (a query per section) is kept as a fragment until any
        article is published or unpublished; the articles themselves are then read in one
        query, and through `published()` again, so an article that expired since is dropped.
        """
        context = super().get_context(request, *args, **kwargs)
        sections = self.public_sections()

        def choose() -> dict[str, Any]:
            published = ArticlePage.objects.published().newest_first()
            return {
                "latest": list(published.values_list("pk", flat=True)[:13]),
                "sections": {
                    s.pk: list(published.in_section(s).values_list("pk", flat=True)[:4])
                    for s in sections
                },
            }

        key = f"home:{self.pk}:" + ",".join(str(s.pk) for s in sections)
        chosen = fragments.cached(key, ["articles"], choose)
        wanted = {*chosen["latest"], *(pk for ids in chosen["sections"].values() for pk in ids)}
        if self.top_story_id:
            wanted.add(self.top_story_id)
        found = ArticlePage.objects.published().filter(pk__in=wanted).for_listing().in_bulk()
        latest = [found[pk] for pk in chosen["latest"] if pk in found]
        top = found.get(self.top_story_id) if self.top_story_id else None
        if top is None and latest:
            top = latest[0]
        context["top_story"] = top
        context["latest"] = [a for a in latest if a.pk != (top.pk if top else None)][:12]
        context["sections"] = [
            (s, [found[pk] for pk in chosen["sections"].get(s.pk, []) if pk in found])
            for s in sections
        ]
        return context


class SectionPage(CachedPageMixin, ArabicSlugMixin, Page):
    description = models.CharField("الوصف", max_length=300, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("description")]
    parent_page_types = ["news.HomePage"]
    subpage_types = ["news.ArticlePage"]

    class Meta:
        verbose_name = "قسم"
        verbose_name_plural = "الأقسام"

    def cache_tags(self) -> tuple[str, ...]:
        return (f"section:{self.pk}",)

    def route(self, request: HttpRequest, path_components: list[str]) -> Any:
        """An article is found with its specific fields and lead image in one query, rather
        than Wagtail's generic child lookup followed by `.specific`.

        For readers, the row found is kept as a fragment under the article's tag, which every
        change to what its page shows purges (publishing, unpublishing, moving, deleting it,
        taking it down, editing its lead photo), so a render that misses the page cache
        reads no row at all. Editors (a session) read the row itself."""
        if len(path_components) != 1:
            return super().route(request, path_components)
        slug = path_components[0]

        def find() -> ArticlePage:
            return (
                ArticlePage.objects.child_of(self)
                .select_related("lead_image")
                .defer("body")  # read only when the kept article fragment is rebuilt
                .get(slug=slug)
            )

        try:
            if settings.SESSION_COOKIE_NAME in request.COOKIES:
                article = find()
            else:
                digest = hashlib.sha256(slug.encode()).hexdigest()
                article = fragments.cached(
                    f"route:{self.pk}:{digest}", [], find, tags_of=ArticlePage.cache_tags
                )
        except ArticlePage.DoesNotExist:
            return super().route(request, path_components)
        article._cached_parent_obj = self
        return article.route(request, [])

    def clean(self) -> None:
        super().clean()
        if self.slug in RESERVED_SLUGS:
            raise ValidationError({"slug": "هذا المعرّف محجوز لصفحات الموقع، اختر غيره."})

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context(request, *args, **kwargs)
        articles = ArticlePage.objects.published().in_section(self).for_listing()
        # The count and the page's ids from the `page_parent_newest` index alone (an
        # index-only scan on PostgreSQL, a covering index on SQLite).
        ids = ArticlePage.objects.as_pages().published().in_section(self).newest_first()
        context["page_obj"] = paginate(request, articles, ids.values_list("pk", flat=True))
        return context


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label="الاقتباس")
    attribution = blocks.CharBlock(label="القائل", required=False)

    class Meta:
        icon = "openquote"
        label = "اقتباس"
        template = "news/blocks/quote.html"


class BodyImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label="الصورة")
    caption = blocks.CharBlock(
        label="التعليق", required=False, help_text="إن تُرك فارغاً يُستخدم تعليق الصورة."
    )

    class Meta:
        icon = "image"
        label = "صورة"
        template = "news/blocks/image.html"


class ArticleBodyBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(
        features=["bold", "italic", "link"], label="فقرة", template="news/blocks/paragraph.html"
    )
    subheading = blocks.CharBlock(
        label="عنوان فرعي", icon="title", template="news/blocks/subheading.html"
    )
    quote = QuoteBlock()
    image = BodyImageBlock()


class ArticlePage(CachedPageMixin, ArabicSlugMixin, Page):
    summary = models.TextField("الموجز", blank=True, max_length=600)
    body = StreamField(ArticleBodyBlock(), verbose_name="النص", blank=True)
    lead_image = models.ForeignKey(
        settings.WAGTAILIMAGES_IMAGE_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="الصورة الرئيسية",
    )
    lead_image_caption = models.CharField(
        "التعليق على الصورة الرئيسية",
        max_length=500,
        blank=True,
        help_text="إن تُرك فارغاً يُستخدم تعليق الصورة نفسها.",
    )
    lead_image_credit = models.CharField(
        "حقوق الصورة الرئيسية",
        max_length=255,
        blank=True,
        help_text="إن تُرك فارغاً تُستخدم حقوق الصورة نفسها.",
    )
    byline = models.CharField(
        "سطر الكاتب",
        max_length=255,
        blank=True,
        help_text="كما يُطبع فوق الخبر، مثل: «بيروت - جريدة» أو «لندن: اسم المراسل».",
    )
    tags = ClusterTaggableManager(through=ArticleTag, blank=True, verbose_name="الوسوم")
    updated_at = models.DateTimeField(
        "آخر تحديث",
        null=True,
        blank=True,
        help_text="وقت آخر تحديث جوهري يظهر للقراء؛ لا يتغيّر عند تصحيح خطأ مطبعي.",
    )
    # Set by the editor for this edit; consumed (and cleared) when the version is published.
    substantive_update = models.BooleanField(
        "تحديث جوهري",
        default=False,
        help_text="علّم هنا إذا كان هذا التعديل خبراً جديداً يستحق تغيير وقت «آخر تحديث». "
        "التعديلات الكبيرة على النص تُحتسب تلقائياً؛ تصحيح الأخطاء المطبعية لا يُحتسب.",
    )
    is_breaking = models.BooleanField("خبر عاجل", default=False)
    breaking_until = models.DateTimeField(
        "يبقى في شريط العاجل حتى",
        null=True,
        blank=True,
        help_text="إن تُرك فارغاً يبقى الخبر عاجلاً للمدة المحددة في إعدادات غرفة الأخبار.",
    )

    objects = ArticlePageManager()

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldPanel("lead_image"),
                FieldPanel("lead_image_caption"),
                FieldPanel("lead_image_credit"),
            ],
            heading="الصورة الرئيسية",
        ),
        FieldPanel("body"),
        InlinePanel("article_authors", label="الكتّاب"),
        FieldPanel("byline"),
        FieldPanel("tags"),
        MultiFieldPanel(
            [FieldPanel("substantive_update"), InlinePanel("notices", label="ملاحظة")],
            heading="التحديثات والتصحيحات",
        ),
    ]
    settings_panels = [
        *Page.settings_panels,
        MultiFieldPanel([FieldPanel("is_breaking"), FieldPanel("breaking_until")], heading="عاجل"),
        FieldPanel("updated_at"),
    ]
    base_form_class = ArticlePageForm
    search_fields = [*Page.search_fields, index.SearchField("summary"), index.SearchField("body")]
    parent_page_types = ["news.SectionPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = "خبر"
        verbose_name_plural = "الأخبار"
        indexes = [
            # The site-wide «عاجل» strip: breaking articles whose window is still open.
            models.Index(fields=["is_breaking", "breaking_until"], name="article_breaking"),
        ]

    @property
    def section(self) -> Page | None:
        return self.get_parent()

    @property
    def photo_credit(self) -> str:
        if self.lead_image_credit:
            return self.lead_image_credit
        return self.lead_image.credit if self.lead_image else ""

    @property
    def photo_caption(self) -> str:
        if self.lead_image_caption:
            return self.lead_image_caption
        return self.lead_image.caption if self.lead_image else ""

    @property
    def was_updated(self) -> bool:
        return bool(
            self.updated_at
            and self.first_published_at
            and self.updated_at > self.first_published_at
        )

    @cached_property
    def authors(self) -> list[Author]:
        # Lists prefetch the links with their authors; a page alone joins them in one query.
        if "article_authors" in getattr(self, "_prefetched_objects_cache", {}):
            links = self.article_authors.all()
        else:
            links = self.article_authors.select_related("author")
        return [link.author for link in links]

    @cached_property
    def tag_list(self) -> list[Tag]:
        """The tags, read once for the page and its metadata."""
        return list(self.tags.all())

    def get_short_url(self) -> str:
        """The stable numeric URL that survives headline and section changes."""
        return reverse("news:article_by_id", args=[self.pk])

    def related_articles(self, limit: int = 4) -> list[ArticlePage]:
        """Published articles sharing the most tags, newest first; the section fills the rest.

        The choice is a costly query, kept as a fragment (`related_choice`); the articles
        themselves are read fresh."""
        ids = self.related_choice(limit)["ids"]
        found = {a.pk: a for a in ArticlePage.objects.published().filter(pk__in=ids).for_listing()}
        return [found[pk] for pk in ids if pk in found]

    def related_choice(self, limit: int = 4) -> dict[str, list[Any]]:
        """The related articles' ids, and the cache tags of what could change the choice or
        what the list shows: this article, each article chosen (an edit, a comment, an
        unpublish), each of this article's tags (a newly published article sharing one), and
        the section when it filled the list (any new article there). So a publish elsewhere
        in the paper leaves the choice kept, as it leaves the list unchanged."""

        def choose() -> dict[str, list[Any]]:
            tag_ids = list(self.tagged_items.values_list("tag_id", flat=True))
            related, filled_from = self._choose_related(tag_ids, limit)
            tags = [
                f"article:{self.pk}",
                *(f"article:{a.pk}" for a in related),
                *(f"tag:{tag_id}" for tag_id in tag_ids),
                *([f"section:{filled_from}"] if filled_from else []),
            ]
            return {"ids": [a.pk for a in related], "tags": tags}

        return fragments.cached(
            f"related-choice:{self.pk}:{limit}", [], choose, tags_of=lambda chosen: chosen["tags"]
        )

    def _choose_related(
        self, tag_ids: list[int], limit: int
    ) -> tuple[list[ArticlePage], int | None]:
        """The related articles, and the section that filled the list, if it did."""
        published = ArticlePage.objects.published().exclude(pk=self.pk)
        related: list[ArticlePage] = []
        if tag_ids:
            related = list(
                published.filter(tagged_items__tag_id__in=tag_ids)
                .annotate(shared=models.Count("tagged_items", distinct=True))
                .order_by("-shared", "-first_published_at")
                .for_listing()[:limit]
            )
        if len(related) < limit and (parent := self.get_parent()):
            more = (
                published.in_section(parent)
                .exclude(pk__in=[a.pk for a in related])
                .for_listing()
                .newest_first()[: limit - len(related)]
            )
            related.extend(more)
            return related, parent.pk
        return related, None

    def body_text(self) -> str:
        """The body as plain text: paragraphs, subheadings and quotes (feeds, the API, update
        detection)."""
        return body_text(self.body)

    def public_notices(self) -> list[Any]:
        """Correction, clarification and update notices of the published version, oldest first."""
        if not hasattr(self, "_public_notices"):
            self._public_notices = sorted(self.notices.all(), key=lambda n: n.noted_at)
        return self._public_notices

    def save(self, *args: Any, **kwargs: Any) -> Any:
        if self.pk and self.live:
            self._apply_update_policy()
        return super().save(*args, **kwargs)

    def _apply_update_policy(self) -> None:
        """On publishing a new version, move `updated_at` for a substantive update only.

        The page row still holds the previously published version at this point, so the
        comparison needs no revision archaeology. The first publication is not an update;
        an `updated_at` the editor set by hand wins.
        """
        previous = (
            ArticlePage.objects.filter(pk=self.pk)
            .values("live_revision_id", "title", "updated_at")
            .first()
        )
        if previous is None or previous["live_revision_id"] in (None, self.live_revision_id):
            return
        self._new_notices = [n for n in self.notices.all() if n.pk is None]
        if self.updated_at != previous["updated_at"]:
            self.substantive_update = False
            return
        old_body = ArticlePage.objects.get(pk=self.pk).body_text()
        before = f"{previous['title']}\n{old_body}"
        after = f"{self.title}\n{self.body_text()}"
        threshold = settings.NEWSROOM_SUBSTANTIVE_CHANGE
        if self.substantive_update or is_substantive(before, after, threshold):
            self.updated_at = timezone.now()
        self.substantive_update = False

    def cache_tags(self) -> tuple[str, ...]:
        return (f"article:{self.pk}",)

    def serve(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        # The scheduler unpublishes expired articles; until it has, they are still not served.
        if self.expire_at and self.expire_at <= timezone.now():
            raise Http404("انتهت مدة نشر هذا الخبر")
        return super().serve(request, *args, **kwargs)

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context(request, *args, **kwargs)
        context["font_sizes"] = FONT_SIZES
        return context


class ArticleAuthor(Orderable):
    article = ParentalKey(ArticlePage, on_delete=models.CASCADE, related_name="article_authors")
    author = models.ForeignKey(
        Author, on_delete=models.CASCADE, related_name="article_links", verbose_name="الكاتب"
    )

    panels = [FieldPanel("author")]

    class Meta(Orderable.Meta):
        verbose_name = "كاتب الخبر"
        constraints = [
            models.UniqueConstraint(fields=["article", "author"], name="unique_article_author"),
        ]
