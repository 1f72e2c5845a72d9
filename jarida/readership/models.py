"""How often articles are read, counted without knowing who reads them, and «الأكثر قراءة».

A view is counted by a beacon the article page sends after it loads (`views.count_view`),
so a page served from the page cache, the micro-cache or a CDN is counted all the same, and
the page itself never writes. Counts are kept per article and hour (`HourlyViews`): no
cookie, no address, no user agent; a keyed hash of the client decides for half an hour
whether a view is a repeat, in the cache only. The top five of the last 24 hours are
computed on a schedule (`refresh`) with their titles and URLs into the cache, which pages
read with no SQL at all (an article page's query budget is ten).
"""

from __future__ import annotations

import datetime as dt

from django.core.cache import cache
from django.db import models, transaction
from django.db.models import F, Sum
from django.utils import timezone

from jarida.news.links import url_of
from jarida.news.models import ArticlePage

WINDOW = dt.timedelta(hours=24)
TOP = 5


def this_hour(now: dt.datetime | None = None) -> dt.datetime:
    return (now or timezone.now()).replace(minute=0, second=0, microsecond=0)


class HourlyViews(models.Model):
    article = models.ForeignKey(ArticlePage, on_delete=models.CASCADE, related_name="+")
    hour = models.DateTimeField()
    views = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "قراءات ساعة"
        constraints = [
            # One row per article and hour: the beacon increments it.
            models.UniqueConstraint(fields=["article", "hour"], name="hourlyviews_article_hour"),
        ]
        indexes = [
            # `refresh`: the last 24 hours' rows, summed per article.
            models.Index(fields=["hour"], name="hourlyviews_hour"),
        ]

    def __str__(self) -> str:
        return f"{self.article_id} @ {self.hour:%Y-%m-%d %H}: {self.views}"

    @classmethod
    def count(cls, article_id: int, now: dt.datetime | None = None) -> None:
        """One more view of `article_id` in the current hour (one UPDATE, an INSERT first)."""
        hour = this_hour(now)
        rows = cls.objects.filter(article_id=article_id, hour=hour)
        if rows.update(views=F("views") + 1):
            return
        with transaction.atomic():
            _, created = cls.objects.get_or_create(
                article_id=article_id, hour=hour, defaults={"views": 1}
            )
        if not created:  # another request inserted it first
            rows.update(views=F("views") + 1)


MOST_READ_KEY = "readership:most-read"


def most_read() -> list[dict[str, str]]:
    """The list as last computed (titles and URLs): a cache read, no SQL."""
    return cache.get(MOST_READ_KEY) or []


def refresh(now: dt.datetime | None = None) -> list[int]:
    """Recompute «الأكثر قراءة»: the five published articles read most in the last 24 hours,
    stored with their titles and URLs for pages to print as they are. Returns their ids, most
    read first. Old hourly rows are dropped on the way."""
    now = now or timezone.now()
    since = this_hour(now) - WINDOW
    totals = dict(
        HourlyViews.objects.filter(
            hour__gt=since, article__in=ArticlePage.objects.published().values("pk")
        )
        .values("article_id")
        .annotate(total=Sum("views"))
        .order_by("-total", "-article_id")
        .values_list("article_id", "total")[:TOP]
    )
    articles = ArticlePage.objects.filter(pk__in=totals).only("title", "path", "url_path", "depth")
    ranked = sorted(articles, key=lambda a: (-totals[a.pk], -a.pk))
    cache.set(
        MOST_READ_KEY,
        [{"id": a.pk, "title": a.title, "url": url_of(a), "views": totals[a.pk]} for a in ranked],
        timeout=None,
    )
    HourlyViews.objects.filter(hour__lte=since).delete()
    return [a.pk for a in ranked]
