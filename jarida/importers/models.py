"""Where each imported article came from, so importing the same source again is an upsert."""

from __future__ import annotations

import hashlib

from django.db import models


def key_hash(source_key: str) -> str:
    return hashlib.sha256(source_key.encode("utf-8")).hexdigest()


class SourceRecord(models.Model):
    # "url:<url>" or "text:<file name>": the record's identity at its source. Long Arabic URLs
    # overflow a b-tree entry, so uniqueness is enforced on their hash.
    source_key = models.TextField()
    source_key_hash = models.CharField(max_length=64, unique=True)
    article = models.OneToOneField(
        "news.ArticlePage", on_delete=models.CASCADE, related_name="source_record"
    )
    # Fingerprint of the record last written: an equal digest means `unchanged`.
    digest = models.CharField(max_length=64)
    # Fingerprint of the raw source item (a jsonl line) it was parsed from, with the options
    # and parser version that shaped it: an equal one means `unchanged` without parsing the
    # item again. Empty where the format has no such fingerprint (WXR, HTML).
    raw_digest = models.CharField(max_length=64, blank=True, default="")
    imported_at = models.DateTimeField(auto_now=True)
    # What the source said readers may see ("live", "scheduled", "draft", "private"), so a
    # re-import notices a post that changed state at its source.
    state = models.CharField(max_length=10, default="live")
    # Why a post public at its source is kept a draft here (a private or password post).
    note = models.CharField(max_length=200, blank=True)
    # The article's old URL paths: they answer 301 to it while it is public, and only then
    # (`jarida.importers.redirects`), so a draft's old link names nothing.
    old_paths = models.JSONField(default=list, blank=True)

    class Meta:
        verbose_name = "مصدر مستورد"
        verbose_name_plural = "المصادر المستوردة"

    def __str__(self) -> str:
        return self.source_key

    def save(self, *args: object, **kwargs: object) -> None:
        self.source_key_hash = key_hash(self.source_key)
        super().save(*args, **kwargs)  # type: ignore[arg-type]


class SourcePage(models.Model):
    """Where an imported plain page (a WordPress page: من نحن، اتصل بنا) came from: the same
    upsert key and digest as `SourceRecord`, for `news.InfoPage`."""

    source_key = models.TextField()
    source_key_hash = models.CharField(max_length=64, unique=True)
    page = models.OneToOneField(
        "news.InfoPage", on_delete=models.CASCADE, related_name="source_record"
    )
    digest = models.CharField(max_length=64)
    imported_at = models.DateTimeField(auto_now=True)
    old_paths = models.JSONField(default=list, blank=True)

    class Meta:
        verbose_name = "صفحة مستوردة"
        verbose_name_plural = "الصفحات المستوردة"

    def __str__(self) -> str:
        return self.source_key

    def save(self, *args: object, **kwargs: object) -> None:
        self.source_key_hash = key_hash(self.source_key)
        super().save(*args, **kwargs)  # type: ignore[arg-type]
