"""The daily digest to many subscribers through a local SMTP sink: messages/s and memory.

The bench makes a scratch site (its own var folder; PostgreSQL by default, in the database
named by --database-url, emptied first), one section and five articles of the last day, and
N confirmed subscribers of «النشرة الصباحية». An aiosmtpd sink runs in its own process on
loopback (so its CPU does not share the sender's interpreter) and counts what it accepts.
Each run deletes the previous edition, then times `create_daily` (render once, fill the
queue) and `drain()` (the send), in a child process each, so peak RSS is per run.

    nice -n 10 .venv/bin/python bench/newsletter_send.py --subscribers 100000 --runs 3
    .venv/bin/python bench/newsletter_send.py --subscribers 2000 --runs 1   # a quick look
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB = "postgres://jarida:jarida@127.0.0.1:5432/jarida_newsletters"

SINK = """
import sys, time
from aiosmtpd.controller import Controller

class Counting:
    count = 0
    async def handle_DATA(self, server, session, envelope):
        Counting.count += 1
        return "250 OK"

controller = Controller(Counting(), hostname="127.0.0.1", port=int(sys.argv[1]))
controller.start()
out = sys.argv[2]
try:
    while True:
        time.sleep(0.5)
        with open(out, "w") as f:
            f.write(str(Counting.count))
finally:
    controller.stop()
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def sink_cpu_seconds(pid: int) -> float:
    """User + system CPU of the sink process so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def setup_django(var_dir: str, database_url: str, port: int) -> None:
    os.environ.update(
        JARIDA_VAR_DIR=var_dir,
        DATABASE_URL=database_url,
        EMAIL_URL=f"smtp://127.0.0.1:{port}?timeout=30",
        SITE_URL="https://jarida.example",
        DJANGO_SETTINGS_MODULE="jarida.settings",
    )
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def prepare(subscribers: int) -> None:
    """Migrate, then make the articles and the subscribers (bulk, in chunks)."""
    from django.core.management import call_command
    from django.utils import timezone

    call_command("migrate", verbosity=0)
    from jarida.news.tests.factories import ArticleFactory, SectionFactory
    from jarida.newsletters.models import Delivery, Edition, NewsletterList, Subscriber

    Delivery.objects.all().delete()
    Edition.objects.all().delete()
    Subscriber.objects.all().delete()
    from jarida.news.models import ArticlePage

    if not ArticlePage.objects.exists():
        section = SectionFactory(title="سياسة")
        for _ in range(5):
            ArticleFactory(parent=section)
    daily = NewsletterList.objects.get(slug="daily")
    through = Subscriber.lists.through
    now = timezone.now()
    for start in range(0, subscribers, 5000):
        made = Subscriber.objects.bulk_create(
            Subscriber(email=f"reader{i}@example.org", confirmed_at=now)
            for i in range(start, min(subscribers, start + 5000))
        )
        through.objects.bulk_create(
            through(subscriber_id=s.pk, newsletterlist_id=daily.pk) for s in made
        )


def child_run() -> dict[str, float]:
    """One run in this process: make the edition, send it, report."""
    from django.db import connection

    from jarida.newsletters.editions import create_daily
    from jarida.newsletters.models import Delivery, Edition

    Edition.objects.all().delete()
    cpu_before = resource.getrusage(resource.RUSAGE_SELF)
    started = time.perf_counter()
    edition = create_daily()
    queued_at = time.perf_counter()
    from jarida.newsletters.sending import drain

    result = drain()
    done = time.perf_counter()
    connection.close()
    cpu = resource.getrusage(resource.RUSAGE_SELF)
    send_cpu = (cpu.ru_utime - cpu_before.ru_utime) + (cpu.ru_stime - cpu_before.ru_stime)
    sent = Delivery.objects.filter(edition=edition, state="sent").count()
    return {
        "sender_cpu_s": send_cpu,
        "msgs_per_sender_cpu_s": sent / send_cpu,
        "queued_s": queued_at - started,
        "send_s": done - queued_at,
        "sent": sent,
        "failed": result.failed,
        "html_bytes": len(edition.html.encode()),
        "msgs_per_s": sent / (done - queued_at),
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--subscribers", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--database-url", default=DEFAULT_DB)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--var-dir", default="", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.child:
        setup_django(args.var_dir, args.database_url, args.port)
        print(json.dumps(child_run()))
        return 0

    var_dir = tempfile.mkdtemp(prefix="bench-newsletter-")
    port = free_port()
    count_file = Path(var_dir) / "sink-count"
    sink = subprocess.Popen([sys.executable, "-c", SINK, str(port), str(count_file)])
    try:
        time.sleep(1.5)
        setup_django(var_dir, args.database_url, port)
        prepare(args.subscribers)
        rows = []
        sink_cpu_before = sink_cpu_seconds(sink.pid)
        for run in range(args.runs):
            before = int(count_file.read_text() or 0) if count_file.exists() else 0
            out = subprocess.run(
                [
                    sys.executable,
                    __file__,
                    "--child",
                    f"--port={port}",
                    f"--var-dir={var_dir}",
                    f"--database-url={args.database_url}",
                ],
                check=True,
                capture_output=True,
                text=True,
            )
            row = json.loads(out.stdout.strip().splitlines()[-1])
            time.sleep(1)
            row["sink_received"] = int(count_file.read_text()) - before
            sink_cpu = sink_cpu_seconds(sink.pid)
            row["sink_cpu_s"] = sink_cpu - sink_cpu_before
            sink_cpu_before = sink_cpu
            row["load_avg"] = os.getloadavg()[0]
            rows.append(row)
            print(f"run {run + 1}: {json.dumps(row)}", flush=True)
    finally:
        sink.terminate()
        sink.wait()
    keys = [
        "msgs_per_s",
        "msgs_per_sender_cpu_s",
        "send_s",
        "queued_s",
        "sender_cpu_s",
        "sink_cpu_s",
        "peak_rss_mb",
        "sent",
        "sink_received",
        "load_avg",
    ]
    print(
        f"\n{args.subscribers} subscribers, {args.runs} runs, {args.database_url.split('://')[0]}"
    )
    print("| measure | " + " | ".join(f"run {i + 1}" for i in range(len(rows))) + " | median |")
    print("|---" * (len(rows) + 2) + "|")
    for key in keys:
        values = [r[key] for r in rows]
        cells = " | ".join(f"{v:,.1f}" for v in values)
        print(f"| {key} | {cells} | {statistics.median(values):,.1f} |")
    print(f"| html_bytes | {rows[0]['html_bytes']:,} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
