"""A live page under a takedown follows the articles' rules: off every public surface, its
URLs answer 410 Gone, and no path publishes it again until the chief lifts it."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from jarida.live.models import LiveCoveragePage
from jarida.live.tests.conftest import member
from jarida.live.tests.factories import LiveUpdateFactory
from jarida.news.models import PublicationRefused
from jarida.newsroom import roles

pytestmark = pytest.mark.django_db


@pytest.fixture
def chief(db):
    return member("chief", Group.objects.get(name=roles.CHIEF))


def test_the_chief_takes_a_live_page_down_and_it_is_gone_everywhere(
    client, chief, coverage, django_capture_on_commit_callbacks
):
    update = LiveUpdateFactory(page=coverage)
    urls = [coverage.url, f"{coverage.url}updates/", f"{coverage.url}feed/"]
    for url in urls:
        assert client.get(url).status_code == 200
    desk = Client()
    desk.force_login(chief)

    with django_capture_on_commit_callbacks(execute=True):
        response = desk.post(
            reverse("newsroom_takedown", args=[coverage.pk]), {"reason": "حكم قضائي بمنع النشر"}
        )

    assert response.status_code == 302
    for url in [*urls, f"{coverage.url}update/{update.pk}/"]:
        assert client.get(url).status_code == 410, url
    assert client.get(f"/api/v1/live/{coverage.pk}/updates").status_code == 404
    assert not LiveCoveragePage.objects.published().exists()
    with pytest.raises(PublicationRefused):
        LiveCoveragePage.objects.get(pk=coverage.pk).save_revision().publish()


def test_a_lifted_takedown_leaves_the_page_unpublished_until_an_editor_publishes(
    client, chief, coverage
):
    desk = Client()
    desk.force_login(chief)
    desk.post(reverse("newsroom_takedown", args=[coverage.pk]), {"reason": "خطأ في الوقائع"})

    desk.post(reverse("newsroom_lift_takedown", args=[coverage.pk]))
    unpublished = client.get(coverage.url).status_code
    LiveCoveragePage.objects.get(pk=coverage.pk).save_revision().publish()

    assert unpublished == 404
    assert client.get(coverage.url).status_code == 200
