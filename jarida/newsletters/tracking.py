"""Opt-in open and click counts per edition (`NEWSLETTER_TRACKING`, off by default).

Off, a mail carries no pixel and its links are the plain `/a/<id>/` ones. On, an edition's
HTML part (never its text part) carries a 1×1 image at `/newsletter/o/<edition>/<token>/` and
its story links go through `/newsletter/c/<edition>/<token>/?u=<signed link>`, which counts
and redirects. `<token>` is the recipient's signed preferences token, already in every link
of the mail, so nothing new identifies a reader.

What is stored: on the edition, how many recipients opened it and how many clicked a link
(each counted once); on the recipient's delivery row, two yes/no marks, only so a second open
or click is not counted again. No time, address, browser, or which link was followed is kept,
and erasing a subscriber (which deletes their deliveries) leaves the edition's totals.

The redirect is no open redirect: the target is signed when the edition is rendered, and it
must still be an address on the paper's own site (`SITE_URL`); anything else goes to the
front page, counted for nobody. Writes are bounded without a rate limit: a valid token flips
each mark at most once, and an invalid one writes nothing.
"""

from __future__ import annotations

from urllib.parse import quote

from django.core import signing
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from jarida.newsletters import conf, tokens
from jarida.newsletters.models import Delivery, Edition

CLICK_SALT = "jarida.newsletters.click"
# Replaced in each recipient's copy (`mail.edition_message`): the edition's id, and the
# recipient's token (the same marker the preferences links use).
EDITION_MARKER = "0000000000"
TOKEN_MARKER = "__JARIDA_TRACKING_TOKEN__"

# A transparent 1×1 GIF.
PIXEL = bytes.fromhex(
    "47494638396101000100800000000000ffffff21f90401000000002c00000000010001000002024401003b"
)


def enabled() -> bool:
    return bool(conf.tracking())


def pixel_url() -> str:
    return conf.site_url() + reverse("newsletters:opened", args=[EDITION_MARKER, TOKEN_MARKER])


def click_url(target: str) -> str:
    """A story link that counts the click and then goes to `target` (signed, so only links
    the paper put in its mail are followed)."""
    signed = signing.Signer(salt=CLICK_SALT).sign(target)
    path = reverse("newsletters:clicked", args=[EDITION_MARKER, TOKEN_MARKER])
    return f"{conf.site_url()}{path}?u={quote(signed, safe='')}"


def personalise(html: str, edition_pk: int, token: str) -> str:
    """One recipient's copy of the tracking links."""
    marker = f"/{EDITION_MARKER}/{TOKEN_MARKER}/"
    return html.replace(marker, f"/{edition_pk}/{token}/")


def target_of(signed: str) -> str | None:
    """The paper's own address a click link names, or None for anything else (forged,
    damaged, or another site even if signed)."""
    try:
        target = signing.Signer(salt=CLICK_SALT).unsign(signed)
    except signing.BadSignature:
        return None
    site = conf.site_url()
    if not target.startswith(site + "/"):
        return None
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={conf.mail_domain()}, require_https=site.startswith("https:")
    ):
        return None
    return target


def count(edition_pk: int, token: str, *, click: bool) -> bool:
    """Count an open (or a click, which is an open too) of `edition_pk` by the recipient
    `token` names, once each; False when nothing was counted."""
    if not enabled():
        return False
    found = tokens.read_preferences_token(token)
    if found is None:
        return False
    subscriber_id, _ = found
    if not Edition.objects.filter(pk=edition_pk, tracked=True).exists():
        return False
    mine = Delivery.objects.filter(edition_id=edition_pk, subscriber_id=subscriber_id)
    with transaction.atomic():
        opened = mine.filter(opened=False).update(opened=True)
        clicked = mine.filter(clicked=False).update(clicked=True) if click else 0
        if opened or clicked:
            Edition.objects.filter(pk=edition_pk).update(
                opens=F("opens") + opened, clicks=F("clicks") + clicked
            )
    return bool(opened or clicked)
