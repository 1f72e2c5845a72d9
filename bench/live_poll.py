"""Readers polling a live page while a reporter posts every 10 s, against a static article.

    .venv/bin/python bench/live_poll.py [--seconds 8] [--rounds 3] [--connections 16]

What issue 17 asks of live coverage under a breaking-news spike: the poll endpoint
(`<live page>/updates/`) through the nginx micro-cache (docs/nginx/jarida.conf) at ≥ 80% of
nginx serving the article as a static file, zero errors, and every reader sees a new update
within one poll interval plus 2 s (here: the time from the update's commit until the endpoint
shows it, which a reader then gets at its next poll).

Jarida runs its production profile (granian through webserver.py, PostgreSQL, Redis, DEBUG=0)
on its own database (`BENCH_DATABASE_URL`, default jarida_live_bench) and Redis database
(`BENCH_REDIS_URL`, default db 6), with one section, one article and one live page of 30
updates. A thread posts an update every 10 s through the ORM (as the desk does: one row, its
purge on commit) for the whole run. wrk (16 connections, `Accept-Encoding: gzip`) measures
each row `--rounds` times, round-robin; the table gives the median requests/s, p50 and p99.
Reuses bench/serve.py's nginx configuration, wrk runner and process handling.
"""

from __future__ import annotations

import argparse
import gzip
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

os.environ.setdefault("BENCH_PORT_BASE", "18160")
os.environ.setdefault(
    "BENCH_DATABASE_URL", "postgres://jarida:jarida@127.0.0.1:5432/jarida_live_bench"
)
sys.path[:0] = [str(Path(__file__).resolve().parent), str(Path(__file__).resolve().parent.parent)]
import serve  # noqa: E402
from peers.services import Services  # noqa: E402

REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/6")
VAR = Path(os.environ.get("BENCH_LIVE_VAR", "/tmp/var-live-bench"))
POST_EVERY = 10.0
UPDATES = 30


def environment(**extra: str) -> dict[str, str]:
    return serve.jarida_env(REDIS_URL=REDIS_URL, JARIDA_VAR_DIR=str(VAR), **extra)


def prepare() -> dict[str, str]:
    """Database, static files and the pages to measure; returns their paths."""
    import psycopg

    name = serve.DATABASE_URL.rsplit("/", 1)[1]
    admin = serve.DATABASE_URL.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as connection:
        if not connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone():
            connection.execute(f'CREATE DATABASE "{name}"')
    os.environ.update(environment())
    import django

    django.setup()
    from django.core.cache import caches
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    caches["default"].clear()  # this bench's own Redis database
    from jarida.live.models import LiveCoveragePage
    from jarida.live.tests.factories import LiveCoverageFactory, LiveUpdateFactory
    from jarida.news.models import ArticlePage
    from jarida.news.tests.factories import ArticleFactory, SectionFactory

    page = LiveCoveragePage.objects.first()
    if page is None:
        section = SectionFactory(title="محليات")
        ArticleFactory(parent=section, title="الحكومة تقر خطة الطوارئ للعاصفة")
        page = LiveCoverageFactory(parent=section, title="مباشر: العاصفة الثلجية")
        for _ in range(UPDATES):
            LiveUpdateFactory(page=page)
    article = ArticlePage.objects.first()
    return {"article": article.url, "live": page.url, "poll": f"{page.url}updates/"}


class Reporter(threading.Thread):
    """Posts an update every 10 s; after each, measures how long until the endpoint (through
    the micro-cache, as readers get it) shows it."""

    def __init__(self, poll_url: str) -> None:
        super().__init__(daemon=True)
        self.poll_url = poll_url
        self.stop = threading.Event()
        self.delays: list[float] = []
        self.posted = 0

    def run(self) -> None:
        from django.db import connection, transaction

        from jarida.live.models import LiveCoveragePage, LiveUpdate
        from jarida.news.tests.factories import paragraphs

        page = LiveCoveragePage.objects.first()
        while not self.stop.wait(POST_EVERY):
            with transaction.atomic():
                update = LiveUpdate.objects.create(
                    page=page,
                    body=paragraphs(f"تحديث رقم {self.posted + 1} من غرفة الأخبار."),
                    author_name="المحرر المناوب",
                )
            committed = time.monotonic()
            self.posted += 1
            marker = f'"id": {update.pk}'.encode()
            while time.monotonic() - committed < 30:
                body = serve.probe(self.poll_url, False).body
                if marker in body:
                    self.delays.append(time.monotonic() - committed)
                    break
                time.sleep(0.1)
            else:
                self.delays.append(float("inf"))
        connection.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=16)
    args = parser.parse_args()
    VAR.mkdir(parents=True, exist_ok=True)
    print("preparing the database and pages...", flush=True)
    paths = prepare()
    ports = serve.PORTS
    cached = f"http://127.0.0.1:{ports['cached']}"
    micro = f"http://127.0.0.1:{ports['micro']}"
    work = Path(tempfile.mkdtemp(prefix="jarida-bench-live-"))
    services = Services(work)
    try:
        services.start(
            "jarida",
            [str(serve.PYTHON), "webserver.py"],
            cwd=serve.ROOT,
            port=ports["cached"],
            env=environment(BIND=f"127.0.0.1:{ports['cached']}"),
        )
        static_root = work / "static"
        static_root.mkdir()
        page = serve.probe(cached + paths["article"], False)
        assert page.status == 200, f"{paths} answered {page.status}"
        (static_root / "article.html").write_bytes(page.body)
        (static_root / "article.html.gz").write_bytes(gzip.compress(page.body, 6, mtime=0))
        config = serve.nginx_config(work, static_root, [], serve.ROOT / "docs/nginx/jarida.conf")
        nginx = serve.shutil.which("nginx") or "/usr/sbin/nginx"
        services.start("nginx", [nginx, "-c", str(config), "-p", str(work)], port=ports["static"])
        quoted = paths  # Wagtail gives them percent-encoded already
        rows = [
            serve.Row(
                "static",
                "article, nginx static file",
                "the limit",
                f"http://127.0.0.1:{ports['static']}/article.html",
                gzip=True,
            ),
            serve.Row(
                "article_micro", "article, micro-cache", "", micro + quoted["article"], gzip=True
            ),
            serve.Row(
                "poll_micro", "poll endpoint, micro-cache", "", micro + quoted["poll"], gzip=True
            ),
            serve.Row(
                "live_micro", "live page, micro-cache", "", micro + quoted["live"], gzip=True
            ),
            serve.Row(
                "article_cache", "article, page cache", "", cached + quoted["article"], gzip=True
            ),
            serve.Row(
                "poll_cache", "poll endpoint, page cache", "", cached + quoted["poll"], gzip=True
            ),
            serve.Row(
                "live_cache", "live page, page cache", "", cached + quoted["live"], gzip=True
            ),
        ]
        for row in rows:  # warm every cache once
            serve.probe(row.url, True)
        reporter = Reporter(micro + quoted["poll"])
        reporter.start()
        for round_ in range(args.rounds):
            for row in rows:
                row.runs.append(serve.wrk(row, args.seconds, args.connections, work, round_))
        reporter.stop.set()
        reporter.join(timeout=40)
    finally:
        services.stop_all()
        serve.shutil.rmtree(work, ignore_errors=True)

    median = serve.median
    print(
        f"\n{args.connections} connections, {args.seconds} s × {args.rounds} rounds, gzip; "
        f"a reporter posted {reporter.posted} updates (every {POST_EVERY:.0f} s)\n"
    )
    print(f"| {'row':<28} | {'req/s':>9} | {'p50 ms':>7} | {'p99 ms':>7} | errors |")
    print(f"|{'-' * 30}|{'-' * 11}|{'-' * 9}|{'-' * 9}|--------|")
    for row in rows:
        errors = sum(int(run.get("errors", 0)) for run in row.runs)
        print(
            f"| {row.name:<28} | {median(row, 'rps'):>9.0f} | {median(row, 'p50'):>7.2f} "
            f"| {median(row, 'p99'):>7.2f} | {errors:>6} |"
        )
    by_key = {row.key: row for row in rows}
    print()
    for key, against in (
        ("poll_micro", "static"),
        ("article_micro", "static"),
        ("poll_cache", "article_cache"),
        ("live_cache", "article_cache"),
    ):
        ratio = median(by_key[key], "rps") / median(by_key[against], "rps")
        print(f"{by_key[key].name} / {by_key[against].name}: {ratio:.2f}")
    if reporter.delays:
        print(
            f"\nfrom an update's commit to the endpoint showing it (micro-cache): "
            f"median {statistics.median(reporter.delays):.2f} s, max {max(reporter.delays):.2f} s "
            f"over {len(reporter.delays)} updates"
        )


if __name__ == "__main__":
    main()
