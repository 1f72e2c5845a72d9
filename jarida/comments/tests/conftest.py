"""Fixtures for the comment tests: a clean rate-limit cache, readers, the desk's moderator."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.core.cache import caches

from jarida.comments.tests.reader import Reader
from jarida.news.signals import article_page_changed as comments_changed

MODERATOR_PERMISSIONS = (
    ("wagtailadmin", "access_admin"),
    ("comments", "moderate_comment"),
    ("comments", "change_comment"),
    ("comments", "delete_comment"),
    ("comments", "view_comment"),
    ("comments", "add_articlecommentsettings"),
    ("comments", "change_articlecommentsettings"),
    ("comments", "add_moderationword"),
    ("comments", "change_moderationword"),
    ("comments", "delete_moderationword"),
)


RATE_CACHE = "comment-rates"


@pytest.fixture(autouse=True)
def _empty_rate_limits(settings: Any) -> Iterator[None]:
    """Rate limits count in their own local-memory cache here, whatever the site's default
    cache is: it increments atomically, as Redis does in production. Every test starts with
    no one having posted."""
    settings.CACHES = {
        **settings.CACHES,
        RATE_CACHE: {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": RATE_CACHE,
        },
    }
    settings.COMMENTS_RATE_CACHE = RATE_CACHE
    caches[RATE_CACHE].clear()
    yield
    caches[RATE_CACHE].clear()


@pytest.fixture
def reader() -> Reader:
    """A reader whose browser enforces CSRF, as a real one does."""
    return Reader()


@pytest.fixture
def moderator(db: Any) -> User:
    """A member of «مشرف التعليقات»: moderates, redacts and deletes comments, nothing else."""
    group, _ = Group.objects.get_or_create(name="مشرف التعليقات")
    for app_label, codename in MODERATOR_PERMISSIONS:
        group.permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    user = User.objects.create_user("moderator", password="x")
    user.groups.add(group)
    return user


@pytest.fixture
def changed() -> Iterator[list[int]]:
    """The article ids `comments_changed` was sent for, in order."""
    sent: list[int] = []

    def receive(sender: Any, article: Any, **kwargs: Any) -> None:
        sent.append(article.pk)

    comments_changed.connect(receive)
    yield sent
    comments_changed.disconnect(receive)
