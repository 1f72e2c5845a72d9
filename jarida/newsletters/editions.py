"""Making editions: the morning digest of a day, and a breaking alert for one article.

Both are idempotent in the database: one daily edition per list per day, one alert per
article (named unique constraints), so a scheduler that ticks twice, two schedulers, or an
editor pressing «إرسال تنبيه» twice make one edition.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.utils import timezone

from jarida.arabic import format_long_date
from jarida.news.models import ArticlePage
from jarida.newsletters import conf
from jarida.newsletters.digest import Digest, daily_digest, digest_of, section_digest
from jarida.newsletters.mail import render_edition
from jarida.newsletters.models import Delivery, Edition, NewsletterList, Subscriber
from jarida.newsletters.sending import enqueue


class AlertRefused(Exception):
    """Why an alert was not sent, in Arabic, for the editor."""


def newsroom_zone() -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(settings.NEWSROOM_TIME_ZONE)


def newsroom_today(now: dt.datetime | None = None) -> dt.date:
    return (now or timezone.now()).astimezone(newsroom_zone()).date()


def daily_subject(day: dt.date) -> str:
    when = format_long_date(
        day, settings.NEWSROOM_LOCALE, settings.NEWSROOM_MONTH_STYLE, weekday=True
    )
    return f"{conf.get_site_name()}: نشرة صباح {when}"


def create_daily(
    day: dt.date | None = None, now: dt.datetime | None = None, *, draft: bool = False
) -> Edition | None:
    """The day's morning digest, rendered and queued; the existing one if it was made
    already (a draft the editors prepared is sent); None when the last 24 hours had no story
    (nobody gets an empty mail). `draft`: made but not queued, for editors to introduce
    before the scheduled time."""
    day = day or newsroom_today(now)
    newsletter = NewsletterList.objects.filter(kind=NewsletterList.Kind.DAILY, enabled=True).first()
    if newsletter is None:
        return None
    existing = Edition.objects.filter(newsletter=newsletter, day=day).first()
    if existing is not None:
        if existing.status == Edition.Status.DRAFT and not draft:
            return send_edition(existing)
        return existing
    if not Subscriber.objects.receiving().filter(lists=newsletter).exists():
        return None  # nobody to send it to: no edition
    digest = daily_digest(now)
    if not digest:
        return None
    return _create(newsletter, daily_subject(day), "", digest, day=day, queue=not draft)


def section_subject(newsletter: NewsletterList, day: dt.date) -> str:
    when = format_long_date(
        day, settings.NEWSROOM_LOCALE, settings.NEWSROOM_MONTH_STYLE, weekday=True
    )
    return f"{conf.get_site_name()}: {newsletter.name}، {when}"


def create_sections(day: dt.date | None = None, now: dt.datetime | None = None) -> list[Edition]:
    """The day's edition of every enabled section list, made and queued with the morning
    digest: the section's top stories of the 24 hours before `now` (the scheduler passes the
    send time, so a story published later in the morning starts no late edition). Once per
    list and day; none for a section with no new story or a list nobody receives."""
    now = now or timezone.now()
    day = day or newsroom_today(now)
    lists = NewsletterList.objects.filter(
        kind=NewsletterList.Kind.SECTION, enabled=True, section__isnull=False
    ).exclude(editions__day=day)
    made = []
    for newsletter in lists.select_related("section"):
        if not Subscriber.objects.receiving().filter(lists=newsletter).exists():
            continue
        digest = section_digest(newsletter.section, now)
        if digest:
            made.append(_create(newsletter, section_subject(newsletter, day), "", digest, day=day))
    return made


def _create(
    newsletter: NewsletterList,
    subject: str,
    intro: str,
    digest: Digest,
    *,
    day: dt.date | None = None,
    article: ArticlePage | None = None,
    by: AbstractBaseUser | None = None,
    queue: bool = True,
) -> Edition:
    html, text = render_edition(newsletter, subject, intro, digest)
    try:
        with transaction.atomic():
            edition = Edition.objects.create(
                newsletter=newsletter,
                day=day,
                article=article,
                subject=subject,
                intro=intro,
                article_ids=digest.article_ids,
                html=html,
                text=text,
                tracked=conf.tracking(),
                sent_by=by if by is not None and by.is_authenticated else None,
            )
    except IntegrityError:  # made at the same moment by another scheduler or click
        if article is not None:
            raise AlertRefused("أُرسل تنبيه بهذا الخبر من قبل.") from None
        return Edition.objects.get(newsletter=newsletter, day=day)
    if queue:
        enqueue(edition)
    return edition


def send_edition(edition: Edition) -> Edition:
    """A draft edition (editors reordered or introduced it) rendered again and queued."""
    digest = digest_of(list(edition.article_ids))
    edition.html, edition.text = render_edition(
        edition.newsletter, edition.subject, edition.intro, digest
    )
    edition.tracked = conf.tracking()
    edition.save(update_fields=["html", "text", "tracked"])
    enqueue(edition)
    edition.refresh_from_db()
    return edition


def alerts_in_last_hour(now: dt.datetime | None = None) -> int:
    since = (now or timezone.now()) - dt.timedelta(hours=1)
    return Edition.objects.filter(
        newsletter__kind=NewsletterList.Kind.BREAKING, created_at__gt=since
    ).count()


def alert_refusal(article: ArticlePage) -> str:
    """Why «إرسال تنبيه» is not offered for `article` now, or "" when it is."""
    if not ArticlePage.objects.published().filter(pk=article.pk).exists():
        return "الخبر غير منشور للقراء."
    if not article.is_breaking:
        return "الخبر غير معلَّم «عاجل»."
    if Edition.objects.filter(article=article).exists():
        return "أُرسل تنبيه بهذا الخبر من قبل."
    if alerts_in_last_hour() >= conf.alerts_per_hour():
        return f"بلغ عدد التنبيهات في الساعة الأخيرة الحدّ ({conf.alerts_per_hour()})."
    if not NewsletterList.objects.filter(kind=NewsletterList.Kind.BREAKING, enabled=True).exists():
        return "نشرة «عاجل» غير مفعّلة."
    return ""


def create_alert(article: ArticlePage, by: AbstractBaseUser | None = None) -> Edition:
    """A breaking alert about one article, once, within the hourly cap; `AlertRefused`
    says why not."""
    newsletter = NewsletterList.objects.filter(
        kind=NewsletterList.Kind.BREAKING, enabled=True
    ).first()
    with transaction.atomic():
        # One alert decision at a time: the cap is counted and the edition made together.
        NewsletterList.objects.select_for_update().filter(
            pk=getattr(newsletter, "pk", None)
        ).first()
        refusal = alert_refusal(article)
        if refusal:
            raise AlertRefused(refusal)
        assert newsletter is not None
        return _create(
            newsletter, f"عاجل: {article.title}", "", Digest(article), article=article, by=by
        )


WITHHELD = "لم تُرسل: سُحب خبر تحمله هذه النشرة من القرّاء قبل إرسالها."


def withhold(article_pk: int) -> int:
    """An article withdrawn from readers (unpublished, expired, taken down) is withdrawn from
    the mail not yet sent too: an edition's copies are rendered once and carry it, so every
    copy still queued of an edition that holds it is given up, with the reason. Drafts are
    re-rendered from `published()` when they go out, so they need nothing. Returns how many
    copies were held back."""
    carrying = [
        edition.pk
        for edition in Edition.objects.filter(status=Edition.Status.SENDING).only(
            "pk", "article_id", "article_ids"
        )
        if edition.article_id == article_pk or article_pk in (edition.article_ids or [])
    ]
    if not carrying:
        return 0
    return Delivery.objects.filter(edition_id__in=carrying, state=Delivery.State.QUEUED).update(
        state=Delivery.State.FAILED, error=WITHHELD
    )
