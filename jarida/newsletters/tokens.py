"""Signed links in mails: confirming a subscription (valid 48 hours) and a subscriber's
preferences and one-click unsubscribe (valid while the subscriber's token version holds).

Nothing is stored for a link: the signature is the proof. A confirmation carries the address
and the lists chosen, so an address that was never confirmed has no row with lists yet, and
one that exists is not changed by someone who only knows it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core import signing

from jarida.newsletters import conf

CONFIRM_SALT = "jarida.newsletters.confirm"
PREFS_SALT = "jarida.newsletters.preferences"


@dataclass(frozen=True)
class Confirmation:
    email: str
    lists: list[str]


def confirm_token(email: str, lists: list[str]) -> str:
    return signing.TimestampSigner(salt=CONFIRM_SALT).sign_object({"e": email, "l": lists})


def read_confirm_token(token: str) -> Confirmation | None:
    """The confirmation, or None when the link is forged, damaged or older than 48 hours."""
    try:
        data = signing.TimestampSigner(salt=CONFIRM_SALT).unsign_object(
            token, max_age=conf.confirm_max_age()
        )
    except signing.BadSignature:  # SignatureExpired is one
        return None
    if not isinstance(data, dict) or not isinstance(data.get("e"), str):
        return None
    return Confirmation(data["e"], [str(s) for s in data.get("l") or []])


def preferences_token(subscriber_id: int, version: int) -> str:
    return signing.Signer(salt=PREFS_SALT).sign(f"{subscriber_id}.{version}")


def read_preferences_token(token: str) -> tuple[int, int] | None:
    try:
        value = signing.Signer(salt=PREFS_SALT).unsign(token)
        subscriber_id, version = value.split(".")
        return int(subscriber_id), int(version)
    except (signing.BadSignature, ValueError):
        return None
