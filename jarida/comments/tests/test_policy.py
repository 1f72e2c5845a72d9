"""The moderation policy, driven through the form: banned and suspect words however they are
disguised, links, repeated text, the honeypot and the minimum time to fill the form."""

from __future__ import annotations

import pytest
from django.test import override_settings
from hypothesis import given
from hypothesis import strategies as st

from jarida.arabic.tests.strategies import PROPERTY
from jarida.comments.matching import WordMatcher
from jarida.comments.models import Comment, ModerationWord
from jarida.comments.policy import Action, Reason, Rule, Submission
from jarida.comments.tests.reader import Reader
from jarida.news.tests.factories import ArticleFactory
from jarida.news.tests.html import visible_text

pytestmark = pytest.mark.django_db

REJECTED = "يحتوي التعليق على كلمات لا ننشرها"


@pytest.fixture
def words(db):
    ModerationWord.objects.create(word="حمار", kind=ModerationWord.Kind.BANNED)
    ModerationWord.objects.create(word="أحمق", kind=ModerationWord.Kind.BANNED)
    ModerationWord.objects.create(word="مؤامرة", kind=ModerationWord.Kind.SUSPECT)


@pytest.mark.parametrize(
    "body",
    [
        "أنت حمار",  # plain
        "أنت حِمَارٌ",  # harakat
        "أنت حمـــــار",  # tatweel
        "أنت إحمق",  # another alef with hamza
        "أنت احمق",  # bare alef
        "أنت ح م ا ر",  # spaced letters
        "أنت ح.م.ا.ر",  # dotted letters
        "أنت ح_م_ا_ر",  # underscored letters
        "أنت 7مار",  # Arabizi digit
        "أنت ٧مار",  # the same digit, Arabic-Indic
        "أنت حمااااار",  # stretched by repeating a letter
        "أنت ح\u200bم\u200cا\u200dر",  # zero-width characters between the letters
        "أنت \u202eرامح\u202c حمار",  # a bidi override around the word
        "أنت والحمار سواء",  # with a conjunction and the article
        "ﺣﻤﺎﺭ",  # presentation forms
        "أنت حمار" + " " * 50,  # trailing spaces
    ],
)
def test_a_banned_word_is_rejected_however_it_is_written(words, reader, body):
    article = ArticleFactory()

    response = reader.send(article, body=body)

    assert response.status_code == 400
    assert REJECTED in visible_text(response.content.decode())
    assert reader.form_fields(response.content.decode())["body"].strip() == body.strip()
    assert not Comment.objects.exists()


def test_a_banned_word_in_the_name_is_rejected_too(words, reader):
    response = reader.send(ArticleFactory(), name="الحمار", body="تعليق عادي")

    assert response.status_code == 400


@pytest.mark.parametrize("body", ["أنت حم ار", "enta 7mar", "ya 5ara 3alek 7mar"])
def test_a_banned_word_found_only_loosely_is_held_for_the_desk(words, reader, body):
    assert reader.send(ArticleFactory(), body=body).status_code == 303

    comment = Comment.objects.get()
    assert comment.status == Comment.Status.PENDING
    assert comment.moderation_reasons[0]["rule"] == "banned_word"
    assert "حمار" in comment.held_because


@pytest.mark.parametrize(
    "body",
    [
        "قلب المدينة ينبض",  # shares two letters with nothing listed
        "الحمراء مدينة أندلسية",  # حمر without the alef
        "تحدث عن المؤتمر",  # close to مؤامرة, not it
        "زار حماة أمس",  # a city
    ],
)
def test_innocent_words_are_not_caught(words, reader, body):
    assert reader.send(ArticleFactory(), body=body).status_code == 303

    assert Comment.objects.get().moderation_reasons == []


def test_a_suspect_word_holds_the_comment_and_says_which(words, reader):
    assert reader.send(ArticleFactory(), body="إنها مُؤامَرةٌ واضحة").status_code == 303

    comment = Comment.objects.get()
    assert comment.status == Comment.Status.PENDING
    assert comment.moderation_reasons == [
        {"rule": "suspect_word", "message": "كلمة مشبوهة: «مؤامرة»"}
    ]


@pytest.mark.parametrize(
    ("body", "held"),
    [
        ("مصدر الخبر https://example.com/a", False),
        ("انظر https://a.example.com و www.b.org و c.net/x", True),
        ("روابط: spam[.]com و spam(.)ru و spam dot xyz", True),
    ],
)
def test_more_links_than_the_limit_hold_the_comment(reader, body, held):
    with override_settings(COMMENTS_MAX_LINKS=2):
        assert reader.send(ArticleFactory(), body=body).status_code == 303

    reasons = [r["rule"] for r in Comment.objects.get().moderation_reasons]
    assert reasons == (["links"] if held else [])


def test_a_link_in_the_name_holds_the_comment(reader):
    assert reader.send(ArticleFactory(), name="casino-win.com", body="عرض").status_code == 303

    assert Comment.objects.get().held_because == "رابط في خانة الاسم"


def test_the_same_text_twice_on_one_article_from_one_reader_is_refused(reader):
    article = ArticleFactory()
    assert reader.send(article, body="الحكومة مسؤولة عن الأزمة").status_code == 303

    again = reader.send(article, body="الحكومة   مسؤولةٌ عن الأزمة!")

    assert again.status_code == 400
    assert "وصلنا هذا التعليق منك من قبل" in visible_text(again.content.decode())
    assert Comment.objects.count() == 1


def test_the_same_text_from_another_reader_is_their_own_comment(reader):
    article = ArticleFactory()
    assert reader.send(article, body="شكراً على التقرير").status_code == 303

    assert Reader("198.51.100.9").send(article, body="شكراً على التقرير").status_code == 303
    assert Comment.objects.count() == 2


def test_the_same_long_text_across_three_articles_is_held_as_a_campaign(reader):
    text = "اربح جائزة كبرى اليوم بالتسجيل في موقعنا المميز"
    for n in range(2):
        Reader(f"198.51.100.{n + 1}").send(ArticleFactory(), body=text)

    assert reader.send(ArticleFactory(), body=text).status_code == 303

    assert Comment.objects.latest("pk").held_because == "النص نفسه على 3 أخبار"


def test_one_word_over_and_over_is_held(reader):
    assert reader.send(ArticleFactory(), body="كذب " * 12).status_code == 303

    assert Comment.objects.get().moderation_reasons[0]["rule"] == "repeated"


def test_a_bot_that_fills_the_hidden_field_is_refused(reader):
    response = reader.send(ArticleFactory(), body="تعليق", website="http://spam.example")

    assert response.status_code == 400
    assert "تعذّر قبول التعليق" in visible_text(response.content.decode())
    assert not Comment.objects.exists()


def test_the_hidden_field_is_hidden_from_people_and_screen_readers(reader):
    page = reader.open_form(ArticleFactory()).content.decode()

    assert "الموقع الإلكتروني" not in visible_text(page)
    assert 'aria-hidden="true"' in page.split('name="website"')[0].rsplit("<div", 1)[1]


def test_a_form_sent_back_within_a_second_is_refused_then_accepted_after_a_moment(reader):
    article = ArticleFactory()

    response = reader.send(article, body="سريع جداً", wait=0.5)

    assert response.status_code == 400
    assert "بسرعة غير معتادة" in visible_text(response.content.decode())
    assert reader.resend(article, response, wait=5).status_code == 303


class HoldEverything(Rule):
    code = "hold_all"

    def check(self, submission, policy):
        return Reason(self.code, "كل شيء يُراجع", Action.HOLD)


class StrictPolicy:
    """A newsroom's own policy: its own rules, named in COMMENTS_POLICY."""

    rate_limits = ()

    def throttle(self, request, article_id, client_hash):
        from jarida.comments.policy import Throttle

        return Throttle()

    def moderate(self, submission):
        from jarida.comments.policy import Verdict

        return Verdict((HoldEverything().check(submission, self),))


def test_the_policy_is_whatever_the_setting_names(reader):
    with override_settings(COMMENTS_POLICY=f"{__name__}.StrictPolicy"):
        assert reader.send(ArticleFactory(), body="عادي").status_code == 303

    assert Comment.objects.get().held_because == "كل شيء يُراجع"


arabic_words = st.text(alphabet="ابتثجحخدذرزسشصضطظعغفقكلمنهوي", min_size=3, max_size=8)
decorations = st.lists(st.sampled_from(["\u064e", "\u064f", "\u0650", "\u0651", "\u0640"]))


@PROPERTY
@given(word=arabic_words, marks=st.lists(decorations, min_size=8, max_size=8))
def test_harakat_and_tatweel_anywhere_never_hide_a_listed_word(word, marks):
    disguised = "".join(letter + "".join(m) for letter, m in zip(word, marks, strict=False))
    found = WordMatcher([word]).find(f"قال {disguised} اليوم")

    assert [f.exactness for f in found] == ["exact"]


@PROPERTY
@given(word=arabic_words, separator=st.sampled_from([" ", ".", "-", "_", "*", " . "]))
def test_letters_pulled_apart_never_hide_a_listed_word(word, separator):
    found = WordMatcher([word]).find(f"قال {separator.join(word)} اليوم")

    assert found and found[0].exactness == "exact"


def test_a_policy_submission_keeps_its_fingerprint_stable_across_disguises():
    plain = Submission(article_id=1, name="س", body="الحكومة مسؤولة")
    disguised = Submission(article_id=1, name="س", body="الحُكومةُ   مسؤولـــة")

    assert plain.fingerprint == disguised.fingerprint


def test_numbers_are_not_letters_stretched_out(reader):
    article = ArticleFactory()
    assert reader.send(article, body="قُتل 11 شخصاً").status_code == 303

    assert reader.send(article, body="قُتل 111 شخصاً").status_code == 303
    assert Comment.objects.count() == 2
