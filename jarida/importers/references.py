"""Wagtail's reference index ("used by", "usage") for what a chunk of an import saved.

Wagtail keeps `ReferenceIndex` current from a post_save handler, which runs on every save:
an imported page is saved three times (created, revision, published). An import holds that
handler back (`pipeline.bulk_import`) and calls `write_for` once a chunk, so each object is
indexed once, as it finally stands, through Wagtail's public
`ReferenceIndex.create_or_update_for_object` (three queries an object). Writing a whole
chunk's rows in three queries would need Wagtail's extraction, which is private
(`jarida/tests/test_shape.py` keeps private framework names out of the code).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Model
from wagtail.models import ReferenceIndex


def write_for(instances: Iterable[Model]) -> None:
    """Bring the reference rows of these saved objects up to date; objects of models the
    index does not track are passed over."""
    for instance in instances:
        if ReferenceIndex.is_indexed(type(instance)):
            ReferenceIndex.create_or_update_for_object(instance)
