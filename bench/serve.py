"""Serving under load: Jarida against the static limit, in one run (see bench/serve.sh).

With the whole corpus imported into PostgreSQL (production profile: granian through
webserver.py, Redis), wrk (16 connections, loopback) measures:

- the limit: nginx serving a saved copy of an article page from disk, compressed ahead
  (gzip_static), as the app and the micro-cache serve it to every client that takes gzip;
- the article through the app's page cache, through the nginx micro-cache (docs/nginx), and
  uncached (a second server with PAGE_CACHE_SECONDS=0: every request renders the page; the
  fragments (the article as rendered, its metadata and comments, the masthead, related
  list, list cards, the request's site) stay cached, as they do in production);
- the long tail: the newest 10,000 articles, each asked for once, uncached, after a purge
  of everything, so each render builds its article's fragments: a reader arriving from a
  search engine at an old article;
- uncached: the home page, a section's first and deepest pages, a search.

Each measurement runs three times (`--rounds`), round-robin over the list, so a slow
moment on a shared machine touches every row alike; the table gives the median of each
figure (errors are summed). It prints requests/s, p50, p99, errors and the ratio to the
static limit. The import is kept between runs in a scratch database (`--fresh` starts over);
wrk and the app share the machine's cores, as they would on one modest server.
"""

from __future__ import annotations

import argparse
import gzip
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote, unquote

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "saudinewsnet" / "articles.jsonl.gz"
PYTHON = ROOT / ".venv" / "bin" / "python"
DATABASE = "jarida_bench_serve"
ADMIN_URL = os.environ.get(
    "BENCH_ADMIN_DATABASE_URL", "postgres://jarida:jarida@127.0.0.1:5432/postgres"
)
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/9")
VAR = ROOT / "var" / "bench-serve"
# The cold run: as many different articles as no run can get through, each asked for once.
MANY_ARTICLES = 10_000
COLD = f"{MANY_ARTICLES:,} articles, each once, uncached (fragments cold)"

sys.path.insert(0, str(ROOT))
from webserver import granian_settings  # noqa: E402


def database_url() -> str:
    return ADMIN_URL.rsplit("/", 1)[0] + "/" + DATABASE


def env(**extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": database_url(),
        "REDIS_URL": REDIS_URL,
        "JARIDA_VAR_DIR": str(VAR),
        "DEBUG": "0",
        "STATIC_MANIFEST": "1",
        "ALLOWED_HOSTS": "localhost,127.0.0.1",
        "LOG_LEVEL": "WARNING",
        "DJANGO_SETTINGS_MODULE": "jarida.settings",
        **extra,
    }


def manage(*args: str, **extra: str) -> None:
    subprocess.run([str(PYTHON), "manage.py", *args], cwd=ROOT, env=env(**extra), check=True)


def prepare(fresh: bool) -> None:
    import psycopg

    with psycopg.connect(ADMIN_URL, autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE]
        ).fetchone()
        if fresh and exists:
            connection.execute(f"DROP DATABASE {DATABASE}")
            exists = None
        if not exists:
            connection.execute(f"CREATE DATABASE {DATABASE}")
    VAR.mkdir(parents=True, exist_ok=True)
    manage("migrate", "-v0")
    manage("collectstatic", "--noinput", "-v0")
    print("importing the corpus (unchanged articles are skipped)...", flush=True)
    started = time.perf_counter()
    result = subprocess.run(
        [
            str(PYTHON),
            "manage.py",
            "import_articles",
            "--format",
            "jsonl",
            "--time-zone",
            "Asia/Riyadh",
            str(CORPUS),
        ],
        cwd=ROOT,
        env=env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        check=False,
    )
    print(f"  {result.stderr.strip().splitlines()[-1]} ({time.perf_counter() - started:.0f}s)")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(port: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"nothing listening on port {port}")


def server(
    port: int, workers: int | None, threads: int | None, **extra: str
) -> subprocess.Popen[bytes]:
    """The production web server (webserver.py: granian), as `make production` starts it."""
    sizes = {"WEB_CONCURRENCY": str(workers or ""), "WEB_THREADS": str(threads or "")}
    process = subprocess.Popen(
        [str(PYTHON), "webserver.py"],
        cwd=ROOT,
        env=env(BIND=f"127.0.0.1:{port}", **sizes, **extra),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    wait_for(port)
    return process


def nginx(work: Path, app_port: int, port: int, static_root: Path) -> subprocess.Popen[bytes]:
    snippet = (
        (ROOT / "docs" / "nginx" / "jarida.conf")
        .read_text()
        .replace("/var/cache/nginx/jarida", str(work / "cache"))
        .replace("server 127.0.0.1:8000;", f"server 127.0.0.1:{app_port};")
        .replace("listen 80;", f"listen 127.0.0.1:{port};")
        .replace("/srv/jarida/var/", f"{VAR}/")
    )
    (work / "jarida.conf").write_text(snippet)
    user = "user root;" if os.geteuid() == 0 else ""
    (work / "nginx.conf").write_text(f"""
        {user} daemon off; worker_processes 1; pid {work}/nginx.pid;
        error_log {work}/error.log error;
        events {{ worker_connections 1024; }}
        http {{
            access_log off; sendfile on; tcp_nopush on; keepalive_requests 100000;
            client_body_temp_path {work}/body; proxy_temp_path {work}/proxy;
            include {work}/jarida.conf;
            server {{
                listen 127.0.0.1:{port + 1};
                location / {{ root {static_root}; default_type text/html; gzip_static on; }}
            }}
        }}""")
    nginx_bin = shutil.which("nginx") or "/usr/sbin/nginx"
    process = subprocess.Popen(
        [nginx_bin, "-c", str(work / "nginx.conf"), "-p", str(work)], stderr=subprocess.DEVNULL
    )
    wait_for(port)
    wait_for(port + 1)
    return process


WRK_RATE = re.compile(r"Requests/sec:\s+([\d.]+)")
WRK_LATENCY = re.compile(r"^\s+(50|99)%\s+([\d.]+)(us|ms|s)\s*$", re.M)
WRK_NON_2XX = re.compile(r"Non-2xx or 3xx responses:\s+(\d+)")
WRK_SOCKET = re.compile(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")


# Each wrk thread walks the list of paths from its own half, one path per request, so no
# article is asked for twice in a run: every render builds the article's fragments afresh.
EVERY_PATH_ONCE = """
local threads = 0
function setup(thread)
  thread:set("half", threads)
  threads = threads + 1
end
function init(args)
  paths = {}
  for line in io.lines(os.getenv("BENCH_PATHS")) do paths[#paths + 1] = line end
  i = half * math.floor(#paths / 2)
end
function request()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end
"""


def wrk(url: str, seconds: int, connections: int, paths: Path | None = None) -> dict[str, float]:
    script: list[str] = []
    if paths is not None:
        lua = paths.with_suffix(".lua")
        lua.write_text(EVERY_PATH_ONCE)
        script = ["-s", str(lua)]
    result = subprocess.run(
        [
            "wrk",
            f"-t{min(2, connections)}",
            f"-c{connections}",
            f"-d{seconds}s",
            "--latency",
            "-H",
            "X-Forwarded-Proto: https",
            "-H",
            "Accept-Encoding: gzip",
            *script,
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "BENCH_PATHS": str(paths or "")},
    )
    out = result.stdout
    scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}
    latency = {p: float(v) * scale[u] for p, v, u in WRK_LATENCY.findall(out)}
    errors = sum(int(n) for n in WRK_NON_2XX.findall(out))
    if match := WRK_SOCKET.search(out):
        errors += sum(int(n) for n in match.groups())
    return {
        "rps": float(WRK_RATE.search(out).group(1)),
        "p50": latency.get("50", 0.0),
        "p99": latency.get("99", 0.0),
        "errors": errors,
    }


def summary(runs: list[dict[str, float]]) -> dict[str, float]:
    """The median of each figure over the runs; errors added up (any is worth seeing)."""
    medians = {
        figure: statistics.median(run[figure] for run in runs) for figure in ("rps", "p50", "p99")
    }
    return {**medians, "errors": sum(run["errors"] for run in runs)}


def fetch(url: str) -> bytes:
    request = urllib.request.Request(url, headers={"X-Forwarded-Proto": "https"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.read()


def pick_urls(paths: Path) -> dict[str, str]:
    """An article, the biggest section and its deepest page, from the site itself; the
    newest `MANY_ARTICLES` articles' paths into `paths`."""
    code = (
        "import django; django.setup()\n"
        "from django.conf import settings\n"
        "from jarida.news.models import ArticlePage, SectionPage\n"
        "sections = [(ArticlePage.objects.published().in_section(s).count(), s) "
        "for s in SectionPage.objects.live()]\n"
        "count, section = max(sections, key=lambda pair: pair[0])\n"
        "article = ArticlePage.objects.published().in_section(section).newest_first()[100]\n"
        "pages = -(-count // settings.ARTICLES_PER_PAGE)\n"
        "print(article.url); print(section.url); print(pages)\n"
        f"for a in ArticlePage.objects.published().newest_first()[:{MANY_ARTICLES}]:\n"
        "    print(a.url)\n"
    )
    out = subprocess.run(
        [str(PYTHON), "-c", code], cwd=ROOT, env=env(), capture_output=True, text=True, check=True
    ).stdout.split()
    article, section, pages = out[0], out[1], int(out[2])
    deepest = min(500, pages)
    paths.write_text("".join(f"{quote(unquote(url))}\n" for url in out[3:]))
    return {
        # Wagtail's URLs may come percent-encoded already; encode each exactly once.
        "article": quote(unquote(article)),
        "section": quote(unquote(section)),
        "section_deep": f"{quote(unquote(section))}?page={deepest}",
        "deep_page": str(deepest),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, help="worker processes (webserver.py's default)")
    parser.add_argument("--threads", type=int, help="threads per worker (webserver.py's default)")
    parser.add_argument("--rounds", type=int, default=3, help="runs of each measurement")
    parser.add_argument("--fresh", action="store_true", help="re-create the bench database")
    args = parser.parse_args()
    if not CORPUS.exists():
        raise SystemExit(f"corpus not found at {CORPUS}: nothing to serve")
    for tool in ("wrk", "nginx"):
        if not (shutil.which(tool) or Path(f"/usr/sbin/{tool}").exists()):
            raise SystemExit(f"{tool} not installed (apt install {tool})")

    prepare(args.fresh)
    processes: list[subprocess.Popen[bytes]] = []
    with tempfile.TemporaryDirectory() as work_dir:
        work = Path(work_dir)
        try:
            cached_port, uncached_port, nginx_port = free_port(), free_port(), free_port()
            processes.append(server(cached_port, args.workers, args.threads))
            processes.append(
                server(uncached_port, args.workers, args.threads, PAGE_CACHE_SECONDS="0")
            )
            app = f"http://127.0.0.1:{cached_port}"
            many = work / "articles.txt"
            urls = pick_urls(many)
            static_root = work / "static-copy"
            static_root.mkdir()
            page = fetch(app + urls["article"])
            (static_root / "article.html").write_bytes(page)
            (static_root / "article.html.gz").write_bytes(gzip.compress(page, 9, mtime=0))
            processes.append(nginx(work, cached_port, nginx_port, static_root))
            uncached = f"http://127.0.0.1:{uncached_port}"
            search = "/search/?q=" + quote("الأمريكية")
            runs = [
                (
                    "static limit: nginx, saved article page",
                    f"http://127.0.0.1:{nginx_port + 1}/article.html",
                ),
                ("article, app page cache", app + urls["article"]),
                ("article, nginx micro-cache", f"http://127.0.0.1:{nginx_port}{urls['article']}"),
                ("article, uncached", uncached + urls["article"]),
                (COLD, uncached + "/"),
                ("home, uncached", uncached + "/"),
                ("section page 1, uncached", uncached + urls["section"]),
                (f"section page {urls['deep_page']}, uncached", uncached + urls["section_deep"]),
                ("search, uncached", uncached + search),
            ]
            for _, url in runs:  # warm: renditions, fragments, connections
                for _ in range(3):
                    fetch(url)
            measured: dict[str, list[dict[str, float]]] = {name: [] for name, _ in runs}
            for _ in range(args.rounds):
                for name, url in runs:
                    if name == COLD:
                        manage("purge_page_cache")  # every fragment too: all start cold
                    paths = many if name == COLD else None
                    measured[name].append(wrk(url, args.seconds, args.connections, paths))
            results = [(name, summary(measured[name])) for name, _ in runs]
        finally:
            for process in processes:
                process.send_signal(signal.SIGTERM)
            for process in processes:
                process.wait(timeout=30)

    limit = results[0][1]["rps"]
    served = granian_settings(
        {"WEB_CONCURRENCY": str(args.workers or ""), "WEB_THREADS": str(args.threads or "")}
    )
    print(
        f"\nwrk -c{args.connections} -d{args.seconds}s, median of {args.rounds} interleaved runs; "
        f"granian (webserver.py) {served['GRANIAN_WORKERS']} workers × "
        f"{served['GRANIAN_BLOCKING_THREADS']} threads; PostgreSQL + Redis; "
        f"{len(page) / 1024:.0f} KB article page\n"
    )
    print("| run | requests/s | p50 ms | p99 ms | errors | × static limit |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for name, r in results:
        print(
            f"| {name} | {r['rps']:,.0f} | {r['p50']:.2f} | {r['p99']:.2f} | "
            f"{int(r['errors'])} | {r['rps'] / limit:.3f} |"
        )


if __name__ == "__main__":
    sys.exit(main())
