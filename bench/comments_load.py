"""Nothing lost under load: 2,000 comments from 50 concurrent clients against gunicorn.

For each database (SQLite in WAL mode, PostgreSQL) and each set of limits, the bench starts a
fresh site in a temporary folder (migrate, five articles, one banned word), serves it with
gunicorn (4 workers), and lets 50 threads post 2,000 comments between them. Each client has
its own cookie jar and GETs the form before every post (CSRF cookie and token, form token),
as a browser would. About one post in eight is deliberately bad: no name, a 100 KB body, a
forged CSRF token, the honeypot filled in, a banned word, a body of nothing but bidi
controls. Then it reads the database and checks that every accepted comment (303) is stored
exactly once, that nothing refused was stored, and that every refusal was a clear answer: a
form error (400, with the error list), a 429 with Retry-After, or a 403 for the forged CSRF.

Limits, set explicitly in a settings module the bench writes next to the site:

- `production`: COMMENTS_RATE_PER_CLIENT=5/10m and COMMENTS_RATE_PER_ARTICLE=60/m (the
  defaults), counted in a Redis the bench starts (`redis-server` must be installed; without
  it this run is skipped, because limits counted per worker would be a different system).
  Expect most posts to get a 429: 50 clients flooding five articles is what they are for.
- `raised`: both limits at 1000000/m. Expect every good post to be accepted.

In both, the clients stand behind a proxy: requests come from 127.0.0.1, a trusted proxy
(COMMENTS_TRUSTED_PROXIES), with X-Forwarded-For naming each client's own address. The
minimum time to fill the form is 0 (the bench measures storage and answers under load; the
tests cover the typing-speed rule).

    .venv/bin/python bench/comments_load.py                       # both databases, both limits
    .venv/bin/python bench/comments_load.py --databases sqlite --limits raised
    DATABASE_ADMIN_URL=postgres://jarida:jarida@127.0.0.1:5432/postgres  (default) is where
    the scratch database `jarida_bench_comments` is created and dropped.

Exit status 1 when anything was lost, doubled or answered unclearly.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import os
import random
import re
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = ROOT / ".venv" / "bin" / "python"
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"
ADMIN_URL = os.environ.get("DATABASE_ADMIN_URL", "postgres://jarida:jarida@127.0.0.1:5432/postgres")
SCRATCH_DB = "jarida_bench_comments"
BANNED = "حمار"
LIMITS = {
    "production": {"COMMENTS_RATE_PER_CLIENT": "5/10m", "COMMENTS_RATE_PER_ARTICLE": "60/m"},
    "raised": {
        "COMMENTS_RATE_PER_CLIENT": "1000000/m",
        "COMMENTS_RATE_PER_ARTICLE": "1000000/m",
    },
}
# Deliberately bad posts: (kind, what the answer must be).
BAD_KINDS = ("no_name", "huge_body", "forged_csrf", "honeypot", "banned_word", "bidi_only")
SETUP = """
import django
django.setup()
from jarida.comments.models import ModerationWord
from jarida.news.tests.factories import ArticleFactory
ModerationWord.objects.create(word={banned!r}, kind="banned")
print(" ".join(str(ArticleFactory().pk) for _ in range(5)))
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Outcome:
    marker: str
    kind: str  # "good" or one of BAD_KINDS
    status: int
    clear: bool
    seconds: float
    detail: str = ""


@dataclass
class Run:
    database: str
    limits: str
    outcomes: list[Outcome] = field(default_factory=list)
    stored: Counter[str] = field(default_factory=Counter)
    wall: float = 0.0
    note: str = ""


@contextmanager
def redis_server() -> Iterator[str | None]:
    binary = shutil.which("redis-server")
    if binary is None:
        yield None
        return
    port = free_port()
    process = subprocess.Popen(
        [binary, "--port", str(port), "--save", "", "--appendonly", "no", "--bind", "127.0.0.1"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(50):
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.1)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(10)


@contextmanager
def database(kind: str, folder: Path) -> Iterator[str]:
    """A DATABASE_URL for a fresh, empty database."""
    if kind == "sqlite":
        yield f"sqlite:///{folder / 'bench.sqlite3'}"
        return
    import psycopg

    def admin(sql: str) -> None:
        with psycopg.connect(ADMIN_URL, autocommit=True) as connection:
            connection.execute(sql)

    admin(f"DROP DATABASE IF EXISTS {SCRATCH_DB} WITH (FORCE)")
    admin(f"CREATE DATABASE {SCRATCH_DB}")
    try:
        yield ADMIN_URL.rsplit("/", 1)[0] + f"/{SCRATCH_DB}"
    finally:
        admin(f"DROP DATABASE IF EXISTS {SCRATCH_DB} WITH (FORCE)")


def write_settings(folder: Path, limits: dict[str, str], redis_url: str | None) -> None:
    lines = [
        "from jarida.settings import *  # noqa: F403",
        "COMMENTS_TRUSTED_PROXIES = ['127.0.0.1']",
        "COMMENTS_MIN_FILL_SECONDS = 0",
        *(f"{name} = {value!r}" for name, value in limits.items()),
    ]
    if redis_url:
        lines += [
            "CACHES = {'default': {'BACKEND': 'django.core.cache.backends.redis.RedisCache',",
            f"    'LOCATION': {redis_url!r}, 'KEY_PREFIX': 'bench'}}}}",
        ]
    (folder / "bench_settings.py").write_text("\n".join(lines) + "\n")


class Client:
    """One reader's browser: a cookie jar, an address, no redirects followed."""

    class _NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args: object, **kwargs: object) -> None:
            return None

    def __init__(self, base: str, address: str) -> None:
        self.base = base
        self.address = address
        jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(jar), self._NoRedirect
        )

    def request(self, path: str, data: dict[str, str] | None = None) -> tuple[int, dict, str]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(self.base + path, data=body)
        request.add_header("X-Forwarded-For", self.address)
        request.add_header("Referer", self.base + path)  # browsers send it; CSRF checks it
        try:
            with self.opener.open(request, timeout=120) as response:
                return response.status, dict(response.headers), response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read().decode()

    def form(self, article: int) -> dict[str, str]:
        status, _, html = self.request(f"/comments/post/{article}/")
        assert status == 200, f"form page answered {status}"
        form = html[html.index('id="comment-form"') :]
        return dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', form))


def post_one(client: Client, article: int, marker: str, kind: str) -> Outcome:
    try:
        fields = client.form(article)
    except (OSError, AssertionError) as error:
        return Outcome(marker, kind, 0, False, 0.0, f"form: {error!r}")
    fields.update(name=f"قارئ {client.address}", email="", website="", parent="")
    fields["body"] = f"تعليق تجريبي على الخبر، رقمه {marker}."
    if kind == "no_name":
        fields["name"] = " "
    elif kind == "huge_body":
        fields["body"] = marker + " " + "كلام " * 20_000
    elif kind == "forged_csrf":
        fields["csrfmiddlewaretoken"] = "f" * 64
    elif kind == "honeypot":
        fields["website"] = "http://spam.example"
    elif kind == "banned_word":
        fields["body"] = f"{marker} أنت ح م ا ر"
    elif kind == "bidi_only":
        fields["body"] = "\u202e\u2066\u200b"
    start = time.perf_counter()
    try:
        status, headers, html = client.request(f"/comments/post/{article}/", fields)
    except OSError as error:  # no answer at all (timeout, reset): the worst kind of unclear
        return Outcome(marker, kind, 0, False, time.perf_counter() - start, repr(error))
    seconds = time.perf_counter() - start
    if status == 303:
        clear = kind == "good"
    elif status == 400:
        clear = kind not in ("good", "forged_csrf") and 'class="errorlist' in html
    elif status == 429:
        clear = "Retry-After" in headers and 'role="alert"' in html
    elif status == 403:
        clear = kind == "forged_csrf"
    else:
        clear = False
    errors = re.findall(r'<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>', html, re.S)
    return Outcome(marker, kind, status, clear, seconds, " ".join(errors)[:200])


def read_stored(database_url: str) -> Counter[str]:
    """How many times each bench marker is stored, straight from the database."""
    query = "SELECT body FROM comments_comment"
    if database_url.startswith("sqlite"):
        with sqlite3.connect(database_url.removeprefix("sqlite:///")) as connection:
            bodies = [row[0] for row in connection.execute(query)]
    else:
        import psycopg

        with psycopg.connect(database_url) as connection:
            bodies = [row[0] for row in connection.execute(query)]
    return Counter(m for body in bodies for m in re.findall(r"b\d+-\d+", body))


def run_one(database_kind: str, limits: str, comments: int, clients: int, workers: int) -> Run:
    run = Run(database_kind, limits)
    folder = Path(tempfile.mkdtemp(prefix="jarida-bench-comments-"))
    try:
        with redis_server() if limits == "production" else _none() as redis_url:
            if limits == "production" and redis_url is None:
                run.note = "skipped: redis-server not installed (apt install redis-server)"
                return run
            with database(database_kind, folder) as database_url:
                write_settings(folder, LIMITS[limits], redis_url)
                env = {
                    **os.environ,
                    "JARIDA_VAR_DIR": str(folder),
                    "DATABASE_URL": database_url,
                    "DJANGO_SETTINGS_MODULE": "bench_settings",
                    "PYTHONPATH": f"{folder}{os.pathsep}{ROOT}",
                    "DEBUG": "0",
                    "LOG_LEVEL": "WARNING",
                }
                env.pop("REDIS_URL", None)
                subprocess.run(
                    [PYTHON, "manage.py", "migrate", "--noinput", "-v", "0"],
                    cwd=ROOT,
                    env=env,
                    check=True,
                )
                setup = SETUP.format(banned=BANNED)
                articles = [
                    int(pk)
                    for pk in subprocess.run(
                        [PYTHON, "-c", setup],
                        cwd=ROOT,
                        env=env,
                        check=True,
                        capture_output=True,
                        text=True,
                    ).stdout.split()
                ]
                with gunicorn(env, workers) as base:
                    run.wall, run.outcomes = flood(base, articles, comments, clients)
                run.stored = read_stored(database_url)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return run


@contextmanager
def _none() -> Iterator[None]:
    yield None


@contextmanager
def gunicorn(env: dict[str, str], workers: int) -> Iterator[str]:
    port = free_port()
    log = open(Path(env["JARIDA_VAR_DIR"]) / "gunicorn.log", "wb")  # noqa: SIM115
    process = subprocess.Popen(
        [GUNICORN, "jarida.wsgi", "-w", str(workers), "-b", f"127.0.0.1:{port}", "-t", "120"],
        cwd=ROOT,
        env=env,
        # A file, not a pipe nobody reads: Django logs every 4xx, and a full pipe would
        # block the workers.
        stdout=subprocess.DEVNULL,
        stderr=log,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(base + "/", timeout=10).close()
                break
            except OSError:  # not listening yet, or still importing
                time.sleep(0.1)
        else:
            raise RuntimeError("gunicorn did not start")
        yield base
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(10)
        log.close()


def flood(
    base: str, articles: list[int], comments: int, clients: int
) -> tuple[float, list[Outcome]]:
    rng = random.Random(5)
    plan: list[list[tuple[int, str, str]]] = [[] for _ in range(clients)]
    for i in range(comments):
        kind = BAD_KINDS[i % len(BAD_KINDS)] if rng.random() < 0.125 else "good"
        plan[i % clients].append((rng.choice(articles), f"b{i % clients}-{i}", kind))
    lock = threading.Lock()
    outcomes: list[Outcome] = []

    def client_work(n: int) -> None:
        client = Client(base, f"198.51.100.{n + 1}")
        for article, marker, kind in plan[n]:
            outcome = post_one(client, article, marker, kind)
            with lock:
                outcomes.append(outcome)

    start = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        for future in [pool.submit(client_work, n) for n in range(clients)]:
            future.result()
    return time.perf_counter() - start, outcomes


def report(runs: list[Run]) -> bool:
    header = (
        "| database | limits | posts | accepted (303) | stored once | lost | doubled "
        "| form errors (400) | 429 | 403 (forged CSRF) | refused but stored | unclear "
        "| p50 ms | p95 ms | posts/s |"
    )
    print(header)
    print("|" + "---|" * (header.count("|") - 1))
    ok = True
    for run in runs:
        if run.note:
            print(f"| {run.database} | {run.limits} | {run.note} |" + " |" * 12)
            continue
        accepted = [o for o in run.outcomes if o.status == 303]
        refused = [o for o in run.outcomes if o.status != 303]
        once = sum(1 for o in accepted if run.stored[o.marker] == 1)
        lost = sum(1 for o in accepted if run.stored[o.marker] == 0)
        doubled = sum(1 for o in accepted if run.stored[o.marker] > 1)
        leaked = sum(1 for o in refused if run.stored[o.marker] > 0)
        unclear = sum(1 for o in run.outcomes if not o.clear)
        statuses = Counter(o.status for o in run.outcomes)
        times = sorted(o.seconds * 1000 for o in run.outcomes)
        p95 = times[int(len(times) * 0.95) - 1] if times else 0
        print(
            f"| {run.database} | {run.limits} | {len(run.outcomes)} | {len(accepted)} | {once} "
            f"| {lost} | {doubled} | {statuses[400]} | {statuses[429]} | {statuses[403]} "
            f"| {leaked} | {unclear} | {statistics.median(times):.0f} | {p95:.0f} "
            f"| {len(run.outcomes) / run.wall:.0f} |"
        )
        ok = ok and not (lost or doubled or leaked or unclear)
        for o in run.outcomes:
            if not o.clear:
                print(f"  unclear: {o.kind} answered {o.status} {o.detail}", file=sys.stderr)
    return ok


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--databases", default="sqlite,postgres")
    parser.add_argument("--limits", default="production,raised")
    parser.add_argument("--comments", type=int, default=2000)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--json", help="also write the outcomes here")
    args = parser.parse_args()
    runs = []
    for database_kind in args.databases.split(","):
        for limits in args.limits.split(","):
            print(f"… {database_kind}, {limits} limits", file=sys.stderr)
            runs.append(run_one(database_kind, limits, args.comments, args.clients, args.workers))
    print(
        f"\n{args.comments} comments from {args.clients} clients, gunicorn -w {args.workers}; "
        f"about 1 in 8 deliberately bad ({', '.join(BAD_KINDS)}).\n"
    )
    ok = report(runs)
    if args.json:
        Path(args.json).write_text(
            json.dumps(
                [
                    {"database": r.database, "limits": r.limits, "outcomes": len(r.outcomes)}
                    for r in runs
                ]
            )
        )
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
