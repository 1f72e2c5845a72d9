"""Cache coherence, proven by a model-based test: whatever the newsroom does, in whatever
order, every reader surface served through the caches equals a fresh render, and the CDN
is told to purge every URL whose content changed, on the one host SITE_URL names.

`CacheCoherence` is a hypothesis state machine. It builds a small paper (three sections, six
articles with tags, authors, credited lead photos, a correction, comments), then applies
random editorial actions: publish, edit a headline or a body, a substantive update,
unpublish, take down, lift a takedown, schedule and run the scheduler after time has
passed, breaking on and off, publish an older revision, move an article to another
section, change its slug, retitle a section, edit a lead photo's credit, approve or reject
a comment. After each action it reads every reader surface twice: through the caches, as an
anonymous reader (the previous check left every cache warm), and with every cache alias a
DummyCache and the page cache off. The two must be equal (status, redirect target, body),
and every URL a CDN may keep (its cached response forbids nothing: no private, no-store,
no-cache or zero max-age) whose fresh content changed must be in the purge list of a
recording frontend-cache backend. The fresh render is the truth, status included (a
taken-down article answers 404 today, 410 once the rewrite lands). One model rule holds
besides: a taken-down article is on no surface, and its own URLs answer 404 or 410.

It reads only public URLs; the actions go through one layer (`coherence.Newsroom`), so the
test outlives a rewrite of the cache. When it fails, hypothesis prints the shortest list of
actions it found that leads to the failure, as Python steps; they replay by hand in a
test that has the `paper` fixture: `state = CacheCoherence()`, then `state.check()` (which
warms the caches) and, after each step, `state.check()` again, which returns what is
wrong; `state.teardown()` at the end.

To check that the machine would notice a missing purge, the mutation test below disconnects
one purge rule at a time (`coherence.PURGE_RULES`) and expects a counterexample.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import zoneinfo
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import unquote

import pytest
import time_machine
from django.conf import settings as django_settings
from django.core.cache import caches
from django.db import transaction
from django.test import override_settings
from django.utils import timezone
from hypothesis import HealthCheck, Phase, currently_in_test_context, note, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from jarida.news.tests.coherence import (
    ARTICLES,
    PURGE_RULES,
    PURGED,
    RECORDING_CDN,
    SECTION_TITLES,
    WORDS,
    Newsroom,
    Paper,
    Seen,
    build_paper,
    difference,
    paragraphs,
    purged_elsewhere,
    purged_paths,
    read,
    read_fresh,
    surfaces,
)

pytestmark = pytest.mark.django_db

# A fixed start (time then runs on, and the scheduler's rule moves it on): dates on every
# page stay the same from one run to the next. The paper is built at START, once per test;
# each example starts a minute later, from that paper.
START = dt.datetime(2025, 3, 12, 9, 0, tzinfo=zoneinfo.ZoneInfo("Asia/Beirut"))
EXAMPLE_START = START + dt.timedelta(minutes=1)
# The paper, and each of its surfaces freshly rendered as built: every example starts there.
PAPER: list[tuple[Paper, dict[str, Seen]]] = []

ARTICLE = st.integers(0, len(ARTICLES) - 1)
SECTION = st.integers(0, len(SECTION_TITLES) - 1)
WORD = st.sampled_from(WORDS)


def action(**arguments: st.SearchStrategy) -> Callable[[Callable[..., None]], Any]:
    """A rule of the machine, taken only where the machine allows it (`actions`)."""

    def decorate(method: Callable[..., None]) -> Any:
        name = method.__name__
        return precondition(lambda machine: machine.allows(name))(rule(**arguments)(method))

    return decorate


def say(text: str) -> None:
    """A line in the report of a failing example (and nothing when a step is replayed by
    hand, outside hypothesis)."""
    if currently_in_test_context():
        note(text)


def clear_caches() -> None:
    for alias in django_settings.CACHES:
        caches[alias].clear()


@pytest.fixture(autouse=True)
def paper(db: None) -> Iterator[Paper]:
    """The paper every example of the test starts from (examples roll back to it), read
    once freshly: that also makes its photos' renditions, which every example then shares."""
    with time_machine.travel(START, tick=True), Newsroom().committing():
        built = build_paper(timezone.now())
        as_built = read_fresh(surfaces(built, set()))
    PAPER[:] = [(built, as_built)]
    yield built
    PAPER.clear()


class CacheCoherence(RuleBasedStateMachine):
    """The paper, the newsroom's actions on it, and what readers and the CDN must see."""

    # The actions (rule names) this machine may take; None for all of them.
    actions: frozenset[str] | None = None

    def __init__(self) -> None:
        super().__init__()
        self.clock = time_machine.travel(EXAMPLE_START, tick=True)
        self.coordinates = self.clock.start()
        # Each example is rolled back at its end, as a test case's transaction is.
        self.example = transaction.atomic()
        self.example.__enter__()
        self.cdn = override_settings(WAGTAILFRONTENDCACHE=RECORDING_CDN)
        self.cdn.enable()
        clear_caches()
        self.newsroom = Newsroom()
        self.paper, self.as_built = PAPER[0]
        self.urls_seen: set[str] = set()
        # What the previous check saw: fresh renders, and whether a CDN may keep each URL.
        self.before: dict[str, Seen] = {}
        self.cdn_kept: dict[str, bool] = {}
        self.edits = 0
        PURGED.clear()

    def teardown(self) -> None:
        PURGED.clear()
        transaction.set_rollback(True)
        self.example.__exit__(None, None, None)
        self.cdn.disable()
        self.clock.stop()
        clear_caches()

    # -- helpers ---------------------------------------------------------------------------

    def allows(self, name: str) -> bool:
        return self.actions is None or name in self.actions

    def pk(self, index: int) -> int:
        return self.paper.articles[index]

    def act(
        self, description: str, action: Callable[[], None], *, may_be_refused: bool = False
    ) -> None:
        """Run one action as its own commit; purges it leaves for the commit run then. An
        action that publishes a taken-down article may be refused (with an error of its own):
        it is then undone, and the checks that follow hold as after any other action."""
        say(description)
        PURGED.clear()
        with self.newsroom.committing():
            if not may_be_refused:
                action()
                return
            try:
                with transaction.atomic():
                    action()
            except Exception as refusal:  # the rewrite refuses this with an error of its own
                say(f"  refused: {refusal!r}")

    def publishes(self, index: int) -> bool:
        """Whether an edit of the article is published (a live article's is; a draft's is
        saved as a draft)."""
        return self.newsroom.is_live(self.pk(index))

    def refusable(self, index: int) -> bool:
        return self.newsroom.is_taken_down(self.pk(index))

    # -- the newsroom's actions ------------------------------------------------------------

    @action(index=ARTICLE)
    def publish(self, index: int) -> None:
        self.act(
            f"publish article {index}",
            lambda: self.newsroom.publish(self.pk(index)),
            may_be_refused=self.refusable(index),
        )

    @action(index=ARTICLE, word=WORD)
    def edit_headline(self, index: int, word: str) -> None:
        title = f"{ARTICLES[index][0]} ({word})"
        publish = self.publishes(index)
        self.act(
            f"edit headline of article {index} to {title!r}, publish={publish}",
            lambda: self.newsroom.edit(self.pk(index), publish=publish, title=title),
            may_be_refused=self.refusable(index),
        )

    @action(index=ARTICLE, word=WORD)
    def edit_body(self, index: int, word: str) -> None:
        # A small change: one word in the second paragraph (not substantive by itself).
        body = paragraphs(f"{ARTICLES[index][0]}، في تقرير مراسلنا.", f"وقال مصدر {word}.")
        publish = self.publishes(index)
        self.act(
            f"edit body of article {index} ({word}), publish={publish}",
            lambda: self.newsroom.edit(self.pk(index), publish=publish, body=body),
            may_be_refused=self.refusable(index),
        )

    @action(index=ARTICLE, word=WORD)
    def substantive_update(self, index: int, word: str) -> None:
        self.edits += 1
        body = paragraphs(
            f"{ARTICLES[index][0]}، في تقرير مراسلنا.", f"تحديث {self.edits}: {word} جديد."
        )
        publish = self.publishes(index)
        self.act(
            f"substantive update of article {index}, publish={publish}",
            lambda: self.newsroom.edit(
                self.pk(index), publish=publish, body=body, substantive_update=True
            ),
            may_be_refused=self.refusable(index),
        )

    @precondition(lambda self: any(self.newsroom.is_live(pk) for pk in self.paper.articles))
    @action(index=ARTICLE)
    def unpublish(self, index: int) -> None:
        if self.newsroom.is_live(self.pk(index)):
            self.act(f"unpublish article {index}", lambda: self.newsroom.unpublish(self.pk(index)))

    @action(index=ARTICLE)
    def take_down(self, index: int) -> None:
        if not self.newsroom.is_taken_down(self.pk(index)):
            self.act(f"take down article {index}", lambda: self.newsroom.take_down(self.pk(index)))

    @action(index=ARTICLE)
    def lift_takedown(self, index: int) -> None:
        if self.newsroom.is_taken_down(self.pk(index)):
            self.act(
                f"lift the takedown of article {index}", lambda: self.newsroom.lift(self.pk(index))
            )

    # Times stay under the page cache's five minutes, which would otherwise hide a stale page.
    @action(index=ARTICLE, minutes=st.sampled_from([2, 3]), word=WORD)
    def schedule(self, index: int, minutes: int, word: str) -> None:
        at = timezone.now() + dt.timedelta(minutes=minutes)
        title = f"{ARTICLES[index][0]} ({word})"
        self.act(
            f"schedule article {index} with headline {title!r} in {minutes} minutes",
            lambda: self.newsroom.edit(self.pk(index), publish=True, title=title, go_live_at=at),
            may_be_refused=self.refusable(index),
        )

    @action(minutes=st.sampled_from([1, 4]))
    def run_scheduler(self, minutes: int) -> None:
        self.coordinates.shift(dt.timedelta(minutes=minutes))
        self.act(f"{minutes} minutes later, the scheduler runs", self.newsroom.run_scheduler)

    @action(index=ARTICLE, on=st.booleans(), minutes=st.sampled_from([3, 240]))
    def breaking(self, index: int, on: bool, minutes: int) -> None:
        until = timezone.now() + dt.timedelta(minutes=minutes) if on else None
        publish = self.publishes(index)
        self.act(
            f"breaking {'on for ' + str(minutes) + ' minutes' if on else 'off'} for article "
            f"{index}, publish={publish}",
            lambda: self.newsroom.edit(
                self.pk(index), publish=publish, is_breaking=on, breaking_until=until
            ),
            may_be_refused=self.refusable(index),
        )

    @action(index=ARTICLE, which=st.integers(0, 5))
    def restore_revision(self, index: int, which: int) -> None:
        self.act(
            f"publish revision {which} (oldest first, modulo) of article {index}",
            lambda: self.newsroom.restore(self.pk(index), which),
            may_be_refused=self.refusable(index),
        )

    @action(index=ARTICLE, offset=st.sampled_from([1, 2]))
    def move(self, index: int, offset: int) -> None:
        """Move the article to another section: the next one, or the one after."""
        current = self.paper.sections.index(self.newsroom.article(self.pk(index)).get_parent().pk)
        section = (current + offset) % len(self.paper.sections)
        self.act(
            f"move article {index} to section {section}",
            lambda: self.newsroom.move(self.pk(index), self.paper.sections[section]),
        )

    @action(index=ARTICLE, word=WORD)
    def rename(self, index: int, word: str) -> None:
        slug = f"خبر-{index}-{word}"
        publish = self.publishes(index)
        self.act(
            f"change the slug of article {index} to {slug!r}, publish={publish}",
            lambda: self.newsroom.edit(self.pk(index), publish=publish, slug=slug),
            may_be_refused=self.refusable(index),
        )

    @action(section=SECTION, word=WORD)
    def retitle_section(self, section: int, word: str) -> None:
        title = f"{SECTION_TITLES[section]} و{word}"
        self.act(
            f"retitle section {section} to {title!r}",
            lambda: self.newsroom.retitle_section(self.paper.sections[section], title),
        )

    @action(photo=st.integers(0, 1), word=WORD)
    def edit_photo_credit(self, photo: int, word: str) -> None:
        credit = f"© {word}"
        self.act(
            f"credit photo {photo} to {credit!r}",
            lambda: self.newsroom.set_photo_credit(self.paper.photos[photo], credit),
        )

    @action(comment=st.integers(0, 3), approve=st.booleans())
    def moderate_comment(self, comment: int, approve: bool) -> None:
        self.act(
            f"{'approve' if approve else 'reject'} comment {comment}",
            lambda: self.newsroom.moderate_comment(self.paper.comments[comment], approve),
        )

    # -- what readers and the CDN must see -------------------------------------------------

    @invariant()
    def readers_and_the_cdn_see_what_a_fresh_render_says(self) -> None:
        problems = self.check()
        assert not problems, "\n  ".join(["after the last action:", *problems])

    def check(self) -> list[str]:
        """What readers or the CDN would get wrong after the last action (nothing, if the
        caches are coherent); the machine then remembers what it saw."""
        urls = surfaces(self.paper, self.urls_seen)
        cached = read(urls)
        # Before any action the paper is as built, and so is its fresh rendering.
        fresh = read_fresh(urls) if self.before else dict(self.as_built)
        problems = [
            f"stale {url}: {difference(cached[url], fresh[url])}"
            for url in urls
            if cached[url].differs_from(fresh[url])
        ]
        purged = purged_paths()
        everything = "/*" in purged  # the whole site (`jarida.pagecache.cdn.everything`)
        problems += [
            f"not purged {url}: {self.before[url].status} → {fresh[url].status}"
            for url in urls
            if url in self.before
            and self.cdn_kept[url]
            and fresh[url].differs_from(self.before[url])
            and url not in purged
            and not everything
        ]
        problems += [f"purged on another host than SITE_URL: {url}" for url in purged_elsewhere()]
        problems += self.takedowns_hold(fresh)
        self.before = fresh
        self.cdn_kept = {url: seen.cdn_may_keep for url, seen in cached.items()}
        PURGED.clear()
        return problems

    def takedowns_hold(self, fresh: dict[str, Seen]) -> list[str]:
        """A taken-down article is on no surface, and its own URLs do not serve it."""
        problems = []
        for index, pk in enumerate(self.paper.articles):
            if not self.newsroom.is_taken_down(pk):
                continue
            article = self.newsroom.article(pk)
            own = {unquote(article.url or ""), f"/a/{pk}/", f"/api/v1/articles/{pk}/"}
            # As HTML and XML print it, and as JSON may escape it.
            titles = {article.title, json.dumps(article.title)[1:-1]}
            for url in own & fresh.keys():
                if (status := fresh[url].status) not in (404, 410):
                    problems.append(f"taken-down article {index} answers {status} at {url}")
            problems += [
                f"taken-down article {index} shown on {url}"
                for url, seen in fresh.items()
                if url not in own and any(title in seen.body for title in titles)
            ]
        return problems


# Each check renders some 45 URLs twice (2 to 4 s): a few short examples keep the test within
# CI's time. For a longer search (before a release, or after changing a purge rule), raise:
#   COHERENCE_EXAMPLES=50 COHERENCE_STEPS=12 pytest jarida/news/tests/test_cache_coherence.py
CI_SETTINGS = settings(
    max_examples=int(os.environ.get("COHERENCE_EXAMPLES", "3")),
    stateful_step_count=int(os.environ.get("COHERENCE_STEPS", "5")),
    deadline=None,
    database=None,
    print_blob=True,
    suppress_health_check=list(HealthCheck),
    # A failing example is shrunk to its shortest form (hypothesis gives up after five
    # minutes); the explain phase, which reruns it to say which lines only it ran, is left
    # out: at seconds per run it would double a failing run's time and tell little here.
    phases=[Phase.explicit, Phase.generate, Phase.shrink],
)

TestCacheCoherence = CacheCoherence.TestCase
TestCacheCoherence.settings = CI_SETTINGS


# For each purge rule, the actions that must reveal its absence.
REVEALED_BY = {
    "article published or unpublished": ("edit_headline", "unpublish"),
    "page moved": ("move",),
    "comment shown or hidden": ("moderate_comment",),
    "lead photo edited": ("edit_photo_credit",),
}


@pytest.mark.parametrize("name", sorted(PURGE_RULES))
def test_the_machine_notices_when_a_purge_rule_is_removed(name: str) -> None:
    """With one purge rule disconnected, the machine, taking the actions that rule is for,
    finds a sequence that leaves a stale surface or an unpurged URL."""
    machine = type(
        f"Without{name.title().replace(' ', '')}",
        (CacheCoherence,),
        {"actions": frozenset(REVEALED_BY[name])},
    )
    connections = PURGE_RULES[name]
    for signal, receiver, sender in connections:
        assert signal.disconnect(receiver, sender=sender), f"{name}: {receiver} not connected"
    try:
        with pytest.raises(AssertionError, match="after the last action"):
            run_state_machine_as_test(
                machine,
                settings=settings(
                    CI_SETTINGS,
                    max_examples=10,
                    stateful_step_count=3,
                    phases=[Phase.generate],
                    print_blob=False,
                ),
            )
    finally:
        for signal, receiver, sender in connections:
            signal.connect(receiver, sender=sender)
