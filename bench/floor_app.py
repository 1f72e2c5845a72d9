"""The floor under any Python page: a WSGI app that answers every request with one page held
in memory, with no framework, no cache lookup and no database. bench/serve.py serves it with
granian on webserver.py's settings, beside the page cache, to show how much of a page-cache
hit's cost is the app's and how much is the web server's and the machine's.

The page is the file named by FLOOR_PAGE; its gzip copy (FLOOR_PAGE + ".gz") is sent to
clients that accept gzip, as the page cache keeps and replays it.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

PAGE = Path(os.environ["FLOOR_PAGE"])
PLAIN = PAGE.read_bytes()
GZIP = Path(f"{PAGE}.gz").read_bytes()


def application(
    environ: dict[str, Any], start_response: Callable[[str, list[tuple[str, str]]], Any]
) -> Iterable[bytes]:
    gzip_ok = "gzip" in environ.get("HTTP_ACCEPT_ENCODING", "")
    body = GZIP if gzip_ok else PLAIN
    headers = [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(body)))]
    if gzip_ok:
        headers += [("Content-Encoding", "gzip"), ("Vary", "Accept-Encoding")]
    start_response("200 OK", headers)
    return [body]
