"""The purge log: each purge recorded in the database, in the transaction of the change.

The cache holds a version per tag; a purge moves the versions of its tags. Redis may be down
when a purge is made, or come back from saved data that predates it: the row here outlives
both, and `tags.replay` applies it (again) before the cache is read. Rows older than the
longest a cached page may be served (`tags.retention`) are deleted by `tags.trim`.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone


class Purge(models.Model):
    tags = models.JSONField("الوسوم")
    created_at = models.DateTimeField("الوقت", default=timezone.now)
    # Set once the cache has the purge; rows never applied are replayed first.
    applied = models.BooleanField("طُبّق", default=False)

    class Meta:
        verbose_name = "إفراغ"
        verbose_name_plural = "سجل الإفراغ"
        indexes = [
            # `tags.replay`: the purges the cache may lack.
            models.Index(
                fields=["id"], condition=models.Q(applied=False), name="purge_not_applied"
            ),
            # `tags.trim`: rows past the retention window.
            models.Index(fields=["created_at"], name="purge_created_at"),
        ]

    def __str__(self) -> str:
        return f"{self.pk}: {', '.join(self.tags)[:80]}"
