"""Newsroom roles as Wagtail groups, kept in sync with the code on every `migrate`.

Four roles carry the permissions that do not depend on a section: reporter (مراسل), section
editor (محرر), editor-in-chief (رئيس التحرير) and comment moderator (مشرف التعليقات). Each
section then gets two groups of its own, «مراسل: القسم» and «محرر: القسم», holding Wagtail
page permissions on that section (and the role's global permissions, so one group is enough
to make someone a reporter of that section), and its own review workflow: the section's
editors (and the editor-in-chief) approve what its reporters submit.

Sync is idempotent and runs from `post_migrate` (a fresh install has the roles) and whenever
a section is saved (a new section has its groups and workflow at once).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Task,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

REPORTER = "مراسل"
EDITOR = "محرر"
CHIEF = "رئيس التحرير"
MODERATOR = "مشرف التعليقات"
ROLES = (REPORTER, EDITOR, CHIEF, MODERATOR)

# Permissions that do not depend on a section, as "app_label.codename" or "app_label.*".
GLOBAL_PERMISSIONS: dict[str, tuple[str, ...]] = {
    REPORTER: ("wagtailadmin.access_admin", "news.view_author"),
    EDITOR: (
        "wagtailadmin.access_admin",
        "news.add_author",
        "news.change_author",
        "news.view_author",
        "wagtailredirects.*",
    ),
    CHIEF: (
        "wagtailadmin.access_admin",
        "news.*",
        "newsroom.*",
        "comments.*",
        "newsletters.*",  # subscribers, editions, and sending alerts
        "wagtailredirects.*",
        "wagtaildocs.*",
        "taggit.*",
        "auth.add_user",
        "auth.change_user",
        "auth.view_user",
        "auth.view_group",
    ),
    MODERATOR: ("wagtailadmin.access_admin", "comments.*"),
}

# Image library permissions, on the root collection.
IMAGE_PERMISSIONS: dict[str, tuple[str, ...]] = {
    REPORTER: ("add_image", "choose_image"),
    EDITOR: ("add_image", "change_image", "choose_image"),
    CHIEF: ("add_image", "change_image", "delete_image", "choose_image"),
}

# Document library permissions, on the root collection (Wagtail checks documents by
# collection, so the chief's global `wagtaildocs.*` alone opened nothing).
DOCUMENT_PERMISSIONS: dict[str, tuple[str, ...]] = {
    CHIEF: ("add_document", "change_document", "delete_document", "choose_document"),
}

# Wagtail page permissions on a section (or, for the chief, on the whole site).
SECTION_PAGE_PERMISSIONS: dict[str, tuple[str, ...]] = {
    REPORTER: ("add_page",),
    EDITOR: ("add_page", "change_page", "publish_page", "lock_page", "unlock_page"),
}
CHIEF_PAGE_PERMISSIONS = (
    "add_page",
    "change_page",
    "publish_page",
    "bulk_delete_page",
    "lock_page",
    "unlock_page",
)


def _permissions(specs: Iterable[str]) -> list[Permission]:
    found: list[Permission] = []
    for spec in specs:
        app_label, codename = spec.split(".", 1)
        query = Permission.objects.filter(content_type__app_label=app_label)
        if codename != "*":
            query = query.filter(codename=codename)
        found.extend(query)
    return found


def _page_permission(codename: str) -> Permission:
    return Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)


def _grant_pages(group: Group, page: Page, codenames: Iterable[str]) -> None:
    for codename in codenames:
        GroupPagePermission.objects.get_or_create(
            group=group, page=page, permission=_page_permission(codename)
        )


def _grant_collection(
    group: Group, codenames: Iterable[str], app_label: str = "wagtailimages"
) -> None:
    root = Collection.get_first_root_node()
    if root is None:
        return
    for codename in codenames:
        permission = Permission.objects.get(content_type__app_label=app_label, codename=codename)
        GroupCollectionPermission.objects.get_or_create(
            group=group, collection=root, permission=permission
        )


@transaction.atomic
def sync_roles() -> None:
    """Create or complete the four role groups, the chief's site-wide page permissions and
    every section's groups and workflow."""
    from jarida.news.models import HomePage, SectionPage

    for role in ROLES:
        group, _ = Group.objects.get_or_create(name=role)
        group.permissions.add(*_permissions(GLOBAL_PERMISSIONS[role]))
        _grant_collection(group, IMAGE_PERMISSIONS.get(role, ()))
        _grant_collection(group, DOCUMENT_PERMISSIONS.get(role, ()), app_label="wagtaildocs")
    chief = Group.objects.get(name=CHIEF)
    for home in HomePage.objects.all():
        _grant_pages(chief, home, CHIEF_PAGE_PERMISSIONS)
    _retire_wagtail_defaults()
    for section in SectionPage.objects.all():
        sync_section(section)


def section_group(section: Page, role: str) -> Group | None:
    """The section's group for `role`, found by its page permission so a renamed section
    keeps its group."""
    return (
        Group.objects.filter(page_permissions__page=section, name__startswith=f"{role}: ")
        .distinct()
        .first()
    )


@transaction.atomic
def sync_section(section: Page) -> None:
    """The section's reporter and editor groups and its review workflow."""
    from jarida.newsroom.models import ReviewTask

    groups: dict[str, Group] = {}
    for role in (REPORTER, EDITOR):
        name = f"{role}: {section.title}"[:150]
        group = section_group(section, role)
        if group is None:
            group, _ = Group.objects.get_or_create(name=name)
        elif group.name != name:
            group.name = name
            group.save(update_fields=["name"])
        group.permissions.add(*_permissions(GLOBAL_PERMISSIONS[role]))
        _grant_collection(group, IMAGE_PERMISSIONS[role])
        _grant_pages(group, section, SECTION_PAGE_PERMISSIONS[role])
        groups[role] = group

    assignment = WorkflowPage.objects.filter(page=section).select_related("workflow").first()
    if assignment is None:
        workflow = Workflow.objects.create(name=f"مراجعة {section.title}"[:255])
        task = ReviewTask.objects.create(name=f"موافقة محرر {section.title}"[:255])
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
        WorkflowPage.objects.create(page=section, workflow=workflow)
    else:
        workflow = assignment.workflow
    for workflow_task in WorkflowTask.objects.filter(workflow=workflow):
        task = workflow_task.task.specific
        if type(task) is GroupApprovalTask:  # made before the approval dialog had a time
            ReviewTask.objects.get(pk=task.pk).save(update_fields=["content_type"])
        if isinstance(task, GroupApprovalTask):
            task.groups.add(groups[EDITOR], Group.objects.get(name=CHIEF))


def _retire_wagtail_defaults() -> None:
    """Wagtail's own starter groups and site-wide workflow would compete with the newsroom's
    roles; remove them while nobody uses them."""
    for name in ("Moderators", "Editors"):
        Group.objects.filter(name=name, user__isnull=True).delete()
    WorkflowPage.objects.filter(page__depth=1).delete()
    WorkflowPage.objects.filter(workflow__name="Moderators approval").delete()
    # Wagtail's starter workflow and task keep their English names in the database: the
    # newsroom sees them in the workflows list, so they are named in Arabic and retired.
    Workflow.objects.filter(name="Moderators approval").update(
        name="موافقة المشرفين (غير مستخدم)", active=False
    )
    Task.objects.filter(name="Moderators approval").update(
        name="موافقة المشرفين (غير مستخدم)", active=False
    )
