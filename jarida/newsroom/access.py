"""Who may manage whom: the rules that keep the users area from escalating anyone.

Only a superuser makes a superuser, sees one, or edits one. Anyone else who may add or
change users (the editor-in-chief) grants only groups that give nothing they do not hold
themselves, and never the power to manage users (so the chief manages reporters, editors and
moderators, never another chief). A user is manageable by someone only if every group and
permission that user holds is one that someone could have granted.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import Group, Permission
from django.db.models import QuerySet
from wagtail.models import GroupCollectionPermission, GroupPagePermission

# Granting any of these makes the grantee a manager of users: superusers only.
USER_MANAGEMENT = {"auth.add_user", "auth.change_user", "auth.delete_user", "auth.add_group"}
USER_MANAGEMENT |= {"auth.change_group", "auth.delete_group"}


def _codes(permissions: QuerySet[Permission]) -> set[str]:
    return {
        f"{app}.{code}"
        for app, code in permissions.values_list("content_type__app_label", "codename")
    }


def _covered(paths: set[tuple[str, str]], path: str, codename: str) -> bool:
    """True if one of `paths` (tree path, codename) grants `codename` at `path` or above."""
    return any(code == codename and path.startswith(held) for held, code in paths)


def _page_grants(groups: Any) -> set[tuple[str, str]]:
    return set(
        GroupPagePermission.objects.filter(group__in=groups).values_list(
            "page__path", "permission__codename"
        )
    )


def _collection_grants(groups: Any) -> set[tuple[str, str]]:
    return set(
        GroupCollectionPermission.objects.filter(group__in=groups).values_list(
            "collection__path", "permission__codename"
        )
    )


def may_manage_users(actor: Any) -> bool:
    return actor.is_active and (
        actor.is_superuser or actor.has_perm("auth.add_user") or actor.has_perm("auth.change_user")
    )


def grantable_groups(actor: Any) -> QuerySet[Group]:
    """The groups `actor` may give someone: all for a superuser; otherwise those whose model,
    page and collection permissions `actor` holds too, and that do not manage users."""
    if actor.is_superuser:
        return Group.objects.all()
    if not may_manage_users(actor):
        return Group.objects.none()
    held = actor.get_all_permissions()
    own_groups = actor.groups.all()
    pages = _page_grants(own_groups)
    collections = _collection_grants(own_groups)
    allowed: list[int] = []
    for group in Group.objects.prefetch_related("permissions__content_type"):
        codes = {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}
        if codes & USER_MANAGEMENT or not codes <= held:
            continue
        if not all(_covered(pages, path, code) for path, code in _page_grants([group])):
            continue
        if not all(_covered(collections, path, code) for path, code in _collection_grants([group])):
            continue
        allowed.append(group.pk)
    return Group.objects.filter(pk__in=allowed)


def can_manage(actor: Any, target: Any) -> bool:
    """May `actor` see, edit, deactivate or delete `target` in the users area?"""
    if actor.is_superuser:
        return True
    if target.is_superuser or not may_manage_users(actor):
        return False
    if target.pk == actor.pk:
        return False  # one's own account is changed through «الحساب», not the users area
    if target.pk is None:
        return True
    grantable = set(grantable_groups(actor).values_list("pk", flat=True))
    if not set(target.groups.values_list("pk", flat=True)) <= grantable:
        return False
    direct = _codes(Permission.objects.filter(user=target))
    return not direct & USER_MANAGEMENT and direct <= actor.get_all_permissions()


def visible_users(actor: Any, users: QuerySet[Any]) -> QuerySet[Any]:
    """The users area list: a non-superuser never sees a superuser."""
    if actor.is_superuser:
        return users
    return users.filter(is_superuser=False)
