"""Newsletters: the lists readers choose, the readers (subscribers), each edition as sent,
and one delivery row per recipient of an edition.

An edition is rendered once (its HTML and text are stored on it); a delivery row only says
where that one copy went and what became of it (queued, sent, failed, bounced), so a send of
100,000 messages is 100,000 small rows and one rendering, and an interrupted send resumes
from the rows still queued.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone


class NewsletterList(models.Model):
    class Kind(models.TextChoices):
        DAILY = "daily", "النشرة الصباحية"
        BREAKING = "breaking", "عاجل"
        SECTION = "section", "قسم"

    slug = models.SlugField("المعرّف", max_length=60, unique=True, allow_unicode=False)
    name = models.CharField("الاسم", max_length=120)
    kind = models.CharField("النوع", max_length=10, choices=Kind.choices)
    section = models.ForeignKey(
        "news.SectionPage",
        verbose_name="القسم",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="newsletter_lists",
    )
    enabled = models.BooleanField("متاحة للاشتراك", default=True)
    sort_order = models.PositiveSmallIntegerField("الترتيب", default=0)

    class Meta:
        ordering = ["sort_order", "pk"]
        verbose_name = "نشرة"
        verbose_name_plural = "النشرات"

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        """A section's list names its section; the daily and breaking lists name none."""
        if self.kind == self.Kind.SECTION and self.section_id is None:
            raise ValidationError({"section": "اختر القسم الذي تُرسل أخباره هذه النشرة."})
        if self.kind != self.Kind.SECTION and self.section_id is not None:
            raise ValidationError({"section": "لا قسم إلا لنشرة من نوع «قسم»."})


class SubscriberQuerySet(models.QuerySet["Subscriber"]):
    def receiving(self) -> SubscriberQuerySet:
        """Who may be sent an edition: confirmed, not unsubscribed, not bounced."""
        return self.filter(
            confirmed_at__isnull=False, unsubscribed_at__isnull=True, bounced_at__isnull=True
        )


class Subscriber(models.Model):
    email = models.EmailField("البريد الإلكتروني", max_length=254, unique=True)
    lists = models.ManyToManyField(NewsletterList, related_name="subscribers", blank=True)
    created_at = models.DateTimeField("أُنشئ", default=timezone.now)
    confirmed_at = models.DateTimeField("أكّد اشتراكه", null=True, blank=True)
    unsubscribed_at = models.DateTimeField("ألغى اشتراكه", null=True, blank=True)
    bounced_at = models.DateTimeField("ارتدّ بريده", null=True, blank=True)
    complained_at = models.DateTimeField("اشتكى", null=True, blank=True)
    # Bumped on unsubscribe and erase-like changes: older preference links stop working.
    token_version = models.PositiveIntegerField(default=1)

    objects = SubscriberQuerySet.as_manager()

    class Meta:
        verbose_name = "مشترك"
        verbose_name_plural = "المشتركون"
        indexes = [
            # The send queue's fill: confirmed subscribers still receiving.
            models.Index(
                fields=["confirmed_at"],
                name="subscriber_receiving",
                condition=models.Q(unsubscribed_at__isnull=True, bounced_at__isnull=True),
            )
        ]

    def __str__(self) -> str:
        return self.email

    @property
    def status(self) -> str:
        if self.bounced_at:
            return "ارتدّ البريد"
        if self.unsubscribed_at:
            return "ألغى الاشتراك"
        if self.confirmed_at:
            return "مشترك"
        return "بانتظار التأكيد"


class Edition(models.Model):
    """One issue of one list, rendered once."""

    class Status(models.TextChoices):
        DRAFT = "draft", "مسودة"
        SENDING = "sending", "قيد الإرسال"
        SENT = "sent", "أُرسلت"

    newsletter = models.ForeignKey(
        NewsletterList, verbose_name="النشرة", on_delete=models.PROTECT, related_name="editions"
    )
    # The day a daily edition is for (in the newsroom's zone): one per list per day.
    day = models.DateField("اليوم", null=True, blank=True)
    # The article a breaking alert is about: one alert per article, ever.
    article = models.ForeignKey(
        "news.ArticlePage",
        verbose_name="الخبر",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="newsletter_alerts",
    )
    subject = models.CharField("الموضوع", max_length=200)
    intro = models.TextField("مقدّمة", blank=True)
    article_ids = models.JSONField("الأخبار", default=list, blank=True)
    html = models.TextField(blank=True)
    text = models.TextField(blank=True)
    status = models.CharField("الحالة", max_length=10, choices=Status.choices, default=Status.DRAFT)
    created_at = models.DateTimeField("أُنشئت", default=timezone.now)
    sent_by = models.ForeignKey(
        "auth.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    finished_at = models.DateTimeField("انتهى الإرسال", null=True, blank=True)
    # Opt-in counts (NEWSLETTER_TRACKING, off by default; `jarida.newsletters.tracking`):
    # whether this edition went out with an open pixel and counted links, and how many of its
    # recipients opened it and clicked a link in it, each counted once.
    tracked = models.BooleanField("بعدّاد للفتح والنقر", default=False)
    opens = models.PositiveIntegerField("فتحها", default=0)
    clicks = models.PositiveIntegerField("نقروا رابطاً", default=0)

    class Meta:
        verbose_name = "عدد"
        verbose_name_plural = "الأعداد المرسلة"
        ordering = ["-created_at"]
        permissions = [("send_newsletter", "إرسال النشرات والتنبيهات")]
        constraints = [
            models.UniqueConstraint(
                fields=["newsletter", "day"], name="edition_one_per_list_per_day"
            ),
            models.UniqueConstraint(
                fields=["article"],
                condition=models.Q(article__isnull=False),
                name="edition_one_alert_per_article",
            ),
        ]

    def __str__(self) -> str:
        return self.subject


class Delivery(models.Model):
    """One recipient of one edition: the queue's row and its outcome."""

    class State(models.TextChoices):
        QUEUED = "queued", "في الانتظار"
        SENDING = "sending", "قيد الإرسال"
        SENT = "sent", "أُرسلت"
        FAILED = "failed", "فشلت"
        BOUNCED = "bounced", "ارتدّت"

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="deliveries")
    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="+")
    state = models.CharField("الحالة", max_length=10, choices=State.choices, default=State.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    claimed_by = models.CharField(max_length=64, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    message_id = models.CharField(max_length=200, blank=True)
    error = models.CharField(max_length=300, blank=True)
    # Only so an open or a click is counted once per recipient (tracked editions only): no
    # time, address, browser or link is kept.
    opened = models.BooleanField(default=False)
    clicked = models.BooleanField(default=False)

    class Meta:
        verbose_name = "تسليم"
        verbose_name_plural = "التسليمات"
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "subscriber"], name="delivery_once_per_recipient"
            )
        ]
        indexes = [
            # The queue's claim: due queued rows, oldest first.
            models.Index(
                fields=["next_attempt_at", "id"],
                name="delivery_due",
                condition=models.Q(state="queued"),
            ),
            # Stale claims of a sender that died.
            models.Index(
                fields=["claimed_at"], name="delivery_claimed", condition=models.Q(state="sending")
            ),
            models.Index(fields=["message_id"], name="delivery_message_id"),
        ]

    def __str__(self) -> str:
        return f"{self.edition_id} → {self.subscriber_id}: {self.state}"
