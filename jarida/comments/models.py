"""Reader comments. Only approved comments are ever shown; everything else waits for the desk.

A comment arrives through the public form, the moderation policy (`policy.py`) says allow,
hold or reject, and the article's mode decides what "allow" means: published at once (open)
or queued for the desk like everything else (pre-moderated, the default). The desk approves,
rejects or marks spam; each visibility change is announced (`signals.notify`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models, transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone

from jarida.arabic import clean
from jarida.comments import conf, wording
from jarida.comments.signals import notify
from jarida.news.models.querysets import INTEGER, TEXT, RowSQL

if TYPE_CHECKING:
    from jarida.news.models import ArticlePage


class CommentQuerySet(models.QuerySet["Comment"]):
    def approved(self) -> CommentQuerySet:
        return self.filter(status=Comment.Status.APPROVED)

    def pending(self) -> CommentQuerySet:
        return self.filter(status=Comment.Status.PENDING)

    def threads_for(self, article: ArticlePage) -> list[Comment]:
        """Approved top-level comments, oldest first, each with `.approved_replies` (one level).

        A reply whose parent is not approved is not shown: it would answer nothing visible.
        """
        comments = list(self.approved().filter(article=article).order_by("created_at", "pk"))
        by_id = {comment.pk: comment for comment in comments}
        threads: list[Comment] = []
        for comment in comments:
            comment.approved_replies = []
        for comment in comments:
            parent = by_id.get(comment.parent_id) if comment.parent_id else None
            if parent is not None:
                parent.approved_replies.append(comment)
            elif comment.parent_id is None:
                threads.append(comment)
        return threads

    def set_status(self, status: str, by: Any = None) -> int:
        """Moderate every comment here to `status`; returns how many changed.

        One UPDATE, whatever the number; the change is announced once per article whose
        visible comments changed.
        """
        with transaction.atomic():
            changing = list(
                self.exclude(status=status)
                .select_for_update()
                .values_list("pk", "article_id", "status")
            )
            if not changing:
                return 0
            Comment.objects.filter(pk__in=[pk for pk, _, _ in changing]).update(
                status=status,
                moderated_at=timezone.now(),
                moderated_by=by if by is not None and by.is_authenticated else None,
            )
            visible = Comment.Status.APPROVED
            for article_id in {a for _, a, old in changing if visible in (old, status)}:
                notify(article_id)
        return len(changing)


class Comment(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "بانتظار المراجعة"
        APPROVED = "approved", "منشور"
        REJECTED = "rejected", "مرفوض"
        SPAM = "spam", "مزعج"

    article = models.ForeignKey(
        "news.ArticlePage", on_delete=models.CASCADE, related_name="comments", verbose_name="الخبر"
    )
    # One level of replies: a reply's parent is always a top-level comment.
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="replies",
        verbose_name="ردّاً على",
    )
    name = models.CharField("الاسم", max_length=80)
    # Never shown to readers; lower-cased so "delete every comment of this address" is exact.
    email = models.EmailField("البريد الإلكتروني", blank=True)
    body = models.TextField("التعليق", max_length=2000)
    status = models.CharField(
        "الحالة", max_length=10, choices=Status.choices, default=Status.PENDING
    )
    created_at = models.DateTimeField("وقت الإرسال", auto_now_add=True)
    # The rules that held the comment (or let it through with a note), as
    # [{"rule": code, "message": Arabic text for the desk}].
    moderation_reasons = models.JSONField("سبب الاحتجاز", default=list, blank=True)
    moderated_at = models.DateTimeField("وقت المراجعة", null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="راجعه",
    )
    # The client's address as a salted hash (never the address itself): enough to see that
    # several comments came from one client, useless for finding out who that was.
    ip_hash = models.CharField("بصمة المرسل", max_length=64, blank=True, editable=False)
    # sha256 of the body as matched (normalised, squeezed): "the same text again".
    body_fingerprint = models.CharField(max_length=64, blank=True, editable=False)
    # One per form submission (form nonce + text): a retried or double-clicked POST finds the
    # comment it already made instead of making a second one.
    submission_key = models.CharField(max_length=64, null=True, blank=True, editable=False)

    objects = CommentQuerySet.as_manager()

    approved_replies: list[Comment]
    _loaded: tuple[str, str, str] | None = None

    class Meta:
        verbose_name = "تعليق"
        verbose_name_plural = "التعليقات"
        permissions = [("moderate_comment", "Can approve, reject and mark comments as spam")]
        indexes = [
            # The article page: approved comments of one article, oldest first; also the
            # count subquery of `comment_count_column`.
            models.Index(
                fields=["article", "status", "created_at"], name="comment_article_status_time"
            ),
            # The desk's queue: pending comments, oldest first.
            models.Index(fields=["status", "created_at"], name="comment_status_time"),
            # The repeated-text rule: the same text within the last hours.
            models.Index(fields=["body_fingerprint", "created_at"], name="comment_fingerprint"),
            # "Delete every comment of this e-mail address".
            models.Index(fields=["email"], name="comment_email"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=["pending", "approved", "rejected", "spam"]),
                name="comment_status_valid",
            ),
            models.UniqueConstraint(fields=["submission_key"], name="comment_submission_once"),
        ]

    def __str__(self) -> str:
        return f"{self.name}: {self.body[:40]}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Whatever the path (form, desk, shell, factory), stored text carries no bidi
        # overrides, zero-width or control characters.
        self.name = clean(self.name).strip()
        self.body = clean(self.body).strip()
        self.email = self.email.strip().lower()
        before = self._loaded
        super().save(*args, **kwargs)
        self._loaded = (self.status, self.name, self.body)
        was_visible = before is not None and before[0] == self.Status.APPROVED
        if (was_visible or self.is_visible) and before != self._loaded:
            notify(self.article_id)

    @classmethod
    def from_db(cls, db: Any, field_names: Any, values: Any) -> Comment:
        instance = super().from_db(db, field_names, values)
        if {"status", "name", "body"} <= set(field_names):
            instance._loaded = (instance.status, instance.name, instance.body)
        return instance

    @property
    def is_visible(self) -> bool:
        return self.status == self.Status.APPROVED

    @property
    def excerpt(self) -> str:
        text = " ".join(self.body.split())
        return text if len(text) <= 120 else text[:119] + "…"

    excerpt.fget.short_description = "التعليق"  # type: ignore[attr-defined]

    @property
    def held_because(self) -> str:
        """What the desk reads in the queue: the rules that held the comment."""
        messages = [str(r.get("message", "")) for r in self.moderation_reasons or []]
        return "؛ ".join(m for m in messages if m) or "لا قاعدة؛ مراجعة قبل النشر"


@receiver(post_delete, sender=Comment)
def _deleted(sender: type[Comment], instance: Comment, **kwargs: Any) -> None:
    if instance.status == Comment.Status.APPROVED:
        notify(instance.article_id)


class CommentMode(models.TextChoices):
    PREMODERATED = "premoderated", "مراجعة قبل النشر"
    OPEN = "open", "مفتوحة (تُنشر التعليقات السليمة فوراً)"
    CLOSED = "closed", "مغلقة"


class ArticleCommentSettings(models.Model):
    """An article's own comment mode, set from the desk; articles without one use the default.

    Kept here rather than on the page so that closing comments on a heated article is
    immediate, not a new revision waiting for the newsroom's workflow.
    """

    article = models.OneToOneField(
        "news.ArticlePage",
        on_delete=models.CASCADE,
        related_name="comment_settings",
        verbose_name="الخبر",
    )
    mode = models.CharField(
        "التعليقات", max_length=12, choices=CommentMode.choices, default=CommentMode.PREMODERATED
    )
    close_after_days = models.PositiveIntegerField(
        "تُغلق بعد (أيام)",
        null=True,
        blank=True,
        help_text="عدد الأيام بعد النشر الأول؛ اتركه فارغاً للإعداد العام، و0 لعدم الإغلاق.",
    )

    class Meta:
        verbose_name = "إعدادات التعليق على خبر"
        verbose_name_plural = "إعدادات التعليق على الأخبار"

    def __str__(self) -> str:
        return f"{self.article.title}: {self.get_mode_display()}"


@receiver(post_save, sender=ArticleCommentSettings)
@receiver(post_delete, sender=ArticleCommentSettings)
def _settings_changed(sender: type, instance: ArticleCommentSettings, **kwargs: Any) -> None:
    """Comments opened or closed on an article: its page says which."""
    notify(instance.article_id)


@dataclass(frozen=True)
class CommentState:
    """Whether an article takes comments now, and how they are published."""

    mode: str
    closed_because: str = ""
    # When an open article closes by itself (its time runs out); None if it never does.
    closes_at: dt.datetime | None = None

    @property
    def is_open(self) -> bool:
        return self.mode != CommentMode.CLOSED

    @property
    def publishes_at_once(self) -> bool:
        return self.mode == CommentMode.OPEN


def comment_state(article: ArticlePage, now: dt.datetime | None = None) -> CommentState:
    """The article's mode (its own, else the default), closed once its time has run out.
    Its own settings come with the article's page (`comment_settings_columns`), else a query."""
    if hasattr(article, "comment_mode"):
        own_mode, own_days = article.comment_mode, article.comment_close_after_days
    else:
        own = ArticleCommentSettings.objects.filter(article_id=article.pk).first()
        own_mode, own_days = (own.mode, own.close_after_days) if own else (None, None)
    mode = own_mode or conf.default_mode()
    if mode == CommentMode.CLOSED:
        return CommentState(CommentMode.CLOSED, "أُغلق باب التعليق على هذا الخبر.")
    days = own_days
    if days is None:
        days = conf.close_after_days()
    published = article.first_published_at
    closes_at = published + dt.timedelta(days=days) if days and published else None
    if closes_at is not None and (now or timezone.now()) >= closes_at:
        return CommentState(
            CommentMode.CLOSED, f"أُغلق باب التعليق بعد {wording.days(days)} من نشر الخبر."
        )
    return CommentState(mode, closes_at=closes_at)


class ModerationWord(models.Model):
    """A word the policy looks for, after Arabic normalisation: banned words reject a
    comment, suspect words hold it for the desk. Kept by the desk, not in settings, so a
    moderator can answer an abuse wave without a deploy."""

    class Kind(models.TextChoices):
        BANNED = "banned", "محظورة (تُرفض)"
        SUSPECT = "suspect", "مشبوهة (تُحتجز للمراجعة)"

    word = models.CharField("الكلمة", max_length=100)
    kind = models.CharField("النوع", max_length=10, choices=Kind.choices, default=Kind.SUSPECT)
    created_at = models.DateTimeField("أضيفت في", auto_now_add=True)

    class Meta:
        verbose_name = "كلمة مراقبة"
        verbose_name_plural = "الكلمات المراقبة"
        ordering = ["kind", "word"]
        constraints = [models.UniqueConstraint(fields=["word"], name="moderation_word_once")]

    def __str__(self) -> str:
        return self.word

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.word = " ".join(clean(self.word).split())
        super().save(*args, **kwargs)


def comment_count_column() -> dict[str, RowSQL]:
    """`approved_comment_count` on every article of a listing, in the listing's own query.

    A correlated subquery rather than Count() over a join: it cannot multiply with other
    joins the listing makes (tags, authors) and needs no GROUP BY over every page column.
    Written as SQL (`RowSQL`: a COUNT without GROUP BY is 0 when there is none), which the
    ORM compiles for almost nothing on every cold list and article page, and which the
    article page's fixed SQL reads as it is (`jarida.news.models.rows`).
    """
    return {
        "approved_comment_count": RowSQL(
            "pk",
            "(SELECT COUNT(*) FROM {comment} jarida_cc"
            " WHERE jarida_cc.article_id = {column} AND jarida_cc.status = %s)",
            tables={"comment": Comment},
            params=(Comment.Status.APPROVED.value,),
            output_field=INTEGER,
        )
    }


def comment_settings_columns() -> dict[str, RowSQL]:
    """The article's own comment mode and closing days (None where it has none), in the
    article page's own query: `comment_state` then asks nothing more. (At most one row per
    article: the settings are a one-to-one.)"""

    def own(column: str, field: models.Field[Any, Any]) -> RowSQL:
        return RowSQL(
            "pk",
            f"(SELECT jarida_cs.{column} FROM {{settings}} jarida_cs"
            " WHERE jarida_cs.article_id = {column})",
            tables={"settings": ArticleCommentSettings},
            output_field=field,
        )

    return {
        "comment_mode": own("mode", TEXT),
        "comment_close_after_days": own("close_after_days", models.PositiveIntegerField()),
    }
