"""A cold render's CPU, this tree against a baseline tree, in lockstep.

Two worker processes, one per tree, each with nothing cached (DISABLE_CACHES=1: every cache
Django's DummyCache, no page cache) and DEBUG off, answer the same URL in turn through
Django's WSGI handler, one request each, alternating which goes first. Each request's CPU is
`time.process_time()` in its worker (the database's own CPU is not in it). Both workers see
the same moments of a shared machine, so the median of the per-request ratios is steadier
than a ratio of two separate runs; the table also gives each side's median in ms.

    git worktree add /tmp/jarida-base main      # the baseline: any commit
    .venv/bin/python bench/cold_lockstep.py --base /tmp/jarida-base [--requests 200]
        [--database postgres://jarida:jarida@127.0.0.1:5432/jarida_bench]
        [--dump DIR]

Pages: the median-length article (as bench/serve.py picks it), the home page, the biggest
section, and the tag and author with the most articles (left out when there are none). Both
trees read the same database (DATABASE_URL, or --database), so the baseline must understand
its schema. Before timing, each page is fetched from both trees with and without gzip and
compared byte for byte, headers included; `--dump DIR` also writes the plain responses there.
The Content-Security-Policy header is compared with its directives sorted (their order may
change from one process to the next).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import IO, Any
from urllib.parse import unquote_to_bytes

ROOT = Path(__file__).resolve().parent.parent

PICK = r"""
import json
from django.db.models import Count, TextField
from django.db.models.functions import Cast, Length
from jarida.news.models import ArticlePage, Author, SectionPage, Tag

articles = ArticlePage.objects.live().public()
by_length = articles.annotate(n=Length(Cast("body", TextField()))).order_by("n", "pk")
pages = {"article": by_length[by_length.count() // 2].url, "home": "/"}
sections = [(articles.descendant_of(s).count(), s) for s in SectionPage.objects.live()]
if sections:
    pages["section"] = max(sections, key=lambda pair: pair[0])[1].url
tag = Tag.objects.annotate(n=Count("tagged_articles")).order_by("-n", "pk").first()
if tag is not None:
    pages["tag"] = tag.get_absolute_url()
author = Author.objects.annotate(n=Count("article_links")).order_by("-n", "pk").first()
if author is not None:
    pages["author"] = author.get_absolute_url()
print(json.dumps(pages))
"""


def worker(tree: str) -> None:
    """Answer lines from stdin: `time URL` (CPU ms, status), `dump URL GZIP` (the response
    as JSON), `pick` (the pages to measure)."""
    os.chdir(tree)
    sys.path.insert(0, tree)
    import django

    django.setup()
    from django.core.handlers.wsgi import WSGIHandler

    handler = WSGIHandler()

    def environ_for(url: str, gzip: bool) -> dict[str, Any]:
        """A plain WSGI environ for a GET of `url`, as a server would pass it."""
        path, _, query = url.partition("?")
        return {
            "REQUEST_METHOD": "GET",
            "SCRIPT_NAME": "",
            "PATH_INFO": unquote_to_bytes(path).decode("iso-8859-1"),
            "QUERY_STRING": query,
            "SERVER_NAME": "localhost",
            "SERVER_PORT": "80",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "REMOTE_ADDR": "127.0.0.1",
            "HTTP_HOST": "localhost",
            **({"HTTP_ACCEPT_ENCODING": "gzip"} if gzip else {}),
            "wsgi.version": (1, 0),
            "wsgi.url_scheme": "http",
            "wsgi.input": io.BytesIO(b""),
            "wsgi.errors": sys.stderr,
            "wsgi.multithread": False,
            "wsgi.multiprocess": True,
            "wsgi.run_once": False,
        }

    def get(environ: dict[str, Any]) -> tuple[str, list[tuple[str, str]], bytes]:
        answer: dict[str, Any] = {}

        def start_response(status: str, headers: list[tuple[str, str]], *_: Any) -> None:
            answer.update(status=status, headers=headers)

        result = handler(environ, start_response)
        body = b"".join(result)
        result.close()
        return answer["status"], answer["headers"], body

    for line in sys.stdin:
        command, _, rest = line.strip().partition(" ")
        if command == "pick":
            exec(PICK, {})  # the fixed script above
        elif command == "dump":
            url, _, gzip = rest.rpartition(" ")
            status, headers, body = get(environ_for(url, gzip == "1"))
            if gzip == "1":  # gzip's header carries random bytes (Django's BREACH guard)
                import gzip as gzip_module

                body = gzip_module.decompress(body) if body[:2] == b"\x1f\x8b" else body
                headers = [(k, v) for k, v in headers if k.lower() != "content-length"]
            shown = sorted(
                (k, "; ".join(sorted(p.strip() for p in v.split(";"))))
                if k.lower() == "content-security-policy"
                else (k, v)
                for k, v in headers
            )
            print(json.dumps({"status": status, "headers": shown, "body": body.decode()}))
        elif command == "time":
            environ = environ_for(rest, gzip=True)
            start = time.process_time()
            status, _, _ = get(environ)
            print(f"{(time.process_time() - start) * 1000:.4f} {status.split()[0]}")
        sys.stdout.flush()


class Side:
    """One tree's worker process."""

    def __init__(self, tree: Path, env: dict[str, str]) -> None:
        self.tree = tree
        self.process = subprocess.Popen(
            [sys.executable, __file__, "--worker", str(tree)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=env,
        )

    def ask(self, line: str) -> str:
        stdin: IO[str] = self.process.stdin  # type: ignore[assignment]
        stdout: IO[str] = self.process.stdout  # type: ignore[assignment]
        stdin.write(line + "\n")
        stdin.flush()
        answer = stdout.readline()
        if not answer:
            raise SystemExit(f"the worker for {self.tree} stopped (see its error above)")
        return answer.strip()

    def close(self) -> None:
        if self.process.stdin:
            self.process.stdin.close()
        self.process.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", type=Path, help="the baseline tree (a git worktree)")
    parser.add_argument("--requests", type=int, default=200, help="timed requests per page")
    parser.add_argument("--warmup", type=int, default=20, help="untimed requests per page")
    parser.add_argument("--database", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--dump", type=Path, help="write each side's plain responses here")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args.worker)
        return
    if args.base is None or not (args.base / "manage.py").exists():
        raise SystemExit("--base must name a Jarida tree (git worktree add /tmp/jarida-base main)")
    env = {
        **os.environ,
        "DISABLE_CACHES": "1",
        "DEBUG": "0",
        "ALLOWED_HOSTS": "localhost",
        "LOG_LEVEL": "ERROR",
        "DJANGO_SETTINGS_MODULE": "jarida.settings",
        **({"DATABASE_URL": args.database} if args.database else {}),
    }
    env.pop("REDIS_URL", None)  # nothing cached: no cache server either
    base, branch = Side(args.base.resolve(), env), Side(ROOT, env)
    try:
        pages: dict[str, str] = json.loads(branch.ask("pick"))
        different = []
        for name, url in pages.items():
            for gzip in ("0", "1"):
                answers = [side.ask(f"dump {url} {gzip}") for side in (base, branch)]
                if answers[0] != answers[1]:
                    different.append(f"{name}{' (gzip)' if gzip == '1' else ''}")
                if args.dump and gzip == "0":
                    args.dump.mkdir(parents=True, exist_ok=True)
                    for side, answer in zip(("base", "branch"), answers, strict=True):
                        (args.dump / f"{side}-{name}.json").write_text(answer)
        for url in pages.values():
            for _ in range(args.warmup):
                base.ask(f"time {url}")
                branch.ask(f"time {url}")
        load = os.getloadavg()[0]
        print(f"cold render CPU per request: {ROOT.name} against {args.base.name}")
        print(f"{args.requests} requests a page, lockstep; load average {load:.1f} at start\n")
        print("| page | base ms | this ms | ratio (median of per-request ratios) | same output |")
        print("| --- | ---: | ---: | ---: | --- |")
        for name, url in pages.items():
            times: dict[str, list[float]] = {"base": [], "this": []}
            ratios = []
            for n in range(args.requests):
                order = [("base", base), ("this", branch)]
                for label, side in order if n % 2 == 0 else order[::-1]:
                    ms, status = side.ask(f"time {url}").split()
                    times[label].append(float(ms))
                ratios.append(times["this"][-1] / times["base"][-1])
            same = "no" if any(d.startswith(name) for d in different) else "yes"
            print(
                f"| {name} (HTTP {status}) | {statistics.median(times['base']):.2f} | "
                f"{statistics.median(times['this']):.2f} | {statistics.median(ratios):.3f} | "
                f"{same} |",
                flush=True,
            )
        print(f"\nload average {os.getloadavg()[0]:.1f} at the end")
        if different:
            print(f"responses differ from the baseline's: {', '.join(different)}")
    finally:
        base.close()
        branch.close()


if __name__ == "__main__":
    main()
