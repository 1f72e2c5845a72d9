"""What the newsroom adds to Wagtail: the scheduler's lease. (Takedowns, correction notices
and the newsroom's per-site options are the paper's own: `jarida.news.models`.)"""

from __future__ import annotations

from django.db import models


class SchedulerLease(models.Model):
    """One row that the scheduler locks for each tick, so two running schedulers never publish
    the same revision twice; it also says when the scheduler last ran, for the operator."""

    name = models.CharField(max_length=40, unique=True)
    holder = models.CharField(max_length=200, blank=True)
    last_tick_at = models.DateTimeField(null=True, blank=True)
    ticks = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.name} ({self.holder})"
