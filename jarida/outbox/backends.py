"""`EMAIL_BACKEND` for the whole site: sending is queueing (see `jarida.outbox`)."""

from __future__ import annotations

import logging
from collections.abc import Sequence

from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend
from django.db import DatabaseError

from jarida.outbox.models import OutgoingMessage

logger = logging.getLogger(__name__)


class OutboxBackend(BaseEmailBackend):
    """Writes each message into the outbox table, in the caller's transaction: a message
    composed by an action that is rolled back is never sent."""

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        rows = [
            OutgoingMessage(
                subject=str(message.subject),
                from_email=str(message.from_email),
                recipients=[str(address) for address in message.recipients()],
                mime=message.message().as_bytes(),
            )
            for message in email_messages
            if message.recipients()
        ]
        try:
            OutgoingMessage.objects.bulk_create(rows)
        except DatabaseError:
            logger.exception("could not queue %d e-mail message(s)", len(rows))
            if not self.fail_silently:
                raise
            return 0
        return len(rows)
