"""Lighthouse (mobile, the default form factor) on the reader's page types: home, a section,
an article and a live page, against a running server. Prints a Markdown table of the four
category scores and what each page lost points on.

    .venv/bin/python bench/lighthouse.py --base-url http://127.0.0.1:8000 [--runs 1]

Run it with the same environment as the server (DATABASE_URL, JARIDA_VAR_DIR …): it reads
which pages to audit from the database. Needs Lighthouse 12.2.3 and Chromium:

    npm install --no-save --no-package-lock --ignore-scripts --prefix /tmp/lh lighthouse@12.2.3
    LIGHTHOUSE=/tmp/lh/node_modules/.bin/lighthouse CHROME_PATH=/usr/bin/chromium …

Without them it says so and exits 0 (nothing to measure is not a failure). Slow (about 20 s a
page): never part of `make test`. The issue's target: accessibility, best practices and SEO
100, performance 95 or more (`--check` exits 1 below it).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
TARGET = {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100}


def find_lighthouse() -> tuple[str | None, str | None]:
    lighthouse = os.environ.get("LIGHTHOUSE") or shutil.which("lighthouse")
    if lighthouse is None and Path("/tmp/lh/node_modules/.bin/lighthouse").exists():
        lighthouse = "/tmp/lh/node_modules/.bin/lighthouse"
    chrome = os.environ.get("CHROME_PATH") or shutil.which("chromium")
    return lighthouse, chrome


def pages_to_audit() -> dict[str, str]:
    """Paths of the home page, the first section, its newest article and a live page."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jarida.settings")
    import django

    django.setup()
    from jarida.live.models import LiveCoveragePage
    from jarida.news.cache_rules import relative_url
    from jarida.news.models import ArticlePage, SectionPage

    article = ArticlePage.objects.published().newest_first().first()
    section = SectionPage.objects.live().order_by("path").first()
    live = LiveCoveragePage.objects.published().newest_first().first()
    found = {"home": "/"}
    if section is not None:
        found["section"] = relative_url(section)
    if article is not None:
        found["article"] = relative_url(article)
    if live is not None:
        found["live"] = relative_url(live)
    return found


def audit(lighthouse: str, chrome: str, url: str) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "report.json"
        subprocess.run(
            [
                lighthouse,
                url,
                "--quiet",
                "--output=json",
                f"--output-path={out}",
                f"--only-categories={','.join(CATEGORIES)}",
                "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
            ],
            check=True,
            env={**os.environ, "CHROME_PATH": chrome},
            timeout=300,
        )
        return json.loads(out.read_text())


def lost_points(report: dict[str, Any]) -> list[str]:
    """The audits that cost a score anything, by id (binary audits below 1)."""
    lost = []
    for name in CATEGORIES:
        for ref in report["categories"][name]["auditRefs"]:
            result = report["audits"][ref["id"]]
            if ref["weight"] and result["score"] is not None and result["score"] < 1:
                lost.append(f"{name}:{ref['id']}")
    return lost


def metrics(runs: list[dict[str, Any]]) -> str:
    """The median run's (simulated, mobile) paint, blocking and layout-shift figures."""

    def median(audit: str) -> float:
        values = sorted(r["audits"][audit]["numericValue"] for r in runs)
        return values[len(values) // 2]

    return " | ".join(
        [
            f"{median('first-contentful-paint') / 1000:.1f}",
            f"{median('largest-contentful-paint') / 1000:.1f}",
            f"{median('total-blocking-time'):.0f}",
            f"{median('cumulative-layout-shift'):.3f}",
        ]
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base-url", default="http://127.0.0.1:8000")
    parser.add_argument("--runs", type=int, default=1, help="the median of this many runs")
    parser.add_argument("--check", action="store_true", help="exit 1 below the issue's target")
    args = parser.parse_args()
    lighthouse, chrome = find_lighthouse()
    if lighthouse is None or chrome is None:
        print(
            "Lighthouse or Chromium not found: set LIGHTHOUSE and CHROME_PATH "
            "(see this script's docstring). Nothing measured."
        )
        return 0
    rows, missed = [], []
    for name, path in pages_to_audit().items():
        url = args.base_url.rstrip("/") + path
        runs = [audit(lighthouse, chrome, url) for _ in range(args.runs)]
        scores = {}
        for category in CATEGORIES:
            values = sorted(round(r["categories"][category]["score"] * 100) for r in runs)
            scores[category] = values[len(values) // 2]
            if scores[category] < TARGET[category]:
                missed.append(f"{name} {category} {scores[category]}")
        lost = sorted({item for r in runs for item in lost_points(r)})
        rows.append((name, scores, metrics(runs), lost))
    print(
        "| page | performance | accessibility | best practices | SEO "
        "| FCP s | LCP s | TBT ms | CLS | lost points on |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    for name, scores, measured, lost in rows:
        cells = " | ".join(str(scores[c]) for c in CATEGORIES)
        print(f"| {name} | {cells} | {measured} | {', '.join(lost) or '-'} |")
    if missed:
        print("Below target: " + "; ".join(missed))
    return 1 if args.check and missed else 0


if __name__ == "__main__":
    sys.exit(main())
