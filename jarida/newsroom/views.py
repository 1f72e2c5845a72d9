"""The takedown screens in the admin, and the word after a review from the dashboard."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.models import Page, TaskState

from jarida.news.models import Takedown
from jarida.news.models.publication import PublicationGuard
from jarida.news.publication import PERMISSION, TakedownError, lift, take_down
from jarida.newsroom.review import review_outcome


def takedown(request: HttpRequest, page_id: int) -> HttpResponse:
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied
    article = get_object_or_404(Page, pk=page_id).specific
    if not isinstance(article, PublicationGuard):  # an article or a live coverage page
        raise Http404
    error = ""
    if request.method == "POST":
        try:
            take_down(article, request.user, request.POST.get("reason", ""))
        except TakedownError as exc:
            error = str(exc)
        else:
            messages.success(request, f"سُحب الخبر «{article.title}» من كل صفحات الموقع.")
            return redirect("wagtailadmin_explore", article.get_parent().pk)
    return render(
        request,
        "newsroom/takedown.html",
        {"article": article, "error": error, "reason": request.POST.get("reason", "")},
        status=400 if error else 200,
    )


def lift_takedown(request: HttpRequest, page_id: int) -> HttpResponse:
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied
    active = get_object_or_404(Takedown.objects.active(), article_id=page_id)
    if request.method == "POST":
        lift(active, request.user)
        messages.success(request, "رُفع السحب. يبقى الخبر غير منشور حتى يُنشر من جديد.")
        return redirect(reverse("wagtailadmin_pages:edit", args=[page_id]))
    return render(request, "newsroom/lift_takedown.html", {"takedown": active})


def review_done(request: HttpRequest, task_state_id: int) -> HttpResponse:
    """Where the dashboard's approve and request-changes buttons land (`ReviewTask.on_action`
    sends them here): say what the reviewer's action did, then back to the dashboard, the only
    screen those buttons are on. Only the reviewer who acted reads it."""
    task_state = get_object_or_404(
        TaskState.objects.select_related("workflow_state"),
        pk=task_state_id,
        finished_by=request.user,
    )
    said = review_outcome(task_state)
    if said:
        messages.success(request, said)
    return redirect(get_valid_next_url_from_request(request) or reverse("wagtailadmin_home"))
