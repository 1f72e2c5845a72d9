"""Draining the outbox: what `run_scheduler` calls each tick.

Due messages are first *claimed* in a short transaction (`SELECT … FOR UPDATE SKIP LOCKED` on
PostgreSQL, so two schedulers never take the same row; SQLite serialises writers), which
counts the attempt and pushes `next_attempt_at` past `CLAIM_TIMEOUT`. They are then sent with
no transaction open, so a slow SMTP server never holds a lock the newsroom needs. A message
whose sending raised is retried with exponential back-off; after `max_attempts` tries, or on a
permanent SMTP refusal (5xx), it is marked failed. Every failure is logged. Delivery is at
least once: a scheduler killed mid-send leaves the row claimed, and it is sent again later.
"""

from __future__ import annotations

import datetime as dt
import email
import email.generator
import email.message
import io
import logging
import smtplib
from collections import Counter
from contextlib import suppress

from django.core.mail import EmailMessage, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from jarida.outbox import conf
from jarida.outbox.models import OutgoingMessage

logger = logging.getLogger(__name__)


class StoredMIME(email.message.Message):
    """A parsed stored message that flattens the way Django's own MIME classes do (the SMTP
    backend asks for CRLF line ends)."""

    def as_bytes(self, unixfrom: bool = False, linesep: str = "\n") -> bytes:  # type: ignore[override]
        buffer = io.BytesIO()
        generator = email.generator.BytesGenerator(buffer, mangle_from_=False)
        generator.flatten(self, unixfrom=unixfrom, linesep=linesep)
        return buffer.getvalue()


class StoredEmail(EmailMessage):
    """An `EmailMessage` whose MIME is the stored one, for any Django backend to deliver."""

    def __init__(self, row: OutgoingMessage) -> None:
        super().__init__(subject=row.subject, from_email=row.from_email, to=list(row.recipients))
        self._mime = bytes(row.mime)

    def message(self) -> StoredMIME:  # type: ignore[override]
        return email.message_from_bytes(self._mime, _class=StoredMIME)


def delivery_connection() -> BaseEmailBackend:
    """A connection to the real mail server (the backend `EMAIL_URL` names), bypassing the
    outbox: for the drain, and for bulk senders that keep their own queue."""
    return get_connection(conf.delivery_backend(), fail_silently=False)


def claim(now: dt.datetime, limit: int = conf.BATCH) -> list[OutgoingMessage]:
    with transaction.atomic():
        rows = list(
            OutgoingMessage.objects.select_for_update(skip_locked=True)
            .filter(state=OutgoingMessage.State.QUEUED, next_attempt_at__lte=now)
            .order_by("next_attempt_at", "pk")[:limit]
        )
        OutgoingMessage.objects.filter(pk__in=[row.pk for row in rows]).update(
            attempts=F("attempts") + 1, next_attempt_at=now + conf.CLAIM_TIMEOUT
        )
    for row in rows:
        row.attempts += 1
    return rows


def is_permanent(error: Exception) -> bool:
    """An SMTP 5xx answer will not change by trying again (unknown mailbox, policy refusal)."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _ in error.recipients.values())
    return isinstance(error, smtplib.SMTPResponseException) and error.smtp_code >= 500


def failed(row: OutgoingMessage, error: Exception, now: dt.datetime) -> str:
    """Record a failed try; the message waits for its next try, or is given up. Returns the
    state it is left in."""
    row.last_error = f"{type(error).__name__}: {error}"[:2000]
    if is_permanent(error) or row.attempts >= conf.max_attempts():
        row.state = OutgoingMessage.State.FAILED
        logger.error(
            "e-mail %s to %s given up after %d tries: %s",
            row.pk, ", ".join(row.recipients), row.attempts, row.last_error,
        )  # fmt: skip
    else:
        row.next_attempt_at = now + conf.retry_delay(row.attempts)
        logger.warning(
            "e-mail %s to %s not sent (try %d), next try at %s: %s",
            row.pk, ", ".join(row.recipients), row.attempts, row.next_attempt_at.isoformat(),
            row.last_error,
        )  # fmt: skip
    row.save(update_fields=["state", "last_error", "next_attempt_at"])
    return str(row.state) if row.state == OutgoingMessage.State.FAILED else "retried"


def drain(now: dt.datetime | None = None, limit: int = conf.BATCH) -> Counter[str]:
    """Deliver what is due; returns how many were `sent`, `retried` and `failed`."""
    now = now or timezone.now()
    outcome: Counter[str] = Counter()
    rows = claim(now, limit)
    if rows:
        connection = delivery_connection()
        try:
            connection.open()
        except Exception as error:  # the server is away: every message waits for its retry
            for row in rows:
                outcome[failed(row, error, now)] += 1
            rows = []
        for row in rows:
            try:
                if connection.send_messages([StoredEmail(row)]) != 1:
                    raise smtplib.SMTPException("the backend sent nothing")
            except Exception as error:
                outcome[failed(row, error, now)] += 1
                with suppress(Exception):
                    connection.close()  # the next message starts on a fresh connection
                continue
            OutgoingMessage.objects.filter(pk=row.pk).update(
                state=OutgoingMessage.State.SENT, sent_at=timezone.now(), last_error=""
            )
            outcome["sent"] += 1
        with suppress(Exception):
            connection.close()
    OutgoingMessage.objects.filter(
        state=OutgoingMessage.State.SENT, sent_at__lt=now - conf.keep_sent()
    ).delete()
    return outcome
