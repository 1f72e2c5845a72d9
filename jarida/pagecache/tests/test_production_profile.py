"""The production profile is chosen by environment variables alone, and deploys clean."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

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


def test_production_serves_hashed_compressed_static_files(tmp_path):
    static_root = tmp_path / "static"
    env = {**PRODUCTION, "STATIC_ROOT": str(static_root)}

    result = manage("collectstatic", "--noinput", "-v0", env=env, tmp_path=tmp_path)

    assert result.returncode == 0, result.stderr
    hashed = [p for p in (static_root / "jarida").glob("reader.*.css")]
    assert hashed, "no hashed reader.css"
    assert Path(f"{hashed[0]}.gz").exists() and Path(f"{hashed[0]}.br").exists()
