"""Screenshots of the running site in headless Chromium, for the README and the docs.

Usage: python scripts/screenshot.py BASE_URL PATH OUT.png [--width 412] [--full]
           [--scheme dark] [--pdf]   (--pdf prints the page, as a reader's browser would)
"""

from __future__ import annotations

import argparse

from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("base_url")
    parser.add_argument("path")
    parser.add_argument("out")
    parser.add_argument("--width", type=int, default=412)
    parser.add_argument("--height", type=int, default=915)
    parser.add_argument("--full", action="store_true")
    parser.add_argument("--scheme", choices=["light", "dark"], default="light")
    parser.add_argument("--pdf", action="store_true", help="print to OUT (a PDF) instead")
    args = parser.parse_args()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(
            viewport={"width": args.width, "height": args.height},
            device_scale_factor=1,
            locale="ar-LB",
            color_scheme=args.scheme,
        )
        page.goto(args.base_url.rstrip("/") + args.path, wait_until="networkidle")
        if args.pdf:
            page.pdf(path=args.out, format="A4")
        else:
            page.screenshot(path=args.out, full_page=args.full)
        browser.close()


if __name__ == "__main__":
    main()
