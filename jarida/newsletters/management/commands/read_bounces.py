"""`manage.py read_bounces FILE... | -`: read bounce reports (DSNs), complaints (feedback
reports) and mails to the List-Unsubscribe mailto address: one message per file, a Maildir
folder's messages, or one from standard input (the mail server pipes the bounce and
unsubscribe mailboxes in). Hard bounces and complaints stop mail to the address; unsubscribe
requests unsubscribe the reader their signed token names."""

from __future__ import annotations

import mailbox
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from jarida.newsletters.bounces import apply, parse


class Command(BaseCommand):
    help = "Read DSN bounces and complaint reports; stop mail to those addresses."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", help="message files, Maildir folders, or -")

    def handle(self, *args: Any, **options: Any) -> None:
        messages: list[bytes] = []
        for name in options["paths"]:
            if name == "-":
                messages.append(sys.stdin.buffer.read())
                continue
            path = Path(name)
            if (path / "cur").is_dir() or (path / "new").is_dir():
                box = mailbox.Maildir(path, create=False)
                messages.extend(box.get_bytes(key) for key in box.iterkeys())
            elif path.is_file():
                messages.append(path.read_bytes())
            else:
                raise CommandError(f"{name}: no such file or Maildir folder")
        hard = complaints = unsubscribes = ignored = changed = 0
        for raw in messages:
            feedback = parse(raw)
            if not feedback.kind:
                ignored += 1
                continue
            hard += len(feedback.hard_bounces)
            complaints += len(feedback.complaints)
            unsubscribes += len(feedback.unsubscribe)
            changed += apply(feedback)
        self.stdout.write(
            f"{len(messages)} messages: {hard} hard bounces, {complaints} complaints,"
            f" {unsubscribes} unsubscribe requests,"
            f" {ignored} not reports; {changed} subscribers stopped"
        )
