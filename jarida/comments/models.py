"""Reader comments. Only approved comments are ever shown; everything else waits for the desk."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models

if TYPE_CHECKING:
    from jarida.news.models import ArticlePage


class CommentQuerySet(models.QuerySet["Comment"]):
    def approved(self) -> CommentQuerySet:
        return self.filter(status=Comment.Status.APPROVED)

    def threads_for(self, article: ArticlePage) -> list[Comment]:
        """Approved top-level comments, oldest first, each with `.approved_replies` (one level)."""
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
    email = models.EmailField("البريد الإلكتروني", blank=True)
    body = models.TextField("التعليق", max_length=2000)
    status = models.CharField(
        "الحالة", max_length=10, choices=Status.choices, default=Status.PENDING
    )
    created_at = models.DateTimeField("وقت الإرسال", auto_now_add=True)

    objects = CommentQuerySet.as_manager()

    approved_replies: list[Comment]

    class Meta:
        verbose_name = "تعليق"
        verbose_name_plural = "التعليقات"
        indexes = [
            # The article page: approved comments of one article, oldest first.
            models.Index(
                fields=["article", "status", "created_at"], name="comment_article_status_time"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}: {self.body[:40]}"
