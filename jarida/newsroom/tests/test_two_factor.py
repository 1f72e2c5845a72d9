"""Two-factor sign-in: a role that `TWO_FACTOR_ROLES` names cannot reach the admin with a
password alone; a code from the enrolled authenticator (computed here with django-otp's own
TOTP) lets them in. Driven through Wagtail's login form and the two steps, as a person would."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from jarida.arabic.digits import to_arabic_indic_digits

pytestmark = pytest.mark.django_db

SETUP = "/admin/newsroom/two-factor/"
VERIFY = "/admin/newsroom/two-factor/verify/"


def sign_in(client, user) -> None:
    response = client.post(
        reverse("wagtailadmin_login"), {"username": user.username, "password": "pass-1234"}
    )
    assert response.status_code == 302, response.content.decode()[:500]


def code(device: TOTPDevice, drift: int = 0) -> str:
    return f"{totp(device.bin_key, step=device.step, digits=device.digits, drift=drift):06d}"


def enrolled(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="هاتف", confirmed=True)


@override_settings(TWO_FACTOR_ROLES=["superuser", "chief"])
def test_the_chief_enrols_with_a_qr_code_before_reaching_the_admin(client, chief):
    sign_in(client, chief)

    response = client.get("/admin/pages/")
    assert response.status_code == 302
    assert response["Location"].startswith(SETUP + "?next=")
    page = client.get(response["Location"])
    html = page.content.decode()
    assert page.status_code == 200
    assert "تفعيل التحقق بخطوتين" in html
    assert "<svg" in html  # the QR code, inline
    device = TOTPDevice.objects.get(user=chief, confirmed=False)
    secret = re.search(r'<code dir="ltr">([A-Z2-7 ]+)</code>', html).group(1)
    assert secret.replace(" ", "")  # the secret, typed by hand if the app cannot scan
    assert "otpauth://totp/" in html and "issuer=" in html

    wrong = client.post(SETUP, {"token": "000000", "next": "/admin/pages/"})
    assert wrong.status_code == 400
    assert "الرمز غير صحيح" in wrong.content.decode()
    assert client.get("/admin/")["Location"].startswith(SETUP)

    with time_machine.travel(dt.timedelta(seconds=3)):  # past django-otp's 1 s throttle
        done = client.post(SETUP, {"token": code(device), "next": "/admin/pages/"})
        assert done.status_code == 302
        assert done["Location"] == "/admin/pages/"
        assert client.get("/admin/").status_code == 200
    device.refresh_from_db()
    assert device.confirmed


@override_settings(TWO_FACTOR_ROLES=["superuser", "chief"])
def test_an_enrolled_superuser_needs_the_current_code_at_every_sign_in(client):
    boss = get_user_model().objects.create_superuser("boss", "boss@example.com", "pass-1234")
    device = enrolled(boss)
    sign_in(client, boss)

    blocked = client.get("/admin/users/")
    assert blocked.status_code == 302
    assert blocked["Location"].startswith(VERIFY + "?next=")
    assert client.post("/admin/users/new/", {})["Location"].startswith(VERIFY)
    assert client.get(VERIFY).status_code == 200

    wrong = client.post(VERIFY, {"token": "123456", "next": "/admin/users/"})
    assert wrong.status_code == 400
    right_too_soon = client.post(VERIFY, {"token": code(device), "next": "/admin/users/"})
    assert "انتظر" in right_too_soon.content.decode()  # throttled: no rapid guessing
    assert client.get("/admin/users/").status_code == 302

    with time_machine.travel(dt.timedelta(seconds=5)):
        # Typed on an Arabic keyboard, with a space in the middle.
        typed = to_arabic_indic_digits(code(device)[:3] + " " + code(device)[3:])
        done = client.post(VERIFY, {"token": typed, "next": "/admin/users/"})
        assert done["Location"] == "/admin/users/"
        assert client.get("/admin/users/").status_code == 200

        client.post(reverse("wagtailadmin_logout"))
        sign_in(client, boss)
        assert client.get("/admin/").status_code == 302  # a new session owes a new code
        reused = client.post(VERIFY, {"token": code(device)})
        assert reused.status_code == 400  # a code is good once
        with time_machine.travel(dt.timedelta(seconds=40)):
            assert client.post(VERIFY, {"token": code(device)}).status_code == 302
            assert client.get("/admin/").status_code == 200


@override_settings(TWO_FACTOR_ROLES=["chief"])
def test_roles_the_setting_does_not_name_sign_in_with_the_password_alone(client, reporter):
    sign_in(client, reporter)

    assert client.get("/admin/").status_code == 200


@override_settings(TWO_FACTOR_ROLES=["editor"])
def test_a_section_editor_is_the_editor_role(client, editor):
    sign_in(client, editor)

    assert client.get("/admin/")["Location"].startswith(SETUP)


def test_with_no_roles_named_the_demo_signs_straight_in_but_an_enrolled_user_is_asked(
    client, chief, editor
):
    sign_in(client, editor)
    assert client.get("/admin/").status_code == 200

    enrolled(chief)
    sign_in(client, chief)
    assert client.get("/admin/")["Location"].startswith(VERIFY)


def test_a_misspelt_role_stops_start_up():
    from jarida.newsroom.twofactor import TwoFactorMiddleware

    with override_settings(TWO_FACTOR_ROLES=["chef"]), pytest.raises(ImproperlyConfigured):
        TwoFactorMiddleware(lambda request: None)
