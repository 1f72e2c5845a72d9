"""Import throughput: N corpus articles into a fresh database, then the same N again.

Prints one table: for each backend, the first pass (every article `created`) and the second
(every article `unchanged`), with the parser alone as the baseline measured in the same run.

    .venv/bin/python bench/import_speed.py [--limit 1000] [--postgres postgres://u:p@host/db]

The PostgreSQL run creates and drops a scratch database `jarida_bench_import` on that server.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "saudinewsnet" / "articles.jsonl.gz"
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


def run_import(env: dict[str, str], limit: int) -> tuple[float, str]:
    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "import_articles",
            "--format",
            "jsonl",
            "--time-zone",
            "Asia/Riyadh",
            "--limit",
            str(limit),
            str(CORPUS),
        ],
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
    return float(match.group(2)), outcome


def backend_runs(name: str, env: dict[str, str], limit: int) -> list[tuple[str, str, float, str]]:
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    rows = []
    for label in ("first import", "re-import"):
        seconds, outcome = run_import(env, limit)
        rows.append((name, label, seconds, outcome))
    return rows


def scratch_postgres(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    return url, urlunsplit(parts._replace(path="/jarida_bench_import"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=1000)
    parser.add_argument("--postgres", help="URL of a PostgreSQL database to create a scratch db")
    args = parser.parse_args()
    if not CORPUS.exists():
        raise SystemExit(f"corpus not found at {CORPUS}: nothing to measure")

    rows: list[tuple[str, str, float, str]] = []
    baseline = parse_only(args.limit)
    with tempfile.TemporaryDirectory() as var:
        env = {**os.environ, "JARIDA_VAR_DIR": var}
        env.pop("DATABASE_URL", None)
        rows += backend_runs("SQLite (WAL)", env, args.limit)
    if args.postgres:
        import psycopg

        admin_url, scratch_url = scratch_postgres(args.postgres)
        with psycopg.connect(admin_url, autocommit=True) as connection:
            connection.execute("DROP DATABASE IF EXISTS jarida_bench_import")
            connection.execute("CREATE DATABASE jarida_bench_import")
        try:
            with tempfile.TemporaryDirectory() as var:
                env = {**os.environ, "JARIDA_VAR_DIR": var, "DATABASE_URL": scratch_url}
                rows += backend_runs("PostgreSQL", env, args.limit)
        finally:
            with psycopg.connect(admin_url, autocommit=True) as connection:
                connection.execute("DROP DATABASE IF EXISTS jarida_bench_import")

    print(f"\nImport of {args.limit} SaudiNewsNet articles (jsonl.gz)\n")
    print("| backend | pass | seconds | articles/s | × parser alone | outcome |")
    print("| --- | --- | ---: | ---: | ---: | --- |")
    print(f"| (parser alone) | baseline | {baseline:.2f} | {args.limit / baseline:,.0f} | 1.00 | |")
    for name, label, seconds, outcome in rows:
        rate = args.limit / seconds
        print(
            f"| {name} | {label} | {seconds:.1f} | {rate:,.1f} | {baseline / seconds:.3f} "
            f"| {outcome} |"
        )


if __name__ == "__main__":
    main()
