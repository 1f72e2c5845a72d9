"""`manage.py run_scheduler`: the process that publishes scheduled articles on time, and
delivers the e-mail the site queued (`jarida.outbox`).

`make run` starts it beside the web server; in production run one per site under systemd
(docs/operations.md). Running two is safe: they share a database lease. It never exits on an
error: a tick that fails (the database or the cache away) is logged, and the next one, made
on fresh connections, catches up on everything due.
"""

from __future__ import annotations

import logging
import signal
import threading
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.db import close_old_connections, connections

from jarida.newsroom.digest import send_moderation_digest
from jarida.newsroom.scheduler import holder_name, tick
from jarida.outbox.delivery import drain

logger = logging.getLogger("jarida.newsroom.scheduler")


class Command(BaseCommand):
    help = (
        "Publish due articles, unpublish expired ones and deliver queued e-mail,"
        " every --interval seconds."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--interval",
            type=float,
            default=settings.SCHEDULER_INTERVAL,
            help="seconds between ticks (default: SCHEDULER_INTERVAL)",
        )
        parser.add_argument("--once", action="store_true", help="run one tick and exit")

    def handle(self, *args: Any, **options: Any) -> None:
        holder = holder_name()
        if options["once"]:
            tick(holder)
            send_moderation_digest()
            drain()
            return
        stop = threading.Event()
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, lambda *_: stop.set())
        self.stdout.write(f"scheduler {holder}: every {options['interval']}s")
        self.stdout.flush()
        while not stop.is_set():
            close_old_connections()
            # Publishing, the comment desk's digest when one is due, then the e-mail queued
            # since the last tick (`jarida.outbox`): each on its own, so one failing never
            # holds back the others.
            for step in (lambda: tick(holder), send_moderation_digest, drain):
                try:
                    step()
                except Exception:  # whatever went wrong, the scheduler must keep going
                    logger.exception(
                        "scheduler step failed; trying again in %ss", options["interval"]
                    )
                    connections.close_all()  # the next step connects afresh
            close_old_connections()
            stop.wait(options["interval"])
        self.stdout.write(f"scheduler {holder}: stopped")
