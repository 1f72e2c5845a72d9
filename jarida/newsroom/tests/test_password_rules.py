"""Weak passwords are refused where the newsroom sets them: the admin's «إضافة مستخدم» form."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def root(db):
    return get_user_model().objects.create_superuser("root", "root@example.com", "x")


def add_user(client, password: str):
    return client.post(
        reverse("wagtailusers_users:add"),
        {
            "username": "newcomer",
            "email": "newcomer@example.com",
            "first_name": "هالة",
            "last_name": "سليمان",
            "password1": password,
            "password2": password,
        },
    )


@pytest.mark.parametrize(
    "password",
    [
        "بببببببب",  # one letter, eight times
        "ببببببببببببب",  # still one letter, long enough
        "البيت123",  # a common word and digits
        "الْبَيْتُ١٢٣٤٥٦٧",  # the same with tashkeel and Arabic-Indic digits, long enough
        "Jarida2026",  # the paper's name
        "جريدة-2026-جريدة",  # the paper's name in Arabic
        "password1234",  # a common English password with digits
        "محمد!!2026@@",  # a common name with symbols
        "short1!",  # too short
        "1212121212",  # two characters repeated
    ],
)
def test_weak_passwords_are_refused(client, root, password):
    client.force_login(root)

    response = add_user(client, password)

    assert response.status_code == 200
    assert response.context["form"].errors
    assert not get_user_model().objects.filter(username="newcomer").exists()


def test_a_long_uncommon_passphrase_is_accepted(client, root):
    client.force_login(root)

    response = add_user(client, "قهوة-الصباح-على-شرفة-7Km")

    assert response.status_code == 302
    assert (
        get_user_model().objects.get(username="newcomer").check_password("قهوة-الصباح-على-شرفة-7Km")
    )


def test_the_form_explains_the_rules_in_arabic(client, root):
    client.force_login(root)

    page = client.get(reverse("wagtailusers_users:add")).content.decode()

    assert "اسم الجريدة" in page
    assert "أحرف مختلفة" in page
