"""Live coverage for tests and the demo: a page under a section, and its updates."""

from __future__ import annotations

import datetime as dt
from typing import Any

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from jarida.live.models import LiveCoveragePage, LiveUpdate
from jarida.news.models import SectionPage
from jarida.news.tests.factories import PageFactory, SectionFactory, paragraphs


class LiveCoverageFactory(PageFactory):
    class Meta:
        model = LiveCoveragePage

    title = factory.Sequence(lambda n: f"مباشر: تطوّرات العاصفة الثلجية رقم {n}")
    summary = "انقطاع الطرق الجبلية\nفتح مراكز إيواء في ٣ بلدات"
    first_published_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(hours=3))

    @classmethod
    def default_parent(cls) -> Any:
        return SectionPage.objects.order_by("path").first() or SectionFactory()


class LiveUpdateFactory(DjangoModelFactory):
    class Meta:
        model = LiveUpdate

    page = factory.SubFactory(LiveCoverageFactory)
    title = ""
    body = factory.Sequence(
        lambda n: paragraphs(f"أفاد مراسلنا بأنّ فرق الإنقاذ وصلت إلى البلدة رقم {n} صباحاً.")
    )
    author_name = "سامر حدّاد"
    # A minute apart, in the order made, and never later than a minute ago: in a long test
    # session the sequence passes 120, and an update "from the future" would sort above
    # one a reporter posts now (ties are broken by id, which keeps the order made).
    posted_at = factory.Sequence(
        lambda n: min(
            timezone.now() - dt.timedelta(hours=2) + dt.timedelta(minutes=n),
            timezone.now() - dt.timedelta(minutes=1),
        )
    )
