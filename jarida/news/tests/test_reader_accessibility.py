"""axe-core in Chromium finds no serious or critical problem on the reader's pages, in light
and dark mode (colour contrast included), at a phone's width and a laptop's."""

from __future__ import annotations

from pathlib import Path

import pytest

from jarida.comments.tests.factories import CommentFactory
from jarida.images.tests.factories import NewsImageFactory
from jarida.news.tests.factories import ArticleFactory, SectionFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

AXE = Path(__file__).resolve().parents[3] / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture
def axe() -> str:
    if not AXE.exists():
        pytest.skip(f"axe-core not found at {AXE} (npm install axe-core)")
    return AXE.read_text()


def problems(page, axe: str) -> list[str]:
    page.add_script_tag(content=axe)
    found = page.evaluate(
        """async () => {
             const result = await axe.run(document, {
               runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21aa", "best-practice"]},
             });
             return result.violations
               .filter(v => v.impact === "serious" || v.impact === "critical")
               .map(v => v.id + ": " + v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(", "));
           }"""
    )
    return list(found)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [390, 1366])
def test_reader_pages_have_no_serious_accessibility_problem(
    live_server, browser, axe, scheme, width
):
    section = SectionFactory(title="سياسة")
    article = ArticleFactory(parent=section, tags=["بيروت"], lead_image=NewsImageFactory())
    CommentFactory(article=article)
    for n in range(6):
        ArticleFactory(parent=section, lead_image=NewsImageFactory() if n % 2 else None)
    # axe is injected as an inline script, which the site's Content-Security-Policy refuses.
    context = browser.new_context(
        color_scheme=scheme, viewport={"width": width, "height": 900}, bypass_csp=True
    )
    page = context.new_page()

    found = {}
    for url in ("/", section.url, article.url, "/tags/بيروت/", "/search/?q=الموازنة", "/x/"):
        page.goto(live_server.url + url)
        if issues := problems(page, axe):
            found[url] = issues
    context.close()

    assert not found, found
