"""The newsletters in the Wagtail admin: subscribers (counts per list, CSV export, erase),
editions (a draft's stories arranged; each edition's recipients' states and a preview as the
mail), the lists (one per section where editors enable it), and «إرسال تنبيه» on a
breaking article.

Lists: editors add a section's list and enable it (`newsletters.add_newsletterlist`,
`change_newsletterlist`); its edition then goes out with the morning digest.

Permissions: `newsletters.send_newsletter` sends alerts (give it to the roles that may mail
every reader); `newsletters.view_subscriber` lists and exports subscribers;
`newsletters.delete_subscriber` erases one; `newsletters.view_edition` lists editions.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import Button

from jarida.news.models import ArticlePage, HomePage
from jarida.newsletters import drafts, tracking
from jarida.newsletters.drafts import DraftRefused
from jarida.newsletters.editions import AlertRefused, alert_refusal, create_alert
from jarida.newsletters.models import Delivery, Edition, NewsletterList, Subscriber

SEND_PERMISSION = "newsletters.send_newsletter"


# --- Subscribers ----------------------------------------------------------------------------


class SubscriberViewSet(ModelViewSet):
    model = Subscriber
    icon = "user"
    menu_label = "المشتركون"
    add_to_admin_menu = False
    url_prefix = "newsletters/subscribers"
    name = "newsletter_subscribers"
    list_display = [
        "email",
        Column("status", label="الحالة"),
        DateColumn("confirmed_at", label="أكّد اشتراكه"),
        DateColumn("unsubscribed_at", label="ألغى اشتراكه"),
    ]
    list_filter = ["lists"]
    search_fields = ["email"]
    list_export = ["email", "status", "created_at", "confirmed_at", "unsubscribed_at", "bounced_at"]
    export_filename = "subscribers"
    form_fields = ["lists"]
    copy_view_enabled = False
    inspect_view_enabled = True
    ordering = ["-created_at"]

    def get_urlpatterns(self) -> list[Any]:
        return [
            *super().get_urlpatterns(),
            path("counts/", subscriber_counts, name="counts"),
            path("erase/", erase_subscriber, name="erase"),
        ]


def subscriber_counts(request: HttpRequest) -> HttpResponse:
    """Subscribers per list: receiving now, new in the last 7 and 30 days, and who left."""
    if not request.user.has_perm("newsletters.view_subscriber"):
        raise PermissionDenied
    now = timezone.now()
    receiving = Q(
        subscribers__confirmed_at__isnull=False,
        subscribers__unsubscribed_at__isnull=True,
        subscribers__bounced_at__isnull=True,
    )
    rows = NewsletterList.objects.annotate(
        receiving=Count("subscribers", filter=receiving),
        week=Count(
            "subscribers",
            filter=receiving & Q(subscribers__confirmed_at__gte=now - dt.timedelta(days=7)),
        ),
        month=Count(
            "subscribers",
            filter=receiving & Q(subscribers__confirmed_at__gte=now - dt.timedelta(days=30)),
        ),
        left=Count(
            "subscribers", filter=Q(subscribers__unsubscribed_at__gte=now - dt.timedelta(days=30))
        ),
    )
    context = {"rows": rows, "total": Subscriber.objects.receiving().count()}
    return render(request, "newsletters/admin/counts.html", context)


class EraseForm(forms.Form):
    email = forms.EmailField(label="البريد الإلكتروني")


def erase_subscriber(request: HttpRequest) -> HttpResponse:
    """Erase a subscriber and every trace of mail to them (a reader's request), as the
    comment desk erases a reader's comments by address."""
    if not request.user.has_perm("newsletters.delete_subscriber"):
        raise PermissionDenied
    source = request.POST if request.method == "POST" else request.GET
    form = EraseForm(source if "email" in source else None)
    subscriber = None
    if form.is_valid():
        subscriber = Subscriber.objects.filter(
            email=form.cleaned_data["email"].strip().lower()
        ).first()
    if request.method == "POST" and subscriber is not None and request.POST.get("confirm"):
        email = subscriber.email
        subscriber.delete()  # its deliveries go with it (CASCADE)
        messages.success(request, f"مُحي المشترك {email} وكل ما أُرسل إليه.")
        return redirect(reverse("newsletter_subscribers:index"))
    context = {
        "form": form,
        "subscriber": subscriber,
        "deliveries": Delivery.objects.filter(subscriber=subscriber).count() if subscriber else 0,
    }
    return render(request, "newsletters/admin/erase.html", context)


# --- Editions -------------------------------------------------------------------------------


class StatesColumn(Column):
    """How many recipients are in each state (a query per row of a 20-row page)."""

    def get_value(self, instance: Edition) -> str:
        counts = dict(
            instance.deliveries.values_list("state")
            .annotate(n=Count("pk"))
            .values_list("state", "n")
        )
        return "، ".join(
            f"{label}: {counts[state]}"
            for state, label in Delivery.State.choices
            if state in counts
        )


class CountsColumn(Column):
    """Opens and clicks, for an edition sent with the opt-in counts (NEWSLETTER_TRACKING)."""

    def get_value(self, instance: Edition) -> str:
        if not instance.tracked:
            return "—"
        return f"فتحها {instance.opens}، نقر رابطاً {instance.clicks}"


class EditionViewSet(ModelViewSet):
    model = Edition
    icon = "mail"
    menu_label = "الأعداد المرسلة"
    add_to_admin_menu = False
    url_prefix = "newsletters/editions"
    name = "newsletter_editions"
    list_display = [
        TitleColumn(
            "subject",
            label="الموضوع",
            # A draft opens on its stories (to arrange), an edition sent on its recipients.
            get_url=lambda e: reverse(
                "newsletter_editions:stories"
                if e.status == Edition.Status.DRAFT
                else "newsletter_editions:recipients",
                args=[e.pk],
            ),
        ),
        Column("newsletter", label="النشرة"),
        "status",
        StatesColumn("states", label="المستلمون"),
        CountsColumn("counts", label="الفتح والنقر"),
        DateColumn("created_at", label="أُنشئ"),
    ]
    list_filter = ["newsletter", "status"]
    form_fields = ["intro", "subject"]
    copy_view_enabled = False
    inspect_view_enabled = True
    inspect_view_fields = [
        "subject",
        "newsletter",
        "status",
        "created_at",
        "finished_at",
        "tracked",
        "opens",
        "clicks",
    ]
    ordering = ["-created_at"]

    def get_urlpatterns(self) -> list[Any]:
        return [
            *super().get_urlpatterns(),
            path("preview/<int:pk>/", preview_edition, name="preview"),
            path("recipients/<int:pk>/", edition_recipients, name="recipients"),
            path("stories/<int:pk>/", edition_stories, name="stories"),
        ]


def preview_edition(request: HttpRequest, pk: int) -> HttpResponse:
    """The edition as the mail shows it (the recipient's links point nowhere). A draft is
    rendered afresh, as it would go out now: with the editors' order, subject and intro."""
    if not request.user.has_perm("newsletters.view_edition"):
        raise PermissionDenied
    from jarida.newsletters.mail import PREFS_MARKER, UNSUBSCRIBE_MARKER

    edition = get_object_or_404(Edition.objects.select_related("newsletter"), pk=pk)
    html = drafts.render(edition)[0] if edition.status == Edition.Status.DRAFT else edition.html
    html = html.replace(PREFS_MARKER, "#").replace(UNSUBSCRIBE_MARKER, "#")
    # Counted links and the pixel, if any, count nobody from here.
    html = tracking.personalise(html, edition.pk, "preview")
    response = HttpResponse(html)
    # The mail's markup in the admin's origin: no script may run in it.
    response["Content-Security-Policy"] = (
        "sandbox; default-src 'none'; img-src *; style-src 'unsafe-inline'"
    )
    return response


def edition_recipients(request: HttpRequest, pk: int) -> HttpResponse:
    """An edition's recipients with their states (the newest 200, or one state's)."""
    if not request.user.has_perm("newsletters.view_edition"):
        raise PermissionDenied
    edition = get_object_or_404(Edition, pk=pk)
    deliveries = edition.deliveries.select_related("subscriber").order_by("pk")
    state = request.GET.get("state", "")
    if state in Delivery.State.values:
        deliveries = deliveries.filter(state=state)
    counts = dict(
        edition.deliveries.values_list("state").annotate(n=Count("pk")).values_list("state", "n")
    )
    context = {
        "edition": edition,
        "deliveries": deliveries[:200],
        "counts": [(s, label, counts.get(s, 0)) for s, label in Delivery.State.choices],
    }
    return render(request, "newsletters/admin/recipients.html", context)


class StoryForm(forms.Form):
    action = forms.ChoiceField(choices=[(a, a) for a in ("up", "down", "top", "remove", "add")])
    article = forms.IntegerField(min_value=1)


def edition_stories(request: HttpRequest, pk: int) -> HttpResponse:
    """A draft's stories in the mail's order, each with buttons to move it up, down or to
    the lead, or drop it, and a list of recent stories to add. Every button is a form of its
    own (POST, CSRF), so it works without JavaScript; each change answers with this page."""
    if not request.user.has_perm("newsletters.change_edition"):
        raise PermissionDenied
    edition = get_object_or_404(Edition.objects.select_related("newsletter"), pk=pk)
    if request.method == "POST":
        form = StoryForm(request.POST)
        if not form.is_valid():
            messages.error(request, "طلب غير صالح.")
            return redirect(reverse("newsletter_editions:stories", args=[pk]))
        action, article_id = form.cleaned_data["action"], form.cleaned_data["article"]
        try:
            if action == "add":
                drafts.add(edition, article_id)
            elif action == "remove":
                drafts.remove(edition, article_id)
            else:
                drafts.move(edition, article_id, action)
        except DraftRefused as refusal:
            messages.error(request, str(refusal))
        return redirect(reverse("newsletter_editions:stories", args=[pk]))
    ids = list(edition.article_ids or [])
    found = ArticlePage.objects.in_bulk(ids)
    public = set(ArticlePage.objects.published().filter(pk__in=ids).values_list("pk", flat=True))
    home = HomePage.objects.first()
    stories = [
        {
            "article": found[article_id],
            "section": home.section_of(found[article_id]) if home else None,
            # A story withdrawn from readers since stays listed but is left out of the mail.
            "public": article_id in public,
        }
        for article_id in ids
        if article_id in found
    ]
    draft = edition.status == Edition.Status.DRAFT
    context = {
        "edition": edition,
        "stories": stories,
        "draft": draft,
        "addable": drafts.addable(edition)[:60] if draft else [],
    }
    return render(request, "newsletters/admin/stories.html", context)


# --- Lists -----------------------------------------------------------------------------------


class ListViewSet(ModelViewSet):
    """The lists readers may choose: editors add one per section and enable it (a section's
    list gets its own edition with the morning digest, when the section had new stories)."""

    model = NewsletterList
    icon = "list-ul"
    menu_label = "القوائم"
    add_to_admin_menu = False
    url_prefix = "newsletters/lists"
    name = "newsletter_lists"
    list_display = ["name", "kind", "section", "enabled"]
    form_fields = ["name", "slug", "kind", "section", "enabled", "sort_order"]
    copy_view_enabled = False
    ordering = ["sort_order", "pk"]


class NewslettersGroup(ViewSetGroup):
    menu_label = "النشرات البريدية"
    menu_icon = "mail"
    items = (SubscriberViewSet, EditionViewSet, ListViewSet)


@hooks.register("register_admin_viewset")
def register_newsletters() -> ViewSetGroup:
    return NewslettersGroup()


# --- «إرسال تنبيه» ----------------------------------------------------------------------------


def send_alert(request: HttpRequest, page_id: int) -> HttpResponse:
    """Ask (GET), then queue the breaking alert for one article (POST), once per article
    and within the hourly cap."""
    if not request.user.has_perm(SEND_PERMISSION):
        raise PermissionDenied
    article = get_object_or_404(ArticlePage, pk=page_id)
    edit_url = reverse("wagtailadmin_pages:edit", args=[article.pk])
    if request.method == "POST":
        try:
            edition = create_alert(article, by=request.user)
        except AlertRefused as refusal:
            messages.error(request, str(refusal))
            return redirect(edit_url)
        queued = edition.deliveries.count()
        messages.success(
            request, f"وُضع تنبيه «{article.title}» في طابور الإرسال إلى {queued} مشترك."
        )
        return redirect(edit_url)
    context = {"article": article, "refusal": alert_refusal(article), "edit_url": edit_url}
    return render(request, "newsletters/admin/alert.html", context)


@hooks.register("register_admin_urls")
def alert_urls() -> list[Any]:
    return [path("newsletters/alert/<int:page_id>/", send_alert, name="newsletters_alert")]


@hooks.register("register_page_header_buttons")
def alert_button(page: Any, user: Any, view_name: str, next_url: str | None = None) -> list[Any]:
    """«إرسال تنبيه» on a breaking article, for those who may send."""
    if not user.has_perm(SEND_PERMISSION) or not isinstance(page.specific_deferred, ArticlePage):
        return []
    if not page.specific_deferred.is_breaking:
        return []
    url = reverse("newsletters_alert", args=[page.pk])
    return [Button("إرسال تنبيه", url, icon_name="mail", priority=80)]
