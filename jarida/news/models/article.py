"""The article: what a reporter writes and a reader reads, and the rules of its publication.

Every publish passes through `ArticlePage.publish()`, which refuses a taken-down or expired
article whatever made the call (`jarida.news.models.publication`); an article's page reads
everything it shows in a fixed number of queries (`ArticlePageQuerySet.for_page`, one query
for its authors and tags, one for its related block, one for every photo's renditions).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import connections, models
from django.db.models import prefetch_related_objects
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from modelcluster.contrib.taggit import ClusterTaggableManager
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from jarida.arabic import analyse
from jarida.images.models import prefetch_renditions
from jarida.news.body import body_text
from jarida.news.forms import ArticlePageForm
from jarida.news.links import home_of
from jarida.news.models.blocks import ArticleBodyBlock
from jarida.news.models.pages import ArabicSlugMixin, SectionPage, UnrestrictedUnlessKnown
from jarida.news.models.people import ArticleAuthor, ArticleTag, Author, Tag
from jarida.news.models.publication import PublicationGuard
from jarida.news.models.querysets import ArticlePageManager, authors_prefetch, last_change
from jarida.news.models.related import fill_related, related_for_page
from jarida.news.updates import is_substantive

# The reader's text sizes on article pages: (value, accessible name).
FONT_SIZES = (("s", "صغير"), ("m", "عادي"), ("l", "كبير"), ("xl", "كبير جداً"))


class ArticlePage(PublicationGuard, UnrestrictedUnlessKnown, ArabicSlugMixin, Page):
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
        InlinePanel(
            "related_links",
            label="خبر ذو صلة",
            heading="أخبار ذات صلة",
            help_text="ما تختاره هنا يظهر أولاً؛ يُكمل الموقع البقية عند النشر من الأخبار "
            "السابقة التي تشاركه الوسوم ثم من قسمه.",
        ),
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
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        # The admin's search folds queries (`jarida.newsroom.search_backend`); this is the
        # folded side: hamza, alef maksura, teh marbuta variants find the same article.
        index.SearchField("folded_search_text"),
        index.AutocompleteField("folded_search_text"),
    ]
    parent_page_types = ["news.SectionPage"]
    # Cards print a label above the headline for page types that have one (live coverage
    # says «مباشر»). An article has none; declaring it keeps the card's lookup from failing,
    # which costs a template `dir()` of the whole page object (0.5 ms) per card.
    card_label = ""

    def folded_search_text(self) -> str:
        """Title, summary and byline folded and stemmed as reader search does, for the
        admin's search (`jarida.newsroom.search_backend`)."""
        # Indexed twice (a search field and an autocomplete field): analysed once per text.
        text = " ".join(filter(None, [self.title, self.summary, self.byline]))
        folded = getattr(self, "folded_for", None)
        if folded is None or folded[0] != text:
            analysed = analyse(text)
            folded = self.folded_for = (text, f"{analysed.exact} {analysed.stems}")
        return folded[1]

    subpage_types: list[str] = []

    class Meta:
        verbose_name = "خبر"
        verbose_name_plural = "الأخبار"
        indexes = [
            # The site-wide «عاجل» strip: breaking articles whose window is still open.
            models.Index(fields=["is_breaking", "breaking_until"], name="article_breaking"),
        ]

    # --- what the page shows -----------------------------------------------------------

    @cached_property
    def section(self) -> SectionPage | None:
        """Its section (routing sets it from the section that found the article)."""
        parent = self.get_parent()
        return parent.specific if parent is not None else None

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
        """Lists prefetch the links with their authors (`with_authors`, which this is
        idempotent with); a page reads them with its tags (`read_authors_and_tags`)."""
        prefetch_related_objects([self], authors_prefetch())
        return [link.author for link in self.article_authors.all()]

    @cached_property
    def tag_list(self) -> list[Tag]:
        return list(self.tags.all())

    def read_authors_and_tags(self) -> None:
        """`authors` and `tag_list` in one query (a UNION of the two links' tables), for the
        page itself, which shows both. Fixed SQL over the models' tables: built with the ORM,
        the union of two joined `values_list` queries cost a millisecond of CPU to compile on
        every cold article, six times what running it costs."""
        connection = connections[ArticleAuthor.objects.db]
        quote = connection.ops.quote_name

        def column(model: type[models.Model], field: str) -> str:
            return quote(model._meta.get_field(field).column)

        sql = (
            "SELECT 'author', a.{author_pk}, a.{author_name}, a.{author_slug}, l.{order}"
            " FROM {article_author} l INNER JOIN {author} a ON a.{author_pk} = l.{author_fk}"
            " WHERE l.{article_fk} = %s"
            " UNION ALL"
            " SELECT 'tag', t.{tag_pk}, t.{tag_name}, t.{tag_slug}, l.{link_pk}"
            " FROM {article_tag} l INNER JOIN {tag} t ON t.{tag_pk} = l.{tag_fk}"
            " WHERE l.{tagged_fk} = %s"
        ).format(
            article_author=quote(ArticleAuthor._meta.db_table),
            author=quote(Author._meta.db_table),
            article_tag=quote(ArticleTag._meta.db_table),
            tag=quote(Tag._meta.db_table),
            author_pk=column(Author, "id"),
            author_name=column(Author, "name"),
            author_slug=column(Author, "slug"),
            order=column(ArticleAuthor, "sort_order"),
            author_fk=column(ArticleAuthor, "author"),
            article_fk=column(ArticleAuthor, "article"),
            tag_pk=column(Tag, "id"),
            tag_name=column(Tag, "name"),
            tag_slug=column(Tag, "slug"),
            link_pk=column(ArticleTag, "id"),
            tag_fk=column(ArticleTag, "tag"),
            tagged_fk=column(ArticleTag, "content_object"),
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [self.pk, self.pk])
            rows = sorted(cursor.fetchall(), key=lambda row: (row[0], row[4] or 0))
        self.authors = [
            Author(pk=pk, name=name, slug=slug)
            for kind, pk, name, slug, _ in rows
            if kind == "author"
        ]
        self.tag_list = [
            Tag(pk=pk, name=name, slug=slug) for kind, pk, name, slug, _ in rows if kind == "tag"
        ]

    def public_notices(self) -> list[Any]:
        """Correction, clarification and update notices of the published version, oldest
        first (no query when the page's own query found none)."""
        return self.notice_list

    @cached_property
    def notice_list(self) -> list[Any]:
        if getattr(self, "has_notices", None) is False:
            return []
        return sorted(self.notices.all(), key=lambda n: n.noted_at)

    def get_short_url(self) -> str:
        """The stable numeric URL that survives headline and section changes."""
        return reverse("news:article_by_id", args=[self.pk])

    def related_articles(self) -> list[ArticlePage]:
        """The «أخبار ذات صلة» block as readers see it (`jarida.news.models.related`)."""
        return related_for_page(self)

    def body_text(self) -> str:
        """The body as plain text: paragraphs, subheadings and quotes (feeds, the API, update
        detection)."""
        return body_text(self.body)

    # --- publication state ---------------------------------------------------------------

    # `taken_down`, `refuse_unpublishable()`, `publish()` and `serve()` (410 Gone) come from
    # `PublicationGuard`.

    def save(self, *args: Any, **kwargs: Any) -> Any:
        update_fields = kwargs.get("update_fields")
        self.refuse_live_save_under_takedown(update_fields)
        if self.pk and self.live:
            self._apply_update_policy()
        if self.live and update_fields is None:
            fill_related(self)  # a publication: its earlier coverage is chosen now
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
        self.new_notices = [n for n in self.notices.all() if n.pk is None]
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

    # --- serving -------------------------------------------------------------------------

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context(request, *args, **kwargs)
        self.read_authors_and_tags()
        related = self.related_articles()
        prefetch_renditions(a.lead_image for a in [self, *related])
        home = home_of(request)
        if home is not None:
            for article in related:
                article.section = home.section_of(article)  # their cards name it: no query
        context["font_sizes"] = FONT_SIZES
        context["section"] = self.section
        context["related"] = related
        context["last_change"] = last_change(self)
        return context
