"""The «مباشر» strip a list page can show (`{% live_now %}`): running coverage only, and it
follows a page's state without a purge of its own (home and section pages are purged by the
page's publish)."""

from __future__ import annotations

import pytest
from django.template import Context, Template
from django.test import RequestFactory

from jarida.live.tests.factories import LiveCoverageFactory
from jarida.news.tests.factories import SectionFactory

pytestmark = pytest.mark.django_db


def strip(section=None) -> str:
    template = Template("{% load live %}{% live_now section %}")
    return template.render(Context({"request": RequestFactory().get("/"), "section": section}))


def test_the_strip_lists_running_coverage_and_drops_it_when_it_ends(coverage, local):
    other = SectionFactory(title="اقتصاد")
    elsewhere = LiveCoverageFactory(parent=other, title="مباشر: جلسة البورصة")
    draft = LiveCoverageFactory(parent=local, publish=False, title="مسودة مباشرة")

    everywhere, in_local = strip(), strip(local)
    coverage.state = "ended"
    coverage.save_revision().publish()

    assert coverage.title in everywhere and elsewhere.title in everywhere
    assert draft.title not in everywhere
    assert coverage.title in in_local and elsewhere.title not in in_local
    assert coverage.title not in strip()
    assert "مباشر" in everywhere and strip(SectionFactory(title="ثقافة")).strip() == ""
