"""The comment desk in the Wagtail admin: the queue, the per-article modes, the word lists.

The queue is a snippet viewset, so it gets Wagtail's listing, filters, pagination and bulk
selection. Approve, reject and spam are bulk actions (one comment is a selection of one), all
going through `CommentQuerySet.set_status`, which announces the change where it matters.

Permissions (grant them to «مشرف التعليقات»): `comments.moderate_comment` to approve, reject
and mark spam; `comments.change_comment` to open and redact a comment; `comments.delete_comment`
to delete, including every comment of an e-mail address. Nobody adds comments from the admin.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import django_filters
from django import forms
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import classproperty
from django.utils.http import urlencode
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.widgets.button import HeaderButton
from wagtail.permissions import ModelPermissionPolicy
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet, SnippetViewSetGroup

from jarida.comments.models import ArticleCommentSettings, Comment, ModerationWord
from jarida.news.models import ArticlePage

# --- The queue ------------------------------------------------------------------------------

AGES = {
    "hour": ("آخر ساعة", dt.timedelta(hours=1)),
    "day": ("آخر 24 ساعة", dt.timedelta(days=1)),
    "week": ("آخر أسبوع", dt.timedelta(days=7)),
    "older": ("أقدم من أسبوع", dt.timedelta(days=7)),
}
ALL_STATUSES = "all"


def _commented_articles(request: HttpRequest | None) -> QuerySet[ArticlePage]:
    return ArticlePage.objects.filter(comments__isnull=False).distinct().order_by("title")


class CommentFilterSet(WagtailFilterSet):
    """The queue opens on what needs doing: pending comments, oldest first."""

    status = django_filters.ChoiceFilter(
        label="الحالة",
        choices=[*Comment.Status.choices, (ALL_STATUSES, "الكل")],
        empty_label=None,
        method="filter_status",
    )
    article = django_filters.ModelChoiceFilter(
        label="الخبر", queryset=_commented_articles, empty_label="كل الأخبار"
    )
    age = django_filters.ChoiceFilter(
        label="العمر",
        choices=[(key, label) for key, (label, _) in AGES.items()],
        empty_label="أيّ وقت",
        method="filter_age",
    )

    class Meta:
        model = Comment
        fields = ["status", "article", "age"]

    def __init__(self, data: Any = None, *args: Any, **kwargs: Any) -> None:
        data = data.copy() if data is not None else {}
        data.setdefault("status", Comment.Status.PENDING)
        super().__init__(data, *args, **kwargs)
        self.form.fields["status"].initial = Comment.Status.PENDING

    def filter_status(self, queryset: QuerySet[Comment], name: str, value: str) -> Any:
        return queryset if value == ALL_STATUSES else queryset.filter(status=value)

    def filter_age(self, queryset: QuerySet[Comment], name: str, value: str) -> Any:
        if value not in AGES:
            return queryset
        since = timezone.now() - AGES[value][1]
        if value == "older":
            return queryset.filter(created_at__lt=since)
        return queryset.filter(created_at__gte=since)


def _excerpt(comment: Comment | None, length: int = 120) -> str:
    text = " ".join(comment.body.split()) if comment else ""
    return text if len(text) <= length else text[: length - 1] + "…"


def _bulk_url(action: str, ids: list[int], next_url: str) -> str:
    url = reverse("wagtail_bulk_action", args=("comments", "comment", action))
    return f"{url}?{urlencode([('id', i) for i in ids] + [('next', next_url)])}"


class CommentQueueView(IndexView):
    def get_base_queryset(self) -> QuerySet[Comment]:
        return Comment.objects.select_related("article", "parent")

    def get_list_more_buttons(self, instance: Comment) -> list[Any]:
        from wagtail.admin.ui.menus import MenuItem

        next_url = self.request.get_full_path()
        buttons: list[Any] = []
        if self.request.user.has_perm("comments.moderate_comment"):
            for action, label, icon in MODERATION_ACTIONS:
                if instance.status != action.status:
                    url = _bulk_url(action.action_type, [instance.pk], next_url)
                    buttons.append(MenuItem(label, url=url, icon_name=icon, priority=5))
        buttons.extend(super().get_list_more_buttons(instance))
        if instance.email and self.request.user.has_perm("comments.delete_comment"):
            url = (
                reverse(CommentViewSet.erase_url_name) + "?" + urlencode({"email": instance.email})
            )
            buttons.append(
                MenuItem("حذف كل تعليقات هذا البريد", url=url, icon_name="bin", priority=40)
            )
        return buttons

    @property
    def header_buttons(self) -> list[Any]:
        buttons = list(super().header_buttons)
        if self.request.user.has_perm("comments.delete_comment"):
            buttons.append(
                HeaderButton(
                    "حذف تعليقات بريد إلكتروني",
                    url=reverse(CommentViewSet.erase_url_name),
                    icon_name="bin",
                )
            )
        return buttons


class NoAddingPolicy(ModelPermissionPolicy):
    """Comments come from readers only: nobody, not even a superuser, adds one here."""

    def user_has_permission(self, user: AbstractBaseUser | AnonymousUser, action: str) -> bool:
        return action != "add" and super().user_has_permission(user, action)

    def user_has_any_permission(self, user: AbstractBaseUser | AnonymousUser, actions: Any) -> bool:
        return super().user_has_any_permission(user, set(actions) - {"add"})


class HeldBecauseColumn(Column):
    def get_value(self, instance: Comment) -> str:
        return instance.held_because if instance.status == Comment.Status.PENDING else ""


class CommentViewSet(SnippetViewSet):
    model = Comment
    icon = "comment"
    menu_label = "طابور التعليقات"
    admin_url_namespace = "comments_desk"
    base_url_path = "comments/queue"
    erase_url_name = "comments_desk:erase"
    index_view_class = CommentQueueView
    filterset_class = CommentFilterSet
    list_display = [
        "excerpt",
        "name",
        Column("article", label="الخبر", accessor=lambda c: c.article.title),
        Column("parent", label="ردّاً على", accessor=lambda c: _excerpt(c.parent, 60)),
        "status",
        HeldBecauseColumn("held_because", label="سبب الاحتجاز"),
        DateColumn("created_at", label="وقت الإرسال", sort_key="created_at"),
    ]
    ordering = "created_at"
    list_per_page = 50
    copy_view_enabled = False
    inspect_view_enabled = True
    inspect_view_fields = [
        "article",
        "parent",
        "name",
        "email",
        "body",
        "status",
        "held_because",
        "created_at",
        "moderated_at",
        "moderated_by",
        "ip_hash",
    ]
    # A moderator may redact what a reader wrote; status changes go through the actions.
    panels = [FieldPanel("name"), FieldPanel("body")]

    @property
    def permission_policy(self) -> ModelPermissionPolicy:
        return NoAddingPolicy(self.model)

    def get_urlpatterns(self) -> list[Any]:
        return [*super().get_urlpatterns(), path("erase/", erase_by_email, name="erase")]


# --- Approve, reject, spam ------------------------------------------------------------------


class ModerateBulkAction(SnippetBulkAction):
    status: str = ""
    template_name = "comments/admin/confirm_bulk_moderate.html"
    action_priority = 10

    @classproperty
    def models(cls) -> list[type]:
        return [Comment]

    def check_perm(self, obj: Comment) -> bool:
        return bool(self.request.user.has_perm("comments.moderate_comment"))

    def get_all_objects_in_listing_query(self, parent_id: Any) -> Any:
        # "Select all in listing" means the listing as filtered, never every comment.
        queryset = Comment.objects.all()
        return CommentFilterSet(self.request.GET, queryset=queryset).qs.values_list("pk", flat=True)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["action_label"] = self.display_name
        context["status_label"] = Comment.Status(self.status).label
        return context

    @classmethod
    def execute_action(cls, objects: list[Comment], **kwargs: Any) -> tuple[int, int]:
        action = kwargs["self"]
        changed = Comment.objects.filter(pk__in=[c.pk for c in objects]).set_status(
            cls.status, by=action.request.user
        )
        return changed, 0

    def get_success_message(self, num_parent_objects: int, num_child_objects: int) -> str:
        from jarida.comments import wording

        return f"{self.display_name}: {wording.comment_count(num_parent_objects)}."


class ApproveBulkAction(ModerateBulkAction):
    display_name = "اعتماد"
    action_type = "approve"
    aria_label = "اعتماد التعليقات المحددة ونشرها"
    status = Comment.Status.APPROVED


class RejectBulkAction(ModerateBulkAction):
    display_name = "رفض"
    action_type = "reject"
    aria_label = "رفض التعليقات المحددة"
    status = Comment.Status.REJECTED
    action_priority = 20


class SpamBulkAction(ModerateBulkAction):
    display_name = "مزعج"
    action_type = "spam"
    aria_label = "تعليم التعليقات المحددة بأنها مزعجة"
    status = Comment.Status.SPAM
    action_priority = 25


MODERATION_ACTIONS = (
    (ApproveBulkAction, "اعتماد", "tick"),
    (RejectBulkAction, "رفض", "cross"),
    (SpamBulkAction, "مزعج", "warning"),
)

for _action in (ApproveBulkAction, RejectBulkAction, SpamBulkAction):
    hooks.register("register_bulk_action", _action)


# --- Every comment of an e-mail address -----------------------------------------------------


class EraseForm(forms.Form):
    email = forms.EmailField(label="البريد الإلكتروني")


def erase_by_email(request: HttpRequest) -> HttpResponse:
    """Delete every comment left with one e-mail address (a reader's request, or a spammer)."""
    if not request.user.has_perm("comments.delete_comment"):
        raise PermissionDenied
    source = request.POST if request.method == "POST" else request.GET
    form = EraseForm(source if "email" in source else None)
    comments = Comment.objects.none()
    if form.is_valid():
        comments = Comment.objects.filter(email=form.cleaned_data["email"].strip().lower())
    if request.method == "POST" and form.is_valid() and request.POST.get("confirm"):
        count = comments.count()
        comments.delete()  # replies to them go too (CASCADE); the page said so
        messages.success(request, f"حُذف {count} من تعليقات {form.cleaned_data['email']}.")
        return redirect(reverse("comments_desk:list"))
    ids = list(comments.values_list("pk", flat=True))
    context = {
        "form": form,
        "comments": comments.select_related("article").order_by("-created_at")[:20],
        "count": len(ids),
        "replies": Comment.objects.filter(parent_id__in=ids).exclude(pk__in=ids).count(),
        "header_icon": "bin",
    }
    return render(request, "comments/admin/erase_email.html", context)


# --- Modes and words ------------------------------------------------------------------------


class ArticleCommentSettingsViewSet(SnippetViewSet):
    model = ArticleCommentSettings
    icon = "cog"
    menu_label = "التعليق على الأخبار"
    admin_url_namespace = "comments_articles"
    base_url_path = "comments/articles"
    list_display = ["article", "mode", "close_after_days"]
    list_filter = ["mode"]
    copy_view_enabled = False
    panels = [FieldPanel("article"), FieldPanel("mode"), FieldPanel("close_after_days")]

    def get_queryset(self, request: HttpRequest) -> QuerySet[ArticleCommentSettings]:
        return ArticleCommentSettings.objects.select_related("article")


class ModerationWordViewSet(SnippetViewSet):
    model = ModerationWord
    icon = "warning"
    menu_label = "الكلمات المراقبة"
    admin_url_namespace = "comments_words"
    base_url_path = "comments/words"
    list_display = ["word", "kind", "created_at"]
    list_filter = ["kind"]
    search_fields = ["word"]
    copy_view_enabled = False
    panels = [FieldPanel("word"), FieldPanel("kind")]


class CommentDesk(SnippetViewSetGroup):
    menu_label = "التعليقات"
    menu_icon = "comment"
    menu_order = 300
    items = (CommentViewSet, ArticleCommentSettingsViewSet, ModerationWordViewSet)


register_snippet(CommentDesk)
