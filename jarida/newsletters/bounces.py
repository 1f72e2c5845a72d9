"""Bounces and complaints fed back from the mail server: they stop mail to an address.

A delivery status notification (RFC 3464: `multipart/report; report-type=delivery-status`)
names each recipient with an Action and a Status; `failed` with a 5.x.x status is a hard
bounce: the subscriber gets nothing more (`bounced_at`) and the delivery it answers (found by
the Message-ID in the returned headers) is marked `bounced`. A 4.x.x status is the server
still trying: nothing changes. A complaint (RFC 5965 feedback report, `report-type=
feedback-report`: the reader pressed «spam») unsubscribes the address. A mail sent to the
`mailto:` of List-Unsubscribe (subject `unsubscribe <signed token>`) unsubscribes the reader
the token names.
"""

from __future__ import annotations

import email
import email.policy
import re
from dataclasses import dataclass, field
from email.message import EmailMessage, Message

from django.utils import timezone

from jarida.newsletters import tokens
from jarida.newsletters.models import Delivery, Subscriber

UNSUBSCRIBE_SUBJECT = re.compile(r"^\s*unsubscribe\s+(\S+)\s*$", re.IGNORECASE)


@dataclass
class Feedback:
    hard_bounces: list[str] = field(default_factory=list)
    soft_bounces: list[str] = field(default_factory=list)
    complaints: list[str] = field(default_factory=list)
    message_ids: list[str] = field(default_factory=list)
    unsubscribe: list[tuple[int, int]] = field(default_factory=list)  # (subscriber, version)
    kind: str = ""  # "dsn", "complaint", "unsubscribe" or "" (nothing we read)


def _address(value: str | None) -> str:
    """`rfc822; reader@example.org` → reader@example.org"""
    if not value:
        return ""
    return value.split(";", 1)[-1].strip().strip("<>").lower()


def _returned_message_ids(message: Message) -> list[str]:
    found = []
    for part in message.walk():
        if part.get_content_type() in ("text/rfc822-headers", "message/rfc822"):
            payload = part.get_payload()
            returned = payload[0] if isinstance(payload, list) else None
            if returned is None:
                returned = email.message_from_string(
                    part.get_payload(decode=True).decode("utf-8", "replace")
                    if isinstance(part.get_payload(decode=True), bytes)
                    else str(payload),
                    policy=email.policy.default,
                )
            if returned.get("Message-ID"):
                found.append(str(returned["Message-ID"]).strip())
    return found


def parse(raw: bytes) -> Feedback:
    """What one report says, without touching the database."""
    message: EmailMessage = email.message_from_bytes(raw, policy=email.policy.default)  # type: ignore[assignment]
    feedback = Feedback()
    if message.get_content_type() != "multipart/report":
        match = UNSUBSCRIBE_SUBJECT.match(str(message.get("Subject", "")))
        found = tokens.read_preferences_token(match[1]) if match else None
        if found is not None:
            feedback.kind = "unsubscribe"
            feedback.unsubscribe.append(found)
        return feedback
    report_type = message.get_param("report-type", "").lower()
    feedback.message_ids = _returned_message_ids(message)
    if report_type == "delivery-status":
        feedback.kind = "dsn"
        for part in message.walk():
            if part.get_content_type() != "message/delivery-status":
                continue
            # The first block is about the message, each following one about a recipient.
            for block in part.get_payload()[1:]:
                named = block.get("Final-Recipient") or block.get("Original-Recipient")
                recipient = _address(named)
                action = str(block.get("Action", "")).strip().lower()
                status = str(block.get("Status", "")).strip()
                if not recipient or action != "failed":
                    if recipient and action == "delayed":
                        feedback.soft_bounces.append(recipient)
                    continue
                if status.startswith("5"):
                    feedback.hard_bounces.append(recipient)
                else:
                    feedback.soft_bounces.append(recipient)
    elif report_type == "feedback-report":
        feedback.kind = "complaint"
        for part in message.walk():
            if part.get_content_type() == "message/rfc822":
                payload = part.get_payload()
                returned = payload[0] if isinstance(payload, list) else None
                if returned is not None and returned.get("To"):
                    feedback.complaints.append(_address(str(returned["To"])))
    return feedback


def apply(feedback: Feedback) -> int:
    """Stop mail to hard-bounced and complaining addresses; returns how many changed."""
    now = timezone.now()
    changed = 0
    if feedback.hard_bounces:
        changed += Subscriber.objects.filter(
            email__in=feedback.hard_bounces, bounced_at__isnull=True
        ).update(bounced_at=now)
        if feedback.message_ids:
            Delivery.objects.filter(
                message_id__in=feedback.message_ids,
                subscriber__email__in=feedback.hard_bounces,
            ).update(state=Delivery.State.BOUNCED)
    for subscriber_id, version in feedback.unsubscribe:
        changed += Subscriber.objects.filter(
            pk=subscriber_id, token_version=version, unsubscribed_at__isnull=True
        ).update(unsubscribed_at=now)
    if feedback.complaints:
        changed += Subscriber.objects.filter(email__in=feedback.complaints).update(
            complained_at=now, unsubscribed_at=now
        )
    return changed
