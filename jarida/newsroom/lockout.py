"""Admin login lockout: django-axes counting failures in the shared cache, failing closed.

Failures are counted per account and, separately, per client address (behind the proxies the
comment desk already trusts, `COMMENTS_TRUSTED_PROXIES`), in the `shared` cache so every web
worker sees the same count. When that cache cannot be read or written, nobody logs in until
it is back: a lockout that silently stopped counting would let a brute force through.
A lockout is answered in Arabic and written to the audit log of the account it targeted.
"""

from __future__ import annotations

import logging
from typing import Any

from axes.handlers.cache import AxesCacheHandler
from axes.helpers import get_cache
from django.contrib.auth import get_user_model
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from wagtail.log_actions import log

from jarida.comments.clients import client_address

logger = logging.getLogger(__name__)

LOCKED_MESSAGE = (
    "أُوقف الدخول مؤقتًا بعد محاولات فاشلة متكررة لهذا الحساب أو من هذا العنوان. "
    "حاول مجددًا بعد {minutes} دقيقة، أو اطلب من المسؤول إعادة تعيين كلمة المرور."
)
UNAVAILABLE_MESSAGE = (
    "تعذّر التحقق من محاولات الدخول الآن، فأُوقف الدخول احتياطًا. حاول مجددًا بعد قليل."
)


class FailClosedCacheHandler(AxesCacheHandler):
    """Axes' cache handler, except that a cache error locks out instead of raising. The cache
    is looked up on each use (not kept from start-up), so it is always the configured one."""

    def __init__(self) -> None:
        pass

    @property
    def cache(self) -> Any:
        return get_cache()

    def is_locked(self, request: Any, credentials: dict | None = None) -> bool:
        try:
            return super().is_locked(request, credentials)
        except Exception:
            logger.exception("login lockout cache unavailable: refusing the login")
            request.jarida_lockout_unavailable = True
            return True

    def user_login_failed(
        self, sender: Any, credentials: dict, request: Any = None, **kwargs: Any
    ) -> None:
        try:
            super().user_login_failed(sender, credentials, request=request, **kwargs)
        except Exception:
            logger.exception("login lockout cache unavailable: failure not counted")
            if request is not None:
                request.jarida_lockout_unavailable = True
                request.axes_locked_out = True
                request.axes_credentials = credentials

    def user_logged_in(self, sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
        try:
            super().user_logged_in(sender, request, user, **kwargs)
        except Exception:
            logger.exception("login lockout cache unavailable: success not recorded")


def client_ip(request: HttpRequest) -> str | None:
    address = client_address(request)
    return str(address) if address is not None else None


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: Any = None
) -> HttpResponse:
    from django.conf import settings

    if getattr(request, "jarida_lockout_unavailable", False):
        message = UNAVAILABLE_MESSAGE
        status = 503
    else:
        minutes = max(1, round(settings.AXES_COOLOFF_TIME * 60))
        message = LOCKED_MESSAGE.format(minutes=minutes)
        status = 429
    return render(request, "newsroom/login_locked.html", {"message": message}, status=status)


def _audit(username: str | None, ip_address: str | None) -> None:
    user = get_user_model().objects.filter(username=username).first() if username else None
    logger.warning("admin login locked out: account %r from %s", username, ip_address)
    if user is not None:
        log(instance=user, action="newsroom.login_locked", data={"ip_address": ip_address or ""})


def connect() -> None:
    """Called from the app's `ready`: audit each lockout once, when it starts."""
    from axes.signals import user_locked_out

    @receiver(user_locked_out, weak=False, dispatch_uid="jarida.newsroom.lockout.audit")
    def audit_lockout(
        sender: Any, request: Any, username: str | None, ip_address: str | None, **kw: Any
    ) -> None:
        if getattr(request, "jarida_lockout_audited", False):
            return
        request.jarida_lockout_audited = True
        _audit(username, ip_address)
