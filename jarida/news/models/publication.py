"""Publication state that no path can bypass: takedowns and correction notices.

An article is public while it is live, under no view restriction, not past its expiry and
not under an active takedown (`ArticlePageQuerySet.published()`). A takedown is final until
the editor-in-chief lifts it: every publish passes through `ArticlePage.publish()` and
`ArticlePage.save()`, which refuse a taken-down or expired article whatever called them (the
editor, a bulk action, a workflow approval, the scheduler, a revision restore, an importer,
a shell), and its URL answers 410 Gone.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.functional import cached_property
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel
from wagtail.models import Orderable

TAKEN_DOWN = "هذا الخبر مسحوب من النشر. لا يُعاد نشره قبل أن يرفع رئيس التحرير السحب."
EXPIRED = "انتهت مدة نشر هذا الخبر. غيّر موعد انتهاء النشر أو احذفه قبل أن تنشره."


class PublicationGuard:
    """The publication rules of a page readers see on its own (an article, a live coverage
    page), whatever path publishes it: a taken-down or expired page is refused, under the
    page's row lock, so a takedown in progress is waited for and then seen."""

    pk: Any
    live: bool
    expire_at: Any
    first_published_at: Any

    @cached_property
    def taken_down(self) -> bool:
        """Under an active takedown (annotated by the page's own query when routed)."""
        return self.pk is not None and Takedown.objects.active().filter(article_id=self.pk).exists()

    def refuse_unpublishable(self) -> None:
        """Raise `PublicationRefused` if this page must not be public: every publish passes
        here, whatever made it."""
        if self.pk is not None and Takedown.objects.active().filter(article_id=self.pk).exists():
            raise PublicationRefused(TAKEN_DOWN)
        if self.expire_at is not None and self.expire_at <= timezone.now():
            raise PublicationRefused(EXPIRED)

    def publish(self, revision: Any, *args: Any, **kwargs: Any) -> Any:
        """Every publish of a revision (the editor, a bulk action, a workflow approval, the
        scheduler, a revision restore, an importer, a shell) comes here first."""
        from wagtail.models import Page

        with transaction.atomic():
            Page.objects.select_for_update().filter(pk=self.pk).values_list("pk").first()
            revision.as_object().refuse_unpublishable()
            return super().publish(revision, *args, **kwargs)  # type: ignore[misc]

    def serve(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        """A taken-down page that readers once saw answers 410 Gone; an expired one the
        scheduler has not yet unpublished is not served. Editors' previews are."""
        from jarida.news import errors

        preview = getattr(request, "is_preview", False)
        if not preview and self.taken_down and self.first_published_at is not None:
            return errors.gone(request)
        if not preview and self.expire_at and self.expire_at <= timezone.now():
            raise Http404("انتهت مدة نشر هذه الصفحة")
        response: HttpResponse = super().serve(request, *args, **kwargs)  # type: ignore[misc]
        return response

    def refuse_live_save_under_takedown(self, update_fields: Any) -> None:
        """The last line, for what bypasses `publish()` (a shell setting `live`): nothing
        saves a live page under an active takedown."""
        if (
            self.live
            and self.pk
            and (update_fields is None or "live" in update_fields)
            and Takedown.objects.active().filter(article_id=self.pk).exists()
        ):
            raise PublicationRefused(TAKEN_DOWN)


class PublicationRefused(Exception):
    """A publish that would make public what must not be: the message says why, in Arabic.
    (Not a PermissionDenied, which the admin would answer with its generic "no access".)"""


class TakedownQuerySet(models.QuerySet["Takedown"]):
    def active(self) -> TakedownQuerySet:
        return self.filter(lifted_at__isnull=True)


class Takedown(models.Model):
    """An article removed from every public surface, with who did it and why.

    While a takedown is active the article is unpublished, cannot be published again by any
    path, is excluded by `published()` and its URL answers 410 Gone.
    """

    # Any page readers see on its own (an article, a live coverage page): the field keeps
    # its name from when only articles could be taken down.
    article = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="takedowns", verbose_name="الخبر"
    )
    reason = models.TextField("السبب")
    taken_down_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="سحبه",
    )
    taken_down_at = models.DateTimeField("وقت السحب", default=timezone.now)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="أعاده",
    )
    lifted_at = models.DateTimeField("وقت الإعادة", null=True, blank=True)

    objects = TakedownQuerySet.as_manager()

    class Meta:
        # The table keeps the name it had in the newsroom app, where it began.
        db_table = "newsroom_takedown"
        verbose_name = "سحب خبر"
        verbose_name_plural = "الأخبار المسحوبة"
        permissions = [("take_down_article", "يستطيع سحب الأخبار من النشر وإعادتها")]
        constraints = [
            # At most one active takedown per article: published() and the 410 look for
            # "an active one".
            models.UniqueConstraint(
                fields=["article"],
                condition=models.Q(lifted_at__isnull=True),
                name="one_active_takedown_per_article",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.article_id}: {self.reason[:40]}"


class CorrectionNotice(Orderable):
    """A typed notice printed on the article (تصحيح، توضيح، تحديث) and on /corrections/.

    Notices belong to the article's content: they are written in the editor and appear when
    the version that carries them is published.
    """

    class Kind(models.TextChoices):
        CORRECTION = "correction", "تصحيح"
        CLARIFICATION = "clarification", "توضيح"
        UPDATE = "update", "تحديث"

    article = ParentalKey("news.ArticlePage", on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField("النوع", max_length=20, choices=Kind.choices, default=Kind.CORRECTION)
    text = models.TextField("نص الملاحظة", max_length=1000)
    noted_at = models.DateTimeField("الوقت", default=timezone.now)

    panels = [FieldPanel("kind"), FieldPanel("text"), FieldPanel("noted_at")]

    class Meta(Orderable.Meta):
        db_table = "newsroom_correctionnotice"
        verbose_name = "ملاحظة تصحيح"
        verbose_name_plural = "ملاحظات التصحيح"
        indexes = [
            # The public corrections page: newest notices first.
            models.Index(fields=["-noted_at"], name="notice_noted_at"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.text[:40]}"
