"""Editors' changes to a draft edition before its scheduled send: the order of its stories
(the first is the lead, with its photo), dropping one, adding one.

An edition's stories are its ordered `article_ids`; the mail is rendered from them again when
the draft goes out (`editions.send_edition`) and whenever it is previewed, so what editors
arrange here is what readers get. Only a draft changes: an edition being sent is rendered
once for every recipient and never changes under them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from jarida.news.models import ArticlePage
from jarida.newsletters.digest import Digest, digest_of
from jarida.newsletters.mail import render_edition
from jarida.newsletters.models import Edition


class DraftRefused(Exception):
    """Why a change to an edition was refused, in Arabic, for the editor."""


# Stories an editor may add: published within this long before the draft was made.
ADDABLE_WINDOW = dt.timedelta(hours=48)


def digest(edition: Edition) -> Digest:
    return digest_of(list(edition.article_ids or []))


def render(edition: Edition) -> tuple[str, str]:
    """The edition's HTML and text as they would go out now."""
    return render_edition(edition.newsletter, edition.subject, edition.intro, digest(edition))


def _change(edition_pk: int, change: str, article_id: int) -> Edition:
    with transaction.atomic():
        edition = (
            Edition.objects.select_for_update().select_related("newsletter").get(pk=edition_pk)
        )
        if edition.status != Edition.Status.DRAFT:
            raise DraftRefused("لا يمكن تعديل عدد بدأ إرساله.")
        ids = [int(pk) for pk in edition.article_ids or []]
        if change == "add":
            if article_id in ids:
                raise DraftRefused("الخبر في هذا العدد من قبل.")
            if not addable(edition).filter(pk=article_id).exists():
                raise DraftRefused("لا يمكن إضافة هذا الخبر: غير منشور أو قديم.")
            ids.append(article_id)
        else:
            if article_id not in ids:
                raise DraftRefused("الخبر ليس في هذا العدد.")
            index = ids.index(article_id)
            if change == "remove":
                if len(ids) == 1:
                    raise DraftRefused("لا يُرسل عدد بلا أخبار: أضف خبراً قبل حذف الأخير.")
                ids.pop(index)
            elif change in ("up", "down", "top"):
                target = {"up": index - 1, "down": index + 1, "top": 0}[change]
                if 0 <= target < len(ids):
                    ids.insert(target, ids.pop(index))
            else:
                raise DraftRefused("تعديل غير معروف.")
        edition.article_ids = ids
        edition.html, edition.text = render(edition)
        edition.save(update_fields=["article_ids", "html", "text"])
    return edition


def move(edition: Edition, article_id: int, where: str) -> Edition:
    """Move a story one place `up` or `down`, or to the `top` (the lead)."""
    return _change(edition.pk, where, article_id)


def remove(edition: Edition, article_id: int) -> Edition:
    return _change(edition.pk, "remove", article_id)


def add(edition: Edition, article_id: int) -> Edition:
    """Add a published story (of the last 48 hours before the draft) at the end."""
    return _change(edition.pk, "add", article_id)


def addable(edition: Edition) -> Any:
    """Published stories an editor may add to `edition`, newest first."""
    since = (edition.created_at or timezone.now()) - ADDABLE_WINDOW
    return (
        ArticlePage.objects.published()
        .filter(first_published_at__gt=since)
        .exclude(pk__in=list(edition.article_ids or []))
        .newest_first()
    )
