"""Two-factor sign-in (TOTP, django-otp) for the newsroom's admin.

`TWO_FACTOR_ROLES` names the roles that must give a code from an authenticator app after their
password: `superuser`, `chief`, `editor`, `reporter`, `moderator` (production: at least
`superuser,chief`; empty in the embedded demo, so `make run` signs straight in). Anyone who has
enrolled a device is asked for a code too, whatever their role.

After the password, `TwoFactorMiddleware` sends such a user to «التحقق بخطوتين»: enrolment (a
QR code, the secret and the otpauth URI for apps that cannot scan) if they have no device yet,
else the code step. Until then every admin URL but these and logout redirects there. Wrong
codes are throttled by django-otp (1, 2, 4 … seconds between tries). A lost phone: a superuser
deletes the user's device in the Django shell (docs/operations.md), and the user enrols again.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

import segno
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods
from django_otp import devices_for_user, user_has_device
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from jarida.arabic.digits import to_latin_digits
from jarida.newsroom import roles

ROLE_NAMES = {
    "chief": roles.CHIEF,
    "editor": roles.EDITOR,
    "reporter": roles.REPORTER,
    "moderator": roles.MODERATOR,
}
SUPERUSER = "superuser"

# What an unverified user may still open: the login and logout, the two steps themselves,
# and what the admin's pages load (icons, the JavaScript catalogue).
EXEMPT_URL_NAMES = frozenset(
    {
        "wagtailadmin_login",
        "wagtailadmin_logout",
        "wagtailadmin_sprite",
        "wagtailadmin_javascript_catalog",
        "newsroom_two_factor_setup",
        "newsroom_two_factor_verify",
    }
)


def required_roles() -> set[str]:
    """`TWO_FACTOR_ROLES`, checked: a misspelt role would silently leave accounts unguarded."""
    wanted = {str(role).strip() for role in getattr(settings, "TWO_FACTOR_ROLES", []) if role}
    unknown = wanted - {SUPERUSER, *ROLE_NAMES}
    if unknown:
        raise ImproperlyConfigured(
            f"TWO_FACTOR_ROLES: unknown role(s) {sorted(unknown)};"
            f" use {', '.join([SUPERUSER, *ROLE_NAMES])}"
        )
    return wanted


def role_requires_two_factor(user: Any) -> bool:
    """Whether `user`'s role is one that `TWO_FACTOR_ROLES` names (a section group
    «محرر: سياسة» counts as the editor role)."""
    wanted = required_roles()
    if not wanted:
        return False
    if user.is_superuser and SUPERUSER in wanted:
        return True
    names = [ROLE_NAMES[role] for role in wanted if role in ROLE_NAMES]
    return any(
        group.split(": ", 1)[0] in names for group in user.groups.values_list("name", flat=True)
    )


def needs_code(user: Any) -> bool:
    """Signed in, not yet verified in this session, and required to be."""
    if not user.is_authenticated or user.is_verified():
        return False
    return role_requires_two_factor(user) or user_has_device(user, confirmed=True)


class TwoFactorMiddleware:
    """Keeps a user who still owes a code out of the admin (after django-otp's
    `OTPMiddleware`, which tells whether this session is verified)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        required_roles()  # a bad setting stops start-up, not the first sign-in

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Any, args: Any, kwargs: Any
    ) -> HttpResponse | None:
        if not request.path_info.startswith(settings.ADMIN_URL_PREFIX):
            return None
        match = request.resolver_match
        if match is not None and match.url_name in EXEMPT_URL_NAMES:
            return None
        if not needs_code(request.user):
            return None
        step = (
            "newsroom_two_factor_verify"
            if user_has_device(request.user, confirmed=True)
            else "newsroom_two_factor_setup"
        )
        return redirect(f"{reverse(step)}?{urlencode({'next': request.get_full_path()})}")


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("wagtailadmin_home")


def _token(request: HttpRequest) -> str:
    """The code as typed: Arabic-Indic digits and spaces are fine («١٢٣ ٤٥٦»)."""
    return "".join(to_latin_digits(request.POST.get("token", "")).split())


def _check(device: TOTPDevice, token: str) -> str:
    """'' if `token` is right, else the Arabic reason it was refused."""
    allowed, _ = device.verify_is_allowed()
    if not allowed:
        return "محاولات خاطئة متتالية. انتظر بضع ثوانٍ ثم أعد المحاولة."
    if not (token.isdigit() and len(token) == device.digits) or not device.verify_token(token):
        return "الرمز غير صحيح أو انتهت مدته. اكتب الرمز الظاهر الآن في تطبيق المصادقة."
    return ""


@require_http_methods(["GET", "POST"])
def setup(request: HttpRequest) -> HttpResponse:
    """Enrol an authenticator app: scan the QR code (or type the secret), then prove it with
    one code. Only for a user with no confirmed device: replacing one needs a superuser."""
    user = request.user
    next_url = _next_url(request)
    if user_has_device(user, confirmed=True):
        if user.is_verified():
            return redirect(next_url)
        verify_url = reverse("newsroom_two_factor_verify")
        return redirect(f"{verify_url}?{urlencode({'next': next_url})}")
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="تطبيق المصادقة", confirmed=False)
    error = ""
    if request.method == "POST":
        error = _check(device, _token(request))
        if not error:
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            messages.success(request, "فُعّل التحقق بخطوتين لحسابك.")
            return redirect(next_url)
    uri = device.config_url
    secret = base64.b32encode(device.bin_key).decode("ascii").rstrip("=")
    return render(
        request,
        "newsroom/two_factor_setup.html",
        {
            "qr": segno.make(uri, error="m").svg_inline(scale=5, border=2),
            "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
            "uri": uri,
            "error": error,
            "next": next_url,
        },
        status=400 if error else 200,
    )


@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    """The second step of signing in: the code from the enrolled app."""
    user = request.user
    next_url = _next_url(request)
    if user.is_verified():
        return redirect(next_url)
    devices = list(devices_for_user(user, confirmed=True))
    if not devices:
        setup_url = reverse("newsroom_two_factor_setup")
        return redirect(f"{setup_url}?{urlencode({'next': next_url})}")
    error = ""
    if request.method == "POST":
        token = _token(request)
        for device in devices:
            error = _check(device, token)
            if not error:
                otp_login(request, device)
                return redirect(next_url)
    return render(
        request,
        "newsroom/two_factor_verify.html",
        {"error": error, "next": next_url},
        status=400 if error else 200,
    )
