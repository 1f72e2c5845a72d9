"""The live desk's cast: a section with a live page, and one person per role.

- reporter: posts updates to live pages in محليات only; cannot pin, edit or delete.
- sport_reporter: a reporter of رياضة; may not post to محليات's live pages.
- editor: posts, pins, marks key events, edits, corrects and deletes in محليات.
"""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from jarida.live.tests.factories import LiveCoverageFactory
from jarida.news.tests.factories import SectionFactory
from jarida.newsroom import roles


@pytest.fixture
def local(db):
    return SectionFactory(title="محليات")


@pytest.fixture
def sport(db):
    return SectionFactory(title="رياضة")


@pytest.fixture
def coverage(local):
    return LiveCoverageFactory(parent=local, title="مباشر: العاصفة الثلجية تضرب الجبل")


def member(username: str, *groups: Group, first_name: str = ""):
    user = get_user_model().objects.create_user(
        username, f"{username}@example.com", "pass-1234", first_name=first_name
    )
    user.groups.add(*groups)
    return user


@pytest.fixture
def reporter(local):
    return member("reporter", roles.section_group(local, roles.REPORTER), first_name="سامر")


@pytest.fixture
def sport_reporter(sport):
    return member("sport_reporter", roles.section_group(sport, roles.REPORTER))


@pytest.fixture
def editor(local):
    return member("editor", roles.section_group(local, roles.EDITOR), first_name="ليلى")
