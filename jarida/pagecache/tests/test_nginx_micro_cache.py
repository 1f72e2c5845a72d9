"""Debian's nginx, run with docs/nginx/jarida.conf in front of the app: it caches for a
second, lets signed-in editors through, and never holds an article after it changed."""

from __future__ import annotations

import gzip
import shutil
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from jarida.news.tests.factories import ArticleFactory

CONFIG = Path(__file__).resolve().parents[3] / "docs" / "nginx" / "jarida.conf"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def nginx(live_server, tmp_path):
    if not Path(NGINX).exists():
        pytest.skip("nginx not installed (apt install nginx-light); micro-cache test skipped")
    port = free_port()
    app = live_server.url.removeprefix("http://")
    snippet = (
        CONFIG.read_text()
        .replace("/var/cache/nginx/jarida", str(tmp_path / "cache"))
        .replace("server 127.0.0.1:8000;", f"server {app};")
        .replace("listen 80;", f"listen 127.0.0.1:{port};")
        .replace("/srv/jarida/var/", str(tmp_path / "var") + "/")
    )
    (tmp_path / "jarida.conf").write_text(snippet)
    user = (
        "user root;"
        if subprocess.run(["id", "-u"], capture_output=True, text=True).stdout.strip() == "0"
        else ""
    )
    (tmp_path / "nginx.conf").write_text(f"""
        {user}
        daemon off;
        worker_processes 1;
        pid {tmp_path}/nginx.pid;
        error_log {tmp_path}/error.log warn;
        events {{ worker_connections 256; }}
        http {{
            access_log off;
            client_body_temp_path {tmp_path}/body;
            proxy_temp_path {tmp_path}/proxy;
            include {tmp_path}/jarida.conf;
        }}
    """)
    process = subprocess.Popen(
        [NGINX, "-c", str(tmp_path / "nginx.conf"), "-p", str(tmp_path)], stderr=subprocess.PIPE
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(50):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.1)
    yield base
    process.terminate()
    process.wait(timeout=10)


def get(url: str, cookie: str = "") -> tuple[str, str]:
    request = urllib.request.Request(
        url, headers={"Host": "localhost", **({"Cookie": cookie} if cookie else {})}
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.headers.get("X-Micro-Cache", ""), response.read().decode()


def test_nginx_answers_repeat_readers_from_its_micro_cache(nginx):
    ArticleFactory(title="خبر يقرأه الجميع")

    first, html = get(nginx + "/")
    second, _ = get(nginx + "/")

    assert "خبر يقرأه الجميع" in html
    assert first == "MISS" and second == "HIT"


def test_gzip_and_plain_readers_each_get_their_own_stored_copy(nginx):
    ArticleFactory(title="خبر مضغوط مرة واحدة")

    def fetch(encoding: str) -> tuple[str, str, bytes]:
        request = urllib.request.Request(
            nginx + "/", headers={"Host": "localhost", "Accept-Encoding": encoding}
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            return (
                response.headers.get("X-Micro-Cache", ""),
                response.headers.get("Content-Encoding", ""),
                response.read(),
            )

    first_zipped, first_plain = fetch("gzip, deflate, br"), fetch("identity")
    zipped, plain = fetch("deflate, gzip;q=0.9"), fetch("br")

    assert first_zipped[:2] == ("MISS", "gzip") and first_plain[:2] == ("MISS", "")
    assert zipped[:2] == ("HIT", "gzip") and plain[:2] == ("HIT", "")
    assert gzip.decompress(zipped[2]) == plain[2]
    assert "خبر مضغوط مرة واحدة" in plain[2].decode()


def test_signed_in_editors_go_past_the_micro_cache(nginx):
    get(nginx + "/"), get(nginx + "/")

    status, _ = get(nginx + "/", cookie="sessionid=abc123")

    assert status == "BYPASS"


def test_a_published_change_is_out_of_nginx_within_two_seconds(nginx):
    article = ArticleFactory(title="العنوان قبل التعديل")
    path = article.url
    get(nginx + path), get(nginx + path)

    article.title = "العنوان بعد التعديل"
    article.save_revision().publish()
    published = time.monotonic()
    seen_new = False
    while not seen_new and time.monotonic() - published < 5:
        seen_new = "العنوان بعد التعديل" in get(nginx + path)[1]
        time.sleep(0.05)
    delay = time.monotonic() - published

    # One second of micro-cache, then one stale answer while nginx refreshes in the background.
    assert seen_new and delay < 2.5, f"old article served for {delay:.2f}s"
