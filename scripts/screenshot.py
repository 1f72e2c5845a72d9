"""Screenshots of the reader site in headless Chromium: the README's pictures and issue 15's
proof by looking.

One page of a running site:

    python scripts/screenshot.py BASE_URL PATH OUT.png [--width 412] [--full]
        [--scheme dark] [--pdf]      (--pdf prints the page, as a reader's browser would)

Every reader page type of a scratch site it builds and serves itself (its own
JARIDA_VAR_DIR, SQLite and file cache, no Redis), at 390 and 1366 px, light and dark, plus
the long and the short article printed to PDF:

    python scripts/screenshot.py --demo           # the demo paper: docs/screenshots/reader/
    python scripts/screenshot.py --corpus 1000    # corpus articles: docs/screenshots/corpus/

The corpus set is never committed: SaudiNewsNet is CC BY-NC-SA, "for research and testing
only", the articles' copyright stays with the papers, and a screenshot of an article is a copy
of its text (`docs/screenshots/corpus/` is in .gitignore). The scratch site is reused while it
holds the same import (`--fresh` builds it again). Pictures are WebP (Pillow), cut at
`--max-height` px so a long page stays a few hundred kilobytes.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote, unquote

from playwright.sync_api import Browser, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
PYTHON = ROOT / ".venv" / "bin" / "python"
CORPUS = ROOT.parent / "shared" / "corpus" / "saudinewsnet" / "articles.jsonl.gz"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
WIDTHS = (390, 1366)
SCHEMES = ("light", "dark")
# The window's height at each width: a phone held upright, a laptop.
HEIGHTS = {390: 844, 1366: 768}

# Run inside the scratch site (`manage.py shell -c`): which pages show each page type, as
# JSON. Public APIs of the models only, so it keeps working while they move.
PICK = r"""
import json
from django.db.models import Count, F, TextField
from django.db.models.functions import Cast, Length
from jarida.news.models import ArticlePage, Author, SectionPage, Tag
from jarida.news.cache_rules import relative_url
from django.conf import settings
from jarida.arabic.dates import to_local

articles = ArticlePage.objects.published()
by_length = articles.annotate(n=Length(Cast("body", TextField())))
long = by_length.order_by("-n", "pk").first()
# Short, not the shortest: one in twenty is shorter (a two-word wire item says nothing).
photoless = by_length.filter(lead_image__isnull=True).order_by("n", "pk")
short = photoless[photoless.count() // 20] if photoless.exists() else None
photo = by_length.filter(lead_image__isnull=False).order_by("-n", "pk").first()
section = max(SectionPage.objects.live(), key=lambda s: articles.child_of(s).count())
tag = Tag.objects.annotate(n=Count("tagged_articles")).order_by("-n", "pk").first()
author = Author.objects.annotate(n=Count("article_links")).order_by("-n", "pk").first()
newest = articles.order_by("-first_published_at").first()
day = to_local(newest.first_published_at, settings.NEWSROOM_TIME_ZONE)
words = [w.strip(".,:;،؛؟!«»\"'()") for w in long.title.split()]
found = {
    "front": "/",
    "section": relative_url(section),
    "article-long": f"/a/{long.pk}/",
    "article-short": f"/a/{short.pk}/" if short else None,
    "article-photo": f"/a/{photo.pk}/" if photo and photo.pk != long.pk else None,
    "tag": f"/tags/{tag.slug}/" if tag and tag.n else None,
    "author": f"/authors/{author.slug}/" if author and author.n else None,
    "archive": f"/archive/{day.year}/{day.month}/{day.day}/",
    "search": "/search/?q=" + max(words, key=len),
    "404": "/no-such-page/",
}
try:
    from jarida.live.models import LiveCoveragePage
    live = LiveCoveragePage.objects.published().first()
    found["live"] = relative_url(live) if live else None
except ImportError:
    pass
print(json.dumps({k: v for k, v in found.items() if v}))
"""

# The corpus carries no tags, authors or readers: the scratch site gives a few of its
# articles a tag and an author through the editor's own path (a revision, published), and
# counts views the way the article pages' beacon would, so the tag, author and «الأكثر قراءة»
# boxes have corpus-length headlines to lay out.
CORPUS_EXTRAS = r"""
from jarida.news.models import ArticlePage, ArticleAuthor, Author
from jarida.readership.models import HourlyViews, refresh
articles = list(ArticlePage.objects.published().order_by("-first_published_at")[:400])
author, _ = Author.objects.get_or_create(slug="محرر-الأرشيف", defaults={"name": "محرر الأرشيف"})
for n, article in enumerate(articles):
    changed = False
    if n % 12 == 0:
        article.tags.add("السعودية")
        changed = True
    if n % 15 == 0:
        article.article_authors.add(ArticleAuthor(author=author))
        changed = True
    if changed:
        article.save_revision().publish()
for rank, article in enumerate(articles[3:30:5]):
    for _ in range(30 - 3 * rank):
        HourlyViews.count(article.pk)
refresh()
"""


def site_env(var_dir: Path, **extra: str) -> dict[str, str]:
    """The scratch site's environment: its own folder, SQLite, file cache, no Redis."""
    drop = ("DATABASE_URL", "REDIS_URL", "GRANIAN_", "WEB_")
    return {
        **{k: v for k, v in os.environ.items() if not k.startswith(drop)},
        "JARIDA_VAR_DIR": str(var_dir),
        "DEBUG": "0",
        "STATIC_MANIFEST": "0",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "LOG_LEVEL": "WARNING",
        "DJANGO_SETTINGS_MODULE": "jarida.settings",
        **extra,
    }


def manage(var_dir: Path, *args: str, check: bool = True) -> str:
    result = subprocess.run(
        [str(PYTHON), "manage.py", *args],
        cwd=ROOT,
        env=site_env(var_dir),
        capture_output=True,
        text=True,
    )
    if check and result.returncode != 0:
        raise SystemExit(f"manage.py {' '.join(args[:2])} failed:\n{result.stderr[-3000:]}")
    return result.stdout


def build_site(var_dir: Path, corpus: int | None, fresh: bool) -> None:
    """Migrate and fill the scratch site, unless it already holds the same content."""
    wanted = {"corpus": corpus, "corpus_bytes": CORPUS.stat().st_size if corpus else None}
    marker = var_dir / "screenshots.json"
    if not fresh and marker.exists() and json.loads(marker.read_text()) == wanted:
        print(f"reusing the scratch site in {var_dir}", flush=True)
        manage(var_dir, "migrate", "--noinput", "-v0")  # the code may have moved on since
        return
    if var_dir.exists() and (var_dir / "jarida.sqlite3").exists():
        (var_dir / "jarida.sqlite3").unlink()
        for cached in (var_dir / "cache").glob("*"):
            cached.unlink()
    var_dir.mkdir(parents=True, exist_ok=True)
    marker.unlink(missing_ok=True)
    started = time.perf_counter()
    manage(var_dir, "migrate", "--noinput", "-v0")
    if corpus:
        print(f"importing {corpus:,} corpus articles into {var_dir} ...", flush=True)
        out = manage(
            var_dir,
            "import_articles",
            "--format",
            "jsonl",
            "--time-zone",
            "Asia/Riyadh",
            "--limit",
            str(corpus),
            str(CORPUS),
            check=False,  # a corpus line that fails is reported by the command, not fatal
        )
        created = sum(line.startswith("created") for line in out.splitlines())
        if not created:
            raise SystemExit("the import created no article: see manage.py import_articles")
        print(f"  {created:,} created", flush=True)
        manage(var_dir, "shell", "-c", CORPUS_EXTRAS)
    else:
        manage(var_dir, "load_demo")
    print(f"  site ready in {time.perf_counter() - started:.0f} s", flush=True)
    marker.write_text(json.dumps(wanted))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def serving(var_dir: Path) -> Iterator[str]:
    """The scratch site behind Django's server (DEBUG off: the reader's error pages)."""
    port = free_port()
    server = subprocess.Popen(
        [str(PYTHON), "manage.py", "runserver", "--noreload", "--skip-checks", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=site_env(var_dir),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(360):  # a machine busy with other work starts Django slowly
            try:
                urllib.request.urlopen(base + "/", timeout=30)
                break
            except urllib.error.HTTPError as error:
                raise SystemExit(f"the scratch site answers {error.code} on /") from None
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.5)
        else:
            raise SystemExit("the scratch site did not answer in 3 minutes")
        yield base
    finally:
        server.terminate()
        server.wait(timeout=20)


def save_webp(png: bytes, out: Path, quality: int) -> None:
    from PIL import Image

    with Image.open(io.BytesIO(png)) as image:
        image.convert("RGB").save(out, "WEBP", quality=quality, method=6)


def shoot_set(
    base: str, pages: dict[str, str], out_dir: Path, prefix: str, max_height: int, quality: int
) -> list[Path]:
    """Each page at each width and scheme (full page, cut at max_height), and the articles
    printed to PDF."""
    out_dir.mkdir(parents=True, exist_ok=True)
    made: list[Path] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for name, path in pages.items():
            for width in WIDTHS:
                for scheme in SCHEMES:
                    suffix = "-dark" if scheme == "dark" else ""
                    out = out_dir / f"{prefix}-{name}-{width}{suffix}.webp"
                    png = capture(browser, base + path, width, scheme, max_height)
                    save_webp(png, out, quality)
                    made.append(out)
                    report(out)
            if name.startswith("article"):
                out = out_dir / f"{prefix}-{name}-print.pdf"
                page = browser.new_page(locale="ar-LB")
                page.goto(base + path, wait_until="networkidle")
                page.pdf(path=str(out), format="A4")
                page.close()
                made.append(out)
                report(out)
        browser.close()
    return made


def report(out: Path) -> None:
    print(f"  {out.relative_to(ROOT)} ({out.stat().st_size // 1024} KB)", flush=True)


def capture(browser: Browser, url: str, width: int, scheme: str, max_height: int) -> bytes:
    page = browser.new_page(
        viewport={"width": width, "height": HEIGHTS.get(width, 900)},
        device_scale_factor=1,
        locale="ar-LB",
        color_scheme=scheme,  # type: ignore[arg-type]
    )
    page.goto(url, wait_until="networkidle")
    # Lazy photos below the fold load as a reader scrolls: scroll once so they are drawn.
    page.evaluate(
        "async () => { for (let y = 0; y < document.body.scrollHeight; y += 600) {"
        " window.scrollTo(0, y); await new Promise(r => setTimeout(r, 30)); }"
        " window.scrollTo(0, 0); }"
    )
    page.wait_for_load_state("networkidle")
    height = min(page.evaluate("document.documentElement.scrollHeight"), max_height)
    png = page.screenshot(clip={"x": 0, "y": 0, "width": width, "height": height}, full_page=True)
    page.close()
    return png


def one_page(args: argparse.Namespace) -> None:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(
            viewport={"width": args.width, "height": args.height},
            device_scale_factor=1,
            locale="ar-LB",
            color_scheme=args.scheme,
        )
        page.goto(args.base_url.rstrip("/") + args.path, wait_until="networkidle")
        if args.pdf:
            page.pdf(path=args.out, format="A4")
        else:
            page.screenshot(path=args.out, full_page=args.full)
        browser.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("base_url", nargs="?")
    parser.add_argument("path", nargs="?")
    parser.add_argument("out", nargs="?")
    parser.add_argument("--width", type=int, default=412)
    parser.add_argument("--height", type=int, default=915)
    parser.add_argument("--full", action="store_true")
    parser.add_argument("--scheme", choices=["light", "dark"], default="light")
    parser.add_argument("--pdf", action="store_true", help="print to OUT (a PDF) instead")
    whole = parser.add_mutually_exclusive_group()
    whole.add_argument("--demo", action="store_true", help="every page type of the demo paper")
    whole.add_argument(
        "--corpus", type=int, metavar="N", help="every page type on N imported corpus articles"
    )
    parser.add_argument("--out-dir", type=Path, help="where the set goes")
    parser.add_argument("--var-dir", type=Path, help="the scratch site's JARIDA_VAR_DIR")
    parser.add_argument("--fresh", action="store_true", help="build the scratch site again")
    parser.add_argument("--only", help="comma-separated page names (front,section,article-long…)")
    parser.add_argument("--max-height", type=int, default=4000)
    parser.add_argument("--quality", type=int, default=60, help="WebP quality")
    args = parser.parse_args()
    if not (args.demo or args.corpus):
        if not (args.base_url and args.path and args.out):
            parser.error("BASE_URL PATH OUT, or --demo, or --corpus N")
        one_page(args)
        return
    if args.corpus is not None and args.corpus < 1:
        parser.error("--corpus N needs a positive N")
    if args.corpus and not CORPUS.exists():
        raise SystemExit(f"no corpus at {CORPUS}: --corpus needs ../shared/corpus")
    kind = "corpus" if args.corpus else "reader"
    var_dir = args.var_dir or Path(os.environ.get("JARIDA_VAR_DIR", "/tmp/jarida-screenshots"))
    var_dir = var_dir / kind
    out_dir = args.out_dir or ROOT / "docs" / "screenshots" / kind
    build_site(var_dir, args.corpus, args.fresh)
    pages = json.loads(manage(var_dir, "shell", "-c", PICK).strip().splitlines()[-1])
    if args.only:
        pages = {k: v for k, v in pages.items() if k in args.only.split(",")}
    # Paths as browsers send them: percent-encoded once, whatever Wagtail returned.
    pages = {k: quote(unquote(v), safe="/?=&") for k, v in pages.items()}
    print(json.dumps(pages, ensure_ascii=False), flush=True)
    with serving(var_dir) as base:
        made = shoot_set(base, pages, out_dir, kind, args.max_height, args.quality)
    total = sum(p.stat().st_size for p in made)
    print(f"{len(made)} files, {total / 1e6:.1f} MB in {out_dir}", flush=True)


if __name__ == "__main__":
    sys.exit(main())
