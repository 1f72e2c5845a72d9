"""The production profile is chosen by environment variables alone, deploys clean, and its
web server (webserver.py: granian) serves pages, cache hits and static files."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from email.message import Message
from pathlib import Path

import pytest

from jarida.news.tests.factories import ArticleFactory
from jarida.newsroom.tests.test_scheduled_publishing import subprocess_env
from jarida.pagecache.tags import ALL, purge_now

ROOT = Path(__file__).resolve().parents[3]

PRODUCTION = {
    "DEBUG": "0",
    "HTTPS": "1",
    "STATIC_MANIFEST": "1",
    "SECRET_KEY": "a-production-secret-that-is-long-and-random-enough-0123456789-abcdef",
    "ALLOWED_HOSTS": "jarida.example",
    "DATABASE_URL": "postgres://jarida:jarida@127.0.0.1:5432/jarida",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
}


def manage(*args: str, env: dict[str, str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, "JARIDA_VAR_DIR": str(tmp_path), **env}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_in_the_production_profile(tmp_path):
    result = manage(
        "check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION, tmp_path=tmp_path
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_the_embedded_profile_is_what_check_deploy_warns_about(tmp_path):
    result = manage(
        "check", "--deploy", "--fail-level", "WARNING", env={"DEBUG": "1"}, tmp_path=tmp_path
    )

    assert result.returncode != 0
    assert "security.W018" in result.stdout + result.stderr  # DEBUG on


@pytest.fixture(scope="module")
def static_root(tmp_path_factory) -> Path:
    """collectstatic as a production deploy runs it (once for this module: it takes seconds)."""
    tmp_path = tmp_path_factory.mktemp("production")
    static_root = tmp_path / "static"
    env = {**PRODUCTION, "STATIC_ROOT": str(static_root)}

    result = manage("collectstatic", "--noinput", "-v0", env=env, tmp_path=tmp_path)

    assert result.returncode == 0, result.stderr
    return static_root


def test_production_serves_hashed_compressed_static_files(static_root):
    hashed = [p for p in (static_root / "jarida").glob("reader.*.css")]
    assert hashed, "no hashed reader.css"
    assert Path(f"{hashed[0]}.gz").exists() and Path(f"{hashed[0]}.br").exists()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def get(url: str, method: str = "GET", **headers: str) -> tuple[int, Message, bytes]:
    """Status, headers (looked up in any case: granian sends them in lower case) and body."""
    request = urllib.request.Request(url, method=method, headers=headers)
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.status, response.headers, response.read()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_production_server_serves_pages_cache_hits_and_static_files(static_root):
    article = ArticleFactory(title="الموازنة العامة للعام المقبل")
    purge_now([ALL])  # every tag has a version before the first render, as on a running site
    port = free_port()
    env = {
        # This test run's database and cache (files, or its own Redis database).
        **subprocess_env(),
        **{k: v for k, v in PRODUCTION.items() if k not in ("DATABASE_URL", "REDIS_URL")},
        "HTTPS": "0",  # no proxy in front to say the request came over TLS
        "ALLOWED_HOSTS": "127.0.0.1",
        "STATIC_ROOT": str(static_root),
        "BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": "1",
        "WEB_THREADS": "2",
    }
    server = subprocess.Popen(
        [sys.executable, "webserver.py"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert time.monotonic() < deadline, "webserver.py did not start"
                time.sleep(0.2)
        miss = get(base + article.url, **{"Accept-Encoding": "gzip"})
        hit = get(base + article.url, **{"Accept-Encoding": "gzip"})
        head = get(base + article.url, "HEAD", **{"Accept-Encoding": "gzip"})
        css = next(p.name for p in (static_root / "jarida").glob("reader.*.css"))
        static = get(f"{base}/static/jarida/{css}", **{"Accept-Encoding": "br"})
    finally:
        server.send_signal(signal.SIGTERM)
        _, errors = server.communicate(timeout=30)

    assert (miss[0], miss[1]["X-Cache"], hit[1]["X-Cache"]) == (200, "MISS", "HIT")
    assert hit[2] == miss[2]
    assert head[0] == 200 and head[2] == b"" and head[1]["X-Cache"] == "HIT"
    assert static[0] == 200 and static[1]["Content-Encoding"] == "br"
    assert "immutable" in static[1]["Cache-Control"]
    assert server.returncode == 0, errors.decode()
    assert b"Traceback" not in errors, errors.decode()
