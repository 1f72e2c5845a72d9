"""Screenshots of the Arabic newsroom admin for docs/editors-guide.md.

Usage (with `make run` serving the demo site):
    .venv/bin/python scripts/admin_screenshots.py http://127.0.0.1:8000 admin PASS docs/screenshots
"""

from __future__ import annotations

import argparse
from pathlib import Path

from playwright.sync_api import Page, sync_playwright
from screenshot import CHROMIUM, CHROMIUM_ARGS  # this folder's README screenshot script


def shoot(page: Page, base: str, path: str, out: Path, full: bool = False) -> None:
    page.goto(base + path, wait_until="networkidle")
    page.screenshot(path=str(out), full_page=full)


def demo_ids() -> tuple[int, int]:
    """The politics section and its breaking story, read from the site's own database (run
    with the same environment as the server)."""
    import os
    import sys

    import django

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jarida.settings")
    django.setup()
    from jarida.news.models import ArticlePage, SectionPage

    section = SectionPage.objects.get(title="سياسة")
    article = ArticlePage.objects.child_of(section).order_by("-first_published_at").first()
    return section.pk, article.pk


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("base_url")
    parser.add_argument("username")
    parser.add_argument("password")
    parser.add_argument("out_dir", type=Path)
    args = parser.parse_args()
    base = args.base_url.rstrip("/")
    args.out_dir.mkdir(parents=True, exist_ok=True)
    section_id, page_id = demo_ids()  # before Playwright's event loop starts
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 860}, locale="ar-LB")
        page.goto(base + "/admin/login/")
        page.fill("#id_username", args.username)
        page.fill("#id_password", args.password)
        page.click("button[type=submit]")
        page.wait_for_url(base + "/admin/")
        shoot(page, base, "/admin/", args.out_dir / "admin-dashboard.png")
        shoot(page, base, f"/admin/pages/{section_id}/", args.out_dir / "admin-section.png")
        shoot(
            page, base, f"/admin/pages/{page_id}/edit/", args.out_dir / "admin-article-editor.png"
        )
        shoot(
            page, base, f"/admin/newsroom/takedown/{page_id}/", args.out_dir / "admin-takedown.png"
        )
        shoot(page, base, f"/admin/pages/{page_id}/history/", args.out_dir / "admin-history.png")
        shoot(
            page,
            base,
            "/admin/settings/newsroom/newsroomsettings/",
            args.out_dir / "admin-newsroom-settings.png",
        )
        shoot(page, base, "/admin/groups/", args.out_dir / "admin-roles.png")
        browser.close()


if __name__ == "__main__":
    main()
