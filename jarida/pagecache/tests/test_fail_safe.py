"""Every dependency can fail, and readers keep getting pages.

Run against a real Redis server started for each test (Debian's `redis-server`), stopped,
frozen (SIGSTOP) and restarted from its own saved data, and against a database that is
gone (the connection pointed at a server that does not answer): no mocks.

- Redis down or frozen: pages are rendered from the database, quickly, and the outage is
  logged once; comments, whose rate limits cannot be counted, answer an Arabic 503 with the
  reader's text kept.
- A purge made while Redis is down, or lost when Redis comes back from older saved data, is
  applied before the cache is read again: a taken-down article is never served stale.
- Database down: a stored page is served stale (never one a purge made stale), everything
  else an Arabic 503 with Retry-After.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import caches
from django.db import connection
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from jarida.news.tests.factories import ArticleFactory, SectionFactory
from jarida.pagecache.middleware import page_key
from jarida.settings import cache_settings

pytestmark = pytest.mark.django_db

REDIS = shutil.which("redis-server")
HEADLINE = "خبر يُسحب والذاكرة معطلة"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class RedisServer:
    """A real redis-server on a free port, saving to its own folder."""

    def __init__(self, folder: Path) -> None:
        self.folder, self.port = folder, free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                REDIS or "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--dir",
                str(self.folder),
                "--dbfilename",
                "dump.rdb",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
        )
        for _ in range(100):
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", self.port)):
                return
            time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def save(self) -> None:
        """Write its data to disk now, as Redis's periodic snapshots do."""
        subprocess.run(["redis-cli", "-p", str(self.port), "SAVE"], check=True, capture_output=True)

    def stop(self) -> None:
        """Gone, without saving: what is on disk is the last snapshot."""
        if self.process is not None:
            os.kill(self.process.pid, signal.SIGCONT)
            self.process.kill()
            self.process.wait(timeout=10)
            self.process = None

    def freeze(self) -> None:
        assert self.process is not None
        os.kill(self.process.pid, signal.SIGSTOP)

    def thaw(self) -> None:
        assert self.process is not None
        os.kill(self.process.pid, signal.SIGCONT)


@pytest.fixture
def redis(tmp_path, settings) -> Iterator[RedisServer]:
    if REDIS is None or shutil.which("redis-cli") is None:
        pytest.skip("redis-server not installed (apt install redis-server)")
    server = RedisServer(tmp_path)
    server.start()
    settings.CACHES = cache_settings(server.url, Path(settings.VAR_DIR))
    settings.PAGE_CACHE_RETRY_SECONDS = 60  # one outage per test: no retry while it lasts
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def article(db):
    return ArticleFactory(parent=SectionFactory(title="سياسة"), title=HEADLINE)


def cached(client, url: str) -> None:
    client.get(url)
    assert client.get(url)["X-Cache"] == "HIT", url


def test_with_redis_down_readers_get_pages_and_the_outage_is_logged_once(
    client, redis, article, caplog
):
    cached(client, article.url)
    redis.stop()

    with caplog.at_level(logging.WARNING, logger="jarida.pagecache"):
        pages = [client.get(url) for url in (article.url, "/", "/robots.txt", article.url, "/")]
        form = client.get(reverse("comments:post", args=[article.pk]))

    assert [page.status_code for page in pages] == [200] * 5
    assert HEADLINE in pages[0].content.decode()
    assert form.status_code == 200
    outages = [r for r in caplog.records if "unavailable" in r.getMessage()]
    assert len(outages) == 1


def test_with_redis_down_a_comment_is_refused_with_a_503_and_the_text_is_kept(
    client, redis, article
):
    form = client.get(reverse("comments:post", args=[article.pk])).content.decode()
    redis.stop()

    response = client.post(
        reverse("comments:post", args=[article.pk]),
        {"name": "قارئ", "email": "", "body": "رأيي في الخبر كما كتبته", "website": ""},
    )

    assert form and response.status_code == 503
    assert response["Retry-After"]
    html = response.content.decode()
    assert "عطل مؤقت" in html and "رأيي في الخبر كما كتبته" in html


def test_with_redis_frozen_pages_come_quickly_from_the_database(client, redis, article):
    cached(client, article.url)
    redis.freeze()
    try:
        started = time.monotonic()
        statuses = [client.get(article.url).status_code for _ in range(5)]
        elapsed = time.monotonic() - started
    finally:
        redis.thaw()

    assert statuses == [200] * 5
    # One short timeout for the first request; the rest skip the cache while it is down.
    assert elapsed < 5 * settings.CACHE_TIMEOUT_SECONDS + 3


def take_down(client, article) -> int:
    chief = get_user_model().objects.create_superuser("chief", "chief@example.com", "x-12345")
    editor = type(client)()
    editor.force_login(chief)
    response = editor.post(reverse("newsroom_takedown", args=[article.pk]), {"reason": "حكم"})
    return response.status_code


def back_from_snapshot(client, redis, url: str) -> None:
    """Redis restarted from its saved data: the cached page is in it again, still fresh by
    the versions saved with it. The app reconnects (a request or two, as the breaker allows)."""
    redis.stop()
    redis.start()
    key = page_key(RequestFactory().get(url, HTTP_HOST="testserver"))
    assert caches["shared"].get(key) is not None  # the stale page is there to be served
    for _ in range(3):
        client.get("/robots.txt")


def test_a_takedown_made_while_redis_is_down_is_applied_when_it_returns(
    client, redis, article, settings, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE_RETRY_SECONDS = 0
    url = article.url
    cached(client, url)
    redis.save()  # its saved data holds the cached page
    redis.stop()

    with django_capture_on_commit_callbacks(execute=True):
        status = take_down(client, article)  # the editor sees a normal answer, not a 500
    back_from_snapshot(client, redis, url)
    page = client.get(url)

    assert status == 302
    assert page.status_code == 410
    assert HEADLINE not in page.content.decode()
    cached(client, "/")  # and the cache is in use again


def test_a_purge_lost_with_a_redis_restart_is_applied_again(
    client, redis, article, settings, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE_RETRY_SECONDS = 0
    url = article.url
    cached(client, url)
    redis.save()  # a snapshot taken before the takedown
    with django_capture_on_commit_callbacks(execute=True):
        take_down(client, article)  # purged in Redis...
    assert client.get(url).status_code == 410

    back_from_snapshot(client, redis, url)  # ...which comes back without the purge
    page = client.get(url)

    assert page.status_code == 410
    cached(client, "/")


@contextlib.contextmanager
def database_down() -> Iterator[None]:
    """Every new connection fails, as when the database server is gone."""
    saved = dict(connection.settings_dict)
    connection.close()
    if connection.vendor == "sqlite":
        connection.settings_dict["NAME"] = "/nonexistent/jarida/db.sqlite3"
    else:
        connection.settings_dict["PORT"] = str(free_port())
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict.update(saved)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_with_the_database_down_stored_pages_are_served_stale_and_the_rest_get_503():
    client = Client(raise_request_exception=False)  # as a browser meets it
    article = ArticleFactory(parent=SectionFactory(title="سياسة"), title=HEADLINE)
    other = ArticleFactory(parent=article.get_parent(), title="خبر لم يُخزَّن")
    url, other_url = article.url, other.url
    cached(client, url)

    later = timezone.now() + dt.timedelta(seconds=settings.PAGE_CACHE_SECONDS + 60)
    with time_machine.travel(later, tick=False), database_down():
        stale = client.get(url)
        missing = client.get(other_url)

    assert stale.status_code == 200 and stale["X-Cache"] == "STALE"
    assert HEADLINE in stale.content.decode() and "no-store" in stale["Cache-Control"]
    assert int(stale["Age"]) >= settings.PAGE_CACHE_SECONDS
    assert missing.status_code == 503
    assert missing["Retry-After"] == "30"
    assert "الموقع غير متاح مؤقتاً" in missing.content.decode()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_page_a_purge_made_stale_is_never_served_while_the_database_is_down():
    client = Client(raise_request_exception=False)
    article = ArticleFactory(parent=SectionFactory(title="سياسة"), title=HEADLINE)
    url = article.url
    cached(client, url)
    article.unpublish()  # purged

    with database_down():
        page = client.get(url)

    assert page.status_code == 503
    assert HEADLINE not in page.content.decode()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_scheduler_keeps_going_through_a_database_outage_and_catches_up(settings):
    from jarida.news.models import ArticlePage
    from jarida.newsroom.scheduler import tick

    article = ArticleFactory(publish=False, title="خبر مجدول")
    revision = article.save_revision()
    revision.approved_go_live_at = timezone.now() - dt.timedelta(minutes=1)
    revision.save()

    with database_down():
        assert tick() is False  # skipped, logged, no exception
    assert tick() is True

    assert ArticlePage.objects.get(pk=article.pk).live


def test_error_pages_are_arabic_and_branded(client):
    missing = client.get("/لا-توجد-صفحة-هنا/")

    assert missing.status_code == 404
    html = missing.content.decode()
    assert 'lang="ar"' in html and 'dir="rtl"' in html
    assert "الصفحة غير موجودة" in html and settings.SITE_NAME in html
    assert "Not Found" not in html
