"""Import throughput: N corpus articles into a fresh database, then the same N again; and
WordPress's test exports (WXR) with their photos.

Prints one table: for each backend, the first pass (every article `created`) and the second
(every article `unchanged`), with the parser alone as the baseline measured in the same run.
Each row is the median of `--repeat` runs, each into its own fresh database.

    .venv/bin/python bench/import_speed.py [--limit 1000] [--repeat 3] [--wxr]
        [--postgres postgres://u:p@host/db]

The PostgreSQL run creates and drops a scratch database `jarida_bench_import` on that server
(`JARIDA_BENCH_SCRATCH_DB` names another, so two checkouts can measure side by side).
`--wxr` imports ../shared/fixtures/wordpress/*.xml with an uploads folder of generated photos
at the paths the exports name (nothing is downloaded).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "saudinewsnet" / "articles.jsonl.gz"
WORDPRESS = ROOT.parent / "shared" / "fixtures" / "wordpress"
SUMMARY = re.compile(
    r"(\d+) articles in ([\d.]+)s .*?(\d+) created, (\d+) updated, "
    r"(\d+) unchanged, (\d+) failed"
)


def parse_only(limit: int) -> float:
    """Seconds to parse `limit` records: the floor under any import."""
    sys.path.insert(0, str(ROOT))
    from jarida.importers.formats import jsonl
    from jarida.importers.records import ImportOptions

    started = time.perf_counter()
    for count, _ in enumerate(jsonl.read(CORPUS, ImportOptions("Asia/Riyadh", "أرشيف")), 1):
        if count >= limit:
            break
    return time.perf_counter() - started


def run_import(env: dict[str, str], args: list[str]) -> tuple[float, int, str]:
    result = subprocess.run(
        [sys.executable, "manage.py", "import_articles", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    match = SUMMARY.search(result.stderr)
    if not match:
        raise SystemExit(f"import failed:\n{result.stderr[-2000:]}")
    counts = dict(
        zip(
            ("created", "updated", "unchanged", "failed"), map(int, match.groups()[2:]), strict=True
        )
    )
    outcome = ", ".join(f"{v} {k}" for k, v in counts.items() if v)
    written = counts["created"] + counts["updated"] + counts["unchanged"]
    return float(match.group(2)), written, outcome


def jsonl_args(limit: int) -> list[str]:
    return ["--format", "jsonl", "--time-zone", "Asia/Riyadh", "--limit", str(limit), str(CORPUS)]


def wxr_args(media: Path) -> list[str]:
    return ["--format", "wxr", "--media", str(media), *map(str, sorted(WORDPRESS.glob("*.xml")))]


def uploads_for_exports(folder: Path) -> Path:
    """A photo at every path the exports' attachments name."""
    from PIL import Image

    for export in WORDPRESS.glob("*.xml"):
        for item in ET.parse(export).getroot().iter("item"):
            for child in item:
                if child.tag.endswith("}attachment_url") and child.text:
                    target = folder / urlsplit(child.text.strip()).path.lstrip("/")
                    target.parent.mkdir(parents=True, exist_ok=True)
                    # A colour of its own per path: the same bytes would be one stored photo.
                    colour = tuple(hashlib.sha1(str(target).encode()).digest()[:3])
                    Image.new("RGB", (800, 533), colour).save(target, "JPEG")
    return folder


def backend_runs(
    name: str, env_for_run: Any, args: list[str], repeat: int
) -> list[tuple[str, str, float, float, str]]:
    """(backend, pass, median seconds, median rate, outcome) for a first import and a
    re-import, each the median of `repeat` fresh databases."""
    samples: dict[str, list[tuple[float, float, str]]] = {"first import": [], "re-import": []}
    for _ in range(repeat):
        with env_for_run() as env:
            subprocess.run(
                [sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True
            )
            for label in samples:
                seconds, written, outcome = run_import(env, args)
                samples[label].append((seconds, written / seconds, outcome))
    return [
        (
            name,
            label,
            statistics.median(s for s, _, _ in runs),
            statistics.median(r for _, r, _ in runs),
            runs[-1][2],
        )
        for label, runs in samples.items()
    ]


SCRATCH_DB = os.environ.get("JARIDA_BENCH_SCRATCH_DB", "jarida_bench_import")


def scratch_postgres(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    return url, urlunsplit(parts._replace(path=f"/{SCRATCH_DB}"))


class sqlite_env:
    def __enter__(self) -> dict[str, str]:
        self.folder = tempfile.TemporaryDirectory()
        env = {**os.environ, "JARIDA_VAR_DIR": self.folder.name}
        env.pop("DATABASE_URL", None)
        return env

    def __exit__(self, *exc: object) -> None:
        self.folder.cleanup()


class postgres_env:
    def __init__(self, url: str) -> None:
        self.admin_url, self.scratch_url = scratch_postgres(url)

    def _drop_and(self, create: bool) -> None:
        import psycopg

        with psycopg.connect(self.admin_url, autocommit=True) as connection:
            connection.execute(f"DROP DATABASE IF EXISTS {SCRATCH_DB}")
            if create:
                connection.execute(f"CREATE DATABASE {SCRATCH_DB}")

    def __call__(self) -> postgres_env:
        return self

    def __enter__(self) -> dict[str, str]:
        self._drop_and(create=True)
        self.folder = tempfile.TemporaryDirectory()
        return {**os.environ, "JARIDA_VAR_DIR": self.folder.name, "DATABASE_URL": self.scratch_url}

    def __exit__(self, *exc: object) -> None:
        self._drop_and(create=False)
        self.folder.cleanup()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3, help="runs per row (median)")
    parser.add_argument("--postgres", help="URL of a PostgreSQL database to create a scratch db")
    parser.add_argument("--wxr", action="store_true", help="also import the WordPress fixtures")
    parser.add_argument("--no-jsonl", action="store_true", help="skip the corpus rows")
    args = parser.parse_args()
    if not args.no_jsonl and not CORPUS.exists():
        raise SystemExit(f"corpus not found at {CORPUS}: nothing to measure")

    rows: list[tuple[str, str, float, float, str]] = []
    load_before = os.getloadavg()[0]
    backends: list[tuple[str, Any]] = [("SQLite (WAL)", sqlite_env)]
    if args.postgres:
        backends.append(("PostgreSQL", postgres_env(args.postgres)))
    baseline = parse_only(args.limit) if not args.no_jsonl else 0.0
    with tempfile.TemporaryDirectory() as media:
        if args.wxr:
            uploads_for_exports(Path(media))
        for name, env in backends:
            if not args.no_jsonl:
                rows += backend_runs(f"{name}, jsonl", env, jsonl_args(args.limit), args.repeat)
            if args.wxr:
                rows += backend_runs(f"{name}, wxr", env, wxr_args(Path(media)), args.repeat)

    print(f"\nImport speed, median of {args.repeat} runs each ({args.limit} corpus articles)")
    # Wall times follow the machine's load; the parser row, measured in the same run, is
    # the yardstick that moves with it.
    print(f"load average {load_before:.1f} at the start, {os.getloadavg()[0]:.1f} at the end\n")
    print("| backend, format | pass | seconds | items/s | × parser alone | outcome |")
    print("| --- | --- | ---: | ---: | ---: | --- |")
    if baseline:
        print(
            f"| (jsonl parser alone) | baseline | {baseline:.2f} | "
            f"{args.limit / baseline:,.0f} | 1.00 | |"
        )
    for name, label, seconds, rate, outcome in rows:
        ratio = f"{baseline / seconds:.3f}" if baseline and "jsonl" in name else ""
        print(f"| {name} | {label} | {seconds:.1f} | {rate:,.1f} | {ratio} | {outcome} |")


if __name__ == "__main__":
    main()
