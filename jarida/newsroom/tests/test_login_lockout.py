"""Brute force on the admin login stops: per account, per client address, and when the shared
cache that counts failures is down. Driven through Wagtail's own login URL, as a script would."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import override_settings
from django.urls import reverse
from wagtail.models import ModelLogEntry

pytestmark = pytest.mark.django_db

PASSWORD = "نهر-الليطاني-Qm7#vL2p"
LIMIT = 5


@pytest.fixture
def staff(db):
    user = get_user_model().objects.create_user("samira", "samira@example.com", PASSWORD)
    from django.contrib.auth.models import Group

    user.groups.add(Group.objects.get(name="محرر"))
    return user


def attempt(client, username: str, password: str, ip: str = "203.0.113.7"):
    return client.post(
        reverse("wagtailadmin_login"),
        {"username": username, "password": password},
        REMOTE_ADDR=ip,
    )


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_a_few_mistakes_do_not_lock_anyone_out(client, staff):
    for _ in range(LIMIT - 1):
        assert attempt(client, "samira", "wrong-guess").status_code == 200

    response = attempt(client, "samira", PASSWORD)

    assert response.status_code == 302
    assert logged_in(client)


def test_the_right_password_after_a_brute_force_is_refused_in_arabic(client, staff):
    for _ in range(LIMIT):
        attempt(client, "samira", "wrong-guess")

    response = attempt(client, "samira", PASSWORD)

    assert response.status_code == 429
    assert not logged_in(client)
    assert "أُوقف الدخول مؤقتًا" in response.content.decode()


def test_an_account_is_locked_whatever_address_the_guesses_come_from(client, staff):
    for n in range(LIMIT):
        attempt(client, "samira", "wrong-guess", ip=f"198.51.100.{n + 1}")

    response = attempt(client, "samira", PASSWORD, ip="192.0.2.99")

    assert response.status_code == 429
    assert not logged_in(client)


def test_an_address_spraying_many_accounts_is_locked(client, staff):
    for n in range(LIMIT):
        attempt(client, f"guess{n}", "wrong-guess", ip="203.0.113.50")

    response = attempt(client, "samira", PASSWORD, ip="203.0.113.50")

    assert response.status_code == 429
    assert not logged_in(client)
    # Another address still gets in: the lock is on the sprayer, not on the newsroom.
    assert attempt(client, "samira", PASSWORD, ip="192.0.2.10").status_code == 302


def test_a_lockout_is_written_to_the_accounts_history(client, staff):
    for _ in range(LIMIT):
        attempt(client, "samira", "wrong-guess")

    entry = ModelLogEntry.objects.get(action="newsroom.login_locked")

    assert entry.object_id == str(staff.pk)
    assert entry.data["ip_address"] == "203.0.113.7"


@override_settings(
    CACHES={
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        # Nothing listens on port 1: every read and write fails at once.
        "shared": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        },
    }
)
def test_when_the_counting_cache_is_down_nobody_logs_in(client, staff):
    response = attempt(client, "samira", PASSWORD)

    assert response.status_code == 503
    assert not logged_in(client)
    assert "تعذّر التحقق" in response.content.decode()
