"""`manage.py send_newsletter daily|queue`: make and send the morning digest (and each
enabled section list's edition) now, or send what the queue holds (an interrupted send
resumes from where it stopped)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from jarida.newsletters.editions import create_daily, create_sections
from jarida.newsletters.sending import drain


class Command(BaseCommand):
    help = "Send the daily digest (daily) or drain the newsletter queue (queue)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("what", choices=["daily", "queue"])
        parser.add_argument("--day", help="the edition's day, YYYY-MM-DD (default: today)")
        parser.add_argument(
            "--no-send", action="store_true", help="make and queue the edition only"
        )
        parser.add_argument(
            "--draft",
            action="store_true",
            help="make the day's edition as a draft for editors (sent at the scheduled time)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["what"] == "daily":
            day = None
            if options["day"]:
                try:
                    day = dt.date.fromisoformat(options["day"])
                except ValueError:
                    raise CommandError(
                        f"--day must be YYYY-MM-DD, got {options['day']!r}"
                    ) from None
            edition = create_daily(day, draft=options["draft"])
            if edition is None:
                self.stdout.write("no daily edition: no story in the last 24 hours, or no list")
            else:
                self.stdout.write(f"edition {edition.pk}: {edition.subject}")
            if options["draft"]:
                return
            for section_edition in create_sections(day):
                self.stdout.write(f"edition {section_edition.pk}: {section_edition.subject}")
            if options["no_send"]:
                return
        result = drain()
        self.stdout.write(
            f"sent {result.sent}, failed {result.failed}, to retry {result.retried}"
            + (f"; stopped: {result.stopped}" if result.stopped else "")
        )
        if result.stopped:
            raise CommandError(f"sending stopped: {result.stopped}; run again to resume")
