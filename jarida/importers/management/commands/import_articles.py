"""`manage.py import_articles --format FORMAT PATH... [--media DIR] [--sections CSV]`: bring an
archive in. One line per item, then a summary; exits non-zero if any item failed."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from jarida.importers.formats import FORMATS
from jarida.importers.formats.wxr import read_section_map
from jarida.importers.pipeline import Importer, Outcome
from jarida.importers.records import ImportOptions
from jarida.news.cache_rules import suspended_purges


class Command(BaseCommand):
    help = "Import articles; prints one line per article and exits non-zero if any failed."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", type=Path, metavar="PATH")
        parser.add_argument("--format", required=True, choices=sorted(FORMATS))
        parser.add_argument(
            "--limit", type=int, default=None, help="stop after N articles (good and bad)"
        )
        parser.add_argument("--section", default="أرشيف", help="section for items that name none")
        parser.add_argument(
            "--time-zone",
            default=settings.NEWSROOM_TIME_ZONE,
            help="zone of source times that carry none (WordPress's post_date)",
        )
        parser.add_argument(
            "--media",
            type=Path,
            default=None,
            help="a local copy of the source's uploads folder (wp-content/uploads); "
            "nothing is ever downloaded",
        )
        parser.add_argument(
            "--sections",
            type=Path,
            default=None,
            help="CSV of `category slug or name,section title` rows",
        )
        parser.add_argument(
            "--post-types",
            default="post",
            help="comma-separated WordPress post types that become articles (default: post; "
            "add a site's own, e.g. post,opinion,video)",
        )
        parser.add_argument(
            "--category-base",
            default="category",
            help="WordPress's category base (Settings > Permalinks), for the old category "
            "archives' addresses; '' where a plugin removed it",
        )
        parser.add_argument(
            "--tag-base", default="tag", help="WordPress's tag base (Settings > Permalinks)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        paths: list[Path] = options["paths"]
        missing = [str(path) for path in paths if not path.exists()]
        if len(missing) == len(paths):
            raise CommandError(f"no such file: {', '.join(missing)}")
        if options["limit"] is not None and options["limit"] < 1:
            raise CommandError("--limit must be a positive number")
        media: Path | None = options["media"]
        if media is not None and not media.is_dir():
            raise CommandError(f"--media {media}: لا يوجد مجلد بهذا الاسم / no such folder")
        section_map: dict[str, str] = {}
        if options["sections"] is not None:
            try:
                section_map = read_section_map(options["sections"])
            except (OSError, UnicodeDecodeError) as error:
                raise CommandError(f"--sections {options['sections']}: {error}") from None
        files = [
            f
            for path in paths
            for f in (
                sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
            )
        ]
        import_options = ImportOptions(
            time_zone=options["time_zone"],
            default_section=options["section"],
            section_map=section_map,
            post_types=tuple(
                dict.fromkeys(t.strip() for t in options["post_types"].split(",") if t.strip())
            ),
            category_base=_base(options["category_base"]),
            tag_base=_base(options["tag_base"]) or "tag",
        )
        counts = dict.fromkeys(Outcome, 0)
        started = time.perf_counter()
        importer = Importer(media=media)
        # On a terminal, one line redrawn in place (count, rate, ETA where the total is
        # known) and only failures printed; elsewhere (a log, a pipe) one line per item.
        progress = Progress(self.stderr, options["limit"]) if self.stdout.isatty() else None
        # One purge of every cached page at the end, not one per article (and no work to
        # find where each article was shown).
        with suspended_purges():
            for result in importer.run(
                files, options["format"], import_options, limit=options["limit"]
            ):
                counts[result.outcome] += 1
                if progress is None or result.outcome is Outcome.FAILED:
                    if progress is not None:
                        progress.clear()
                    self.stdout.write(f"{result.outcome.value} {result.detail}")
                    # Lines come a chunk at a time, once it is committed: a log or a pipe
                    # sees each chunk as it lands, not when a buffer happens to fill.
                    self.stdout.flush()
                if progress is not None:
                    progress.update(counts)
        if progress is not None:
            progress.clear()
        elapsed = time.perf_counter() - started
        total = sum(counts.values())
        summary = ", ".join(f"{counts[o]} {o.value}" for o in Outcome)
        rate = total / elapsed if elapsed > 0 else 0.0
        self.stderr.write(f"{total} articles in {elapsed:.2f}s ({rate:.1f}/s): {summary}")
        for name, value in sorted(importer.stats.items()):
            self.stderr.write(f"  {name}: {value}")
        if importer.media.without_credit:
            self.stderr.write("  photos without credit (tagged «بلا حقوق» for editors):")
            for name in importer.media.without_credit:
                self.stderr.write(f"    {name}")
        if importer.media.unreadable:
            self.stderr.write("  photos unreadable (their articles came without them):")
            for name in importer.media.unreadable:
                self.stderr.write(f"    {name}")
        if counts[Outcome.FAILED]:
            raise SystemExit(1)


class Progress:
    """A status line on a terminal: count, rate, ETA when `--limit` gives the total, and the
    outcomes so far, redrawn in place at most four times a second."""

    def __init__(self, stream: Any, total: int | None) -> None:
        self.stream = stream
        self.total = total
        self.started = time.perf_counter()
        self.drawn = 0.0

    def update(self, counts: dict[Outcome, int]) -> None:
        now = time.perf_counter()
        if now - self.drawn < 0.25:
            return
        self.drawn = now
        done = sum(counts.values())
        rate = done / (now - self.started) if now > self.started else 0.0
        line = f"{done}" + (f"/{self.total}" if self.total else "") + f" items, {rate:.1f}/s"
        if self.total and rate > 0:
            left = max(self.total - done, 0) / rate
            line += f", ETA {int(left // 60)}:{int(left % 60):02d}"
        line += " (" + ", ".join(f"{n} {o.value}" for o, n in counts.items() if n) + ")"
        self.stream.write(f"\r\033[K{line}", ending="")
        self.stream.flush()

    def clear(self) -> None:
        self.stream.write("\r\033[K", ending="")
        self.stream.flush()


def _base(value: str) -> str:
    """A permalink base as WordPress's settings page takes it: `/section/`, `section`,
    `%D9%82%D8%B3%D9%85` or `قسم` all name one base."""
    return unquote(value).strip().strip("/")
