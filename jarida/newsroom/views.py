"""The takedown screens in the admin, and the public corrections page."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from jarida.news.models import ArticlePage, paginate
from jarida.newsroom.models import CorrectionNotice, Takedown
from jarida.newsroom.takedowns import TakedownError, lift, take_down
from jarida.pagecache.tags import tag_response

PERMISSION = "newsroom.take_down_article"


def takedown(request: HttpRequest, page_id: int) -> HttpResponse:
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied
    article = get_object_or_404(ArticlePage, pk=page_id)
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


def corrections(request: HttpRequest) -> HttpResponse:
    """Every correction, clarification and update notice on published articles, newest first."""
    notices = (
        CorrectionNotice.objects.filter(article__in=ArticlePage.objects.published())
        .select_related("article")
        .order_by("-noted_at", "-pk")
    )
    response = render(
        request,
        "newsroom/corrections.html",
        {"page_obj": paginate(request, notices), "list_title": "التصحيحات"},
    )
    return tag_response(response, "corrections")
