"""Who may delete from the photo and document libraries.

Wagtail 7.4's collection ownership policy for images and documents counts deleting as
changing: whoever may edit a photo (a section editor, or a reporter their own upload) may
also delete it, and a deleted photo vanishes from every article that shows it. The newsroom's
roles (`roles.IMAGE_PERMISSIONS`, `roles.DOCUMENT_PERMISSIONS`) give the delete right to the
chief alone, so here deleting needs that right itself, on the item's collection (superusers
hold every right). Everything else (who may add, edit, choose) stays Wagtail's.

The stricter policy is put on every way in: the delete screen, the multiple uploader's delete
button, the listing's bulk action, and the edit screen's delete button (hidden from whoever
may not use it). The views are Wagtail's own, subclassed only to carry the policy, and
mounted on Wagtail's paths ahead of Wagtail's (`admin_urls`, registered first), so every link
the admin draws reaches them; the bulk actions replace Wagtail's in its registry
(`BULK_ACTIONS`, registered after Wagtail's).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.urls import URLPattern, path
from wagtail.documents.models import Document
from wagtail.documents.views import documents as document_views
from wagtail.documents.views import multiple as document_uploads
from wagtail.documents.views.bulk_actions.delete import (
    DeleteBulkAction as DocumentDeleteBulkAction,
)
from wagtail.images.models import Image
from wagtail.images.views import images as image_views
from wagtail.images.views import multiple as image_uploads
from wagtail.images.views.bulk_actions.delete import DeleteBulkAction as ImageDeleteBulkAction
from wagtail.permission_policies.collections import (
    CollectionOwnershipPermissionPolicy,
    CollectionPermissionPolicy,
)


class DeleteNeedsTheDeleteRight(CollectionOwnershipPermissionPolicy):  # type: ignore[misc]
    """Wagtail's ownership policy, except that "delete" means the model's delete permission
    on the instance's collection, not "may change it"."""

    def __init__(self, model: Any, auth_model: Any, owner_field_name: str) -> None:
        super().__init__(model, auth_model=auth_model, owner_field_name=owner_field_name)
        self.deleting = CollectionPermissionPolicy(model, auth_model=auth_model)

    def user_has_permission(self, user: Any, action: str) -> bool:
        if action == "delete":
            return bool(self.deleting.user_has_permission(user, "delete"))
        return bool(super().user_has_permission(user, action))

    def user_has_any_permission(self, user: Any, actions: Sequence[str]) -> bool:
        return any(self.user_has_permission(user, action) for action in actions)

    def user_has_any_permission_for_instance(
        self, user: Any, actions: Sequence[str], instance: Any
    ) -> bool:
        others = [action for action in actions if action != "delete"]
        if "delete" in actions and self.deleting.user_has_permission_for_instance(
            user, "delete", instance
        ):
            return True
        return bool(others) and bool(
            super().user_has_any_permission_for_instance(user, others, instance)
        )


image_policy = DeleteNeedsTheDeleteRight(
    image_views.get_image_model(), auth_model=Image, owner_field_name="uploaded_by_user"
)
document_policy = DeleteNeedsTheDeleteRight(
    document_views.get_document_model(),
    auth_model=Document,
    owner_field_name="uploaded_by_user",
)


class ImageEditView(image_views.EditView):  # type: ignore[misc]
    permission_policy = image_policy


class ImageDeleteView(image_views.DeleteView):  # type: ignore[misc]
    permission_policy = image_policy


class ImageUploadDeleteView(image_uploads.DeleteView):  # type: ignore[misc]
    permission_policy = image_policy


class ImageBulkDelete(ImageDeleteBulkAction):  # type: ignore[misc]
    permission_policy = image_policy


class DocumentEditView(document_views.EditView):  # type: ignore[misc]
    permission_policy = document_policy


class DocumentDeleteView(document_views.DeleteView):  # type: ignore[misc]
    permission_policy = document_policy


class DocumentUploadDeleteView(document_uploads.DeleteView):  # type: ignore[misc]
    permission_policy = document_policy


class DocumentBulkDelete(DocumentDeleteBulkAction):  # type: ignore[misc]
    permission_policy = document_policy


BULK_ACTIONS = (ImageBulkDelete, DocumentBulkDelete)


def admin_urls() -> list[URLPattern]:
    """Wagtail's own paths (`wagtail.images.admin_urls`, `wagtail.documents.admin_urls`) for
    the views above; `test_permission_matrix` reaches them through Wagtail's URL names."""
    return [
        path("images/<int:image_id>/", ImageEditView.as_view(), name="newsroom_image_edit"),
        path(
            "images/<int:image_id>/delete/",
            ImageDeleteView.as_view(),
            name="newsroom_image_delete",
        ),
        path(
            "images/multiple/<int:image_id>/delete/",
            ImageUploadDeleteView.as_view(),
            name="newsroom_image_upload_delete",
        ),
        path(
            "documents/edit/<int:document_id>/",
            DocumentEditView.as_view(),
            name="newsroom_document_edit",
        ),
        path(
            "documents/delete/<int:document_id>/",
            DocumentDeleteView.as_view(),
            name="newsroom_document_delete",
        ),
        path(
            "documents/multiple/<int:doc_id>/delete/",
            DocumentUploadDeleteView.as_view(),
            name="newsroom_document_upload_delete",
        ),
    ]
