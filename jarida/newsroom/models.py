"""What the newsroom adds to Wagtail: the scheduler's lease and the sections' review task.
(Takedowns, correction notices and the newsroom's per-site options are the paper's own:
`jarida.news.models`.)"""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from wagtail.models import GroupApprovalTask, TaskState


class SchedulerLease(models.Model):
    """One row that the scheduler locks for each tick, so two running schedulers never publish
    the same revision twice; it also says when the scheduler last ran, for the operator."""

    name = models.CharField(max_length=40, unique=True)
    holder = models.CharField(max_length=200, blank=True)
    last_tick_at = models.DateTimeField(null=True, blank=True)
    ticks = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.name} ({self.holder})"


class ReviewTask(GroupApprovalTask):
    """A section editor's approval whose dialog can also set the release time: «موافقة مع
    تعليق أو موعد». A proxy of Wagtail's group approval (same table, same groups); each section's
    workflow uses it (`roles.sync_section` converts older tasks)."""

    class Meta:
        proxy = True
        verbose_name = "موافقة محرر القسم"
        verbose_name_plural = "موافقات محرري الأقسام"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Wagtail records the concrete model's type; the proxy's own makes `.specific` find it.
        self.content_type = ContentType.objects.get_for_model(self, for_concrete_model=False)
        super().save(*args, **kwargs)

    def get_actions(self, obj: Any, user: Any) -> list[tuple[str, str, bool]]:
        return [
            (name, "موافقة مع تعليق أو موعد" if name == "approve" and modal else label, modal)
            for name, label, modal in super().get_actions(obj, user)
        ]

    def get_form_for_action(self, action: str) -> type:
        from jarida.newsroom.review import ApproveForm

        return ApproveForm if action == "approve" else super().get_form_for_action(action)

    def on_action(self, task_state: TaskState, user: Any, action_name: str, **kwargs: Any) -> Any:
        from jarida.newsroom.review import approve_at, outcome_url

        go_live_at = kwargs.pop("go_live_at", None)
        if action_name == "approve":
            approve_at(task_state, go_live_at)
        done = super().on_action(task_state, user, action_name, **kwargs)
        if done is None and action_name in ("approve", "reject"):
            # Wagtail's workflow action view redirects to what `on_action` returns (the edit
            # screen, which also calls it, ignores it): the screen that says what happened.
            return outcome_url(task_state)
        return done
