"""The comment desk's digest: one e-mail, every MODERATION_DIGEST_HOURS, to everyone who can
moderate comments, listing what waits for review. `run_scheduler` asks each tick; the last
sending time is a `SchedulerLease` row, locked while a digest is composed, so two schedulers
never both send. Nothing waiting, nothing sent. The mail goes through the outbox
(`jarida.outbox`) in the same transaction as the lease update: a digest is queued exactly once
per period, and delivered with retries.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from jarida.comments.models import Comment
from jarida.newsroom.models import SchedulerLease
from jarida.newsroom.review import when

LEASE = "moderation-digest"
LISTED = 20


def moderators() -> list[str]:
    """Addresses of the active users who may moderate comments (the desk and the chief)."""
    permission = Permission.objects.get(
        content_type__app_label="comments", codename="moderate_comment"
    )
    users = (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(Q(groups__permissions=permission) | Q(user_permissions=permission))
        .exclude(email="")
        .distinct()
        .order_by("pk")
    )
    return [user.email for user in users]


def waiting_label(count: int) -> str:
    """«تعليق واحد» / «تعليقان» / «5 تعليقات» / «12 تعليقًا», as Arabic counts them."""
    if count == 1:
        return "تعليق واحد"
    if count == 2:
        return "تعليقان"
    return f"{count} تعليقات" if 3 <= count % 100 <= 10 else f"{count} تعليقًا"


def send_moderation_digest(now: dt.datetime | None = None) -> int:
    """Queue the digest if one is due and comments wait; returns how many messages."""
    hours = int(getattr(settings, "MODERATION_DIGEST_HOURS", 24))
    if hours <= 0:
        return 0
    now = now or timezone.now()
    SchedulerLease.objects.get_or_create(name=LEASE)
    with transaction.atomic():
        lease = (
            SchedulerLease.objects.select_for_update(skip_locked=True).filter(name=LEASE).first()
        )
        if lease is None or (
            lease.last_tick_at and now - lease.last_tick_at < dt.timedelta(hours=hours)
        ):
            return 0
        pending = Comment.objects.pending().select_related("article").order_by("created_at", "pk")
        count = pending.count()
        recipients = moderators()
        if not count or not recipients:
            return 0
        context = {
            "count": count,
            "waiting": waiting_label(count),
            "comments": list(pending[:LISTED]),
            "more": max(count - LISTED, 0),
            "oldest": when(pending[0].created_at),
            "desk_url": settings.WAGTAILADMIN_BASE_URL + reverse("comments_desk:list"),
            "site_name": settings.SITE_NAME,
        }
        subject = f"{context['waiting']} بانتظار المراجعة"
        text = render_to_string("newsroom/moderation_digest.txt", context)
        html = render_to_string("newsroom/moderation_digest.html", context)
        messages = []
        for address in recipients:  # one each: no one sees who else is on the desk
            message = EmailMultiAlternatives(subject, text, to=[address])
            message.attach_alternative(html, "text/html")
            messages.append(message)
        sent = get_connection(fail_silently=False).send_messages(messages)
        lease.holder = "digest"
        lease.last_tick_at = now
        lease.ticks += 1
        lease.save(update_fields=["holder", "last_tick_at", "ticks"])
    return sent
