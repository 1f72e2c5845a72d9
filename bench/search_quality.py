"""Search quality on real news: MRR@10 of the known article, for headline queries and for
half-remembered ones, layer by layer, on SQLite and PostgreSQL.

Loads N SaudiNewsNet articles into a fresh database and derives two query sets from them.

Headline queries (as before): a span of 3-5 words of a sampled article's headline, varied the
way readers do: one or two of hamza dropped, ة typed as ه, ى as ي, harakat added (copied from
vocalised text), a tatweel, ال or و added or removed on one word, أمريكي/أميركي swapped. Every
query is also run as typed from the headline.

Half-remembered queries (issue 19): 2-3 words a reader remembers from an article's body, in
any order, one of them a broken plural typed in the other number (مدارس for المدرسة, أمير for
الأمراء) from this file's own list of singular/plural pairs (`PLURALS`, written by hand, not
the analyser's patterns), and, where the body names someone from `NAMES`, the name re-spelled
the way papers differ (a long vowel dropped or added, ي/ى or ه/ة at the end, a doubled
letter). The other words are body words that are not in the headline, not stop words, and in
fewer than 2% of the loaded articles (a word a reader would remember).

The known article is the one the query came from (and any other loaded article with the same
headline: papers reprint agency copy word for word).

    .venv/bin/python bench/search_quality.py [--limit 3000] [--queries 500] [--half 300]
        [--postgres postgres://jarida:jarida@127.0.0.1:5432/jarida] [--compare-roots]

Rows of the headline table: stock SQLite FTS5 (`unicode61`, what a stock Wagtail site does;
words quoted and ANDed), PostgreSQL's built-in `arabic` configuration (Snowball;
`plainto_tsquery`, `ts_rank_cd`, headline weighted A), and Jarida's analyser through the real
query layer (`jarida.search.query.search_articles`) on SQLite and, with --postgres, on
PostgreSQL.

The layer table runs the half-remembered queries (and the headline ones) through each layer in
turn, in the same database: exact (the normalised words, all of them, BM25 / ts_rank_cd over a
side table of the exact forms that this bench builds: no stemming, no expansion), + light stem
(the search before issue 19: light10, clitics, the variant table), + plurals/roots (the loose
layer), + fallback (minimum_should_match), + spelling neighbours (a word the archive does not
know as typed is also looked for as its known neighbours; with «هل تقصد»). p95 is the latency
of `search_articles` (20 hits, as the page asks).

--compare-roots also builds the SQLite index with NLTK's ISRI root stemmer as the loose
layer's root (`pip install nltk`; the analyser's `root_keys` replaced in the worker) and
without roots at all, for the table of what was compared.

Pages are created in bulk (SQL inserts of real page rows, not the importer, which is ~16
articles/s) and indexed with the real `rebuild`. The PostgreSQL rows use a scratch database
`<name>_bench_search` on that server, created and dropped here.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import re
import sqlite3
import statistics
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


# --- Half-remembered queries ------------------------------------------------------------------

# Singular and broken-plural pairs of news copy, written for this bench (not derived from the
# analyser's patterns, which they test).
PLURALS = [
    ("مدرسة", "مدارس"),
    ("دولة", "دول"),
    ("أمير", "أمراء"),
    ("وزير", "وزراء"),
    ("سعر", "أسعار"),
    ("طفل", "أطفال"),
    ("مشروع", "مشاريع"),
    ("منطقة", "مناطق"),
    ("مسجد", "مساجد"),
    ("عاصمة", "عواصم"),
    ("رسالة", "رسائل"),
    ("بيت", "بيوت"),
    ("مدينة", "مدن"),
    ("شارع", "شوارع"),
    ("حزب", "أحزاب"),
    ("عضو", "أعضاء"),
    ("شعب", "شعوب"),
    ("قائد", "قادة"),
    ("فريق", "فرق"),
    ("جهاز", "أجهزة"),
    ("سلاح", "أسلحة"),
    ("منزل", "منازل"),
    ("طريق", "طرق"),
    ("مصدر", "مصادر"),
    ("شهر", "أشهر"),
    ("يوم", "أيام"),
    ("رئيس", "رؤساء"),
    ("عالم", "علماء"),
    ("جيش", "جيوش"),
    ("قرية", "قرى"),
    ("جزيرة", "جزر"),
    ("مكتب", "مكاتب"),
    ("مصنع", "مصانع"),
    ("سوق", "أسواق"),
    ("خبر", "أخبار"),
    ("حدث", "أحداث"),
    ("رجل", "رجال"),
    ("شيخ", "شيوخ"),
    ("ملك", "ملوك"),
    ("حق", "حقوق"),
    ("مجلس", "مجالس"),
    ("مركز", "مراكز"),
    ("موقع", "مواقع"),
    ("موضوع", "مواضيع"),
    ("قاعدة", "قواعد"),
    ("حادث", "حوادث"),
    ("نجم", "نجوم"),
    ("صاروخ", "صواريخ"),
    ("سفينة", "سفن"),
    ("جسر", "جسور"),
    ("بلد", "بلدان"),
    ("صديق", "أصدقاء"),
    ("وسيلة", "وسائل"),
    ("قبيلة", "قبائل"),
    ("طالب", "طلاب"),
    ("عامل", "عمال"),
    ("تاجر", "تجار"),
    ("مبنى", "مباني"),
    ("معركة", "معارك"),
    ("دليل", "أدلة"),
    ("سبب", "أسباب"),
    ("هدف", "أهداف"),
    ("نوع", "أنواع"),
    ("فكرة", "أفكار"),
    ("قسم", "أقسام"),
    ("عمل", "أعمال"),
    ("مال", "أموال"),
    ("اسم", "أسماء"),
    ("ولد", "أولاد"),
    ("باب", "أبواب"),
    ("جبل", "جبال"),
    ("سجن", "سجون"),
    ("ضابط", "ضباط"),
    ("جندي", "جنود"),
    ("شاهد", "شهود"),
    ("مريض", "مرضى"),
    ("قتيل", "قتلى"),
    ("جريح", "جرحى"),
    ("أسير", "أسرى"),
    ("لاعب", "لاعبين"),
    ("شاب", "شباب"),
    ("عيد", "أعياد"),
    ("ضيف", "ضيوف"),
    ("بنك", "بنوك"),
    ("مجال", "مجالات"),
    ("مسجد", "مساجد"),
    ("مهرجان", "مهرجانات"),
    ("حي", "أحياء"),
]
# Names in the news of 2015 (the corpus's year), spelled as the loaded papers spell them.
NAMES = [
    "أوباما",
    "بوتين",
    "كيري",
    "نتنياهو",
    "روحاني",
    "ظريف",
    "لافروف",
    "ميركل",
    "هولاند",
    "كاميرون",
    "ترامب",
    "كلينتون",
    "أردوغان",
    "الحوثي",
    "هادي",
    "داعش",
    "الأسد",
    "السيسي",
    "بلاتر",
    "ميسي",
    "رونالدو",
    "إنييستا",
    "غوارديولا",
    "مورينيو",
    "فيسبوك",
    "تويتر",
    "يوتيوب",
    "واشنطن",
    "موسكو",
    "طهران",
    "لندن",
    "باريس",
    "هوليوود",
]
_PREFIXES = ("وال", "بال", "فال", "كال", "لل", "ال", "و", "ب", "ل")
_LONG = "اوي"


def _bare(word: str) -> str:
    return re.sub("[\u064b-\u0652\u0640]", "", word)


def _split_prefix(word: str, members: set[str]) -> tuple[str, str] | None:
    """(prefix, member) if `word` is a member of `members` behind one of the prefixes."""
    from jarida.arabic import normalise

    for prefix in ("", *_PREFIXES):
        if word.startswith(prefix) and normalise(word[len(prefix) :]) in members:
            return prefix, word[len(prefix) :]
    return None


def respell(name: str, rnd: random.Random) -> str | None:
    """The name as another paper might write it: a medial long vowel dropped or added, the
    final ي as ى, or a letter doubled (one rule, chosen at random among those that apply);
    None if none does."""
    core = name[2:] if name.startswith("ال") else name
    head = name[: len(name) - len(core)]
    inner = range(1, len(core) - 1)
    rules = [
        [core[:i] + core[i + 1 :] for i in inner if core[i] in _LONG],
        [
            core[: i + 1] + "ا" + core[i + 1 :]
            for i in inner
            if core[i] not in _LONG and core[i + 1] not in _LONG
        ],
        [core[:-1] + "ى"] if core.endswith("ي") else [],
        [core[: i + 1] + core[i] + core[i + 1 :] for i in inner if core[i] not in _LONG],
    ]
    rules = [options for options in rules if options]
    return head + rnd.choice(rnd.choice(rules)) if rules else None


def half_remembered(
    items: list[Any], count: int, seed: int = 19, window: int | None = None
) -> list[dict[str, Any]]:
    """Queries of 2-3 body words with one broken plural swapped and, where the body names
    someone from NAMES, the name re-spelled (see the module docstring). Each query also
    records the body words its words stand for (`origin`). With `window`, the other words
    and the name come from the `window` body words either side of the swapped plural: a
    reader who remembers one passage (bench/search_lab.py's passage set)."""
    from jarida.arabic import normalise
    from jarida.arabic.analysis import is_stop_word, stem, tokenise

    rnd = random.Random(seed)
    forms = {normalise(a): b for a, b in PLURALS} | {normalise(b): a for a, b in PLURALS}
    names = {normalise(name) for name in NAMES}
    documents: dict[str, int] = {}
    bodies = []
    for item in items:
        words = [_bare(w) for w in WORD.findall(body_of(item))]
        bodies.append(words)
        for token in {t for w in words for t in tokenise(w)}:
            documents[token] = documents.get(token, 0) + 1
    rare = max(2, len(items) // 50)
    same_headline: dict[str, list[int]] = {}
    for index, item in enumerate(items):
        same_headline.setdefault(normalise(item.headline), []).append(index)
    queries = []
    for index in rnd.sample(range(len(items)), len(items)):
        words = bodies[index]
        headline = set(tokenise(items[index].headline))
        plurals = [
            (at, w, found) for at, w in enumerate(words) if (found := _split_prefix(w, set(forms)))
        ]
        if not plurals:
            continue
        at, word, (prefix, member) = rnd.choice(plurals)
        near = words if window is None else words[max(0, at - window) : at + window + 1]
        query, origin = [prefix + forms[normalise(member)]], [word]
        applied = ["plural"]
        named = [w for w in dict.fromkeys(near) if _split_prefix(w, names)]
        if named and rnd.random() < 0.5:
            name = rnd.choice(named)
            respelled = respell(name, rnd)
            if respelled and normalise(respelled) != normalise(name):
                query.append(respelled)
                origin.append(name)
                applied.append("name")
        candidates = [
            w
            for w in dict.fromkeys(near)
            if len(tokenise(w)) == 1
            and len(stem(tokenise(w)[0])) >= 3
            and not is_stop_word(tokenise(w)[0])
            and tokenise(w)[0] not in headline
            and documents.get(tokenise(w)[0], 0) <= rare
            and w != word
        ]
        others = 3 - len(query) if rnd.random() < 0.5 else 2 - len(query)
        if others > len(candidates):
            continue
        chosen = rnd.sample(candidates, max(0, others))
        query += chosen
        origin += chosen
        order = list(range(len(query)))
        rnd.shuffle(order)
        queries.append(
            {
                "varied": " ".join(query[k] for k in order),
                "origin": [origin[k] for k in order],
                "known": same_headline[normalise(items[index].headline)],
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


# The layers, each with those above it: None is the bench's own exact-word table.
LAYERS: dict[str, dict[str, bool] | None] = {
    "exact": None,
    "+ light stem": {"loose": False, "fallback": False, "neighbours": False},
    "+ plurals/roots": {"loose": True, "fallback": False, "neighbours": False},
    "+ fallback": {"loose": True, "fallback": True, "neighbours": False},
    "+ spelling neighbours": {"loose": True, "fallback": True, "neighbours": True},
}
FULL = "+ spelling neighbours"
KINDS = ("typed", "varied", "half")


def use_roots(roots: str) -> None:
    """Replace the loose layer's roots in this process (the bench's comparison): `isri` is
    NLTK's ISRI root stemmer, `none` no roots; indexing then runs in this process alone, so
    that rebuild's worker processes, which would import the analyser afresh, are not used."""
    if roots == "patterns":
        return
    from jarida.arabic import analysis
    from jarida.search import documents

    documents.PARALLEL_FROM = 10**12
    if roots == "none":
        analysis.root_keys = lambda stem: ()  # type: ignore[assignment]
        return
    from nltk.stem.isri import ISRIStemmer

    isri = ISRIStemmer()
    analysis.root_keys = lambda stem: (isri.stem(stem),) if len(stem) >= 3 else ()  # type: ignore[assignment]


class ExactLayer:
    """The normalised words of headline and body in a side full-text table, every query word
    required, no stemming, no expansion: the layer below all of Jarida's."""

    def __init__(self, items: list[Any], ids: list[int]) -> None:
        from django.db import connection

        from jarida.arabic.analysis import analyse

        self.vendor = connection.vendor
        rows = [
            (page_id, analyse(item.headline).exact, analyse(body_of(item)).exact)
            for page_id, item in zip(ids, items, strict=True)
        ]
        with connection.cursor() as cursor:
            if self.vendor == "sqlite":
                cursor.execute(
                    "CREATE VIRTUAL TABLE bench_exact USING fts5(title, body, tokenize='ascii')"
                )
                cursor.executemany(
                    "INSERT INTO bench_exact(rowid, title, body) VALUES (%s, %s, %s)", rows
                )
            else:
                cursor.execute("CREATE TABLE bench_exact (id int PRIMARY KEY, vector tsvector)")
                cursor.executemany(
                    "INSERT INTO bench_exact VALUES (%s, "
                    "setweight(to_tsvector('simple', %s), 'A') "
                    "|| setweight(to_tsvector('simple', %s), 'D'))",
                    rows,
                )
                cursor.execute("CREATE INDEX bench_exact_gin ON bench_exact USING gin (vector)")

    def search(self, query: str) -> tuple[list[int], int]:
        """(the first 20 ids, how many match)."""
        from django.db import connection

        from jarida.arabic.analysis import is_stop_word, tokenise

        tokens = list(dict.fromkeys(tokenise(query)))
        tokens = [t for t in tokens if not is_stop_word(t)] or tokens
        if not tokens:
            return [], 0
        with connection.cursor() as cursor:
            if self.vendor == "sqlite":
                match = " AND ".join('"' + t.replace('"', '""') + '"' for t in tokens)
                cursor.execute(
                    "SELECT rowid FROM bench_exact WHERE bench_exact MATCH %s "
                    "ORDER BY bm25(bench_exact, 10, 1) LIMIT 20",
                    [match],
                )
                ids = [row[0] for row in cursor.fetchall()]
                cursor.execute(
                    "SELECT count(*) FROM bench_exact WHERE bench_exact MATCH %s", [match]
                )
            else:
                match = " & ".join("'" + t.replace("'", "''") + "'" for t in tokens)
                cursor.execute(
                    "SELECT id FROM bench_exact, to_tsquery('simple', %s) AS q WHERE vector @@ q "
                    "ORDER BY ts_rank_cd('{0.1, 0.2, 0.4, 1.0}', vector, q) DESC, id LIMIT 20",
                    [match],
                )
                ids = [row[0] for row in cursor.fetchall()]
                cursor.execute(
                    "SELECT count(*) FROM bench_exact WHERE vector @@ to_tsquery('simple', %s)",
                    [match],
                )
            return ids, cursor.fetchone()[0]


def jarida_worker(limit: int, queries_file: str, roots: str) -> None:
    """In a fresh database: load, rebuild, run every query through each layer."""
    django_setup()
    use_roots(roots)
    from jarida.search.documents import rebuild
    from jarida.search.query import Layers, search_articles

    items = records(limit)
    ids = bulk_pages(items)
    index_of = {page_id: index for index, page_id in enumerate(ids)}
    rebuild()
    exact = ExactLayer(items, ids)
    queries = json.loads(Path(queries_file).read_text())
    results: dict[str, dict[str, Any]] = {}
    for layer, flags in LAYERS.items():
        results[layer] = {}
        for kind in KINDS:
            ranked, zero, times = [], 0, []
            for q in queries["half" if kind == "half" else "headline"]:
                text = q["varied" if kind == "half" else kind]
                started = time.perf_counter()
                if flags is None:
                    found, total = exact.search(text)
                else:
                    page = search_articles(text, limit=20, layers=Layers(**flags))
                    found, total = [hit.article.pk for hit in page.hits], page.total
                times.append((time.perf_counter() - started) * 1000)
                ranked.append([index_of[pk] for pk in found[:10]])
                zero += total == 0
            results[layer][kind] = {"ranked": ranked, "zero": zero, "ms": times}
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


def p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=100, method="inclusive")[94]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=3000, help="articles loaded")
    parser.add_argument("--queries", type=int, default=500, help="headline queries")
    parser.add_argument("--half", type=int, default=300, help="half-remembered queries")
    parser.add_argument("--postgres", help="URL of a PostgreSQL database (server for scratch)")
    parser.add_argument(
        "--compare-roots", action="store_true", help="also ISRI roots and no roots (SQLite)"
    )
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--queries-file", help=argparse.SUPPRESS)
    parser.add_argument("--roots", default="patterns", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        jarida_worker(args.limit, args.queries_file, args.roots)
        return
    if not CORPUS.exists():
        raise SystemExit(f"corpus not found at {CORPUS}: nothing to measure")

    items = records(args.limit)
    queries = make_queries(items, args.queries)
    half = half_remembered(items, args.half)
    rows: list[tuple[str, dict[str, list[list[int]]]]] = []
    layered: list[tuple[str, dict[str, Any]]] = []
    started = time.perf_counter()
    rows.append(("stock FTS5 unicode61 (SQLite)", unicode61(items, queries)))
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
        json.dump({"headline": queries, "half": half}, handle)
    worker_args = ["--limit", str(args.limit), "--queries-file", handle.name]
    compared: list[tuple[str, dict[str, Any]]] = []
    try:
        if args.postgres:
            admin, scratch = scratch_postgres(args.postgres)
            with fresh_database(admin, scratch):
                rows.append(("PostgreSQL `arabic`", postgres_arabic(scratch, items, queries)))
            with fresh_database(admin, scratch):
                layered.append(("PostgreSQL", run_worker(THIS, worker_args, scratch)))
        layered.append(("SQLite FTS5", run_worker(THIS, worker_args, None)))
        if args.compare_roots:
            compared.append(("patterns (shipped)", layered[-1][1]))
            for roots, name in (("isri", "NLTK ISRI root stemmer"), ("none", "no roots")):
                result = run_worker(THIS, [*worker_args, "--roots", roots], None)
                compared.append((name, result))
    finally:
        os.unlink(handle.name)
    for name, result in layered:
        full = result[FULL]
        rows.append((f"Jarida ({name})", {kind: full[kind]["ranked"] for kind in KINDS}))

    print(
        f"\nKnown-article search over {len(items):,} SaudiNewsNet articles: {len(queries)} "
        f"headline queries (3-5 words), {len(half)} half-remembered queries (2-3 body words) "
        f"({time.perf_counter() - started:.0f}s)\n"
    )
    baseline = scores(rows[0][1]["varied"], queries)[0]
    print("| analyser | MRR@10 as typed | MRR@10 varied | Recall@10 varied | × unicode61 |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for name, ranked in rows:
        typed_mrr, _ = scores(ranked["typed"], queries)
        mrr, recall = scores(ranked["varied"], queries)
        ratio = f"{mrr / baseline:.1f}" if baseline else "n/a"
        print(f"| {name} | {typed_mrr:.3f} | {mrr:.3f} | {recall:.3f} | {ratio} |")

    print("\nLayer by layer (each with the layers above it); p95 of `search_articles`, 20 hits\n")
    print(
        "| backend | layer | half-remembered MRR@10 | Recall@10 | zero results | p95 ms | "
        "headline MRR@10 varied | headline p95 ms |"
    )
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for name, result in layered:
        for layer in LAYERS:
            cell = result[layer]
            mrr, recall = scores(cell["half"]["ranked"], half)
            zero = cell["half"]["zero"] / len(half)
            head = scores(cell["varied"]["ranked"], queries)[0]
            note = " (side table, no page)" if LAYERS[layer] is None else ""
            print(
                f"| {name} | {layer}{note} | {mrr:.3f} | {recall:.3f} | {zero:.1%} | "
                f"{p95(cell['half']['ms']):.1f} | {head:.3f} | {p95(cell['varied']['ms']):.1f} |"
            )

    print("\nHalf-remembered MRR@10 by what was changed (all layers)\n")
    print("| backend | plural swapped only | plural swapped and name re-spelled |")
    print("| --- | ---: | ---: |")
    for name, result in layered:
        cells = []
        for applied in (["plural"], ["plural", "name"]):
            chosen = [i for i, q in enumerate(half) if q["applied"] == applied]
            ranked = [result[FULL]["half"]["ranked"][i] for i in chosen]
            subset = [half[i] for i in chosen]
            cells.append(f"{scores(ranked, subset)[0]:.3f} ({len(chosen)})" if chosen else "n/a")
        print(f"| {name} | " + " | ".join(cells) + " |")

    if compared:
        print("\nThe loose layer's roots compared (SQLite, same queries)\n")
        print(
            "| roots | half MRR@10, + plurals/roots | zero results | half MRR@10, + fallback | "
            "zero results | headline MRR@10 varied |"
        )
        print("| --- | ---: | ---: | ---: | ---: | ---: |")
        for name, result in compared:
            roots, full = result["+ plurals/roots"]["half"], result["+ fallback"]["half"]
            print(
                f"| {name} | {scores(roots['ranked'], half)[0]:.3f} | "
                f"{roots['zero'] / len(half):.1%} | {scores(full['ranked'], half)[0]:.3f} | "
                f"{full['zero'] / len(half):.1%} | "
                f"{scores(result[FULL]['varied']['ranked'], queries)[0]:.3f} |"
            )


if __name__ == "__main__":
    main()
