"""Search speed at about 100,000 articles: query latency and index build throughput.

Loads the SaudiNewsNet corpus four times over (25,660 × 4 real, published article pages,
created in bulk with SQL inserts: the importer's ~16 articles/s would take two hours), builds
the index with the real `rebuild` (what `rebuild_search_index` runs), then times 200 reader
queries through the real query layer, `search_articles` (match, rank, count, the
`published()` join, hydration of 20 articles and their snippets), after 20 warm-up queries.
The queries come from headlines with reader variation (`search_quality.make_queries`); half
are cut to their first one or two words, the broad queries that cost most. A second table
times 200 half-remembered queries (`search_quality.half_remembered`: body words, a plural
swapped, names re-spelled), the ones that reach the fallback and the spelling neighbours.

The baseline, measured in the same run: stock SQLite FTS5 (`unicode61`) over the same raw
text in a file database, built by one bulk insert and queried for the same 200 queries
(match, BM25, top 20 and a count; no join, no hydration).

    .venv/bin/python bench/search_speed.py [--copies 4]
        [--postgres postgres://jarida:jarida@127.0.0.1:5432/jarida]

The PostgreSQL row uses a scratch database `<name>_bench_search` on that server, created and
dropped here; without --postgres (or BENCH_POSTGRES_URL) the row says it was not measured.
Both rows run the same worker in a fresh process: load, `rebuild`, 20 warm-up queries, 200
timed ones. The machines are shared, so run it more than once and compare medians.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from search_quality import (
    CORPUS,
    body_of,
    bulk_pages,
    django_setup,
    fresh_database,
    half_remembered,
    make_queries,
    records,
    run_worker,
    scratch_postgres,
)

THIS = Path(__file__).resolve()
QUERIES = 200
WARM_UP = 20


def reader_queries(items: list[Any]) -> list[str]:
    varied = [q["varied"] for q in make_queries(items, QUERIES, seed=6)]
    return [q if i % 2 else " ".join(q.split()[: 1 + i % 4 // 2]) for i, q in enumerate(varied)]


def percentiles(samples: list[float]) -> tuple[float, float]:
    cuts = statistics.quantiles(samples, n=100, method="inclusive")
    return cuts[49], cuts[94]


def worker(copies: int, queries_file: str) -> None:
    django_setup()
    from jarida.search.documents import rebuild
    from jarida.search.query import search_articles

    items = records(10**9)
    started = time.perf_counter()
    ids = bulk_pages(items, copies)
    loaded = time.perf_counter() - started
    started = time.perf_counter()
    indexed = rebuild()
    build = time.perf_counter() - started
    query_sets = json.loads(Path(queries_file).read_text())
    queries, half = query_sets["reader"], query_sets["half"]
    for query in queries[:WARM_UP]:
        search_articles(query)
    samples, totals = [], []
    for query in queries:
        started = time.perf_counter()
        page = search_articles(query)
        samples.append((time.perf_counter() - started) * 1000)
        totals.append(page.total)
    p50, p95 = percentiles(samples)
    half_samples = []
    for query in half:
        started = time.perf_counter()
        search_articles(query)
        half_samples.append((time.perf_counter() - started) * 1000)
    half_p50, half_p95 = percentiles(half_samples)
    print(
        json.dumps(
            {
                "documents": len(ids),
                "indexed": indexed,
                "load_s": loaded,
                "build_s": build,
                "p50": p50,
                "p95": p95,
                "max": max(samples),
                "half_p50": half_p50,
                "half_p95": half_p95,
                "median_total": statistics.median(totals),
            }
        )
    )


def stock_fts5(items: list[Any], copies: int, queries: list[str]) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as folder:
        db = sqlite3.connect(Path(folder) / "stock.sqlite3")
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("CREATE VIRTUAL TABLE raw USING fts5(title, body)")
        rows = [
            (copy * len(items) + i, item.headline, body_of(item))
            for copy in range(copies)
            for i, item in enumerate(items)
        ]
        started = time.perf_counter()
        with db:
            db.executemany("INSERT INTO raw(rowid, title, body) VALUES (?, ?, ?)", rows)
        build = time.perf_counter() - started

        def search(query: str) -> None:
            expression = " AND ".join('"' + w.replace('"', '""') + '"' for w in query.split())
            try:
                db.execute(
                    "SELECT rowid FROM raw WHERE raw MATCH ? ORDER BY bm25(raw, 10, 1) LIMIT 20",
                    (expression,),
                ).fetchall()
                db.execute("SELECT count(*) FROM raw WHERE raw MATCH ?", (expression,)).fetchall()
            except sqlite3.OperationalError:
                pass

        for query in queries[:WARM_UP]:
            search(query)
        samples = []
        for query in queries:
            started = time.perf_counter()
            search(query)
            samples.append((time.perf_counter() - started) * 1000)
        p50, p95 = percentiles(samples)
        return {"documents": len(rows), "build_s": build, "p50": p50, "p95": p95}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=4)
    parser.add_argument(
        "--postgres",
        default=os.environ.get("BENCH_POSTGRES_URL"),
        help="URL of a PostgreSQL database (server for scratch); default $BENCH_POSTGRES_URL",
    )
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--queries-file", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args.copies, args.queries_file)
        return
    if not CORPUS.exists():
        raise SystemExit(f"corpus not found at {CORPUS}: nothing to measure")

    items = records(10**9)
    queries = reader_queries(items)
    half = [q["varied"] for q in half_remembered(items, QUERIES)]
    stock = stock_fts5(items, args.copies, queries)
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
        json.dump({"reader": queries, "half": half}, handle)
    worker_args = ["--copies", str(args.copies), "--queries-file", handle.name]
    runs = [("Jarida, SQLite FTS5", run_worker(THIS, worker_args, None))]
    if args.postgres:
        admin, scratch = scratch_postgres(args.postgres)
        with fresh_database(admin, scratch):
            runs.append(("Jarida, PostgreSQL GIN", run_worker(THIS, worker_args, scratch)))
    Path(handle.name).unlink()

    print(
        f"\nSearch over {stock['documents']:,} documents ({len(items):,} SaudiNewsNet articles "
        f"× {args.copies}), {len(queries)} reader queries after {WARM_UP} warm-up\n"
    )
    print("| engine | p50 ms | p95 ms | p95 × stock | build docs/s | build × stock |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    stock_rate = stock["documents"] / stock["build_s"]
    print(
        f"| stock FTS5 unicode61 (baseline: raw text, no join) | {stock['p50']:.1f} | "
        f"{stock['p95']:.1f} | 1.00 | {stock_rate:,.0f} | 1.00 |"
    )
    for name, run in runs:
        rate = run["indexed"] / run["build_s"]
        print(
            f"| {name} (search_articles, 20 hits) | {run['p50']:.1f} | {run['p95']:.1f} | "
            f"{run['p95'] / stock['p95']:.2f} | {rate:,.0f} | {rate / stock_rate:.2f} |"
        )
    if not args.postgres:
        print("| Jarida, PostgreSQL GIN: not measured (--postgres URL) | | | | | |")
    print(f"\nHalf-remembered queries ({len(half)}: 2-3 body words, `search_quality`), same runs\n")
    print("| engine | p50 ms | p95 ms |")
    print("| --- | ---: | ---: |")
    for name, run in runs:
        print(f"| {name} | {run['half_p50']:.1f} | {run['half_p95']:.1f} |")
    print()
    for name, run in runs:
        print(
            f"{name}: {run['documents']:,} pages loaded in {run['load_s']:.0f}s; rebuild "
            f"{run['build_s']:.0f}s; slowest query {run['max']:.0f} ms; median result count "
            f"{run['median_total']:,.0f}"
        )


if __name__ == "__main__":
    main()
