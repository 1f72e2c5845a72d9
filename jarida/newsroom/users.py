"""The users area, with the newsroom's rules (`jarida.newsroom.access`) on every view.

Installed through `jarida.newsroom.users_app.NewsroomUsersConfig` (Wagtail's documented way
to replace its user viewset): the forms drop the «مدير» box for non-superusers and offer
only grantable groups; the edit, delete and history views answer 404 for anyone the
requester may not manage.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404
from wagtail.users.forms import UserCreationForm, UserEditForm
from wagtail.users.views import users as wagtail_users

from jarida.newsroom.access import can_manage, grantable_groups, visible_users


class GrantLimitedForm:
    """Limits what the form can grant to what `for_user` may grant."""

    def limit_to(self, for_user: Any) -> None:
        if for_user is None or for_user.is_superuser:
            return
        self.fields.pop("is_superuser", None)  # type: ignore[attr-defined]
        if "groups" in self.fields:  # type: ignore[attr-defined]
            self.fields["groups"].queryset = grantable_groups(for_user)  # type: ignore[attr-defined]


class NewsroomUserCreationForm(GrantLimitedForm, UserCreationForm):
    def __init__(self, *args: Any, for_user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.limit_to(for_user)


class NewsroomUserEditForm(GrantLimitedForm, UserEditForm):
    def __init__(self, *args: Any, for_user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.limit_to(for_user)


class ForUserFormMixin:
    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()  # type: ignore[misc]
        kwargs["for_user"] = self.request.user  # type: ignore[attr-defined]
        return kwargs


class ManageableObjectMixin:
    """404, not 403: a superuser's account is not even confirmed to exist."""

    def get_object(self, *args: Any, **kwargs: Any) -> Any:
        target = super().get_object(*args, **kwargs)  # type: ignore[misc]
        if not can_manage(self.request.user, target):  # type: ignore[attr-defined]
            raise Http404
        return target


class IndexView(wagtail_users.IndexView):
    def get_base_queryset(self) -> Any:
        return visible_users(self.request.user, super().get_base_queryset())

    def get_edit_url(self, instance: Any) -> str | None:
        if not can_manage(self.request.user, instance):
            return None
        return super().get_edit_url(instance)

    def get_delete_url(self, instance: Any) -> str | None:
        if not can_manage(self.request.user, instance):
            return None
        return super().get_delete_url(instance)


class CreateView(ForUserFormMixin, wagtail_users.CreateView):
    pass


class EditView(ForUserFormMixin, ManageableObjectMixin, wagtail_users.EditView):
    pass


class DeleteView(ManageableObjectMixin, wagtail_users.DeleteView):
    pass


class HistoryView(ManageableObjectMixin, wagtail_users.HistoryView):
    pass


class NewsroomUserViewSet(wagtail_users.UserViewSet):
    index_view_class = IndexView
    add_view_class = CreateView
    edit_view_class = EditView
    delete_view_class = DeleteView
    history_view_class = HistoryView

    def get_form_class(self, for_update: bool = False) -> type:
        return NewsroomUserEditForm if for_update else NewsroomUserCreationForm
