"""What the newsroom adds to Wagtail: correction notices, takedowns, per-site options and
the scheduler's lease."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Orderable


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
        verbose_name = "ملاحظة تصحيح"
        verbose_name_plural = "ملاحظات التصحيح"
        indexes = [
            # The public corrections page: newest notices first.
            models.Index(fields=["-noted_at"], name="notice_noted_at"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.text[:40]}"


class TakedownQuerySet(models.QuerySet["Takedown"]):
    def active(self) -> TakedownQuerySet:
        return self.filter(lifted_at__isnull=True)


class Takedown(models.Model):
    """An article removed from every public surface, with who did it and why.

    While a takedown is active the article is unpublished, excluded by `published()` even if
    someone republishes it, and its URL answers 410 Gone.
    """

    article = models.ForeignKey(
        "news.ArticlePage", on_delete=models.CASCADE, related_name="takedowns", verbose_name="الخبر"
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
        verbose_name = "سحب خبر"
        verbose_name_plural = "الأخبار المسحوبة"
        permissions = [("take_down_article", "يستطيع سحب الأخبار من النشر وإعادتها")]
        constraints = [
            # At most one active takedown per article: the published() filter and the
            # 410 check look for "an active one".
            models.UniqueConstraint(
                fields=["article"],
                condition=models.Q(lifted_at__isnull=True),
                name="one_active_takedown_per_article",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.article_id}: {self.reason[:40]}"


@register_setting(icon="date")
class NewsroomSettings(BaseSiteSetting):
    show_hijri_date = models.BooleanField("إظهار التاريخ الهجري", default=False)
    hijri_offset_days = models.SmallIntegerField(
        "تعديل التاريخ الهجري (بالأيام)",
        default=0,
        choices=[(-1, "يوم قبل الحساب (−1)"), (0, "كما في الحساب"), (1, "يوم بعد الحساب (+1)")],
        help_text="بدايات الأشهر الهجرية تُعلن ولا تُحسب: عدّل يوماً إذا اختلف الإعلان عن الحساب.",
    )
    breaking_default_hours = models.PositiveSmallIntegerField(
        "مدة ظهور الخبر العاجل افتراضياً (بالساعات)", default=6
    )

    panels = [
        FieldPanel("show_hijri_date"),
        FieldPanel("hijri_offset_days"),
        FieldPanel("breaking_default_hours"),
    ]

    class Meta:
        verbose_name = "إعدادات غرفة الأخبار"


class SchedulerLease(models.Model):
    """One row that the scheduler locks for each tick, so two running schedulers never publish
    the same revision twice; it also says when the scheduler last ran, for the operator."""

    name = models.CharField(max_length=40, unique=True)
    holder = models.CharField(max_length=200, blank=True)
    last_tick_at = models.DateTimeField(null=True, blank=True)
    ticks = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.name} ({self.holder})"
