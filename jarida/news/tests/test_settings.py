"""Settings come from the environment; a malformed value stops start-up with a clear message."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


def start(env: dict[str, str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    """Start Django in a fresh process with `env` and print what it configured."""
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.DATABASES['default']['ENGINE'], s.TIME_ZONE, s.NEWSROOM_LOCALE, "
        "s.NEWSROOM_CITY, s.DEBUG, ','.join(s.ALLOWED_HOSTS))"
    )
    full_env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL"}}
    full_env.update(
        {
            "DJANGO_SETTINGS_MODULE": "jarida.settings",
            "JARIDA_VAR_DIR": str(tmp_path / "var"),
            **env,
        }
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_the_defaults_are_the_embedded_profile_for_beirut(tmp_path):
    result = start({}, tmp_path)

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.db.backends.sqlite3",
        "Asia/Beirut",
        "ar_LB",
        "بيروت",
        "False",
        "localhost,127.0.0.1,[::1]",
    ]
    assert (tmp_path / "var" / "secret_key").stat().st_mode & 0o077 == 0


def test_the_sqlite_database_runs_in_wal_mode(tmp_path):
    code = (
        "import django; django.setup(); from django.db import connection; "
        "c = connection.cursor(); c.execute('PRAGMA journal_mode'); print(c.fetchone()[0])"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "jarida.settings",
        "JARIDA_VAR_DIR": str(tmp_path / "var"),
    }
    env.pop("DATABASE_URL", None)
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )

    assert result.stdout.strip() == "wal", result.stderr


def test_a_cairo_newsroom_is_configured_by_environment_alone(tmp_path):
    result = start(
        {
            "NEWSROOM_TIME_ZONE": "Africa/Cairo",
            "NEWSROOM_LOCALE": "ar_EG",
            "NEWSROOM_CITY": "القاهرة",
            "ALLOWED_HOSTS": "jarida.example",
        },
        tmp_path,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[1:4] == ["Africa/Cairo", "ar_EG", "القاهرة"]
    assert result.stdout.split()[-1] == "jarida.example"


def test_disable_caches_makes_every_cache_a_dummy_and_turns_the_page_cache_off(tmp_path):
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.PAGE_CACHE_SECONDS, *sorted(set(c['BACKEND'] for c in s.CACHES.values())), "
        "*sorted(s.CACHES))"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "jarida.settings",
        "JARIDA_VAR_DIR": str(tmp_path / "var"),
        "REDIS_URL": "redis://127.0.0.1:9/0",
    }
    cached = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    cold = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**env, "DISABLE_CACHES": "1"},
        capture_output=True,
        text=True,
    )

    assert cached.returncode == 0, cached.stderr
    assert cold.returncode == 0, cold.stderr
    aliases = cached.stdout.split()[-3:]
    assert aliases == ["default", "renditions", "shared"]
    assert cold.stdout.split() == [
        "0",
        "django.core.cache.backends.dummy.DummyCache",
        *aliases,
    ]


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"DEBUG": "maybe"}, "DEBUG must be a boolean"),
        ({"NEWSROOM_TIME_ZONE": "Beirut"}, "NEWSROOM_TIME_ZONE must be an IANA zone"),
        ({"NEWSROOM_LOCALE": "fr_FR"}, "NEWSROOM_LOCALE"),
        ({"NEWSROOM_MONTH_STYLE": "lunar"}, "NEWSROOM_MONTH_STYLE"),
        ({"ARTICLES_PER_PAGE": "twenty"}, "ARTICLES_PER_PAGE must be an integer"),
        ({"DATABASE_URL": "nosuchdb://x"}, "DATABASE_URL"),
        ({"DISABLE_CACHES": "sometimes"}, "DISABLE_CACHES must be a boolean"),
    ],
)
def test_a_malformed_setting_stops_start_up_with_a_clear_message(tmp_path, env, message):
    result = start(env, tmp_path)

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert message in result.stderr


def test_env_example_lists_every_variable_the_settings_and_web_server_read():
    settings_source = (ROOT / "jarida" / "settings.py").read_text()
    read = set(re.findall(r'env_\w+\("([A-Z_]+)"', settings_source))
    read |= set(re.findall(r'os\.environ\.get\("([A-Z_]+)"', settings_source))
    # The production web server's own (webserver.py).
    read |= set(re.findall(r'environ\.get\("([A-Z_]+)"', (ROOT / "webserver.py").read_text()))
    listed = set(re.findall(r"^([A-Z_]+)=", (ROOT / ".env.example").read_text(), re.M))

    assert read, "found no settings read from the environment"
    assert read == listed
