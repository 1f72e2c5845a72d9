"""One row per outgoing e-mail, from the moment it is sent until it is delivered or given up."""

from __future__ import annotations

from django.db import models
from django.utils import timezone


class OutgoingMessage(models.Model):
    """An e-mail waiting for (or done with) delivery. `mime` is the whole message as Django
    built it, so what is delivered is byte for byte what the sender composed."""

    class State(models.TextChoices):
        QUEUED = "queued", "في الانتظار"
        SENT = "sent", "أُرسلت"
        FAILED = "failed", "تعذّر إرسالها"

    created_at = models.DateTimeField("أُنشئت", default=timezone.now)
    state = models.CharField("الحالة", max_length=10, choices=State.choices, default=State.QUEUED)
    subject = models.TextField("الموضوع", blank=True)
    from_email = models.TextField("المرسل")
    recipients = models.JSONField("المستلمون", default=list)
    mime = models.BinaryField("الرسالة كاملة")
    attempts = models.PositiveSmallIntegerField("المحاولات", default=0)
    next_attempt_at = models.DateTimeField("المحاولة التالية", default=timezone.now)
    last_error = models.TextField("آخر خطأ", blank=True)
    sent_at = models.DateTimeField("أُرسلت في", null=True, blank=True)

    class Meta:
        verbose_name = "رسالة صادرة"
        verbose_name_plural = "رسائل صادرة"
        indexes = [models.Index(fields=["state", "next_attempt_at"], name="outbox_due")]

    def __str__(self) -> str:
        return f"{self.subject} → {'، '.join(self.recipients)} ({self.get_state_display()})"

    def retry(self) -> bool:
        """Queue a given-up message again, with a fresh round of tries from the scheduler's
        next tick (the operator has fixed what made it fail). False if it was not failed, as
        when someone retried it a moment before."""
        queued = OutgoingMessage.objects.filter(pk=self.pk, state=self.State.FAILED).update(
            state=self.State.QUEUED, attempts=0, next_attempt_at=timezone.now()
        )
        return queued == 1
