"""Search quality on real news: MRR@10 and Recall@10 of the known article, three analysers.

Loads N SaudiNewsNet articles into a fresh database, derives one query per sampled article
from its headline (a span of 3-5 words) and varies it the way readers do: one or two of
hamza dropped, ة typed as ه, ى as ي, harakat added (copied from vocalised text), a tatweel,
ال or و added or removed on one word, أمريكي/أميركي swapped. Every query is also run as
typed from the headline. The known article is the one the query came from (and any other
loaded article with the same headline: papers reprint agency copy word for word).

    .venv/bin/python bench/search_quality.py [--limit 3000] [--queries 500]
        [--postgres postgres://jarida:jarida@127.0.0.1:5432/jarida]

Rows: stock SQLite FTS5 (`unicode61`, what a stock Wagtail site does; words quoted and
ANDed), PostgreSQL's built-in `arabic` configuration (Snowball; `plainto_tsquery`,
`ts_rank_cd`, headline weighted A), and Jarida's analyser through the real query layer
(`jarida.search.query.search_articles`) on SQLite and, with --postgres, on PostgreSQL. The
baselines get the same headline boost as Jarida. Pages are created in bulk (SQL inserts of
real page rows, not the importer, which is ~16 articles/s) and indexed with the real
`rebuild`. The PostgreSQL rows use a scratch database `<name>_bench_search` on that server,
created and dropped here.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import re
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

THIS = Path(__file__).resolve()
ROOT = THIS.parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "saudinewsnet" / "articles.jsonl.gz"
sys.path.insert(0, str(ROOT))

HARAKAT = "\u064e\u064f\u0650\u0651\u0652"
WORD = re.compile(r"[\w\u064b-\u0652\u0640]+")


def records(limit: int) -> list[Any]:
    """The first `limit` parseable articles of the corpus."""
    from jarida.importers.formats import jsonl
    from jarida.importers.records import ArticleRecord, ImportOptions

    found = []
    for item in jsonl.read(CORPUS, ImportOptions("Asia/Riyadh", "أرشيف")):
        if isinstance(item, ArticleRecord):
            found.append(item)
            if len(found) >= limit:
                break
    return found


# --- Reader variation ------------------------------------------------------------------------


def no_hamza(words: list[str], rnd: random.Random) -> list[str]:
    return [re.sub("[أإآ]", "ا", w) for w in words]


def heh_for_teh(words: list[str], rnd: random.Random) -> list[str]:
    return [w[:-1] + "ه" if w.endswith("ة") else w for w in words]


def yeh_for_maksura(words: list[str], rnd: random.Random) -> list[str]:
    return [w[:-1] + "ي" if w.endswith("ى") else w for w in words]


def harakat(words: list[str], rnd: random.Random) -> list[str]:
    out = []
    for w in words:
        if len(w) > 2 and rnd.random() < 0.5:
            i = rnd.randrange(1, len(w))
            w = w[:i] + rnd.choice(HARAKAT) + w[i:]
        out.append(w)
    return out


def tatweel(words: list[str], rnd: random.Random) -> list[str]:
    long = [i for i, w in enumerate(words) if len(w) > 3]
    if not long:
        return words
    i = rnd.choice(long)
    j = rnd.randrange(2, len(words[i]) - 1)
    return [*words[:i], words[i][:j] + "ـ" + words[i][j:], *words[i + 1 :]]


def article(words: list[str], rnd: random.Random) -> list[str]:
    i = rnd.randrange(len(words))
    w = words[i]
    if w.startswith("ال"):
        w = w[2:]
    elif w.startswith("وال"):
        w = "و" + w[3:]
    elif len(w) > 2:
        w = "ال" + w
    return [*words[:i], w, *words[i + 1 :]]


def conjunction(words: list[str], rnd: random.Random) -> list[str]:
    from jarida.arabic import normalise
    from jarida.arabic.analysis import is_stop_word

    fit = [
        i
        for i, w in enumerate(words)
        if w.startswith("وال")
        or (len(w) > 2 and not w.startswith("و") and not is_stop_word(normalise(w)))
    ]
    if not fit:
        return words
    i = rnd.choice(fit)
    w = words[i][1:] if words[i].startswith("وال") else "و" + words[i]
    return [*words[:i], w, *words[i + 1 :]]


def american(words: list[str], rnd: random.Random) -> list[str]:
    swap = {"أمريك": "أميرك", "أميرك": "أمريك", "امريك": "اميرك", "اميرك": "امريك"}
    out = []
    for w in words:
        for old, new in swap.items():
            if old in w:
                w = w.replace(old, new)
                break
        out.append(w)
    return out


VARIATIONS: list[Callable[[list[str], random.Random], list[str]]] = [
    no_hamza,
    heh_for_teh,
    yeh_for_maksura,
    harakat,
    tatweel,
    article,
    conjunction,
    american,
]


def vary(words: list[str], rnd: random.Random) -> tuple[list[str], list[str]]:
    """One or two variations that change the words (or none, if none applies)."""
    applied: list[str] = []
    for variation in rnd.sample(VARIATIONS, len(VARIATIONS)):
        changed = variation(words, rnd)
        if changed != words:
            words = changed
            applied.append(variation.__name__)
            if len(applied) == 2 or rnd.random() < 0.5:
                break
    return words, applied


def make_queries(items: list[Any], count: int, seed: int = 4) -> list[dict[str, Any]]:
    """Queries from headlines: as typed, and varied; with the indexes of the known articles."""
    from jarida.arabic import normalise

    rnd = random.Random(seed)
    same_headline: dict[str, list[int]] = {}
    for index, item in enumerate(items):
        same_headline.setdefault(normalise(item.headline), []).append(index)
    queries = []
    for index in rnd.sample(range(len(items)), len(items)):
        words = WORD.findall(items[index].headline)
        if len(words) < 2:
            continue
        size = min(len(words), rnd.randint(3, 5))
        start = rnd.randrange(0, len(words) - size + 1)
        span = words[start : start + size]
        varied, applied = vary(span, rnd)
        if not applied:
            continue
        known = same_headline[normalise(items[index].headline)]
        queries.append(
            {
                "typed": " ".join(span),
                "varied": " ".join(varied),
                "known": known,
                "applied": applied,
            }
        )
        if len(queries) == count:
            break
    return queries


# --- Loading real pages in bulk (shared with search_speed.py) --------------------------------


def django_setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jarida.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def bulk_pages(items: list[Any], copies: int = 1) -> list[int]:
    """Real, published ArticlePage rows for `items` (each `copies` times), in their sections;
    returns page ids in order. SQL inserts through the ORM: no revisions, no signals."""
    import uuid

    from django.contrib.contenttypes.models import ContentType
    from django.db import connection, transaction
    from wagtail.models import Locale, Page

    from jarida.news.body import body_stream
    from jarida.news.models import ArticlePage, HomePage, SectionPage

    home = HomePage.objects.get()
    sections: dict[str, SectionPage] = {}
    for name in sorted({item.section for item in items}):
        section = SectionPage(title=name, slug=f"s{len(sections)}")
        home.add_child(instance=section)
        sections[name] = section
    content_type = ContentType.objects.get_for_model(ArticlePage)
    locale = Locale.get_default()
    counters = dict.fromkeys(sections, 0)
    ids: list[int] = []
    fields = [f for f in ArticlePage._meta.local_concrete_fields]
    batch = 500
    pending: list[tuple[Page, Any]] = []

    def flush() -> None:
        pages = Page.objects.bulk_create([page for page, _ in pending])
        articles = []
        for page, item in pending:
            article = ArticlePage(
                page_ptr_id=page.pk,
                summary="",
                body=body_stream(("paragraph", b.text) for b in item.body),
                byline=item.byline[:255],
            )
            articles.append(article)
        ArticlePage._base_manager._insert(articles, fields=fields, using=connection.alias)
        ids.extend(page.pk for page in pages)
        pending.clear()

    with transaction.atomic():
        for _copy in range(copies):
            for item in items:
                section = sections[item.section]
                counters[item.section] += 1
                n = counters[item.section]
                path = section.path + _base36(n).rjust(Page.steplen, "0")
                slug = f"a{n}"
                page = Page(
                    title=item.headline[:255],
                    draft_title=item.headline[:255],
                    slug=slug,
                    content_type=content_type,
                    live=True,
                    has_unpublished_changes=False,
                    url_path=f"{section.url_path}{slug}/",
                    path=path,
                    depth=section.depth + 1,
                    numchild=0,
                    first_published_at=item.published_at,
                    last_published_at=item.published_at,
                    locale=locale,
                    translation_key=uuid.uuid4(),
                )
                pending.append((page, item))
                if len(pending) >= batch:
                    flush()
        if pending:
            flush()
        for name, section in sections.items():
            Page.objects.filter(pk=section.pk).update(numchild=counters[name])
    return ids


def _base36(n: int) -> str:
    digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    out = ""
    while n:
        n, r = divmod(n, 36)
        out = digits[r] + out
    return out or "0"


def scratch_postgres(url: str) -> tuple[str, str]:
    """(server URL for admin statements, URL of this bench's scratch database)."""
    parts = urlsplit(url)
    name = parts.path.lstrip("/") or "postgres"
    return url, urlunsplit(parts._replace(path=f"/{name}_bench_search"))


def run_worker(script: Path, args: list[str], database_url: str | None) -> Any:
    """Run `script --worker ...` with a fresh var dir (and database); its JSON output."""
    with tempfile.TemporaryDirectory() as var:
        env = {**os.environ, "JARIDA_VAR_DIR": var}
        env.pop("DATABASE_URL", None)
        if database_url:
            env["DATABASE_URL"] = database_url
        result = subprocess.run(
            [sys.executable, str(script), "--worker", *args],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
    if result.returncode != 0:
        raise SystemExit(f"worker failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


@contextlib.contextmanager
def fresh_database(admin_url: str, scratch_url: str) -> Iterator[None]:
    import psycopg

    name = urlsplit(scratch_url).path.lstrip("/")
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield
    finally:
        with psycopg.connect(admin_url, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}"')


# --- The analysers ---------------------------------------------------------------------------


def body_of(item: Any) -> str:
    return "\n".join(block.text for block in item.body)


def jarida_worker(limit: int, queries_file: str) -> None:
    """In a fresh database: load, rebuild, run every query through the real query layer."""
    django_setup()
    from jarida.search.documents import rebuild
    from jarida.search.query import search_articles

    items = records(limit)
    ids = bulk_pages(items)
    index_of = {page_id: index for index, page_id in enumerate(ids)}
    rebuild()
    queries = json.loads(Path(queries_file).read_text())
    results = {
        kind: [
            [index_of[hit.article.pk] for hit in search_articles(q[kind], limit=10).hits]
            for q in queries
        ]
        for kind in ("typed", "varied")
    }
    print(json.dumps(results))


def unicode61(items: list[Any], queries: list[dict[str, Any]]) -> dict[str, list[list[int]]]:
    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE raw USING fts5(title, body)")
    db.executemany(
        "INSERT INTO raw(rowid, title, body) VALUES (?, ?, ?)",
        [(i, item.headline, body_of(item)) for i, item in enumerate(items)],
    )

    def search(query: str) -> list[int]:
        expression = " AND ".join('"' + w.replace('"', '""') + '"' for w in query.split())
        sql = "SELECT rowid FROM raw WHERE raw MATCH ? ORDER BY bm25(raw, 10, 1) LIMIT 10"
        try:
            return [row[0] for row in db.execute(sql, (expression,))]
        except sqlite3.OperationalError:  # stock FTS5 rejects some input outright
            return []

    return {kind: [search(q[kind]) for q in queries] for kind in ("typed", "varied")}


def postgres_arabic(
    url: str, items: list[Any], queries: list[dict[str, Any]]
) -> dict[str, list[list[int]]]:
    import psycopg

    with psycopg.connect(url, autocommit=True) as db:
        db.execute(
            "CREATE TABLE doc (id int PRIMARY KEY, vector tsvector);"
            "CREATE INDEX doc_vector ON doc USING gin (vector)"
        )
        with db.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO doc VALUES (%s, setweight(to_tsvector('arabic', %s), 'A') "
                "|| setweight(to_tsvector('arabic', %s), 'D'))",
                [(i, item.headline, body_of(item)) for i, item in enumerate(items)],
            )
        sql = (
            "SELECT id FROM doc, plainto_tsquery('arabic', %s) AS q WHERE vector @@ q "
            "ORDER BY ts_rank_cd('{0.1, 0.2, 0.4, 1.0}', vector, q) DESC, id LIMIT 10"
        )
        return {
            kind: [[row[0] for row in db.execute(sql, (q[kind],))] for q in queries]
            for kind in ("typed", "varied")
        }


def scores(ranked: list[list[int]], queries: list[dict[str, Any]]) -> tuple[float, float]:
    """(MRR@10, Recall@10) of the known article."""
    reciprocal = found = 0.0
    for result, query in zip(ranked, queries, strict=True):
        known = set(query["known"])
        for rank, index in enumerate(result[:10], 1):
            if index in known:
                reciprocal += 1 / rank
                found += 1
                break
    return reciprocal / len(queries), found / len(queries)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=3000, help="articles loaded")
    parser.add_argument("--queries", type=int, default=500)
    parser.add_argument("--postgres", help="URL of a PostgreSQL database (server for scratch)")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--queries-file", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        jarida_worker(args.limit, args.queries_file)
        return
    if not CORPUS.exists():
        raise SystemExit(f"corpus not found at {CORPUS}: nothing to measure")

    items = records(args.limit)
    queries = make_queries(items, args.queries)
    rows: list[tuple[str, dict[str, list[list[int]]]]] = []
    started = time.perf_counter()
    rows.append(("stock FTS5 unicode61 (SQLite)", unicode61(items, queries)))
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
        json.dump(queries, handle)
    worker_args = ["--limit", str(args.limit), "--queries-file", handle.name]
    try:
        if args.postgres:
            admin, scratch = scratch_postgres(args.postgres)
            with fresh_database(admin, scratch):
                rows.append(("PostgreSQL `arabic`", postgres_arabic(scratch, items, queries)))
            with fresh_database(admin, scratch):
                rows.append(("Jarida (PostgreSQL)", run_worker(THIS, worker_args, scratch)))
        rows.append(("Jarida (SQLite FTS5)", run_worker(THIS, worker_args, None)))
    finally:
        os.unlink(handle.name)

    print(
        f"\nKnown-article search over {len(items):,} SaudiNewsNet articles, {len(queries)} "
        f"queries from headlines, 3-5 words ({time.perf_counter() - started:.0f}s)\n"
    )
    baseline = scores(rows[0][1]["varied"], queries)[0]
    print("| analyser | MRR@10 as typed | MRR@10 varied | Recall@10 varied | × unicode61 |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for name, ranked in rows:
        typed_mrr, _ = scores(ranked["typed"], queries)
        mrr, recall = scores(ranked["varied"], queries)
        ratio = f"{mrr / baseline:.1f}" if baseline else "n/a"
        print(f"| {name} | {typed_mrr:.3f} | {mrr:.3f} | {recall:.3f} | {ratio} |")

    print("\nMRR@10 of the varied queries by variation (a query has one or two)\n")
    names = [variation.__name__ for variation in VARIATIONS]
    print("| analyser | " + " | ".join(names) + " |")
    print("| --- |" + " ---: |" * len(names))
    for name, ranked in rows:
        cells = []
        for kind in names:
            chosen = [i for i, q in enumerate(queries) if kind in q["applied"]]
            subset = [queries[i] for i in chosen]
            mrr = scores([ranked["varied"][i] for i in chosen], subset)[0] if chosen else 0.0
            cells.append(f"{mrr:.2f} ({len(chosen)})")
        print(f"| {name} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
