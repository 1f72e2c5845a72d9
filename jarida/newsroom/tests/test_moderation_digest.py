"""The comment desk's digest: what waits for review, mailed in Arabic (RTL HTML and a text
part) to everyone who may moderate, once per period, queued and delivered by run_scheduler to
a real SMTP server on loopback."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from jarida.comments.models import Comment
from jarida.comments.tests.factories import CommentFactory
from jarida.news.tests.factories import ArticleFactory
from jarida.newsroom.digest import send_moderation_digest, waiting_label
from jarida.outbox.tests.smtp import through_outbox

pytestmark = pytest.mark.django_db


@pytest.fixture
def waiting(politics):
    article = ArticleFactory(parent=politics, title="الانتخابات البلدية")
    return [
        CommentFactory(article=article, status=Comment.Status.PENDING, body=f"رأيي رقم {n}")
        for n in range(3)
    ] + [CommentFactory(article=article, status=Comment.Status.APPROVED, body="منشور")]


def test_the_desk_gets_one_digest_per_period_in_arabic(
    smtp_sink, waiting, moderator, chief, reporter, editor
):
    sink, port = smtp_sink
    with override_settings(**through_outbox(port), MODERATION_DIGEST_HOURS=24):
        call_command("run_scheduler", "--once")
        call_command("run_scheduler", "--once")  # the same period: nothing more

    assert sorted(e.rcpt_tos[0] for e in sink.envelopes) == [
        "chief@example.com",
        "moderator@example.com",
    ]
    message = sink.messages()[0]
    # (Django folds an encoded subject onto a continuation line: the parser keeps its space.)
    assert message["Subject"].strip() == "3 تعليقات بانتظار المراجعة"
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert 'dir="rtl"' in html
    for body in ("رأيي رقم 0", "رأيي رقم 2"):
        assert body in text and body in html
    assert "منشور" not in text
    assert "الانتخابات البلدية" in text
    assert "/admin/" in text


def test_the_next_period_sends_again_if_comments_still_wait(smtp_sink, waiting, moderator):
    _, port = smtp_sink
    with override_settings(**through_outbox(port), MODERATION_DIGEST_HOURS=24):
        now = timezone.now()
        assert send_moderation_digest(now) == 1
        assert send_moderation_digest(now + dt.timedelta(hours=23)) == 0
        assert send_moderation_digest(now + dt.timedelta(hours=25)) == 1


def test_nothing_waiting_means_no_digest(smtp_sink, moderator, politics):
    sink, port = smtp_sink
    CommentFactory(article=ArticleFactory(parent=politics), status=Comment.Status.APPROVED)
    with override_settings(**through_outbox(port)):
        call_command("run_scheduler", "--once")

    assert sink.envelopes == []


@pytest.mark.parametrize(
    ("count", "said"),
    [(1, "تعليق واحد"), (2, "تعليقان"), (3, "3 تعليقات"), (10, "10 تعليقات"), (11, "11 تعليقًا")],
)
def test_counts_read_as_arabic_counts_them(count, said):
    assert waiting_label(count) == said
