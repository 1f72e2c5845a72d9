"""The newsroom's cast for tests: two sections and one person per role.

- reporter: writes drafts in سياسة only, submits them for review, cannot publish.
- editor: edits, publishes and unpublishes in سياسة only.
- sport_editor: the same, in رياضة only.
- chief: everything, including takedowns and site settings.
- moderator: comments only; no page in the explorer is theirs to touch.
"""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from jarida.news.tests.factories import SectionFactory
from jarida.newsroom import roles
from jarida.outbox.tests.smtp import smtp_sink  # noqa: F401  (fixture: SMTP on loopback)


@pytest.fixture
def politics(db):
    return SectionFactory(title="سياسة")


@pytest.fixture
def sport(db):
    return SectionFactory(title="رياضة")


def member(username: str, *groups: Group):
    user = get_user_model().objects.create_user(username, f"{username}@example.com", "pass-1234")
    user.groups.add(*groups)
    return user


@pytest.fixture
def reporter(politics):
    return member("reporter", roles.section_group(politics, roles.REPORTER))


@pytest.fixture
def editor(politics):
    return member("editor", roles.section_group(politics, roles.EDITOR))


@pytest.fixture
def sport_editor(sport):
    return member("sport_editor", roles.section_group(sport, roles.EDITOR))


@pytest.fixture
def chief(db):
    return member("chief", Group.objects.get(name=roles.CHIEF))


@pytest.fixture
def moderator(db):
    return member("moderator", Group.objects.get(name=roles.MODERATOR))
