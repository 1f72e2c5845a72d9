"""Live coverage: a page that a newsroom runs for hours, and the updates posted to it.

A `LiveCoveragePage` sits under a section like an article and follows the same publication
rules (`published()` is `ArticlePageQuerySet.published()`: live, not expired, under no view
restriction). Its headline, «أبرز التطورات» and state (live, paused, ended) go through
Wagtail's revisions like any page. Its updates are rows of their own (`LiveUpdate`), each
public the moment it is posted: reporters post concurrently from the desk
(`jarida.live.views`) without overwriting each other, and no page-level review holds them.
A correction to an update is a `LiveUpdateCorrection` printed under it as «تصحيح».
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils import timezone
from django.utils.functional import cached_property
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page, PageManager, PageQuerySet
from wagtail.search import index
from wagtail.url_routing import RouteResult

from jarida.news.body import body_text
from jarida.news.models import ArticleBodyBlock, ArticlePageQuerySet, CorrectionNotice
from jarida.news.models.pages import ArabicSlugMixin, UnrestrictedUnlessKnown
from jarida.news.models.publication import PublicationGuard

# Updates on one page of the stream (`?before=<id>` reads the next).
UPDATES_PER_PAGE = 20
# Updates the poll endpoint carries, newest first: a reader further behind reloads.
POLL_UPDATES = 20
# Interval the reader's script polls at, in seconds (jittered between these).
POLL_SECONDS = (20, 30)


class LiveCoveragePageQuerySet(PageQuerySet):
    # The articles' one definition of "a reader may see this", unchanged: live, not
    # expired, not under an active takedown, under no view restriction.
    published = ArticlePageQuerySet.published

    def newest_first(self) -> LiveCoveragePageQuerySet:
        return self.order_by("-first_published_at", "-pk")


class LiveCoveragePageManager(PageManager.from_queryset(LiveCoveragePageQuerySet)):  # type: ignore[misc]
    pass


class LiveCoveragePage(
    PublicationGuard, UnrestrictedUnlessKnown, ArabicSlugMixin, RoutablePageMixin, Page
):
    class State(models.TextChoices):
        LIVE = "live", "مباشر"
        PAUSED = "paused", "متوقفة مؤقتاً"
        ENDED = "ended", "انتهت التغطية"

    summary = models.TextField(
        "أبرز التطورات",
        blank=True,
        max_length=2000,
        help_text="سطر لكل تطور؛ يبقيه المحررون محدّثاً طوال التغطية.",
    )
    state = models.CharField(
        "حالة التغطية", max_length=10, choices=State.choices, default=State.LIVE
    )
    ended_at = models.DateTimeField(
        "وقت انتهاء التغطية",
        null=True,
        blank=True,
        help_text="يُملأ تلقائياً عند إنهاء التغطية.",
    )

    objects = LiveCoveragePageManager()

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        MultiFieldPanel([FieldPanel("state"), FieldPanel("ended_at")], heading="الحالة"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("summary")]
    parent_page_types = ["news.SectionPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = "تغطية مباشرة"
        verbose_name_plural = "التغطيات المباشرة"

    def save(self, *args: Any, **kwargs: Any) -> Any:
        self.refuse_live_save_under_takedown(kwargs.get("update_fields"))
        if self.state == self.State.ENDED and self.ended_at is None:
            self.ended_at = timezone.now()
        elif self.state != self.State.ENDED:
            self.ended_at = None
        return super().save(*args, **kwargs)

    @property
    def is_live(self) -> bool:
        return self.state == self.State.LIVE

    @property
    def has_ended(self) -> bool:
        return self.state == self.State.ENDED

    # What a card in the home and section lists reads (`news/includes/article_card.html`):
    # a live page has no lead photo and no byline, and its card says it is live coverage.
    lead_image = None

    @property
    def card_label(self) -> str:
        return "مباشر" if self.is_live else f"تغطية مباشرة · {self.get_state_display()}"

    def highlights(self) -> list[str]:
        """«أبرز التطورات», one line each."""
        return [line.strip() for line in self.summary.splitlines() if line.strip()]

    @cached_property
    def reader_url(self) -> str:
        """Its path on the site, read once (Wagtail's `url` reads the sites each time it is
        asked without a request; the views set this from the request's home page)."""
        return self.url or ""

    @cached_property
    def section(self) -> Page | None:
        parent = self.get_parent()
        return parent.specific if parent is not None else None

    # --- serving -------------------------------------------------------------------------

    def route(self, request: HttpRequest, path_components: list[str]) -> Any:
        """As an article: a taken-down page that readers once saw answers 410 Gone, at its
        URL and every URL under it."""
        if not self.live and self.first_published_at is not None and self.taken_down:
            return RouteResult(self)
        return super().route(request, path_components)

    @path("")
    def stream(self, request: HttpRequest) -> HttpResponse:
        from jarida.live import views

        return views.stream(request, self)

    @path("updates/")
    def poll(self, request: HttpRequest) -> HttpResponse:
        from jarida.live import views

        return views.poll(request, self)

    @path("feed/")
    def feed(self, request: HttpRequest) -> HttpResponse:
        from jarida.live import feeds

        return feeds.updates_feed(request, self)

    @path("update/<int:update_id>/")
    def update_link(self, request: HttpRequest, update_id: int) -> HttpResponse:
        """The shareable URL of one update: the page, opened at it."""
        update = self.updates.filter(pk=update_id).first()
        if update is None:
            raise Http404("لا يوجد هذا التحديث")
        return HttpResponseRedirect(update.anchor_url())


def running_coverage() -> list[LiveCoveragePage]:
    """Published live pages still running (live or paused), each with `last_change`: its
    newest update's time (Google News's sitemap, `jarida.distribution.sitemaps`)."""
    newest = LiveUpdate.objects.filter(page=models.OuterRef("pk")).order_by("-posted_at")
    return list(
        LiveCoveragePage.objects.published()
        .exclude(state=LiveCoveragePage.State.ENDED)
        .annotate(
            last_change=models.functions.Coalesce(
                models.Subquery(newest.values("posted_at")[:1]), "first_published_at"
            )
        )
        .order_by("-first_published_at")
    )


class LiveUpdateQuerySet(models.QuerySet["LiveUpdate"]):
    def newest_first(self) -> LiveUpdateQuerySet:
        return self.order_by("-posted_at", "-pk")

    def oldest_first(self) -> LiveUpdateQuerySet:
        return self.order_by("posted_at", "pk")

    def for_stream(self) -> LiveUpdateQuerySet:
        """What the stream prints of each update: its corrections, in one more query."""
        return self.prefetch_related("corrections")


class LiveUpdate(models.Model):
    """One update of a live page: public from the moment it is saved."""

    page = models.ForeignKey(
        LiveCoveragePage, on_delete=models.CASCADE, related_name="updates", verbose_name="التغطية"
    )
    posted_at = models.DateTimeField("وقت النشر", default=timezone.now)
    title = models.CharField("عنوان قصير", max_length=200, blank=True)
    body = StreamField(ArticleBodyBlock(), verbose_name="النص")
    author_name = models.CharField(
        "الكاتب", max_length=200, blank=True, help_text="كما يُطبع تحت التحديث."
    )
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="نشره",
    )
    pinned = models.BooleanField("مثبّت", default=False)
    key_event = models.BooleanField("حدث رئيسي", default=False)
    edited_at = models.DateTimeField("آخر تعديل", null=True, blank=True)

    objects = LiveUpdateQuerySet.as_manager()

    class Meta:
        verbose_name = "تحديث مباشر"
        verbose_name_plural = "التحديثات المباشرة"
        indexes = [
            # The stream, its `?before=` pages and the poll endpoint: one page's newest first.
            models.Index(fields=["page", "-posted_at", "-id"], name="live_update_stream"),
        ]

    def __str__(self) -> str:
        return self.title or self.body_text()[:60]

    def body_text(self) -> str:
        return body_text(self.body)

    @property
    def anchor(self) -> str:
        return f"update-{self.pk}"

    def share_path(self) -> str:
        """The shareable URL's path (`…/update/<id>/`), relative to the site."""
        return f"{self.page.reader_url}update/{self.pk}/"

    def anchor_url(self) -> str:
        """The page's URL that shows this update, with its anchor: the first page of the
        stream if it is there, else the `?before=` page that starts with it."""
        newer = self.page.updates.filter(
            models.Q(posted_at__gt=self.posted_at)
            | models.Q(posted_at=self.posted_at, pk__gt=self.pk)
        ).newest_first()
        if newer.count() < UPDATES_PER_PAGE:
            return f"{self.page.reader_url}#{self.anchor}"
        just_newer = newer.order_by("posted_at", "pk").first()
        return f"{self.page.reader_url}?before={just_newer.pk}#{self.anchor}"


class LiveUpdateCorrection(models.Model):
    """A notice printed under an update (تصحيح، توضيح، تحديث), as on articles."""

    Kind = CorrectionNotice.Kind

    update = models.ForeignKey(
        LiveUpdate, on_delete=models.CASCADE, related_name="corrections", verbose_name="التحديث"
    )
    kind = models.CharField(
        "النوع", max_length=20, choices=CorrectionNotice.Kind.choices, default=Kind.CORRECTION
    )
    text = models.TextField("نص الملاحظة", max_length=1000)
    noted_at = models.DateTimeField("الوقت", default=timezone.now)

    class Meta:
        ordering = ["noted_at", "pk"]
        verbose_name = "تصحيح تحديث"
        verbose_name_plural = "تصحيحات التحديثات"

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.text[:40]}"
