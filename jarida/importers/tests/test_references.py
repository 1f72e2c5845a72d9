"""The reference rows an import writes once a chunk (`importers.references`) are the rows
Wagtail's own `ReferenceIndex.create_or_update_for_object` writes for the same pages, so the
admin's "used by" and "usage" screens show the same after an import as after editing.

Driven through `import_articles` on WordPress's theme test export (photos, galleries,
sections, plain pages, a top story) with an uploads folder.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.db import transaction
from wagtail.models import Page, ReferenceIndex

from jarida.importers.tests.test_wxr_pages_and_blocks import uploads
from jarida.importers.tests.wxr import THEME, export, run
from jarida.news.models import ArticlePage

pytestmark = pytest.mark.django_db


def rows() -> set[tuple[object, ...]]:
    return set(
        ReferenceIndex.objects.values_list(
            "content_type_id",
            "base_content_type_id",
            "object_id",
            "to_content_type_id",
            "to_object_id",
            "model_path",
            "content_path",
            "content_path_hash",
        )
    )


def wagtails_own_rows() -> set[tuple[object, ...]]:
    """The index rebuilt by Wagtail itself, one object at a time, for every object of the
    models it indexes (pages, photos, comments...; a page's child rows are read through
    their page), as its `rebuild_references_index` command does."""
    ReferenceIndex.objects.all().delete()
    with transaction.atomic():
        for page in Page.objects.specific():
            ReferenceIndex.create_or_update_for_object(page)
        for model in ReferenceIndex.indexed_models:
            if issubclass(model, Page):
                continue
            for instance in model._default_manager.all():
                ReferenceIndex.create_or_update_for_object(instance)
    return rows()


def test_the_import_writes_the_reference_rows_wagtail_would(tmp_path: Path):
    path = export(THEME)
    media = uploads(tmp_path / "uploads", path)

    status, _, err = run(str(path), "--media", str(media))

    assert status == 0, err
    imported = rows()
    # Photos in bodies and galleries, lead images, the top story: the rows are not trivial.
    paths = {model_path for *_, model_path, _, _ in imported}
    assert {"lead_image", "body.image.image", "body.gallery.images.item.image"} <= paths
    assert "top_story" in paths
    # Not pages only: photos (their collection) and comments (their article) too.
    assert {"collection", "article"} <= paths
    assert imported == wagtails_own_rows()


def test_re_indexing_an_imported_gallery_changes_none_of_its_rows(tmp_path: Path):
    path = export(THEME)
    status, _, err = run(str(path), "--media", str(uploads(tmp_path / "uploads", path)))
    assert status == 0, err

    first = wagtails_own_rows()
    second = wagtails_own_rows()

    galleries = {row for row in first if ".gallery." in str(row[5])}
    assert galleries
    assert first == second
    # Each gallery photo's row names its item by an id stored with the page.
    for row in galleries:
        page = ArticlePage.objects.get(pk=row[2])
        parts = str(row[6]).split(".")  # body.<block id>.images.<item id>.image
        item_id = parts[parts.index("images") + 1]
        assert len(item_id) == 36 and item_id in str(page.body.raw_data)
