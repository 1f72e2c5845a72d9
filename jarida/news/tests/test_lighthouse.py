"""Lighthouse 12.2.3 (mobile) scores the reader's home, section and article pages 100 for
accessibility, best practices and SEO.

Performance is left to `bench/lighthouse.py`: its score follows the machine's load (Lighthouse
multiplies main-thread time by its CPU slowdown), and a test beside the suite's other worker
would measure that worker, not the page. Lighthouse comes from npm (`.ci/run` installs it
into node_modules); without it, or without Chromium, the test is skipped and says why.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

import pytest

from jarida.comments.tests.factories import CommentFactory
from jarida.images.tests.factories import NewsImageFactory
from jarida.news.tests.factories import ArticleFactory, SectionFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

ROOT = Path(__file__).resolve().parents[3]
CATEGORIES = ("accessibility", "best-practices", "seo")
# Lighthouse's "something went wrong with the trace" (NO_NAVSTART and kin): the browser's
# failure, not the page's; asked again, it passes.
ATTEMPTS = 3


def lighthouse_and_chrome() -> tuple[str, str]:
    lighthouse = os.environ.get("LIGHTHOUSE") or str(ROOT / "node_modules" / ".bin" / "lighthouse")
    chrome = os.environ.get("CHROME_PATH") or shutil.which("chromium") or ""
    if not Path(lighthouse).exists():
        pytest.skip(f"Lighthouse not found at {lighthouse} (npm install lighthouse@12.2.3)")
    if not chrome:
        pytest.skip("Chromium not installed (apt install chromium)")
    return lighthouse, chrome


def audit(lighthouse: str, chrome: str, url: str) -> dict[str, Any]:
    failure = ""
    for _ in range(ATTEMPTS):
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / "report.json"
            done = subprocess.run(
                [
                    lighthouse,
                    url,
                    "--quiet",
                    "--output=json",
                    f"--output-path={out}",
                    f"--only-categories={','.join(CATEGORIES)}",
                    "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
                ],
                env={**os.environ, "CHROME_PATH": chrome},
                capture_output=True,
                text=True,
                timeout=180,
            )
            if done.returncode == 0 and out.exists():
                report: dict[str, Any] = json.loads(out.read_text())
                if not report.get("runtimeError"):
                    return report
            failure = done.stderr[-800:]
    raise AssertionError(f"Lighthouse failed {ATTEMPTS} times on {url}:\n{failure}")


def lost_points(report: dict[str, Any]) -> dict[str, list[str]]:
    """Each category below 100, with the audits that cost it."""
    lost = {}
    for name in CATEGORIES:
        category = report["categories"][name]
        if category["score"] is not None and category["score"] < 1:
            lost[name] = [
                ref["id"]
                for ref in category["auditRefs"]
                if ref["weight"] and (report["audits"][ref["id"]]["score"] or 0) < 1
            ]
    return lost


def test_reader_pages_score_100_for_accessibility_best_practices_and_seo(live_server):
    lighthouse, chrome = lighthouse_and_chrome()
    section = SectionFactory(title="سياسة")
    article = ArticleFactory(parent=section, tags=["بيروت"], lead_image=NewsImageFactory())
    CommentFactory(article=article)
    for n in range(4):
        ArticleFactory(parent=section, lead_image=NewsImageFactory() if n % 2 else None)

    found = {}
    for url in ("/", section.url, article.url):
        lost = lost_points(audit(lighthouse, chrome, live_server.url + url))
        if lost:
            found[url] = lost

    assert not found
