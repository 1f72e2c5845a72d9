"""Serving under load: Jarida's cold render, page cache and nginx micro-cache against
wagtail/bakerydemo, WordPress and nginx serving a static file, all in one run.

    bench/serve.sh [--limit 2000] [--seconds 10] [--rounds 3] [--only ROW,ROW]

Jarida runs its production profile: granian through webserver.py (its default workers and
threads), PostgreSQL, Redis (the bench's own, on BENCH_REDIS_PORT), DEBUG=0, STATIC_MANIFEST=1
after collectstatic, on a small import of the SaudiNewsNet corpus (`--limit` articles, kept
between runs in its own database and re-imported only when the limit changes).

wrk (16 connections, loopback) measures each row; every row runs `--rounds` times, round-robin
over the rows, so a slow moment on a shared machine touches every row alike, and the table
gives the median requests/s, p50 and p99 (errors summed). Rows:

- cold: a second Jarida server with DISABLE_CACHES=1 (every cache Django's DummyCache, no page
  cache): each request renders from the database. One median-length article; the long tail
  (every other imported article, each asked for once); the home page; the biggest section's
  first and last page.
- the peers, cold by their own lights: bakerydemo's blog page (its production settings,
  gunicorn, 2 workers) and a WordPress post with the same article's text (Debian's packages,
  nginx + php-fpm); see bench/peers/.
- cached: the article through the app's page cache, through the nginx micro-cache
  (docs/nginx/jarida.conf in front of the page-cache server), and nginx serving the saved
  page from disk (the limit), each with `Accept-Encoding: gzip` (static: gzip_static) and
  without.
- the Python floor: granian on webserver.py's settings answering with the same saved page from
  memory, no framework (bench/floor_app.py). What no Python page can beat on this server: the
  page cache's share of it is the part of a hit that the app's code could still win back.

Ratios (the median of the rounds' ratios, rows measured side by side; their range beside it):
the cold article against bakerydemo (target ≥ 3×) and WordPress (≥ 4×); the page
cache (≥ 0.10) and the micro-cache (≥ 0.80) against the static file, with gzip and without;
the page cache against the Python floor, and the floor against the static file (no target).
wrk, the servers and the databases share the machine's cores, as on one modest server.
"""

from __future__ import annotations

import argparse
import gzip
import http.client
import json
import math
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from urllib.parse import quote, unquote, urlsplit

sys.path[:0] = [str(Path(__file__).resolve().parent), str(Path(__file__).resolve().parent.parent)]
from peers import bakerydemo, wordpress  # noqa: E402
from peers.services import ROOT, Services, Skipped  # noqa: E402

from webserver import granian_settings  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus" / "saudinewsnet" / "articles.jsonl.gz"
PYTHON = ROOT / ".venv" / "bin" / "python"
DATABASE_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://jarida:jarida@127.0.0.1:5432/jarida_bench"
)
BAKERYDEMO_DATABASE_URL = os.environ.get(
    "BAKERYDEMO_DATABASE_URL", DATABASE_URL.rsplit("/", 1)[0] + "/jarida_bench_bakerydemo"
)
REDIS_PORT = int(os.environ.get("BENCH_REDIS_PORT", "6382"))
PORT_BASE = int(os.environ.get("BENCH_PORT_BASE", "18000"))
VAR = ROOT / "var" / "bench-serve"
PORTS = {
    "cached": PORT_BASE,  # Jarida, page cache on
    "cold": PORT_BASE + 1,  # Jarida, DISABLE_CACHES=1
    "micro": PORT_BASE + 2,  # nginx: docs/nginx/jarida.conf
    "static": PORT_BASE + 3,  # nginx: the saved page from disk
    "bakerydemo": PORT_BASE + 4,
    "wordpress": PORT_BASE + 5,  # nginx in front of php-fpm
    "floor": PORT_BASE + 6,  # granian serving the saved page from memory (bench/floor_app.py)
}


def jarida_env(**extra: str) -> dict[str, str]:
    return {
        **{k: v for k, v in os.environ.items() if not k.startswith(("GRANIAN_", "WEB_"))},
        "DATABASE_URL": DATABASE_URL,
        "REDIS_URL": f"redis://127.0.0.1:{REDIS_PORT}/1",
        "JARIDA_VAR_DIR": str(VAR),
        "DEBUG": "0",
        "STATIC_MANIFEST": "1",
        "ALLOWED_HOSTS": "localhost,127.0.0.1",
        "LOG_LEVEL": "WARNING",
        "DJANGO_SETTINGS_MODULE": "jarida.settings",
        **extra,
    }


def manage(*args: str, quiet: bool = False, hint: str = "") -> str:
    """A management command with nothing cached (no Redis needed); its output."""
    result = subprocess.run(
        [str(PYTHON), "manage.py", *args],
        cwd=ROOT,
        env=jarida_env(DISABLE_CACHES="1"),
        capture_output=True,
        text=True,
    )
    if result.returncode != 0 and not quiet:
        raise SystemExit(f"manage.py {' '.join(args)} failed {hint}:\n{result.stderr[-2000:]}")
    return result.stdout


def prepare_jarida(limit: int, fresh: bool) -> None:
    """The bench database with `limit` corpus articles: reused when it already holds them."""
    import psycopg

    name = urlsplit(DATABASE_URL).path.lstrip("/")
    marker = VAR / "import.json"
    wanted = {"database": DATABASE_URL, "limit": limit, "corpus_bytes": CORPUS.stat().st_size}
    VAR.mkdir(parents=True, exist_ok=True)
    reuse = not fresh and marker.exists() and json.loads(marker.read_text()) == wanted
    with psycopg.connect(
        DATABASE_URL.rsplit("/", 1)[0] + "/postgres", autocommit=True
    ) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if exists and not reuse:
            connection.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
            exists = None
        if not exists:
            reuse = False
            connection.execute(f'CREATE DATABASE "{name}"')
    manage("migrate", "--noinput", "-v0", hint="(--fresh starts the bench database over)")
    manage("collectstatic", "--noinput", "-v0")
    if reuse:
        print(f"reusing the import of {limit:,} articles in {name}", flush=True)
        return
    marker.unlink(missing_ok=True)
    print(f"importing {limit:,} corpus articles into {name}...", flush=True)
    started = time.perf_counter()
    out = manage(
        "import_articles",
        "--format",
        "jsonl",
        "--time-zone",
        "Asia/Riyadh",
        "--limit",
        str(limit),
        str(CORPUS),
        quiet=True,  # a corpus line that fails to import is reported, not fatal
    )
    outcomes = {
        word: out.count(f"\n{word}") + out.startswith(word) for word in ("created", "failed")
    }
    print(
        f"  {outcomes['created']:,} created, {outcomes['failed']:,} failed "
        f"({time.perf_counter() - started:.0f}s)",
        flush=True,
    )
    if not outcomes["created"]:
        raise SystemExit("the import created no article: see manage.py import_articles")
    marker.write_text(json.dumps(wanted))


# Run in Jarida's environment: what the bench asks for, from the site itself (public APIs
# of Django and Wagtail only, so it keeps working while the models move).
PICK = r"""
import html, json, math, random, re
import django
django.setup()
from django.conf import settings
from django.db.models import TextField
from django.db.models.functions import Cast, Length
from django.utils.html import strip_tags
from jarida.news.models import ArticlePage, SectionPage

articles = ArticlePage.objects.live().public()
by_length = articles.annotate(n=Length(Cast("body", TextField()))).order_by("n", "pk")
article = by_length[by_length.count() // 2]
paragraphs = []
for block in article.body.raw_data:
    if isinstance(block["value"], str):
        for part in re.split(r"</p>|<br\s*/?>", block["value"]):
            if text := " ".join(html.unescape(strip_tags(part)).split()):
                paragraphs.append(text)
sections = [(articles.descendant_of(s).count(), s) for s in SectionPage.objects.live()]
count, section = max(sections, key=lambda pair: pair[0])
others = [a.url for a in articles.exclude(pk=article.pk)]
random.Random(13).shuffle(others)
print(json.dumps({
    "article": article.url, "title": article.title, "paragraphs": paragraphs,
    "section": section.url, "pages": math.ceil(count / settings.ARTICLES_PER_PAGE),
    "others": others,
}))
"""


def path_of(url: str) -> str:
    """The path of a Wagtail URL (absolute or not, percent-encoded or not), encoded once."""
    parts = urlsplit(url)
    path = quote(unquote(parts.path))
    return f"{path}?{parts.query}" if parts.query else path


def pick() -> dict[str, object]:
    result = subprocess.run(
        [str(PYTHON), "-c", PICK],
        cwd=ROOT,
        env=jarida_env(DISABLE_CACHES="1"),
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise SystemExit(f"could not pick the pages to measure:\n{result.stderr[-2000:]}")
    picked: dict[str, object] = json.loads(result.stdout.strip().splitlines()[-1])
    return picked


def nginx_config(
    work: Path, static_root: Path, extra_servers: list[str], micro_cache: Path
) -> Path:
    """`micro_cache` (docs/nginx/jarida.conf) in front of the page-cache server, the static
    limit, and any peer's server, in one nginx (Debian's defaults: a worker per core,
    sendfile)."""
    source = micro_cache.read_text()
    replacements = {
        "/var/cache/nginx/jarida": str(work / "nginx-cache"),
        "server 127.0.0.1:8000;": f"server 127.0.0.1:{PORTS['cached']};",
        "listen 80;": f"listen 127.0.0.1:{PORTS['micro']};",
        "/srv/jarida/var/": f"{VAR}/",
    }
    for old, new in replacements.items():
        if old not in source:
            raise SystemExit(f"{micro_cache} no longer holds {old!r}: update bench/serve.py")
        source = source.replace(old, new)
    (work / "jarida.conf").write_text(source)
    user = "user root;" if os.geteuid() == 0 else ""
    servers = "\n".join(extra_servers)
    config = work / "nginx.conf"
    config.write_text(f"""
        {user} daemon off; worker_processes auto; pid {work}/nginx.pid;
        error_log {work}/nginx-error.log error;
        events {{ worker_connections 1024; }}
        http {{
            include /etc/nginx/mime.types; default_type application/octet-stream;
            access_log off; sendfile on; tcp_nopush on; keepalive_requests 100000;
            client_body_temp_path {work}/body; proxy_temp_path {work}/proxy;
            fastcgi_temp_path {work}/fastcgi; uwsgi_temp_path {work}/uwsgi;
            scgi_temp_path {work}/scgi;
            include {work}/jarida.conf;
            server {{
                listen 127.0.0.1:{PORTS["static"]};
                # The micro-cache's own file-handle cache: the two differ by the proxy alone.
                open_file_cache max=1000 inactive=30s; open_file_cache_valid 1s;
                location / {{ root {static_root}; default_type text/html; gzip_static on; }}
            }}
            {servers}
        }}""")
    return config


@dataclass
class Probe:
    status: int
    size: int
    headers: dict[str, str]
    body: bytes


def probe(url: str, gzip_ok: bool) -> Probe:
    """One request as wrk sends it (no redirects followed, nothing decompressed)."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    target = parts.path + (f"?{parts.query}" if parts.query else "")
    connection.request("GET", target, headers={"Accept-Encoding": "gzip"} if gzip_ok else {})
    response = connection.getresponse()
    body = response.read()
    connection.close()
    headers = {name.lower(): value for name, value in response.getheaders()}
    return Probe(response.status, len(body), headers, body)


@dataclass
class Row:
    key: str
    name: str
    meaning: str
    url: str = ""
    gzip: bool = False
    paths: list[str] | None = None  # ask for each of these once instead of `url`
    connections: int | None = None  # instead of --connections
    skipped: str = ""
    check: Callable[[Probe], str] | None = None
    runs: list[dict[str, float]] = field(default_factory=list)
    size: int = 0
    note: str = ""


# A run that finished fewer requests than this says little about its row's rate.
FEW_REQUESTS = 20
WRK_RATE = re.compile(r"Requests/sec:\s+([\d.]+)")
WRK_LATENCY = re.compile(r"^\s+(50|99)(?:\.000)?%\s+([\d.]+)(us|ms|s)\s*$", re.M)
WRK_NON_2XX = re.compile(r"Non-2xx or 3xx responses:\s+(\d+)")
WRK_SOCKET = re.compile(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")
WRK_REQUESTS = re.compile(r"(\d+) requests in")

# Each wrk thread walks its own part of the list, one path per request, from an offset that
# moves on every round: no path is asked for twice while the list lasts.
EVERY_PATH_ONCE = """
local threads = 0
function setup(thread)
  thread:set("part", threads)
  threads = threads + 1
end
function init(args)
  paths = {}
  for line in io.lines(os.getenv("BENCH_PATHS")) do paths[#paths + 1] = line end
  local step = math.floor(#paths / tonumber(os.getenv("BENCH_THREADS")))
  i = (tonumber(os.getenv("BENCH_OFFSET")) + part * step) % #paths
end
function request()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end
"""


def wrk(row: Row, seconds: int, connections: int, work: Path, offset: int = 0) -> dict[str, float]:
    connections = row.connections or connections
    threads = min(2, connections)
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s"]
    command.append("--latency")
    if row.gzip:
        command += ["-H", "Accept-Encoding: gzip"]
    env = dict(os.environ)
    if row.paths is not None:
        paths = work / f"{row.key}.paths"
        paths.write_text("".join(f"{p}\n" for p in row.paths), encoding="utf-8")
        script = work / "every-path-once.lua"
        script.write_text(EVERY_PATH_ONCE)
        command += ["-s", str(script)]
        env.update(BENCH_PATHS=str(paths), BENCH_THREADS=str(threads), BENCH_OFFSET=str(offset))
    result = subprocess.run(
        [*command, row.url], capture_output=True, text=True, env=env, check=False
    )
    out = result.stdout
    rate = WRK_RATE.search(out)
    if result.returncode != 0 or rate is None:
        raise SystemExit(f"wrk failed on {row.name}: {result.stderr or out}")
    scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}
    latency = {p: float(v) * scale[u] for p, v, u in WRK_LATENCY.findall(out)}
    errors = sum(int(n) for n in WRK_NON_2XX.findall(out))
    if match := WRK_SOCKET.search(out):
        errors += sum(int(n) for n in match.groups())
    requests = WRK_REQUESTS.search(out)
    count = float(requests.group(1)) if requests else 0.0
    return {
        "rps": float(rate.group(1)),
        # wrk prints latencies of 0 when no request finished: none measured, not none taken.
        "p50": latency.get("50", math.nan) if count else math.nan,
        "p99": latency.get("99", math.nan) if count else math.nan,
        "errors": errors,
        "requests": count,
    }


def median(row: Row, figure: str) -> float:
    values = [run[figure] for run in row.runs if not math.isnan(run[figure])]
    return statistics.median(values) if values else math.nan


def expect(
    encoding: str | None, header: str = "", values: tuple[str, ...] = ()
) -> Callable[[Probe], str]:
    """A check of a probe: the encoding a row must get (and a header's accepted values)."""

    def check(response: Probe) -> str:
        problems = []
        got = response.headers.get("content-encoding")
        if got != encoding:
            problems.append(f"Content-Encoding {got!r}, expected {encoding!r}")
        if header and response.headers.get(header) not in values:
            problems.append(f"{header}: {response.headers.get(header)!r}, expected {values}")
        return "; ".join(problems)

    return check


def not_cached(response: Probe) -> str:
    status = response.headers.get("x-cache", "")
    return f"X-Cache {status!r}: this row must render every time" if status == "HIT" else ""


ROW_KEYS = [
    "cold",
    "cold_single",
    "bakerydemo",
    "wordpress",
    "long_tail",
    "home",
    "section",
    "section_deep",
    *(
        f"{kind}_{label}"
        for label in ("gzip", "identity")
        for kind in ("pagecache", "floor", "micro", "static")
    ),
]


def rows_for(picked: dict[str, object], peers: dict[str, str | Exception]) -> list[Row]:
    cold = f"http://127.0.0.1:{PORTS['cold']}"
    cached = f"http://127.0.0.1:{PORTS['cached']}"
    micro = f"http://127.0.0.1:{PORTS['micro']}"
    floor = f"http://127.0.0.1:{PORTS['floor']}/article.html"
    static = f"http://127.0.0.1:{PORTS['static']}/article.html"
    article = path_of(str(picked["article"]))
    section = path_of(str(picked["section"]))
    others = [path_of(url) for url in picked["others"]]  # type: ignore[attr-defined]
    rows = [
        Row(
            "cold",
            "cold article",
            "Jarida, nothing cached: every request renders the article from PostgreSQL",
            cold + article,
            check=not_cached,
        ),
        Row(
            "cold_single",
            "cold article, 1 connection",
            "as above, one request at a time: the time one render takes",
            cold + article,
            check=not_cached,
            connections=1,
        ),
        Row(
            "bakerydemo",
            "bakerydemo blog page",
            "wagtail/bakerydemo, production settings, gunicorn 2 workers, PostgreSQL",
        ),
        Row(
            "wordpress",
            "WordPress post",
            "Debian's WordPress (twentytwentythree), same text, nginx + php-fpm, MariaDB",
        ),
        Row(
            "long_tail",
            f"cold long tail ({len(others):,} articles)",
            "Jarida, nothing cached: a different article on each request, each asked for once",
            cold + others[0],
            paths=others,
            check=not_cached,
        ),
        Row(
            "home",
            "cold home",
            "Jarida, nothing cached: the home page",
            cold + "/",
            check=not_cached,
        ),
        Row(
            "section",
            "cold section page 1",
            "Jarida, nothing cached: the biggest section",
            cold + section,
            check=not_cached,
        ),
        Row(
            "section_deep",
            f"cold section page {picked['pages']}",
            "Jarida, nothing cached: the biggest section's last page",
            f"{cold}{section}?page={picked['pages']}",
            check=not_cached,
        ),
    ]
    for gzip_ok, label in ((True, "gzip"), (False, "identity")):
        encoding = "gzip" if gzip_ok else None
        rows += [
            Row(
                f"pagecache_{label}",
                f"page cache, {label}",
                "Jarida serving the article from its page cache (Redis)",
                cached + article,
                gzip_ok,
                check=expect(encoding, "x-cache", ("HIT",)),
            ),
            Row(
                f"floor_{label}",
                f"Python floor, {label}",
                "granian on webserver.py's settings answering with the saved page from memory, "
                "no framework (bench/floor_app.py): the most any Python page can serve here",
                floor,
                gzip_ok,
                check=expect(encoding),
            ),
            Row(
                f"micro_{label}",
                f"nginx micro-cache, {label}",
                "docs/nginx/jarida.conf in front of the page cache: a hit never reaches the app",
                micro + article,
                gzip_ok,
                check=expect(encoding, "x-micro-cache", ("HIT", "UPDATING", "STALE")),
            ),
            Row(
                f"static_{label}",
                f"nginx static file, {label}",
                "the limit: nginx serving the "
                "saved page from disk" + (" (gzip_static)" if gzip_ok else ""),
                static,
                gzip_ok,
                check=expect(encoding),
            ),
        ]
    assert [row.key for row in rows] == ROW_KEYS, "ROW_KEYS lists every row, in order"
    for row in rows:
        if row.key in peers:
            peer = peers[row.key]
            if isinstance(peer, Exception):
                row.skipped = str(peer)
            else:
                row.url = peer
    return rows


def round_ratios(row: Row, other: Row) -> list[float]:
    """`row`'s requests/s over `other`'s, round by round: the two ran minutes apart at most,
    so a round's ratio is steadier than the ratio of medians when the machine's load drifts."""
    if row.skipped or other.skipped:
        return []
    return [
        mine["rps"] / theirs["rps"]
        for mine, theirs in zip(row.runs, other.runs, strict=False)
        if theirs["rps"]
    ]


def ratios(rows: dict[str, Row]) -> dict[str, str]:
    """The ratio column: the issue's targets, each against the row it compares with (the
    median of the rounds' ratios, and their range)."""
    targets: dict[str, list[tuple[str, str, float]]] = {
        "cold": [("bakerydemo", "bakerydemo", 3.0), ("wordpress", "WordPress", 4.0)],
    }
    for label in ("gzip", "identity"):
        targets[f"pagecache_{label}"] = [
            (f"static_{label}", f"static {label}", 0.10),
            (f"floor_{label}", f"Python floor {label}", 0.0),
        ]
        targets[f"floor_{label}"] = [(f"static_{label}", f"static {label}", 0.0)]
        targets[f"micro_{label}"] = [(f"static_{label}", f"static {label}", 0.80)]
    column = {}
    for key, comparisons in targets.items():
        if key not in rows:
            continue
        cells = []
        for other, label, target in comparisons:
            if other not in rows:
                continue
            values = round_ratios(rows[key], rows[other])
            if not values:
                cells.append(f"vs {label}: n/a (target ≥ {target:g}×)")
                continue
            value = statistics.median(values)
            mark = "met" if value >= target else "MISSED"
            spread = f", rounds {min(values):.3g}–{max(values):.3g}" if len(values) > 1 else ""
            goal = f" (target ≥ {target:g}×: {mark})" if target else ""
            cells.append(f"{value:.3g}× {label}{spread}{goal}")
        column[key] = "; ".join(cells)
    return column


def table(rows: list[Row], args: argparse.Namespace, header: str) -> str:
    by_key = {row.key: row for row in rows}
    column = ratios(by_key)
    lines = [
        header,
        "",
        "| row | what it measures | KB | requests/s | p50 ms | p99 ms | errors | ratio |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for row in rows:
        if row.skipped:
            lines.append(f"| {row.name} | {row.meaning} | | skipped: {row.skipped} | | | | |")
            continue
        if not row.runs:
            continue
        errors = int(sum(run["errors"] for run in row.runs))
        if min(run["requests"] for run in row.runs) < FEW_REQUESTS:
            row.note += f" (**fewer than {FEW_REQUESTS} requests in a run: lengthen --seconds**)"
        size = f"{row.size / 1024:.1f}" if row.size else ""
        lines.append(
            f"| {row.name} | {row.meaning}{row.note} | {size} | {median(row, 'rps'):,.1f} | "
            f"{median(row, 'p50'):.2f} | {median(row, 'p99'):.2f} | {errors} | "
            f"{column.get(row.key, '')} |"
        )
    return "\n".join(lines)


def start_redis(services: Services) -> None:
    redis = shutil.which("redis-server")
    if redis is None:
        raise SystemExit("redis-server not installed (apt-get install redis-server)")
    services.start(
        "redis",
        [
            redis,
            "--port",
            str(REDIS_PORT),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--maxmemory",
            "512mb",
            "--maxmemory-policy",
            "allkeys-lru",
        ],
        port=REDIS_PORT,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=2000, help="corpus articles to import")
    parser.add_argument("--seconds", type=int, default=10, help="length of each wrk run")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--rounds", type=int, default=3, help="interleaved runs of each row")
    parser.add_argument("--fresh", action="store_true", help="re-import even if it matches")
    parser.add_argument("--only", help="comma-separated row keys (e.g. cold,bakerydemo)")
    parser.add_argument(
        "--nginx-conf",
        type=Path,
        default=ROOT / "docs" / "nginx" / "jarida.conf",
        help="the micro-cache configuration to measure (to try a change to docs/nginx)",
    )
    parser.add_argument("--list", action="store_true", help="list the row keys and exit")
    args = parser.parse_args()
    if args.list:
        print("\n".join(ROW_KEYS))
        return
    if args.limit < 1 or args.seconds < 1 or args.rounds < 1 or args.connections < 1:
        raise SystemExit("--limit, --seconds, --rounds and --connections must be positive")
    if not CORPUS.exists():
        raise SystemExit(f"corpus not found at {CORPUS}: nothing to import")
    for tool, package in (("wrk", "wrk"), ("nginx", "nginx"), ("redis-server", "redis-server")):
        if not (shutil.which(tool) or Path(f"/usr/sbin/{tool}").exists()):
            raise SystemExit(f"{tool} not installed (apt-get install {package})")
    if not PYTHON.exists():
        raise SystemExit(f"{PYTHON} missing: run `make install` first")

    # SIGTERM (a timeout, a CI stop) ends the bench through `finally`, which stops every
    # process it started.
    def stop(signum: int, frame: FrameType | None) -> None:
        raise SystemExit(f"stopped by signal {signum}")

    signal.signal(signal.SIGTERM, stop)
    prepare_jarida(args.limit, args.fresh)
    picked = pick()
    only = set(args.only.split(",")) if args.only else None
    if only and (unknown := only - set(ROW_KEYS)):
        raise SystemExit(f"no such row: {', '.join(sorted(unknown))} (rows: {', '.join(ROW_KEYS)})")

    def wants(key: str) -> bool:
        return only is None or key in only

    work = Path(tempfile.mkdtemp(prefix="jarida-bench-serve-"))
    services = Services(work)
    started = time.perf_counter()
    try:
        start_redis(services)
        peers: dict[str, str | Exception] = {}
        nginx_servers: list[str] = []
        if wants("bakerydemo"):
            print("bakerydemo: setting up...", flush=True)
            try:
                site = bakerydemo.setup(BAKERYDEMO_DATABASE_URL)
                peers["bakerydemo"] = bakerydemo.start(site, services, PORTS["bakerydemo"])
                print(f"  bakerydemo {site.commit}: {peers['bakerydemo']}", flush=True)
            except Skipped as reason:
                peers["bakerydemo"] = reason
                print(f"  bakerydemo skipped: {reason}", flush=True)
        if wants("wordpress"):
            print("WordPress: setting up...", flush=True)
            try:
                running = wordpress.start(
                    services,
                    PORTS["wordpress"],
                    str(picked["title"]),
                    list(picked["paragraphs"]),  # type: ignore[call-overload]
                )
                peers["wordpress"] = running.url
                nginx_servers.append(running.nginx_server)
                print(f"  WordPress {running.version}: {running.url}", flush=True)
            except Skipped as reason:
                peers["wordpress"] = reason
                print(f"  WordPress skipped: {reason}", flush=True)
        rows = [row for row in rows_for(picked, peers) if wants(row.key)]
        if not rows:
            raise SystemExit("no row selected: see --list")
        print(
            "starting Jarida (granian, webserver.py): page cache on, and nothing cached...",
            flush=True,
        )
        webserver = [str(PYTHON), "webserver.py"]
        services.start(
            "jarida-cached",
            webserver,
            cwd=ROOT,
            port=PORTS["cached"],
            env=jarida_env(BIND=f"127.0.0.1:{PORTS['cached']}"),
        )
        services.start(
            "jarida-cold",
            webserver,
            cwd=ROOT,
            port=PORTS["cold"],
            env=jarida_env(BIND=f"127.0.0.1:{PORTS['cold']}", DISABLE_CACHES="1"),
        )
        # The static limit: the article page as the app serves it, saved to disk.
        cold_page = probe(
            f"http://127.0.0.1:{PORTS['cold']}{path_of(str(picked['article']))}", False
        )
        if cold_page.status != 200:
            raise SystemExit(f"the article answered {cold_page.status}")
        static_root = work / "static-copy"
        static_root.mkdir()
        (static_root / "article.html").write_bytes(cold_page.body)
        (static_root / "article.html.gz").write_bytes(gzip.compress(cold_page.body, 9, mtime=0))
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        config = nginx_config(work, static_root, nginx_servers, args.nginx_conf)
        services.start("nginx", [nginx, "-c", str(config), "-p", str(work)], port=PORTS["static"])
        if any(wants(f"floor_{label}") for label in ("gzip", "identity")):
            floor_env = {
                **jarida_env(FLOOR_PAGE=str(static_root / "article.html")),
                **granian_settings(jarida_env(BIND=f"127.0.0.1:{PORTS['floor']}")),
            }
            services.start(
                "python-floor",
                [str(PYTHON), "-m", "granian", "floor_app:application"],
                cwd=ROOT / "bench",
                port=PORTS["floor"],
                env=floor_env,
            )

        measured = [row for row in rows if not row.skipped]
        print(f"checking and warming {len(measured)} rows...", flush=True)
        for row in measured:
            for _ in range(3):
                response = probe(row.url, row.gzip)
            if response.status != 200:
                raise SystemExit(
                    f"{row.name}: {row.url} answered {response.status} "
                    f"{response.headers.get('location', '')}"
                )
            row.size = response.size
            if row.check and (problem := row.check(response)):
                row.note = f" (**check: {problem}**)"
                print(f"  {row.name}: {problem}", flush=True)
            wrk(row, 2, args.connections, work, offset=len(row.paths or []) // 2)
        load_before = os.getloadavg()[0]
        for round_number in range(args.rounds):
            print(f"round {round_number + 1} of {args.rounds}...", flush=True)
            for row in measured:
                offset = round_number * len(row.paths or []) // max(args.rounds, 1)
                row.runs.append(wrk(row, args.seconds, args.connections, work, offset))
                run = row.runs[-1]
                print(f"  {row.name}: {run['rps']:,.1f}/s, p99 {run['p99']:.1f} ms", flush=True)
                if row.paths and run["requests"] > len(row.paths) // args.rounds:
                    row.note = " (**fewer articles than requests: some asked twice**)"
        load_after = os.getloadavg()[0]
    except BaseException:
        print(f"the servers' logs are in {work}", file=sys.stderr)
        raise
    finally:
        services.stop_all()
    served = granian_settings(jarida_env())
    server = (
        f"granian (webserver.py) {served['GRANIAN_WORKERS']} workers × "
        f"{served['GRANIAN_BLOCKING_THREADS']} threads"
    )
    header = (
        f"wrk -c{args.connections} -d{args.seconds}s, median of {args.rounds} interleaved runs "
        f"({time.perf_counter() - started:.0f}s); Jarida: {server}, PostgreSQL + Redis, DEBUG=0, "
        f"{args.limit:,} corpus articles, article page {len(cold_page.body) / 1024:.1f} KB "
        f"({len(picked['paragraphs']):,} paragraphs); {os.cpu_count()} cores shared by all, "
        f"load average {load_before:.1f} before the runs and {load_after:.1f} after"
    )
    print()
    print(table(rows, args, header))
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
