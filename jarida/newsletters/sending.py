"""The send queue: editions become delivery rows, and rows become messages.

Filling: `enqueue` writes one `queued` row per receiving subscriber of the edition's list, in
chunks (memory stays flat in the number of subscribers) and idempotently (a unique row per
recipient and edition).

Draining: a sender claims a batch of due rows (`sending`, with its name and the time; `SKIP
LOCKED` on PostgreSQL, so two senders never claim the same row), sends them in id order on one
SMTP connection, and records each outcome as soon as the server has answered:

- accepted: `sent`; never sent again;
- refused for good (5xx): `failed`;
- refused for now (4xx) or the connection lost: tried again later, after 1, 4, 16... times
  `NEWSLETTER_RETRY_BASE_SECONDS`, up to `NEWSLETTER_MAX_ATTEMPTS`; a lost connection also
  ends this drain and gives the batch's untried rows back to the queue.

A sender that dies (killed, power lost) leaves its claim behind. After
`NEWSLETTER_CLAIM_TIMEOUT` the next drain takes it back: the rows were sent in id order and
each was marked as it was accepted, so of the claim's rows still `sending` only the first can
have reached the server; it is marked `failed` (outcome unknown) rather than sent twice, and
the rest go back to the queue.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import smtplib
import socket
import threading
import time
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.mail import EmailMessage, get_connection
from django.core.mail.backends.smtp import EmailBackend as SMTPBackend
from django.core.mail.message import sanitize_address
from django.db import connection, transaction
from django.db.models import Min
from django.utils import timezone

from jarida.newsletters import conf
from jarida.newsletters.mail import EditionBytes, edition_message
from jarida.newsletters.models import Delivery, Edition, Subscriber

logger = logging.getLogger(__name__)

State = Delivery.State
ENQUEUE_CHUNK = 2000


def enqueue(edition: Edition) -> int:
    """A queued delivery for each receiving subscriber of the edition's list."""
    receivers = (
        Subscriber.objects.receiving()
        .filter(lists=edition.newsletter)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    now = timezone.now()
    added = 0
    chunk: list[Delivery] = []
    for subscriber_id in receivers.iterator(chunk_size=ENQUEUE_CHUNK):
        chunk.append(Delivery(edition=edition, subscriber_id=subscriber_id, next_attempt_at=now))
        if len(chunk) >= ENQUEUE_CHUNK:
            added += len(Delivery.objects.bulk_create(chunk, ignore_conflicts=True))
            chunk = []
    if chunk:
        added += len(Delivery.objects.bulk_create(chunk, ignore_conflicts=True))
    Edition.objects.filter(pk=edition.pk).update(status=Edition.Status.SENDING)
    return added


class ConnectionLost(Exception):
    """The SMTP server went away: stop this drain, the queue keeps the rest."""


class Sender:
    """One connection to the mail server for a whole drain. With Django's SMTP backend,
    messages go through its smtplib connection one by one, so each gets its own answer;
    other backends (locmem in tests, console, file) take them through `send_messages`."""

    def __init__(self) -> None:
        self.backend = get_connection(conf.delivery_backend(), fail_silently=False)
        self.smtp: smtplib.SMTP | None = None

    def __enter__(self) -> Sender:
        self.backend.open()
        if isinstance(self.backend, SMTPBackend):
            self.smtp = self.backend.connection
        return self

    def __exit__(self, *exc: object) -> None:
        try:
            self.backend.close()
        except Exception:  # closing a connection the server dropped
            logger.debug("closing the mail connection failed", exc_info=True)

    def send(self, message: EmailMessage) -> None:
        if self.smtp is None:
            self.backend.send_messages([message])
            return
        encoding = message.encoding or "utf-8"
        sender = sanitize_address(message.from_email, encoding)
        recipients = [sanitize_address(a, encoding) for a in message.recipients()]
        self.send_raw(sender, recipients, message.message().as_bytes(linesep="\r\n"))

    def send_raw(self, sender: str, recipients: list[str], raw: bytes) -> None:
        """Bytes already serialised (an `EditionBytes` copy) over the SMTP connection."""
        assert self.smtp is not None
        try:
            self.smtp.sendmail(sender, recipients, raw)
        except smtplib.SMTPServerDisconnected as error:
            raise ConnectionLost(str(error)) from error
        except smtplib.SMTPResponseException as error:
            if error.smtp_code == 421:  # the server is closing the connection
                raise ConnectionLost(f"{error.smtp_code} {error.smtp_error!r}") from error
            raise
        except (TimeoutError, OSError) as error:
            raise ConnectionLost(str(error)) from error


@dataclass
class DrainResult:
    sent: int = 0
    failed: int = 0
    retried: int = 0
    stopped: str = ""
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)


def holder_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def recover_stale_claims() -> int:
    """Claims of senders that died: the first row of each may have gone out (failed, outcome
    unknown, never sent twice); the others were never tried (queued again)."""
    limit = timezone.now() - dt.timedelta(seconds=conf.claim_timeout())
    stale = Delivery.objects.filter(state=State.SENDING, claimed_at__lte=limit)
    firsts = list(
        stale.values("claimed_by").annotate(first=Min("pk")).values_list("first", flat=True)
    )
    if not firsts:
        return 0
    with transaction.atomic():
        Delivery.objects.filter(pk__in=firsts, state=State.SENDING).update(
            state=State.FAILED,
            claimed_by="",
            error="انقطع المرسل أثناء هذه الرسالة: لم تُعَد كي لا تصل مرتين.",
        )
        requeued = stale.exclude(pk__in=firsts).update(
            state=State.QUEUED, claimed_by="", claimed_at=None
        )
    return requeued


def claim(holder: str, size: int) -> list[int]:
    now = timezone.now()
    with transaction.atomic():
        ids = list(
            Delivery.objects.select_for_update(skip_locked=True)
            .filter(state=State.QUEUED, next_attempt_at__lte=now)
            .order_by("next_attempt_at", "pk")
            .values_list("pk", flat=True)[:size]
        )
        Delivery.objects.filter(pk__in=ids, state=State.QUEUED).update(
            state=State.SENDING, claimed_by=holder, claimed_at=now
        )
    return sorted(ids)


def _retry(delivery: Delivery, error: str) -> str:
    attempts = delivery.attempts + 1
    if attempts >= conf.max_attempts():
        Delivery.objects.filter(pk=delivery.pk).update(
            state=State.FAILED, attempts=attempts, claimed_by="", error=error[:300]
        )
        return State.FAILED
    delay = conf.retry_base_seconds() * 4 ** (attempts - 1)
    Delivery.objects.filter(pk=delivery.pk).update(
        state=State.QUEUED,
        attempts=attempts,
        claimed_by="",
        claimed_at=None,
        next_attempt_at=timezone.now() + dt.timedelta(seconds=delay),
        error=error[:300],
    )
    return State.QUEUED


def _release(ids: Iterable[int]) -> None:
    Delivery.objects.filter(pk__in=list(ids), state=State.SENDING).update(
        state=State.QUEUED, claimed_by="", claimed_at=None
    )


def send_claimed(
    ids: list[int], sender: Sender, result: DrainResult, templates: dict[int, EditionBytes]
) -> None:
    deliveries = Delivery.objects.filter(pk__in=ids).select_related("subscriber").order_by("pk")
    pending = list(deliveries)
    for index, delivery in enumerate(pending):
        template = templates.get(delivery.edition_id)
        if template is None:
            edition = Edition.objects.select_related("newsletter").get(pk=delivery.edition_id)
            template = templates[delivery.edition_id] = EditionBytes(edition)
        try:
            if sender.smtp is not None and template.usable:
                raw, message_id = template.for_recipient(delivery.subscriber)
                envelope_from = sanitize_address(template.sender, "utf-8")
                sender.send_raw(envelope_from, [delivery.subscriber.email], raw)
            else:
                message = edition_message(template.edition, delivery.subscriber)
                message_id = message.extra_headers["Message-ID"]
                sender.send(message)
        except ConnectionLost as error:
            _retry(delivery, f"انقطع الاتصال بخادم البريد: {error}")
            result.retried += 1
            _release(d.pk for d in pending[index + 1 :])
            raise
        except smtplib.SMTPRecipientsRefused as error:
            code, text = next(iter(error.recipients.values()))
            if 400 <= code < 500:
                state = _retry(delivery, f"{code} {text!r}")
                result.retried += state == State.QUEUED
                result.failed += state == State.FAILED
            else:
                Delivery.objects.filter(pk=delivery.pk).update(
                    state=State.FAILED, attempts=delivery.attempts + 1, error=f"{code} {text!r}"
                )
                result.failed += 1
            continue
        except smtplib.SMTPResponseException as error:
            if 400 <= error.smtp_code < 500:
                state = _retry(delivery, f"{error.smtp_code} {error.smtp_error!r}")
                result.retried += state == State.QUEUED
                result.failed += state == State.FAILED
            else:
                Delivery.objects.filter(pk=delivery.pk).update(
                    state=State.FAILED,
                    attempts=delivery.attempts + 1,
                    error=f"{error.smtp_code} {error.smtp_error!r}",
                )
                result.failed += 1
            continue
        except BaseException:
            # Interrupted (Ctrl-C, SIGTERM turned into an exception) or a bug: this message
            # may or may not have gone; the untried ones go back to the queue.
            Delivery.objects.filter(pk=delivery.pk).update(
                state=State.FAILED,
                claimed_by="",
                error="انقطع الإرسال أثناء هذه الرسالة: لم تُعَد كي لا تصل مرتين.",
            )
            _release(d.pk for d in pending[index + 1 :])
            raise
        Delivery.objects.filter(pk=delivery.pk).update(
            state=State.SENT,
            attempts=delivery.attempts + 1,
            sent_at=timezone.now(),
            message_id=message_id,
            claimed_by="",
            error="",
        )
        result.sent += 1


def finish_editions() -> None:
    """Editions with nothing left queued or in flight are sent."""
    busy = Delivery.objects.filter(state__in=[State.QUEUED, State.SENDING]).values("edition_id")
    Edition.objects.filter(status=Edition.Status.SENDING).exclude(pk__in=busy).update(
        status=Edition.Status.SENT, finished_at=timezone.now()
    )


def drain(
    seconds: float | None = None, holder: str | None = None, workers: int | None = None
) -> DrainResult:
    """Send what is due, batch after batch, for at most `seconds` (None: until done), on
    `workers` SMTP connections at once (NEWSLETTER_SEND_WORKERS): most of a message's time
    is waiting for the server, which threads share well."""
    holder = holder or holder_name()
    deadline = None if seconds is None else time.monotonic() + seconds
    result = DrainResult()
    recover_stale_claims()
    count = workers or conf.send_workers()
    if count == 1 or connection.vendor == "sqlite":  # SQLite: one writer anyway
        _drain_one(f"{holder}:0", deadline, result, threading.Event())
    else:
        stop = threading.Event()
        threads = [
            threading.Thread(target=_drain_thread, args=(f"{holder}:{n}", deadline, result, stop))
            for n in range(count)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finish_editions()
    return result


def _drain_thread(
    holder: str, deadline: float | None, result: DrainResult, stop: threading.Event
) -> None:
    try:
        _drain_one(holder, deadline, result, stop)
    except Exception:  # a thread's bug must not leave the others waiting
        logger.exception("newsletter sender thread failed")
        stop.set()
    finally:
        connection.close()  # this thread's own database connection


def _drain_one(
    holder: str, deadline: float | None, result: DrainResult, stop: threading.Event
) -> None:
    if connection.vendor == "postgresql":
        # Each "sent" is committed at once, so a killed sender knows what went; it need not
        # wait for the disk: only a crash of PostgreSQL itself could lose the last few
        # hundred milliseconds of marks (then those few are sent again).
        with connection.cursor() as cursor:
            cursor.execute("SET synchronous_commit TO OFF")
    mine = DrainResult()
    templates: dict[int, EditionBytes] = {}
    ids = claim(holder, conf.batch_size())
    if not ids:
        return  # nothing due: no connection to the mail server at all
    try:
        with Sender() as sender:
            while ids:
                send_claimed(ids, sender, mine, templates)
                if stop.is_set() or (deadline is not None and time.monotonic() >= deadline):
                    break
                ids = claim(holder, conf.batch_size())
    except ConnectionLost as error:
        mine.stopped = str(error) or "connection lost"
        stop.set()
        logger.warning("newsletter send stopped: %s", mine.stopped)
    except (smtplib.SMTPException, OSError) as error:  # could not even connect
        mine.stopped = str(error) or type(error).__name__
        stop.set()
        logger.warning("newsletter send stopped: %s", mine.stopped)
    finally:
        # Whatever stopped this sender (no connection, a hang-up, the deadline), rows it
        # claimed and never tried go back to the queue now, not after the claim timeout.
        Delivery.objects.filter(claimed_by=holder, state=State.SENDING).update(
            state=State.QUEUED, claimed_by="", claimed_at=None
        )
        with result.lock:
            result.sent += mine.sent
            result.failed += mine.failed
            result.retried += mine.retried
            result.stopped = result.stopped or mine.stopped
