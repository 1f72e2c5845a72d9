"""The reader's side: the comment form and the page that says it is waiting for the desk.

Both pages are never cached. The article page is cached for anonymous readers and a form
carries a per-reader CSRF token and a per-serving timing token: cached, they would be refused
for everyone but the first reader. So the form under the article is served without them, and
its script fetches both (`form_token`) when the reader starts to write; without JavaScript,
the article links here. Only readers who want to comment reach Django.
"""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from jarida.comments.clients import client_hash
from jarida.comments.forms import CommentForm, make_token
from jarida.comments.models import Comment, CommentState, comment_state
from jarida.comments.policy import Action, Submission, Verdict, get_policy
from jarida.news.models import ArticlePage

TYPED_FIELDS = ("name", "email", "body", "parent")


def _see_other(url: str) -> HttpResponseRedirect:
    response = HttpResponseRedirect(url)
    response.status_code = 303  # after a POST, the browser GETs the next page
    return response


def _reply_target(article: ArticlePage, value: Any) -> Comment | None:
    """The approved comment a reader is answering (the thread's first comment)."""
    try:
        parent_id = int(value)
    except (TypeError, ValueError):
        return None
    parent = (
        Comment.objects.approved()
        .filter(pk=parent_id, article=article)
        .select_related("parent")
        .first()
    )
    if parent is not None and parent.parent is not None:
        return parent.parent
    return parent


def _page(
    request: HttpRequest,
    article: ArticlePage,
    state: CommentState,
    form: CommentForm | None,
    *,
    status: int = 200,
    refusal: str = "",
) -> HttpResponse:
    parent = getattr(form, "parent_comment", None) if form is not None else None
    if form is not None and parent is None:
        parent = _reply_target(article, form["parent"].value())
    context = {
        "article": article,
        "state": state,
        "form": form,
        "parent": parent,
        "refusal": refusal,
        "typed": request.POST.get("body", "") if request.method == "POST" else "",
        "post_url": reverse("comments:post", args=[article.pk]),
    }
    return render(request, "comments/post.html", context, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def post_comment(request: HttpRequest, article_id: int) -> HttpResponse:
    """`/comments/post/<id>/`: the form (GET) and a comment arriving (POST)."""
    article = get_object_or_404(ArticlePage.objects.published(), pk=article_id)
    state = comment_state(article)
    if not state.is_open:
        return _page(request, article, state, None, status=403 if request.method == "POST" else 200)
    if request.method == "GET":
        parent = _reply_target(article, request.GET.get("parent"))
        form = CommentForm(article_id=article.pk, initial={"parent": parent.pk if parent else None})
        return _page(request, article, state, form)

    policy = get_policy()
    client = client_hash(request)
    throttle = policy.throttle(request, article.pk, client)
    if throttle.refused or throttle.unavailable:
        typed = {name: request.POST.get(name, "") for name in TYPED_FIELDS}
        form = CommentForm(article_id=article.pk, initial=typed)
        status = 503 if throttle.unavailable else 429
        response = _page(request, article, state, form, status=status, refusal=throttle.message)
        response["Retry-After"] = str(throttle.retry_after)
        return response

    form = CommentForm(request.POST, article_id=article.pk)
    if not form.is_valid():
        return _page(request, article, state, form, status=400)
    submission = Submission(
        article_id=article.pk,
        name=form.cleaned_data["name"],
        email=form.cleaned_data["email"],
        body=form.cleaned_data["body"],
        parent_id=form.cleaned_data["parent"],
        client_hash=client,
        seconds_to_fill=form.seconds_to_fill,
        honeypot=form.cleaned_data["website"],
    )
    key = form.submission_key(submission.fingerprint)
    comment = Comment.objects.filter(submission_key=key).first()
    if comment is None:  # not a resend of a form that already made its comment
        verdict = policy.moderate(submission)
        if throttle.hold is not None:
            verdict = Verdict((*verdict.reasons, throttle.hold))
        if verdict.action is Action.REJECT:
            form.add_error(None, verdict.reader_message)
            return _page(request, article, state, form, status=400)
        comment = _store(form, submission, verdict, state, key)
    if comment.is_visible:
        return _see_other(f"{article.get_url(request)}#comment-{comment.pk}")
    return _see_other(reverse("comments:received", args=[article.pk]))


def _store(
    form: CommentForm, submission: Submission, verdict: Verdict, state: CommentState, key: str
) -> Comment:
    publish = state.publishes_at_once and verdict.action is Action.ALLOW
    comment = Comment(
        article_id=submission.article_id,
        parent=form.parent_comment,
        name=submission.name,
        email=submission.email,
        body=submission.body,
        status=Comment.Status.APPROVED if publish else Comment.Status.PENDING,
        moderation_reasons=[reason.as_dict() for reason in verdict.reasons],
        ip_hash=submission.client_hash,
        body_fingerprint=submission.fingerprint,
        submission_key=key,
    )
    try:
        with transaction.atomic():
            comment.save()
    except IntegrityError:
        # The same form and text, sent twice at once: the other request stored it.
        existing = Comment.objects.filter(submission_key=key).first()
        if existing is None:
            raise
        return existing
    return comment


@never_cache
@require_GET
def received(request: HttpRequest, article_id: int) -> HttpResponse:
    """Where the reader lands after posting: «تعليقك بانتظار المراجعة».

    Its own small page, not a flag on the article's URL, because the article page is cached
    and would show the same thing to everyone.
    """
    article = get_object_or_404(ArticlePage.objects.published(), pk=article_id)
    return render(request, "comments/received.html", {"article": article})


@never_cache
@require_GET
def form_token(request: HttpRequest, article_id: int) -> JsonResponse:
    """`/comments/token/<id>/`: the per-reader parts of the form under a cached article page
    (the CSRF token, with its cookie, and the form's signed token), fetched by the page's
    script when the reader starts to write. The cached page itself carries neither."""
    article = get_object_or_404(ArticlePage.objects.published(), pk=article_id)
    if not comment_state(article).is_open:
        return JsonResponse({"error": "أُغلق باب التعليق على هذا الخبر."}, status=403)
    return JsonResponse({"csrf": get_token(request), "token": make_token(article.pk)})
