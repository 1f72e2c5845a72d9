"""The reader's side: subscribing, confirming, preferences, one-click unsubscribing, and
the open pixel and counted links of the opt-in counts (`tracking`).

None of these pages is cached (each carries a CSRF token or a reader's own state). The form
in every page's footer is served without its per-reader tokens (the page is cached for every
reader); its script fetches them from `form_token` when the reader starts typing, as the
comment form does, and without JavaScript the footer links here.

Subscribing says the same thing, with the same mail, whatever the address's state: new,
waiting, subscribed, unsubscribed. A row is written only when the link in the mail is
followed, so an address nobody confirmed is never stored.
"""

from __future__ import annotations

import hashlib
import logging

from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_safe

from jarida.comments import ratelimit
from jarida.comments.clients import client_hash
from jarida.newsletters import conf, tokens, tracking
from jarida.newsletters.forms import PreferencesForm, SubscribeForm, make_form_token
from jarida.newsletters.mail import confirmation_message
from jarida.newsletters.models import NewsletterList, Subscriber

logger = logging.getLogger(__name__)

TOO_MANY = "أرسلت طلبات كثيرة في وقت قصير. انتظر قليلاً ثم أعد المحاولة."
UNAVAILABLE = "تعذّر استلام طلبك الآن بسبب عطل مؤقت في الموقع. أعد المحاولة بعد قليل."


def _see_other(url: str) -> HttpResponseRedirect:
    response = HttpResponseRedirect(url)
    response.status_code = 303
    return response


def _hit(key: str, setting: str) -> ratelimit.Usage | None:
    rate = conf.rate(setting)
    return None if rate is None else ratelimit.hit(key, *rate)


@never_cache
@require_http_methods(["GET", "POST"])
def subscribe(request: HttpRequest) -> HttpResponse:
    """`/newsletter/`: the form (GET) and a request to subscribe (POST)."""
    if request.method == "GET":
        return render(request, "newsletters/subscribe.html", {"form": SubscribeForm()})
    try:
        usage = _hit(f"newsletter:{client_hash(request)}", "NEWSLETTER_RATE_PER_CLIENT")
    except ratelimit.Unavailable:
        usage, refusal, status, retry = None, UNAVAILABLE, 503, 30
    else:
        refusal, status = TOO_MANY, 429
        retry = usage.retry_after if usage is not None else 0
    if status == 503 or (usage is not None and usage.refused):
        form = SubscribeForm(initial={"email": request.POST.get("email", "")})
        context = {"form": form, "refusal": refusal}
        response = render(request, "newsletters/subscribe.html", context, status=status)
        response["Retry-After"] = str(retry)
        return response
    form = SubscribeForm(request.POST)
    if not form.is_valid():
        return render(request, "newsletters/subscribe.html", {"form": form}, status=400)
    email, lists = form.cleaned_data["email"], list(form.cleaned_data["lists"])
    _send_confirmation(email, lists)
    return _see_other(reverse("newsletters:check"))


def _send_confirmation(email: str, lists: list[NewsletterList]) -> None:
    """The confirmation mail, unless the address bounced or had its share today: either
    way the reader sees the same page, so the form tells nobody about an address."""
    if Subscriber.objects.filter(email=email, bounced_at__isnull=False).exists():
        return
    digest = hashlib.sha256(email.encode()).hexdigest()
    try:
        usage = _hit(f"newsletter-address:{digest}", "NEWSLETTER_RATE_PER_ADDRESS")
    except ratelimit.Unavailable:
        return
    if usage is not None and usage.refused:
        return
    try:
        # Through the site's EMAIL_BACKEND, which queues it in the outbox (`jarida.outbox`):
        # the reader's request never waits for the mail server, and the scheduler delivers
        # it within a tick, retrying with back-off while the server is away.
        confirmation_message(email, lists).send()
    except Exception:  # not even queued (the database refused): logged, the reader may retry
        logger.exception("newsletter confirmation mail could not be queued")


@never_cache
@require_GET
def check(request: HttpRequest) -> HttpResponse:
    return render(request, "newsletters/check.html", {"hours": conf.confirm_max_age() // 3600})


@never_cache
@require_GET
def form_token(request: HttpRequest) -> JsonResponse:
    """The per-reader parts of the footer form under a cached page: CSRF token and cookie,
    and the form's signed, dated token."""
    return JsonResponse({"csrf": get_token(request), "token": make_form_token()})


@never_cache
@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """The link in the confirmation mail. GET asks (mail scanners open links); POST
    confirms."""
    confirmation = tokens.read_confirm_token(token)
    if confirmation is None:
        return render(request, "newsletters/confirm_invalid.html", status=400)
    lists = list(NewsletterList.objects.filter(enabled=True, slug__in=confirmation.lists))
    if request.method == "GET":
        context = {"email": confirmation.email, "lists": lists}
        return render(request, "newsletters/confirm.html", context)
    now = timezone.now()
    with transaction.atomic():
        subscriber, _ = Subscriber.objects.select_for_update().get_or_create(
            email=confirmation.email
        )
        subscriber.confirmed_at = subscriber.confirmed_at or now
        subscriber.unsubscribed_at = None
        subscriber.bounced_at = None
        subscriber.save()
        subscriber.lists.add(*lists)
    url = reverse("newsletters:preferences", args=[_prefs_token(subscriber)])
    return _see_other(f"{url}?confirmed=1")


def _prefs_token(subscriber: Subscriber) -> str:
    return tokens.preferences_token(subscriber.pk, subscriber.token_version)


def _subscriber(token: str) -> Subscriber | None:
    found = tokens.read_preferences_token(token)
    if found is None:
        return None
    subscriber_id, version = found
    return Subscriber.objects.filter(pk=subscriber_id, token_version=version).first()


@never_cache
@require_http_methods(["GET", "POST"])
def preferences(request: HttpRequest, token: str) -> HttpResponse:
    """Change lists, or unsubscribe from all, from the link in every mail."""
    subscriber = _subscriber(token)
    if subscriber is None:
        return render(request, "newsletters/link_invalid.html", status=404)
    notice = "تمّ تأكيد اشتراكك. أهلاً بك." if request.GET.get("confirmed") else ""
    if request.method == "POST":
        form = PreferencesForm(request.POST)
        if "unsubscribe" in request.POST:
            _unsubscribe(subscriber)
            notice = "ألغينا اشتراكك في كل النشرات. لن تصلك منّا رسائل بعد الآن."
        elif form.is_valid():
            subscriber.lists.set(form.cleaned_data["lists"])
            if form.cleaned_data["lists"] and subscriber.unsubscribed_at is not None:
                Subscriber.objects.filter(pk=subscriber.pk).update(unsubscribed_at=None)
            elif not form.cleaned_data["lists"]:
                _unsubscribe(subscriber)
            notice = "حُفظت اختياراتك."
        subscriber.refresh_from_db()
    lists = subscriber.lists.all() if subscriber.unsubscribed_at is None else []
    form = PreferencesForm(initial={"lists": [n.slug for n in lists]})
    context = {"form": form, "subscriber": subscriber, "notice": notice}
    return render(request, "newsletters/preferences.html", context)


def _unsubscribe(subscriber: Subscriber) -> None:
    Subscriber.objects.filter(pk=subscriber.pk, unsubscribed_at__isnull=True).update(
        unsubscribed_at=timezone.now()
    )


@csrf_exempt  # RFC 8058: the mail client POSTs without a session, the token is the proof
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """The List-Unsubscribe https target. POST (one-click, RFC 8058) unsubscribes from
    every list; GET (a person following the link) shows the preferences page, which asks."""
    subscriber = _subscriber(token)
    if request.method == "GET":
        if subscriber is None:
            return render(request, "newsletters/link_invalid.html", status=404)
        return _see_other(reverse("newsletters:preferences", args=[token]))
    if subscriber is None:
        return HttpResponse(
            "الرابط غير صالح.", status=404, content_type="text/plain; charset=utf-8"
        )
    _unsubscribe(subscriber)
    return HttpResponse("ألغينا اشتراكك في كل النشرات.", content_type="text/plain; charset=utf-8")


# --- Opt-in counts (`jarida.newsletters.tracking`; off unless NEWSLETTER_TRACKING) ----------


@never_cache
@require_safe
def opened(request: HttpRequest, edition_id: int, token: str) -> HttpResponse:
    """The open pixel: counts the recipient's first open (GET only), answers the image."""
    if request.method == "GET":
        tracking.count(edition_id, token, click=False)
    return HttpResponse(tracking.PIXEL, content_type="image/gif")


@never_cache
@require_safe
def clicked(request: HttpRequest, edition_id: int, token: str) -> HttpResponse:
    """A counted story link: to the paper's own address it names, or the front page."""
    target = tracking.target_of(request.GET.get("u", ""))
    if target is None:
        return HttpResponseRedirect(conf.site_url() + "/")
    if request.method == "GET":
        tracking.count(edition_id, token, click=True)
    return HttpResponseRedirect(target)
