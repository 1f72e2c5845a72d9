"""Scheduled publishing: on time with no site traffic, never twice, same side effects."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import time
import zoneinfo
from pathlib import Path

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from wagtail.models import PageLogEntry
from wagtail.signals import page_published

from jarida.news.models import ArticlePage
from jarida.news.tests.factories import ArticleFactory
from jarida.newsroom.models import SchedulerLease
from jarida.newsroom.tests.editor import edit_article

ROOT = Path(__file__).resolve().parents[3]
BEIRUT = zoneinfo.ZoneInfo("Asia/Beirut")


def schedule_through_the_admin(client, editor, article, go_live_at: dt.datetime, **fields):
    client.force_login(editor)
    local = go_live_at.astimezone(BEIRUT).strftime("%Y-%m-%d %H:%M")
    response = edit_article(client, article, "publish", go_live_at=local, **fields)
    assert response.status_code == 302
    article.refresh_from_db()
    return article


def scheduled_article(go_live_at: dt.datetime, **fields) -> ArticlePage:
    article = ArticleFactory(publish=False, go_live_at=go_live_at, **fields)
    article.get_latest_revision().publish()
    article.refresh_from_db()
    assert not article.live
    return article


@pytest.mark.django_db
def test_a_scheduled_article_stays_hidden_until_its_time_then_goes_live(
    client, editor, politics, django_capture_on_commit_callbacks
):
    article = ArticleFactory(parent=politics, publish=False, title="خبر الساعة العاشرة")
    go_live = dt.datetime(2030, 3, 1, 10, 0, tzinfo=BEIRUT)
    schedule_through_the_admin(client, editor, article, go_live)

    with time_machine.travel(go_live - dt.timedelta(minutes=1), tick=False):
        call_command("run_scheduler", "--once")
        article.refresh_from_db()
        assert not article.live
        assert "خبر الساعة العاشرة" not in client.get("/").content.decode()

    with time_machine.travel(go_live + dt.timedelta(seconds=20), tick=False):
        with django_capture_on_commit_callbacks(execute=True):  # its purges run, as on commit
            call_command("run_scheduler", "--once")
        article.refresh_from_db()
        assert article.live
        assert "خبر الساعة العاشرة" in client.get("/").content.decode()
        assert (
            PageLogEntry.objects.filter(page=article, action="wagtail.publish.scheduled").count()
            == 1
        )


@pytest.mark.django_db
def test_an_expired_article_leaves_the_site_even_before_the_scheduler_runs(client, politics):
    expiry = dt.datetime(2030, 3, 1, 10, 0, tzinfo=BEIRUT)
    with time_machine.travel(expiry - dt.timedelta(hours=2), tick=False):
        article = ArticleFactory(parent=politics, title="عرض ينتهي", expire_at=expiry)
        assert "عرض ينتهي" in client.get(politics.url).content.decode()

    with time_machine.travel(expiry + dt.timedelta(seconds=1), tick=False):
        assert "عرض ينتهي" not in client.get(politics.url).content.decode()
        assert client.get(article.url).status_code == 404
        call_command("run_scheduler", "--once")
        article.refresh_from_db()
        assert not article.live and article.expired


@pytest.mark.django_db
def test_a_scheduled_publish_fires_the_same_signal_as_a_manual_one(politics):
    article = scheduled_article(timezone.now() + dt.timedelta(minutes=5))
    published = []

    def receiver(sender, instance, **kwargs):
        published.append((instance.pk, instance.live))

    page_published.connect(receiver)
    try:
        with time_machine.travel(timezone.now() + dt.timedelta(minutes=6), tick=False):
            call_command("run_scheduler", "--once")
    finally:
        page_published.disconnect(receiver)

    assert published == [(article.pk, True)]


@pytest.mark.django_db
def test_each_tick_records_when_the_scheduler_last_ran():
    call_command("run_scheduler", "--once")

    lease = SchedulerLease.objects.get(name="publish")
    assert lease.ticks == 1 and lease.last_tick_at is not None and ":" in lease.holder


def subprocess_env() -> dict[str, str]:
    """Point a child process at this test run's database."""
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        url = f"sqlite:///{settings['NAME']}"
    else:
        url = (
            f"postgres://{settings['USER']}:{settings['PASSWORD']}@{settings['HOST']}:"
            f"{settings['PORT']}/{settings['NAME']}"
        )
    return {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "jarida.settings"}


def start_scheduler() -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "manage.py", "run_scheduler", "--interval", "0.5"],
        cwd=ROOT,
        env=subprocess_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def wait_until(condition, timeout: float = 30.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_real_scheduler_process_publishes_with_no_site_traffic():
    article = scheduled_article(timezone.now() + dt.timedelta(seconds=6))
    scheduler = start_scheduler()
    try:
        went_live = wait_until(lambda: ArticlePage.objects.get(pk=article.pk).live)
    finally:
        scheduler.terminate()
        _, errors = scheduler.communicate(timeout=20)

    assert went_live, errors.decode()
    assert scheduler.returncode == 0, errors.decode()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_schedulers_never_publish_the_same_article_twice():
    # Due once all five are scheduled (creating them takes time on a busy machine).
    due = timezone.now() + dt.timedelta(seconds=10)
    articles = [scheduled_article(due) for _ in range(5)]
    schedulers = [start_scheduler(), start_scheduler()]
    try:
        all_live = wait_until(
            lambda: (
                ArticlePage.objects.filter(pk__in=[a.pk for a in articles], live=True).count()
                == len(articles)
            )
        )
        time.sleep(1.5)  # both keep ticking: nothing more may happen
    finally:
        for scheduler in schedulers:
            scheduler.terminate()
        errors = [s.communicate(timeout=20)[1].decode() for s in schedulers]

    assert all_live, errors
    for article in articles:
        entries = PageLogEntry.objects.filter(page=article, action="wagtail.publish.scheduled")
        assert entries.count() == 1, f"{article.pk} published {entries.count()} times"
    assert SchedulerLease.objects.get(name="publish").ticks >= 2


@pytest.mark.django_db
def test_the_scheduler_status_is_visible_to_the_chief(client, chief):
    call_command("run_scheduler", "--once")
    client.force_login(chief)

    html = client.get(reverse("wagtailadmin_home")).content.decode()

    assert "المجدول" in html
