"""kill -9 in the middle of an import, then run it again: nothing doubled, nothing half-written.

Driven as an operator would: `manage.py` in its own process against its own SQLite database
(the test's database cannot be shared with a process that is killed).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
EXPORT = ROOT.parent / "shared" / "fixtures" / "wordpress" / "themeunittestdata.wordpress.xml"

COUNT = """
from jarida.news.models import ArticlePage, InfoPage
from jarida.importers.models import SourcePage, SourceRecord
from jarida.comments.models import Comment
from django.db.models import Count
dupes = sum(
    model.objects.values("source_key").annotate(n=Count("id")).filter(n__gt=1).count()
    for model in (SourceRecord, SourcePage)
)
bare = sum(m.objects.filter(source_record__isnull=True).count() for m in (ArticlePage, InfoPage))
unrevised = sum(
    m.objects.filter(latest_revision__isnull=True).count() for m in (ArticlePage, InfoPage)
)
keys = Comment.objects.values("submission_key").annotate(n=Count("id")).filter(n__gt=1).count()
pages = ArticlePage.objects.count() + InfoPage.objects.count()
sources = SourceRecord.objects.count() + SourcePage.objects.count()
print(pages, sources, dupes, bare, unrevised, keys)
"""


def manage(env: dict[str, str], *args: str, **kwargs: object) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        **kwargs,  # type: ignore[arg-type]
    )


def test_an_import_killed_midway_completes_on_the_next_run(tmp_path: Path):
    if not EXPORT.exists():
        pytest.skip(f"WordPress fixture not found at {EXPORT} (../shared is absent)")
    env = {**os.environ, "JARIDA_VAR_DIR": str(tmp_path / "var")}
    for name in ("DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE"):
        env.pop(name, None)
    assert manage(env, "migrate", "-v0").wait(timeout=600) == 0

    run = manage(env, "import_articles", "--format", "wxr", str(EXPORT))
    created = 0
    assert run.stdout is not None
    deadline = time.monotonic() + 600
    while created < 10 and time.monotonic() < deadline:
        line = run.stdout.readline()
        if not line:
            break
        created += line.startswith("created ")
    run.send_signal(signal.SIGKILL)
    run.wait(timeout=60)
    assert created >= 10, "the import ended before it could be killed"

    again = manage(env, "import_articles", "--format", "wxr", str(EXPORT))
    out, err = again.communicate(timeout=900)
    counts = manage(env, "shell", "-c", COUNT)
    numbers, _ = counts.communicate(timeout=300)

    assert again.returncode == 0, err[-2000:]
    assert "unchanged " in out and "created " in out
    articles, sources, dupes, bare, unrevised, comment_dupes = map(int, numbers.split()[-6:])
    assert articles == sources
    assert dupes == bare == unrevised == comment_dupes == 0
    assert out.count("created ") + out.count("unchanged ") + out.count("updated ") == articles
