from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from jarida.readership.models import refresh


class Command(BaseCommand):
    help = "Recompute «الأكثر قراءة» now (the beacon also does it every MOST_READ_REFRESH_SECONDS)."

    def handle(self, *args: Any, **options: Any) -> None:
        ids = refresh()
        self.stdout.write(f"most read: {ids}")
