"""The newsroom's desk for live coverage, in the Wagtail admin: a reporter types an update
and posts it in two clicks (no draft, no review), sees the stream newest first, and editors
pin, mark, edit, correct and delete in place. Every form posts (CSRF) and comes back to the
desk (post/redirect/get), so it works on a phone browser without JS.

Who may do what follows the newsroom's page permissions (`jarida.newsroom.roles`): whoever
may add pages in the live page's section (its reporters, its editors, the chief) posts;
whoever may publish there (its editors, the chief) pins, edits, corrects and deletes.
Every change goes to the page's history in Wagtail's audit log.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Case, IntegerField, Value, When
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST
from wagtail.images import get_image_model
from wagtail.images.fields import WagtailImageField
from wagtail.images.permissions import permission_policy as image_permissions
from wagtail.log_actions import log

from jarida.live.models import LiveCoveragePage, LiveUpdate, LiveUpdateCorrection
from jarida.news.body import body_stream, body_text, html_to_text

DESK_UPDATES = 50

# Audit log actions: (action, label, message).
LOG_ACTIONS = (
    ("live.update_posted", "نشر تحديث مباشر", "نُشر تحديث مباشر"),
    ("live.update_edited", "تعديل تحديث مباشر", "عُدّل تحديث مباشر"),
    ("live.update_pinned", "تثبيت تحديث مباشر", "ثُبّت تحديث مباشر"),
    ("live.update_unpinned", "إلغاء تثبيت تحديث مباشر", "أُلغي تثبيت تحديث مباشر"),
    ("live.update_key_event", "تعليم حدث رئيسي", "تغيّر تعليم الحدث الرئيسي"),
    ("live.update_corrected", "تصحيح تحديث مباشر", "صُحّح تحديث مباشر"),
    ("live.update_deleted", "حذف تحديث مباشر", "حُذف تحديث مباشر"),
)


def _actions(user: AbstractBaseUser, page: LiveCoveragePage) -> set[str]:
    """The page permissions `user` holds on `page` (inherited from its section or above)."""
    if not user.is_active:
        return set()
    if user.is_superuser:
        return {"add", "publish"}
    return set(page.permissions_for_user(user).permissions)


def can_post(user: AbstractBaseUser, page: LiveCoveragePage) -> bool:
    """A reporter of the page's section (or anyone who may add pages there)."""
    return bool(_actions(user, page) & {"add", "publish"})


def can_moderate(user: AbstractBaseUser, page: LiveCoveragePage) -> bool:
    """An editor of the page's section, or the chief: pin, edit, correct, delete."""
    return "publish" in _actions(user, page)


def _text_to_body(text: str) -> list[dict[str, Any]]:
    """What the reporter typed: one paragraph per blank-line-separated block, escaped."""
    blocks = [block.strip() for block in text.replace("\r\n", "\n").split("\n\n")]
    return body_stream(("paragraph", block) for block in blocks if block)


class UpdateForm(forms.Form):
    title = forms.CharField(label="عنوان قصير (اختياري)", max_length=200, required=False)
    text = forms.CharField(
        label="نص التحديث",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4, "dir": "auto"}),
        error_messages={"required": "اكتب نص التحديث قبل نشره."},
    )
    key_event = forms.BooleanField(label="حدث رئيسي", required=False)
    photo = WagtailImageField(label="صورة (اختياري)", required=False)
    photo_caption = forms.CharField(label="التعليق على الصورة", max_length=500, required=False)
    photo_credit = forms.CharField(label="حقوق الصورة", max_length=255, required=False)

    def clean_text(self) -> str:
        text = self.cleaned_data["text"].strip()
        if not text:
            raise forms.ValidationError("اكتب نص التحديث قبل نشره.")
        return text

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("photo") and not data.get("photo_credit", "").strip():
            # The paper prints every photo's credit.
            self.add_error("photo_credit", "اكتب حقوق الصورة (المصوّر أو الوكالة) قبل نشرها.")
        return data


class CorrectionForm(forms.Form):
    kind = forms.ChoiceField(label="النوع", choices=LiveUpdateCorrection.Kind.choices)
    text = forms.CharField(
        label="نص الملاحظة",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "اكتب نص التصحيح."},
    )


def _page_for(request: HttpRequest, page_id: int) -> LiveCoveragePage:
    page = get_object_or_404(LiveCoveragePage, pk=page_id)
    if not can_post(request.user, page):
        raise PermissionDenied
    return page


def _update_for(request: HttpRequest, update_id: int) -> LiveUpdate:
    update = get_object_or_404(LiveUpdate.objects.select_related("page"), pk=update_id)
    if not can_moderate(request.user, update.page):
        raise PermissionDenied
    return update


def _back(page: LiveCoveragePage, update: LiveUpdate | None = None) -> HttpResponseRedirect:
    url = reverse("live_desk", args=[page.pk])
    return HttpResponseRedirect(f"{url}#desk-update-{update.pk}" if update else url)


def _log(user: Any, page: LiveCoveragePage, action: str, update: LiveUpdate, **data: Any) -> None:
    log(
        instance=page,
        action=action,
        user=user,
        data={"update_id": update.pk, "title": update.title, **data},
    )


def index(request: HttpRequest) -> HttpResponse:
    """The live pages this user may post to, live ones first."""
    states = list(LiveCoveragePage.State)
    first = Case(
        *(When(state=state, then=Value(n)) for n, state in enumerate(states)),
        output_field=IntegerField(),
    )
    pages = [
        page
        for page in LiveCoveragePage.objects.order_by(first, "-latest_revision_created_at")
        if can_post(request.user, page)
    ]
    return render(request, "live/desk/index.html", {"pages": pages})


def desk(request: HttpRequest, page_id: int) -> HttpResponse:
    """The desk: GET shows it; POST posts an update at once (public on commit)."""
    page = _page_for(request, page_id)
    form = UpdateForm(request.POST or None, request.FILES or None)
    if (
        request.method == "POST"
        and request.FILES
        and not image_permissions.user_has_permission(request.user, "add")
    ):
        form.add_error("photo", "لا تملك صلاحية رفع الصور.")
    if request.method == "POST" and form.is_valid():
        user = request.user
        body = _text_to_body(form.cleaned_data["text"])
        with transaction.atomic():
            if photo := form.cleaned_data.get("photo"):
                image = get_image_model().objects.create(
                    title=(form.cleaned_data["title"] or page.title)[:255],
                    file=photo,
                    credit=form.cleaned_data["photo_credit"].strip(),
                    caption=form.cleaned_data["photo_caption"].strip(),
                    uploaded_by_user=user,
                )
                body.append({"type": "image", "value": {"image": image.pk, "caption": ""}})
            update = LiveUpdate.objects.create(
                page=page,
                title=form.cleaned_data["title"],
                body=body,
                key_event=form.cleaned_data["key_event"],
                author_name=user.get_full_name() or user.get_username(),
                posted_by=user,
            )
            _log(user, page, "live.update_posted", update)
        messages.success(request, "نُشر التحديث.")
        return _back(page)
    updates = list(page.updates.for_stream().newest_first()[:DESK_UPDATES])
    for update in updates:
        update.plain_text = body_text(update.body)
        update.editable_text = paragraphs_text(update)
        update.keeps_blocks = any(b.block_type != "paragraph" for b in update.body)
    return render(
        request,
        "live/desk/desk.html",
        {
            "page": page,
            "form": form,
            "updates": updates,
            "moderator": can_moderate(request.user, page),
            "correction_form": CorrectionForm(),
        },
        status=400 if form.errors else 200,
    )


@require_POST
def pin(request: HttpRequest, update_id: int) -> HttpResponse:
    update = _update_for(request, update_id)
    update.pinned = not update.pinned
    with transaction.atomic():
        update.save(update_fields=["pinned"])
        action = "live.update_pinned" if update.pinned else "live.update_unpinned"
        _log(request.user, update.page, action, update)
    return _back(update.page, update)


@require_POST
def key_event(request: HttpRequest, update_id: int) -> HttpResponse:
    update = _update_for(request, update_id)
    update.key_event = not update.key_event
    with transaction.atomic():
        update.save(update_fields=["key_event"])
        _log(request.user, update.page, "live.update_key_event", update, key=update.key_event)
    return _back(update.page, update)


@require_POST
def edit(request: HttpRequest, update_id: int) -> HttpResponse:
    """A silent fix (a typo): the text changes and «عُدّل» shows. What changes the facts is
    a correction (`correct`), which readers see as such."""
    update = _update_for(request, update_id)
    form = UpdateForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return _back(update.page, update)
    before = body_text(update.body)
    update.title = form.cleaned_data["title"]
    update.body = _with_new_text(update, form.cleaned_data["text"])
    update.key_event = form.cleaned_data["key_event"]
    update.edited_at = timezone.now()
    with transaction.atomic():
        update.save()
        _log(request.user, update.page, "live.update_edited", update, before=before)
    messages.success(request, "عُدّل التحديث.")
    return _back(update.page, update)


def paragraphs_text(update: LiveUpdate) -> str:
    """What the desk's edit box holds: the update's paragraphs only (its photo, quote or
    embed are kept as they are, `_with_new_text`)."""
    return "\n\n".join(
        html_to_text(block.value.source) for block in update.body if block.block_type == "paragraph"
    )


def _with_new_text(update: LiveUpdate, text: str) -> list[dict[str, Any]]:
    """The update's body with its paragraphs replaced by `text`: its other blocks (photo,
    quote, embed) stay, those that came before the first paragraph still before the text
    and the rest after it, in their order."""
    kinds = [block.block_type for block in update.body]
    first = kinds.index("paragraph") if "paragraph" in kinds else len(kinds)
    raw = list(update.body.raw_data)
    kept_before = [b for b in raw[:first] if b["type"] != "paragraph"]
    kept_after = [b for b in raw[first:] if b["type"] != "paragraph"]
    return [*kept_before, *_text_to_body(text), *kept_after]


@require_POST
def correct(request: HttpRequest, update_id: int) -> HttpResponse:
    update = _update_for(request, update_id)
    form = CorrectionForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return _back(update.page, update)
    with transaction.atomic():
        notice = LiveUpdateCorrection.objects.create(
            update=update, kind=form.cleaned_data["kind"], text=form.cleaned_data["text"]
        )
        _log(
            request.user,
            update.page,
            "live.update_corrected",
            update,
            kind=notice.kind,
            text=notice.text,
        )
    messages.success(request, "نُشر التصحيح تحت التحديث.")
    return _back(update.page, update)


@require_POST
def delete(request: HttpRequest, update_id: int) -> HttpResponse:
    update = _update_for(request, update_id)
    page = update.page
    with transaction.atomic():
        _log(request.user, page, "live.update_deleted", update, text=body_text(update.body))
        update.delete()
    messages.success(request, "حُذف التحديث.")
    return _back(page)
