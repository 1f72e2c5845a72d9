"""The takedown screens in the admin."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from wagtail.models import Page

from jarida.news.models import Takedown
from jarida.news.models.publication import PublicationGuard
from jarida.news.publication import PERMISSION, TakedownError, lift, take_down


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
