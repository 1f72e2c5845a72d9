"""axe-core in Chromium finds no serious or critical problem where live coverage meets the
paper's pages: the home page and a section's page with a live card and the «مباشر» strip,
and `/corrections/` with a notice on a live update, in light and dark mode, at a phone's
width and a laptop's."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from jarida.live.models import LiveUpdateCorrection
from jarida.live.tests.factories import LiveCoverageFactory, LiveUpdateFactory
from jarida.news.tests.factories import ArticleFactory, SectionFactory
from jarida.news.tests.test_reader_accessibility import AXE, problems

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def axe() -> str:
    """axe-core's script, as the reader pages' own accessibility test reads it."""
    if not AXE.exists():
        pytest.skip(f"axe-core not found at {AXE} (npm install axe-core)")
    return AXE.read_text()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [390, 1366])
def test_lists_with_live_coverage_have_no_serious_accessibility_problem(
    live_server, browser, axe, scheme, width
):
    section = SectionFactory(title="منوعات")
    running = LiveCoverageFactory(parent=section, title="مباشر: العاصفة في يومها الأول")
    LiveCoverageFactory(
        parent=section,
        title="مباشر: العاصفة في أيامها الأولى",
        first_published_at=timezone.now() - dt.timedelta(days=4),
    )
    LiveCoverageFactory(parent=section, title="مباشر: مباراة النهائي", state="ended")
    for n in range(22):  # the older live page leaves the lists: the strip names it
        ArticleFactory(parent=section, title=f"خبر رقم {n}")
    update = LiveUpdateFactory(page=running)
    LiveUpdateCorrection.objects.create(update=update, text="الفرق وصلت ظهراً لا صباحاً.")
    context = browser.new_context(
        color_scheme=scheme, viewport={"width": width, "height": 900}, bypass_csp=True
    )
    page = context.new_page()

    found, seen = {}, {}
    for url in ("/", section.url, "/corrections/"):
        page.goto(live_server.url + url)
        seen[url] = page.locator(".live-now, .card-live, .notice-source").count()
        if issues := problems(page, axe):
            found[url] = issues
    context.close()

    assert all(seen.values()), seen  # each page shows what this test is about
    assert not found, found
