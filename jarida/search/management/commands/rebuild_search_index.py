"""`python manage.py rebuild_search_index`: re-analyse and re-index the whole published archive.

Needed after a change to the analyser (`jarida.arabic.analysis`) or after loading data behind
the signals' back (SQL restores, bulk loads). Publishing keeps the index current otherwise.
"""

from __future__ import annotations

import sys
import time
from typing import Any

from django.core.management.base import BaseCommand

from jarida.search.documents import rebuild

BAR_WIDTH = 30


class Command(BaseCommand):
    help = "Rebuild the search index of every published article, with a progress bar."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--no-progress", action="store_true", help="print only the final line")

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        show = not options["no_progress"]

        def progress(done: int, total: int) -> None:
            if not show:
                return
            filled = BAR_WIDTH * done // total if total else BAR_WIDTH
            rate = done / max(time.perf_counter() - started, 1e-9)
            bar = "█" * filled + "·" * (BAR_WIDTH - filled)
            self.stderr.write(
                f"\r[{bar}] {done:,}/{total:,} ({rate:,.0f}/s)",
                ending="\n" if done == total else "",
            )
            sys.stderr.flush()

        count = rebuild(progress)
        seconds = time.perf_counter() - started
        self.stdout.write(
            f"Indexed {count:,} published articles in {seconds:.1f}s "
            f"({count / max(seconds, 1e-9):,.0f}/s)."
        )
