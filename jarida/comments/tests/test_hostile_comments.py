"""Comments from someone trying to get round the desk: banned words hidden with invisible
characters or dotless look-alike letters, and a flood from a few clients that must not shut
an article's comments for everyone else."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import override_settings
from django.utils import timezone

from jarida.comments.models import Comment, ModerationWord
from jarida.comments.tests.reader import Reader
from jarida.news.tests.factories import ArticleFactory
from jarida.news.tests.html import visible_text

pytestmark = pytest.mark.django_db

REJECTED = "يحتوي التعليق على كلمات لا ننشرها"
INVISIBLE = ["\u034f", "\u2061", "\u180e", "\ufe0f", "\u3164", "\u115f", "\uffa0", "\u206a"]


@pytest.fixture
def banned(db):
    ModerationWord.objects.create(word="كلب", kind=ModerationWord.Kind.BANNED)


@pytest.mark.parametrize(
    "body",
    [f"أنت كل{char}ب" for char in INVISIBLE] + ["أنت كلٮ", "أنت كلٻ", "أنت ڪلٮ", "أنت الكلٻ"],
)
def test_a_banned_word_hidden_by_invisible_or_look_alike_letters_is_rejected(banned, reader, body):
    article = ArticleFactory()

    response = reader.send(article, body=body)

    assert response.status_code == 400
    assert REJECTED in visible_text(response.content.decode())
    assert not Comment.objects.exists()


@pytest.mark.parametrize("char", INVISIBLE)
def test_invisible_characters_are_not_stored(reader, char):
    article = ArticleFactory()

    response = reader.send(article, body=f"رأي{char} جميل{char} في الخبر")

    assert response.status_code == 303
    assert Comment.objects.get().body == "رأي جميل في الخبر"


def test_emoji_keep_their_variation_selectors(reader):
    article = ArticleFactory()

    reader.send(article, body="أحببت الخبر ❤️ 👍🏽 🏳️\u200d🌈")

    assert Comment.objects.get().body == "أحببت الخبر ❤️ 👍🏽 🏳️\u200d🌈"


@override_settings(
    COMMENTS_RATE_PER_CLIENT="5/10m", COMMENTS_RATE_PER_ARTICLE="60/m", COMMENTS_DEFAULT_MODE="open"
)
def test_a_flood_from_13_clients_does_not_shut_the_article_for_a_new_reader():
    article = ArticleFactory()
    flooders = [Reader(f"198.51.100.{n}") for n in range(13)]
    # Everyone's watch starts at the top of a minute: the flood (about 20 s) and the new
    # reader fall in one rate window, whatever the wall clock says.
    start = timezone.now().replace(second=0, microsecond=0) + dt.timedelta(minutes=1)
    for flooder in flooders:
        flooder.now = start
    refused = 0
    for round_ in range(5):
        for n, flooder in enumerate(flooders):
            response = flooder.send(article, body=f"رسالة {n} رقم {round_}", wait=4)
            refused += response.status_code == 429

    newcomer = Reader("192.0.2.200")
    newcomer.now = max(flooder.now for flooder in flooders)  # arrives right after the flood
    response = newcomer.send(article, body="رأيي في الخبر بعد قراءته", wait=5)

    assert response.status_code == 303
    # Past the article's limit the new reader's comment is taken and held for the desk.
    comment = Comment.objects.get(body="رأيي في الخبر بعد قراءته")
    assert comment.status == Comment.Status.PENDING
    assert [r["rule"] for r in comment.moderation_reasons] == ["rate_article"]
    # Each flooder stayed within its own limit: nobody was refused, the excess was held.
    assert refused == 0
    assert Comment.objects.filter(status=Comment.Status.PENDING).count() >= 65 - 60
