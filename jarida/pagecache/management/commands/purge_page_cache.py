"""`manage.py purge_page_cache`: make every cached page stale (run it after a deploy that
changes templates or settings)."""

from typing import Any

from django.core.management.base import BaseCommand

from jarida.pagecache.tags import ALL, purge_now


class Command(BaseCommand):
    help = "Make every page in the page cache stale."

    def handle(self, *args: Any, **options: Any) -> None:
        purge_now([ALL])
        self.stdout.write("Page cache purged.")
