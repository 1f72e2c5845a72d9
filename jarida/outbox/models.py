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

    created_at = models.DateTimeField(default=timezone.now)
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    subject = models.TextField(blank=True)
    from_email = models.TextField()
    recipients = models.JSONField(default=list)
    mime = models.BinaryField()
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    last_error = models.TextField(blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "رسالة صادرة"
        verbose_name_plural = "رسائل صادرة"
        indexes = [models.Index(fields=["state", "next_attempt_at"], name="outbox_due")]

    def __str__(self) -> str:
        return f"{self.subject} → {', '.join(self.recipients)} ({self.state})"
