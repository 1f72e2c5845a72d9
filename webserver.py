"""The production web server (`make production`): granian serving `jarida.wsgi`.

    .venv/bin/python webserver.py [granian options]

One worker process per core, each with two threads, so a worker keeps its core busy while
a thread waits on the database. granian's HTTP handling is native code: it serves a
page-cache hit several times faster than gunicorn's sync workers, which bench/serve.py
measures. (gunicorn stays a development dependency, for bench/comments_load.py.)

From the environment: `BIND` (host:port, default 127.0.0.1:8000), `WEB_CONCURRENCY` (worker
processes, default one per core) and `WEB_THREADS` (threads per worker, default 2). Every
thread keeps its own database connection: PostgreSQL must allow workers × threads of them,
plus the scheduler's. Any granian option (`granian --help`) may also be given on the command
line or as its GRANIAN_* variable; those win over the defaults here.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping

APPLICATION = "jarida.wsgi:application"


def granian_settings(environ: Mapping[str, str]) -> dict[str, str]:
    """granian's options, as its GRANIAN_* variables, from Jarida's settings."""
    host, _, port = environ.get("BIND", "127.0.0.1:8000").rpartition(":")
    return {
        "GRANIAN_INTERFACE": "wsgi",
        "GRANIAN_HOST": host.strip("[]") or "127.0.0.1",
        "GRANIAN_PORT": port,
        "GRANIAN_WORKERS": environ.get("WEB_CONCURRENCY") or str(os.cpu_count() or 1),
        # Two threads: a worker keeps its core busy while one waits on the database, and
        # fewer threads contend for the GIL (four lengthened the slowest 1% of uncached
        # renders by half, and served fewer of them, bench/serve.py).
        "GRANIAN_BLOCKING_THREADS": environ.get("WEB_THREADS") or "2",
        "GRANIAN_BACKLOG": "2048",
        "GRANIAN_WEBSOCKETS": "false",
        # A worker that dies is replaced; one that grows past 512 MiB (four times its usual
        # size: a leak) is replaced gracefully, as gunicorn's max_requests did.
        "GRANIAN_RESPAWN_FAILED_WORKERS": "true",
        "GRANIAN_WORKERS_MAX_RSS": "512",
        # On SIGTERM or SIGINT, requests in flight get this long to finish.
        "GRANIAN_WORKERS_KILL_TIMEOUT": "20",
    }


def main() -> None:
    for name, value in granian_settings(os.environ).items():
        os.environ.setdefault(name, value)
    from granian.cli import entrypoint

    sys.argv = ["granian", *sys.argv[1:], APPLICATION]
    entrypoint()


if __name__ == "__main__":
    main()
