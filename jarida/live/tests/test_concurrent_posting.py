"""Reporters post at the same moment without overwriting each other: each update is its own
row, so nothing a colleague posts is lost (the reason updates are not a StreamField). Passes
on SQLite (writers wait their turn) and on PostgreSQL (DATABASE_URL=postgres://…)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from wagtail.models import PageLogEntry

from jarida.live.models import LiveUpdate

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

EACH = 5


def test_two_reporters_posting_at_once_lose_nothing(coverage, reporter, editor):
    url = reverse("live_desk", args=[coverage.pk])
    start = threading.Barrier(2)
    failures: list[str] = []

    def post_as(user, label: str) -> None:
        client = Client()
        client.force_login(user)
        start.wait()
        try:
            for n in range(EACH):
                response = client.post(url, {"text": f"{label} رقم {n}"})
                if response.status_code != 302:
                    failures.append(f"{label} {n}: {response.status_code}")
        finally:
            connection.close()

    threads = [
        threading.Thread(target=post_as, args=(reporter, "مراسل")),
        threading.Thread(target=post_as, args=(editor, "محرر")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    texts = sorted(u.body_text() for u in LiveUpdate.objects.filter(page=coverage))
    assert not failures
    assert len(texts) == 2 * EACH
    assert {t.split(" رقم ")[0] for t in texts} == {"مراسل", "محرر"}
    logged = PageLogEntry.objects.filter(page=coverage, action="live.update_posted").count()
    assert logged == 2 * EACH
