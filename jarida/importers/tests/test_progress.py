"""On a terminal the import shows one progress line (count, rate, outcomes) instead of a line
per item; in a pipe it prints a line per item. Driven as an operator runs it: `manage.py` in
its own process, under a real pseudo-terminal."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
EXPORT = ROOT.parent / "shared" / "fixtures" / "wordpress" / "64-block-test-data.xml"


def test_a_terminal_gets_a_progress_line_and_a_pipe_gets_one_line_per_item(tmp_path: Path):
    if not EXPORT.exists():
        pytest.skip(f"WordPress fixture not found at {EXPORT} (../shared is absent)")
    env = {**os.environ, "JARIDA_VAR_DIR": str(tmp_path / "var")}
    for name in ("DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE"):
        env.pop(name, None)
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "-v0"], cwd=ROOT, env=env, check=True, timeout=600)
    command = [*manage, "import_articles", "--format", "wxr", "--limit", "40", str(EXPORT)]

    leader, follower = pty.openpty()
    on_terminal = subprocess.Popen(
        command, cwd=ROOT, env=env, stdin=follower, stdout=follower, stderr=follower
    )
    os.close(follower)
    screen = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal closed with the process
            break
        if not chunk:
            break
        screen += chunk
    assert on_terminal.wait(timeout=600) == 0
    text = screen.decode("utf-8", "replace")
    assert "items, " in text and "/40" in text and "/s" in text
    assert "\r" in text
    assert "created /" not in text  # no line per item on a terminal
    assert "40 articles in" in text  # the summary

    piped = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert piped.returncode == 0
    lines = piped.stdout.splitlines()
    assert len(lines) == 40 and all(
        line.split(" ", 1)[0] in ("unchanged", "skipped") for line in lines
    )
    assert "items, " not in piped.stderr
