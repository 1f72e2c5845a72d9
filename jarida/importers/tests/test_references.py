"""After an import, Wagtail's reference index ("used by", "usage" in the admin) holds what
Wagtail's own `manage.py rebuild_references_index` writes: for articles, and for everything
else the import saved (sections, plain pages, photos, comments, the home's top story).

Driven through `import_articles` on WordPress's theme test export (photos, galleries,
sections, plain pages, comments, a sticky post) with an uploads folder, and on the corpus.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import call_command
from wagtail.models import ReferenceIndex

from jarida.importers.tests.command import run_import
from jarida.importers.tests.test_wxr_pages_and_blocks import uploads
from jarida.importers.tests.wxr import BLOCKS, THEME, export, run
from jarida.news.models import ArticlePage, HomePage

pytestmark = pytest.mark.django_db

Row = tuple[object, ...]


def rows() -> set[Row]:
    return set(
        ReferenceIndex.objects.values_list(
            "content_type__model",
            "base_content_type__model",
            "object_id",
            "to_content_type__model",
            "to_object_id",
            "model_path",
            "content_path",
            "content_path_hash",
        )
    )


def rebuilt() -> set[Row]:
    """The index as Wagtail's own command rebuilds it from scratch."""
    call_command("rebuild_references_index", verbosity=0)
    return rows()


def model_paths(found: set[Row]) -> set[tuple[object, object]]:
    return {(row[0], row[5]) for row in found}


def test_a_wordpress_import_leaves_the_index_wagtail_would_rebuild(tmp_path: Path):
    theme, blocks = export(THEME), export(BLOCKS)
    media = uploads(tmp_path / "uploads", theme, blocks)

    status, _, err = run(str(theme), str(blocks), "--media", str(media))

    assert status == 0, err
    imported = rows()
    # Not articles only: photos (their collection), comments (their article and the one they
    # answer), the home's top story, photos in bodies and galleries, lead images.
    assert {
        ("articlepage", "lead_image"),
        ("articlepage", "body.image.image"),
        ("articlepage", "body.gallery.images.item.image"),
        ("newsimage", "collection"),
        ("comment", "article"),
        ("comment", "parent"),
        ("homepage", "top_story"),
    } <= model_paths(imported)
    assert imported == rebuilt()


def test_importing_the_same_export_again_leaves_the_index_as_it_was(tmp_path: Path):
    theme = export(THEME)
    media = uploads(tmp_path / "uploads", theme)
    assert run(str(theme), "--media", str(media))[0] == 0
    first = rows()

    status, _, err = run(str(theme), "--media", str(media))

    assert status == 0, err
    assert rows() == first == rebuilt()


def test_a_corpus_import_leaves_the_index_wagtail_would_rebuild(corpus: Path):
    # Enough lines for several chunks (the first is small).
    status, _, err = run_import(
        "--format", "jsonl", "--time-zone", "Asia/Riyadh", "--limit", "60", str(corpus)
    )

    assert status == 0, err
    imported = rows()
    assert ("articlepage", "related_links.item.target") in model_paths(imported)
    assert imported == rebuilt()


def test_a_gallerys_rows_stay_the_same_when_it_is_indexed_again(tmp_path: Path):
    theme = export(THEME)
    assert run(str(theme), "--media", str(uploads(tmp_path / "uploads", theme)))[0] == 0

    first, second = rebuilt(), rebuilt()

    galleries = {row for row in first if row[5] == "body.gallery.images.item.image"}
    assert galleries
    assert first == second
    # Each gallery photo's row names its block and its item by ids stored with the page.
    for row in galleries:
        article = ArticlePage.objects.get(pk=row[2])
        _, block_id, _, item_id, _ = str(row[6]).split(".")
        gallery = next(block for block in article.body.raw_data if block["id"] == block_id)
        assert item_id in {item["id"] for item in gallery["value"]["images"]}


def test_after_an_import_wagtail_indexes_each_save_itself_again(tmp_path: Path):
    theme = export(THEME)
    assert run(str(theme), "--media", str(uploads(tmp_path / "uploads", theme)))[0] == 0
    home = HomePage.objects.get()
    other = ArticlePage.objects.live().exclude(pk=home.top_story_id).first()
    assert other is not None

    home.top_story = other
    home.save_revision().publish()

    assert ("homepage", str(home.pk), "page", str(other.pk), "top_story") in {
        (row[0], row[2], row[3], row[4], row[5]) for row in rows()
    }
