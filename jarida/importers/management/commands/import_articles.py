"""`manage.py import_articles --format FORMAT PATH... [--media DIR] [--sections CSV]`: bring an
archive in. One line per item, then a summary; exits non-zero if any item failed."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

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
        )
        counts = dict.fromkeys(Outcome, 0)
        started = time.perf_counter()
        importer = Importer(media=media)
        # One purge of every cached page at the end, not one per article (and no work to
        # find where each article was shown).
        with suspended_purges():
            for result in importer.run(
                files, options["format"], import_options, limit=options["limit"]
            ):
                counts[result.outcome] += 1
                self.stdout.write(f"{result.outcome.value} {result.detail}")
        elapsed = time.perf_counter() - started
        total = sum(counts.values())
        summary = ", ".join(f"{counts[o]} {o.value}" for o in Outcome)
        rate = total / elapsed if elapsed > 0 else 0.0
        self.stderr.write(f"{total} articles in {elapsed:.1f}s ({rate:.1f}/s): {summary}")
        for name, value in sorted(importer.stats.items()):
            self.stderr.write(f"  {name}: {value}")
        if importer.media.without_credit:
            self.stderr.write("  photos without credit (tagged «بلا حقوق» for editors):")
            for name in importer.media.without_credit:
                self.stderr.write(f"    {name}")
        if counts[Outcome.FAILED]:
            raise SystemExit(1)
