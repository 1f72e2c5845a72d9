"""wagtail/bakerydemo, the Wagtail team's demo site, as a peer for bench/serve.py.

Set up under the peers directory (`bakerydemo/`): a checkout of the snapshot, its own
virtualenv, its own PostgreSQL database with its demo data (`load_initial_data`), its static
files collected. It runs with its production settings (`bakerydemo.settings.production`:
DEBUG off, WhiteNoise, no REDIS_URL so its cache is its own LocMemCache) under gunicorn with
2 sync workers, and the bench measures one of its blog pages.

bakerydemo pins Django 6.0, which needs Python 3.12; its only change for 6.0 was that pin
(commit 49cda62), so it is installed here with the Django, Wagtail, psycopg, WhiteNoise and
gunicorn versions Jarida pins, on Jarida's Python: the same libraries on both sides.

The source: `BAKERYDEMO_SOURCE` (a git repository or URL), else the snapshot the `fetch`
tool leaves at /work/.mirror/wagtail+bakerydemo/repo, else GitHub.

    .venv/bin/python bench/peers/bakerydemo.py    # set it up (idempotent) and print its page
"""

from __future__ import annotations

import hashlib
import os
import re
import secrets
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from peers.services import ROOT, Services, Skipped, peers_dir

SOURCES = (
    "/work/.mirror/wagtail+bakerydemo/repo",
    "https://github.com/wagtail/bakerydemo.git",
)
# The libraries both sides share, at Jarida's pins.
SHARED = ("django", "wagtail", "psycopg", "psycopg-binary", "whitenoise", "gunicorn")


@dataclass
class Site:
    """A peer ready to start: where it is, how to start it, what to measure."""

    directory: Path
    env: dict[str, str]
    path: str
    commit: str


def run(command: list[str], **kwargs: object) -> str:
    result = subprocess.run(command, capture_output=True, text=True, **kwargs)  # type: ignore[call-overload]
    if result.returncode != 0:
        raise Skipped(
            f"`{' '.join(command[:4])}...` failed ({result.returncode}): "
            f"{(result.stderr or result.stdout).strip().splitlines()[-1:]}"
        )
    return str(result.stdout)


def checkout(directory: Path) -> str:
    """A checkout of bakerydemo at `directory` (made once); its commit."""
    if not (directory / "manage.py").exists():
        candidates = (
            [os.environ["BAKERYDEMO_SOURCE"]] if os.environ.get("BAKERYDEMO_SOURCE") else []
        )
        candidates += [s for s in SOURCES if "://" in s or Path(s).exists()]
        errors = []
        for source in candidates:
            result = subprocess.run(
                ["git", "clone", "--quiet", source, str(directory)],
                capture_output=True,
                text=True,
                timeout=600,
            )
            if result.returncode == 0:
                break
            errors.append(f"{source}: {result.stderr.strip()[-200:]}")
        else:
            raise Skipped("could not get bakerydemo (set BAKERYDEMO_SOURCE): " + "; ".join(errors))
    return run(["git", "-C", str(directory), "rev-parse", "--short", "HEAD"]).strip()


def jarida_pins() -> dict[str, str]:
    pins = {}
    for name in ("requirements.txt", "requirements-dev.txt"):
        for line in (ROOT / name).read_text().splitlines():
            if match := re.match(r"^([A-Za-z0-9_.-]+)==(\S+)$", line.strip()):
                pins[match.group(1).lower()] = match.group(2)
    return pins


def install(directory: Path) -> Path:
    """bakerydemo's virtualenv, with its own requirements at Jarida's shared pins."""
    pins = jarida_pins()
    base = (directory / "requirements" / "base.txt").read_text().splitlines()
    wanted = [line for line in base if line.strip() and not line.lower().startswith("django>")]
    wanted += [f"Django=={pins['django']}", "psycopg[binary]", "whitenoise", "gunicorn"]
    constraints = [f"{name}=={pins[name]}" for name in SHARED if name in pins]
    requirements = directory / "requirements-bench.txt"
    requirements.write_text(
        "\n".join([*wanted, *(f"-c {directory}/constraints-bench.txt",)]) + "\n"
    )
    (directory / "constraints-bench.txt").write_text("\n".join(constraints) + "\n")
    venv = directory / ".venv"
    marker = venv / ".bench-installed"
    digest = hashlib.sha256(requirements.read_bytes() + "\n".join(constraints).encode()).hexdigest()
    if marker.exists() and marker.read_text() == digest:
        return venv
    print("  bakerydemo: installing its virtualenv...", flush=True)
    if not (venv / "bin" / "python").exists():
        run([sys.executable, "-m", "venv", str(venv)])
    run([str(venv / "bin" / "pip"), "install", "--quiet", "-r", str(requirements)], timeout=1800)
    marker.write_text(digest)
    return venv


def database(url: str) -> None:
    """Create the database `url` names unless it exists."""
    import psycopg

    name = urlsplit(url).path.lstrip("/")
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as connection:
        if not connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone():
            connection.execute(f'CREATE DATABASE "{name}"')


def setup(database_url: str) -> Site:
    """bakerydemo checked out, installed, migrated, with its demo data and static files."""
    directory = peers_dir() / "bakerydemo"
    commit = checkout(directory)
    venv = install(directory)
    key_file = directory / ".bench-secret-key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(40))
    env = {
        "PATH": f"{venv / 'bin'}:{os.environ.get('PATH', '/usr/bin:/bin')}",
        "HOME": os.environ.get("HOME", "/root"),
        "LANG": "C.UTF-8",
        "DJANGO_SETTINGS_MODULE": "bakerydemo.settings.production",
        "DATABASE_URL": database_url,
        "DJANGO_SECRET_KEY": key_file.read_text().strip(),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        # Plain HTTP on loopback, as Jarida is measured (its HTTPS=0): no redirect to https.
        "SECURE_SSL_REDIRECT": "false",
    }
    python = str(venv / "bin" / "python")
    database(database_url)
    run([python, "manage.py", "migrate", "--noinput", "-v0"], cwd=directory, env=env, timeout=900)
    loaded = directory / ".bench-data-loaded"
    if not loaded.exists() or loaded.read_text() != database_url:
        print("  bakerydemo: loading its demo data...", flush=True)
        run([python, "manage.py", "load_initial_data"], cwd=directory, env=env, timeout=900)
        loaded.write_text(database_url)
    if not (directory / "bakerydemo" / "collect_static" / "staticfiles.json").exists():
        run(
            [python, "manage.py", "collectstatic", "--noinput", "-v0"],
            cwd=directory,
            env=env,
            timeout=900,
        )
    # Its first blog post in the page tree: a page of text and a photo, as a news article is.
    code = (
        "from bakerydemo.blog.models import BlogPage; "
        "print(BlogPage.objects.live().public().order_by('path').first().url)"
    )
    url = (
        run([python, "manage.py", "shell", "-c", code], cwd=directory, env=env)
        .strip()
        .splitlines()[-1]
    )
    return Site(directory=directory, env=env, path=urlsplit(url).path, commit=commit)


def start(site: Site, services: Services, port: int) -> str:
    """gunicorn with 2 workers serving bakerydemo on `port`; the URL of its blog page."""
    services.start(
        "bakerydemo-gunicorn",
        [
            str(site.directory / ".venv" / "bin" / "gunicorn"),
            "bakerydemo.wsgi:application",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{port}",
        ],
        env=site.env,
        cwd=site.directory,
        port=port,
    )
    return f"http://127.0.0.1:{port}{site.path}"


if __name__ == "__main__":
    default = "postgres://jarida:jarida@127.0.0.1:5432/jarida_bench_bakerydemo"
    try:
        ready = setup(os.environ.get("BAKERYDEMO_DATABASE_URL", default))
    except Skipped as reason:
        raise SystemExit(f"bakerydemo skipped: {reason}") from None
    print(f"bakerydemo {ready.commit} at {ready.directory}: blog page {ready.path}")
