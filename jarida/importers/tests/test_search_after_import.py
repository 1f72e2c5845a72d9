"""After an import, both searches find an imported article by an Arabic word: the reader's
search (its own index, written once a chunk) and the admin's page search (Wagtail's
modelsearch, whose per-save updates the import holds back and writes once a chunk).

Run on SQLite and on PostgreSQL (`DATABASE_URL`), like the rest of the suite.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from jarida.importers.tests.command import run_import

pytestmark = pytest.mark.django_db

WORD = "الزعفران"


def corpus_line(n: int, title: str, content: str) -> str:
    return json.dumps(
        {
            "source": "alriyadh",
            "url": f"http://www.alriyadh.com/{1070000 + n}",
            "date_extracted": "2015-07-21 02:51:32",
            "title": title,
            "author": "الرياض - واس",
            "content": content,
        },
        ensure_ascii=False,
    )


@pytest.fixture
def imported(tmp_path: Path) -> str:
    """120 articles (more than a chunk, so the batched path and its worker run), one of them
    with `WORD` in its headline and body; returns that headline."""
    title = f"مزارعو {WORD} في الطائف يبدأون موسم الحصاد"
    lines = [
        corpus_line(n, f"أمطار متفرقة على المرتفعات رقم {n}", "تتوقع الأرصاد أمطاراً خفيفة.")
        for n in range(119)
    ]
    lines.insert(
        60,
        corpus_line(500, title, f"بدأ مزارعو {WORD} حصادهم.\n\nويصدر المحصول إلى الخليج."),
    )
    path = tmp_path / "articles.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    status, _, err = run_import(
        "--format", "jsonl", "--time-zone", "Asia/Riyadh", "--section", "محليات", str(path)
    )
    assert status == 0, err
    return title


def test_reader_search_finds_the_imported_article_by_an_arabic_word(client, imported):
    # Another spelling of the word (no alef): the search folds both sides.
    response = client.get(reverse("search:search"), {"q": "زعفران"})

    assert response.status_code == 200
    assert imported in response.content.decode()


def test_admin_page_search_finds_the_imported_article_by_an_arabic_word(client, imported):
    root = get_user_model().objects.create_superuser("root", "root@example.com", "x")
    client.force_login(root)

    response = client.get(reverse("wagtailadmin_pages:search"), {"q": WORD})

    assert response.status_code == 200
    page = response.content.decode()
    assert imported in page
    assert "أمطار متفرقة على المرتفعات رقم 118" not in page
