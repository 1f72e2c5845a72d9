"""Nobody below a superuser can make, see or change a superuser, or grant more than they hold:
driven through the users area's own URLs, as the chief would (or an attacker with the chief's
session, posting fields the form never showed)."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse

from jarida.newsroom import roles
from jarida.newsroom.tests.conftest import member

pytestmark = pytest.mark.django_db

User = get_user_model()
STRONG = "نهر-الليطاني-Qm7#vL2p"


@pytest.fixture
def root(db):
    return User.objects.create_superuser("root", "root@example.com", "root-pass-9X!k")


def new_user_form(username: str, **extra: object) -> dict[str, object]:
    return {
        "username": username,
        "email": f"{username}@example.com",
        "first_name": "سامي",
        "last_name": "حداد",
        "password1": STRONG,
        "password2": STRONG,
        **extra,
    }


def test_the_chief_does_not_see_the_administrator_box(client, chief):
    client.force_login(chief)

    response = client.get(reverse("wagtailusers_users:add"))

    assert response.status_code == 200
    assert 'name="is_superuser"' not in response.content.decode()


def test_the_chief_is_offered_only_the_roles_below_theirs(client, chief, politics):
    client.force_login(chief)

    form = client.get(reverse("wagtailusers_users:add")).context["form"]
    offered = set(form.fields["groups"].queryset.values_list("name", flat=True))

    assert {"مراسل", "محرر", "مشرف التعليقات", "مراسل: سياسة", "محرر: سياسة"} <= offered
    assert "رئيس التحرير" not in offered


def test_posting_is_superuser_on_as_the_chief_makes_no_superuser(client, chief):
    client.force_login(chief)

    response = client.post(
        reverse("wagtailusers_users:add"), new_user_form("intruder", is_superuser="on")
    )

    assert response.status_code == 302
    assert User.objects.get(username="intruder").is_superuser is False


def test_posting_a_higher_group_as_the_chief_is_refused(client, chief):
    client.force_login(chief)
    chief_group = Group.objects.get(name=roles.CHIEF)

    response = client.post(
        reverse("wagtailusers_users:add"), new_user_form("deputy", groups=[chief_group.pk])
    )

    assert response.status_code == 200
    assert "groups" in response.context["form"].errors
    assert not User.objects.filter(username="deputy").exists()


def test_the_chief_makes_a_section_editor(client, chief, politics):
    client.force_login(chief)
    group = roles.section_group(politics, roles.EDITOR)

    response = client.post(
        reverse("wagtailusers_users:add"), new_user_form("rana", groups=[group.pk])
    )

    assert response.status_code == 302
    assert list(User.objects.get(username="rana").groups.all()) == [group]


def test_the_chief_cannot_open_or_change_the_superusers_account(client, chief, root):
    client.force_login(chief)
    edit = reverse("wagtailusers_users:edit", args=[root.pk])

    assert client.get(edit).status_code == 404
    response = client.post(
        edit,
        {
            "username": "root",
            "email": "attacker@example.com",
            "first_name": "",
            "last_name": "",
            "password1": STRONG,
            "password2": STRONG,
            "is_active": "on",
        },
    )
    assert response.status_code == 404
    root.refresh_from_db()
    assert root.email == "root@example.com"
    assert root.check_password("root-pass-9X!k")
    assert client.get(reverse("wagtailusers_users:delete", args=[root.pk])).status_code == 404
    assert client.post(reverse("wagtailusers_users:delete", args=[root.pk])).status_code == 404
    assert client.get(reverse("wagtailusers_users:history", args=[root.pk])).status_code == 404
    assert User.objects.filter(pk=root.pk, is_active=True).exists()


def test_the_users_list_hides_superusers_from_the_chief(client, chief, root, reporter):
    client.force_login(chief)

    listed = {u.username for u in client.get(reverse("wagtailusers_users:index")).context["users"]}

    assert "reporter" in listed
    assert "root" not in listed


def test_the_chief_cannot_change_another_chief(client, chief):
    other = member("other_chief", Group.objects.get(name=roles.CHIEF))
    client.force_login(chief)

    assert client.get(reverse("wagtailusers_users:edit", args=[other.pk])).status_code == 404


def test_the_chief_edits_a_reporter_but_cannot_promote_them(client, chief, reporter):
    client.force_login(chief)
    edit = reverse("wagtailusers_users:edit", args=[reporter.pk])
    chief_group = Group.objects.get(name=roles.CHIEF)

    assert client.get(edit).status_code == 200
    response = client.post(
        edit,
        {
            "username": "reporter",
            "email": "reporter@example.com",
            "first_name": "",
            "last_name": "",
            "is_active": "on",
            "is_superuser": "on",
            "groups": [chief_group.pk],
        },
    )

    assert response.status_code == 200
    reporter.refresh_from_db()
    assert not reporter.is_superuser
    assert not reporter.groups.filter(pk=chief_group.pk).exists()


def _bulk(action: str, *users: object) -> str:
    ids = "&".join(f"id={u.pk}" for u in users)
    url = reverse("wagtail_bulk_action", args=["auth", "user", action])
    return f"{url}?next=/admin/users/&{ids}"


def test_bulk_assign_role_cannot_hand_out_the_chief_role(client, chief, reporter):
    client.force_login(chief)
    chief_group = Group.objects.get(name=roles.CHIEF)

    response = client.post(_bulk("assign_role", reporter), {"role": chief_group.pk})

    assert response.status_code == 403
    assert not reporter.groups.filter(pk=chief_group.pk).exists()


def test_bulk_deactivate_cannot_reach_a_superuser(client, chief, root):
    client.force_login(chief)

    response = client.post(_bulk("set_active_state", root), {"mark_as_active": "False"})

    assert response.status_code in (302, 403)
    root.refresh_from_db()
    assert root.is_active


def test_bulk_assign_of_a_grantable_role_works(client, chief, reporter):
    client.force_login(chief)
    moderators = Group.objects.get(name=roles.MODERATOR)

    response = client.post(_bulk("assign_role", reporter), {"role": moderators.pk})

    assert response.status_code == 302
    assert reporter.groups.filter(pk=moderators.pk).exists()


@pytest.mark.parametrize("role", ["reporter", "editor", "moderator"])
def test_roles_without_user_management_cannot_open_the_users_area(client, request, role):
    client.force_login(request.getfixturevalue(role))

    for url in (reverse("wagtailusers_users:index"), reverse("wagtailusers_users:add")):
        assert client.get(url).status_code in (302, 403)
    response = client.post(reverse("wagtailusers_users:add"), new_user_form("x", is_superuser="on"))
    assert response.status_code in (302, 403)
    assert not User.objects.filter(username="x").exists()


def test_a_superuser_still_makes_a_superuser(client, root):
    client.force_login(root)

    response = client.post(
        reverse("wagtailusers_users:add"), new_user_form("second_root", is_superuser="on")
    )

    assert response.status_code == 302
    assert User.objects.get(username="second_root").is_superuser
