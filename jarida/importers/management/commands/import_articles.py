"""`manage.py import_articles --format FORMAT PATH... [--limit N]`: bring an archive in."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from jarida.importers.formats import FORMATS
from jarida.importers.pipeline import Importer, Outcome
from jarida.importers.records import ImportOptions


class Command(BaseCommand):
    help = "Import articles; prints one line per article and exits non-zero if any failed."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", type=Path, metavar="PATH")
        parser.add_argument("--format", required=True, choices=sorted(FORMATS))
        parser.add_argument(
            "--limit", type=int, default=None, help="stop after N articles (good and bad)"
        )
        parser.add_argument(
            "--section", default="أرشيف", help="section for formats that name none (text)"
        )
        parser.add_argument(
            "--time-zone",
            default=settings.NEWSROOM_TIME_ZONE,
            help="zone of source times that carry none",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        paths: list[Path] = options["paths"]
        missing = [str(path) for path in paths if not path.exists()]
        if missing:
            raise CommandError(f"no such file: {', '.join(missing)}")
        if options["limit"] is not None and options["limit"] < 1:
            raise CommandError("--limit must be a positive number")
        files = [
            f
            for path in paths
            for f in (
                sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
            )
        ]
        import_options = ImportOptions(
            time_zone=options["time_zone"], default_section=options["section"]
        )
        counts = dict.fromkeys(Outcome, 0)
        started = time.perf_counter()
        for result in Importer().run(
            files, options["format"], import_options, limit=options["limit"]
        ):
            counts[result.outcome] += 1
            self.stdout.write(f"{result.outcome.value} {result.detail}")
        elapsed = time.perf_counter() - started
        total = sum(counts.values())
        summary = ", ".join(f"{counts[o]} {o.value}" for o in Outcome)
        rate = total / elapsed if elapsed > 0 else 0.0
        self.stderr.write(f"{total} articles in {elapsed:.1f}s ({rate:.1f}/s): {summary}")
        if counts[Outcome.FAILED]:
            raise SystemExit(1)
