"""The moderation policy: what happens to a comment before a person sees it.

Shaped after django-contrib-comments' moderation module: one policy object, named by a
dotted path in COMMENTS_POLICY, made of small rules. Each rule looks at a submission and may
give a reason to HOLD it for the desk or to REJECT it outright; the strictest reason wins and
every reason is kept on the comment, so the desk sees which rule held it. ALLOW only means "no
rule objected": in a pre-moderated article the comment still waits for the desk.

Rate limits run first, before the form is even read, because their answer is different: a
429 with Retry-After, not a form error. They count in Django's cache (Redis in production, so
every worker sees the same counts; see `ratelimit.py`), keyed on the client's salted address
hash and on the article.

To change the policy, subclass `ModerationPolicy` (or `DefaultPolicy`), list your rules, and
point COMMENTS_POLICY at it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import IntEnum
from functools import cached_property
from typing import ClassVar

from django.http import HttpRequest
from django.utils import timezone
from django.utils.module_loading import import_string

from jarida.arabic import normalise
from jarida.comments import conf, ratelimit
from jarida.comments.matching import WordMatcher, squeeze

logger = logging.getLogger(__name__)

UNAVAILABLE = "تعذّر استلام تعليقك الآن بسبب عطل مؤقت في الموقع. نصّك محفوظ هنا: أعد إرساله بعد قليل."


class Action(IntEnum):
    ALLOW = 0
    HOLD = 1
    REJECT = 2


@dataclass(frozen=True)
class Reason:
    rule: str
    message: str  # for the desk, Arabic
    action: Action = Action.HOLD
    reader_message: str = ""  # for the reader when the comment is rejected, Arabic

    def as_dict(self) -> dict[str, str]:
        return {"rule": self.rule, "message": self.message}


@dataclass(frozen=True)
class Verdict:
    reasons: tuple[Reason, ...] = ()

    @property
    def action(self) -> Action:
        return max((r.action for r in self.reasons), default=Action.ALLOW)

    @property
    def reader_message(self) -> str:
        rejecting = [r.reader_message for r in self.reasons if r.action is Action.REJECT]
        return rejecting[0] if rejecting else ""


@dataclass(frozen=True)
class Submission:
    """A comment as sent, after the form has checked its shape."""

    article_id: int
    name: str
    body: str
    email: str = ""
    parent_id: int | None = None
    client_hash: str = ""
    seconds_to_fill: float | None = None  # since the form was served; None: unknown
    honeypot: str = ""
    received_at: dt.datetime = field(default_factory=timezone.now)

    @cached_property
    def fingerprint(self) -> str:
        return hashlib.sha256(squeeze(self.body).encode()).hexdigest()


@dataclass(frozen=True)
class Throttle:
    """The rate limits' answer: refused (429, retry after N seconds) or go on."""

    refused: bool = False
    message: str = ""
    retry_after: int = 0
    # The limits could not be checked (the cache is down): the comment is not taken now.
    unavailable: bool = False
    # A limit that holds instead of refusing was passed: the comment goes to the desk, with
    # this reason for it.
    hold: Reason | None = None


class WordLists:
    """The desk's banned and suspect words, read once per comment."""

    def __init__(self, banned: Sequence[str], suspect: Sequence[str]) -> None:
        self.banned = WordMatcher(banned)
        self.suspect = WordMatcher(suspect)

    @classmethod
    def load(cls) -> WordLists:
        from jarida.comments.models import ModerationWord

        words: dict[str, list[str]] = {"banned": [], "suspect": []}
        for word, kind in ModerationWord.objects.values_list("word", "kind"):
            words[kind].append(word)
        return cls(words["banned"], words["suspect"])


class Rule:
    """One check. Return a Reason to hold or reject, or None."""

    code: ClassVar[str]

    def check(self, submission: Submission, policy: ModerationPolicy) -> Reason | None:
        raise NotImplementedError


class HoneypotRule(Rule):
    """A field people never see and bots fill in."""

    code = "honeypot"

    def check(self, submission: Submission, policy: ModerationPolicy) -> Reason | None:
        if submission.honeypot.strip():
            return Reason(
                self.code,
                "مُلئ الحقل المخفي الذي لا يراه القراء (برنامج آلي)",
                Action.REJECT,
                "تعذّر قبول التعليق. اترك حقل «الموقع الإلكتروني» فارغاً ثم أرسله من جديد.",
            )
        return None


class MinimumTimeRule(Rule):
    """Nobody reads an article's form and types a comment in under a few seconds."""

    code = "too_fast"

    def check(self, submission: Submission, policy: ModerationPolicy) -> Reason | None:
        minimum = conf.min_fill_seconds()
        seconds = submission.seconds_to_fill
        if seconds is not None and seconds < minimum:
            return Reason(
                self.code,
                f"أُرسل بعد {seconds:.1f} ثانية من فتح النموذج",
                Action.REJECT,
                "أُرسل التعليق بسرعة غير معتادة. راجعه ثم اضغط «أرسل التعليق» مرة أخرى.",
            )
        return None


class BannedWordsRule(Rule):
    """Banned words reject; a banned word found only loosely (squeezed, Arabizi) holds."""

    code = "banned_word"

    def check(self, submission: Submission, policy: ModerationPolicy) -> Reason | None:
        found = policy.words.banned.find(f"{submission.name}\n{submission.body}")
        if not found:
            return None
        words = "، ".join(f"«{f.word}»" for f in found)
        if any(f.exactness == "exact" for f in found):
            return Reason(
                self.code,
                f"كلمة محظورة: {words}",
                Action.REJECT,
                "يحتوي التعليق على كلمات لا ننشرها. عدّل النص ثم أرسله من جديد.",
            )
        return Reason(self.code, f"كلمة محظورة مموّهة على الأرجح: {words}")


class SuspectWordsRule(Rule):
    code = "suspect_word"

    def check(self, submission: Submission, policy: ModerationPolicy) -> Reason | None:
        found = policy.words.suspect.find(f"{submission.name}\n{submission.body}")
        if found:
            return Reason(self.code, "كلمة مشبوهة: " + "، ".join(f"«{f.word}»" for f in found))
        return None


# A link: a scheme or www., or a bare host name ending in a common top-level domain. Dots
# written as [.] (.) or " dot " count too: that spelling exists only to dodge link filters.
_LINK = re.compile(
    r"(?:https?://|www\.)\S+|\b[\w-]+(?:\.[\w-]+)*\.(?:com|net|org|info|biz|io|co|me|ru|xyz"
    r"|top|online|site|ly|link|click|shop|app|tv|cc)\b",
    re.IGNORECASE,
)
_DISGUISED_DOT = re.compile(r"\s*(?:\[\.\]|\(\.\)|\[dot\]|\(dot\)|\sdot\s)\s*", re.IGNORECASE)


def count_links(text: str) -> int:
    return len(_LINK.findall(_DISGUISED_DOT.sub(".", normalise(text))))


class LinkLimitRule(Rule):
    code = "links"

    def check(self, submission: Submission, policy: ModerationPolicy) -> Reason | None:
        if count_links(submission.name):
            return Reason(self.code, "رابط في خانة الاسم")
        links, limit = count_links(submission.body), conf.max_links()
        if links > limit:
            return Reason(self.code, f"روابط كثيرة: {links} (الحدّ {limit})")
        return None


class RepeatedTextRule(Rule):
    """The same text again: from the same client on the same article (a resend, rejected),
    across several articles (a campaign, held), or one word over and over (held)."""

    code = "repeated"
    campaign_articles = 3
    campaign_min_length = 20

    def check(self, submission: Submission, policy: ModerationPolicy) -> Reason | None:
        from jarida.comments.models import Comment

        since = submission.received_at - dt.timedelta(hours=conf.repeat_window_hours())
        same_text = Comment.objects.filter(
            body_fingerprint=submission.fingerprint, created_at__gte=since
        )
        if (
            submission.client_hash
            and same_text.filter(
                article_id=submission.article_id, ip_hash=submission.client_hash
            ).exists()
        ):
            return Reason(
                self.code,
                "أرسل المرسل نفسه النص نفسه على هذا الخبر من قبل",
                Action.REJECT,
                "وصلنا هذا التعليق منك من قبل، ولا حاجة إلى إرساله مرة أخرى.",
            )
        if len(squeeze(submission.body)) >= self.campaign_min_length:
            articles = set(same_text.values_list("article_id", flat=True).distinct()[:10])
            articles.add(submission.article_id)
            if len(articles) >= self.campaign_articles:
                return Reason(self.code, f"النص نفسه على {len(articles)} أخبار")
        words = normalise(submission.body).split()
        if len(words) >= 8:
            word, times = Counter(words).most_common(1)[0]
            if times / len(words) >= 0.6:
                return Reason(self.code, f"تكرار كلمة «{word}» {times} مرة")
        return None


@dataclass(frozen=True)
class RateLimit:
    setting: str  # the COMMENTS_RATE_* setting that holds the rate
    scope: str  # "client" or "article"
    message: str  # for the reader (refused) or for the desk (held), Arabic
    # What passing it does: refuse the attempt (429), or take the comment and hold it for the
    # desk. An article's limit holds: refusing there would let a few clients' flood shut the
    # comments for every new reader.
    over: str = "refuse"


class ModerationPolicy:
    """Rate limits, then rules. Subclass and list your own."""

    rate_limits: ClassVar[Sequence[RateLimit]] = ()
    rules: ClassVar[Sequence[type[Rule]]] = ()

    @cached_property
    def words(self) -> WordLists:
        return WordLists.load()

    def throttle(self, request: HttpRequest, article_id: int, client_hash: str) -> Throttle:
        """Count this attempt against every limit; the first refusing one exceeded refuses
        it, a holding one exceeded sends it to the desk."""
        hold: Reason | None = None
        for limit in self.rate_limits:
            rate = conf.rate(limit.setting)
            if rate is None:
                continue
            value = client_hash if limit.scope == "client" else str(article_id)
            try:
                usage = ratelimit.hit(f"{limit.scope}:{value}", *rate)
            except ratelimit.Unavailable:
                # Limits fail closed for writes: a flood must not get in while they cannot
                # be counted. The reader is asked to send again shortly (503), text kept.
                return Throttle(unavailable=True, message=UNAVAILABLE, retry_after=30)
            if usage.refused and limit.over == "hold":
                hold = Reason(f"rate_{limit.scope}", limit.message)
            elif usage.refused:
                return Throttle(refused=True, message=limit.message, retry_after=usage.retry_after)
        return Throttle(hold=hold)

    def moderate(self, submission: Submission) -> Verdict:
        reasons = []
        for rule_class in self.rules:
            reason = rule_class().check(submission, self)
            if reason is not None:
                reasons.append(reason)
                if reason.action is Action.REJECT:
                    break  # rejected: later rules would only cost queries
        return Verdict(tuple(reasons))


class DefaultPolicy(ModerationPolicy):
    rate_limits = (
        RateLimit(
            "COMMENTS_RATE_PER_CLIENT",
            "client",
            "أرسلت تعليقات كثيرة في وقت قصير. انتظر قليلاً ثم أعد الإرسال؛ نصّك محفوظ أدناه.",
        ),
        RateLimit(
            "COMMENTS_RATE_PER_ARTICLE",
            "article",
            "وصل في وقت تدفّق كبير للتعليقات على هذا الخبر (فوق حدّ الخبر): حُجز للمراجعة.",
            over="hold",
        ),
    )
    # Cheap, decisive checks first: a rejection stops the rest.
    rules = (
        HoneypotRule,
        MinimumTimeRule,
        BannedWordsRule,
        RepeatedTextRule,
        SuspectWordsRule,
        LinkLimitRule,
    )


def get_policy() -> ModerationPolicy:
    """A fresh policy object for one comment (it keeps that comment's word lists)."""
    policy_class = import_string(conf.policy_path())
    return policy_class()  # type: ignore[no-any-return]
