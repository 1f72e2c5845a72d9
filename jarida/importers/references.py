"""Wagtail's reference index ("used by", "usage") for a chunk of imported pages at once.

Wagtail keeps `ReferenceIndex` current from a post_save handler: for every save it extracts
the object's references and runs three queries (read what is stored, insert the new rows,
delete the gone ones). An import holds that handler back (`pipeline.bulk_import`) and calls
`write_for` once a chunk: the same rows, from Wagtail's own extraction
(`ReferenceIndex._extract_references_from_object`, the generator `create_or_update_for_object`
itself runs; private, so this module pins the installed Wagtail's behaviour in
`tests/test_references.py`), in three queries for the whole chunk.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import Model
from wagtail.models import ReferenceIndex

# (to_content_type_id, to_object_id, model_path, content_path): what makes a row unique for
# its source object, as Wagtail compares them.
Reference = tuple[int, str, str, str]


def references_of(instance: Model) -> set[Reference]:
    """The references Wagtail would record for `instance` (its fields, StreamField blocks
    and child relations; prefetched children are read without a query)."""
    return set(ReferenceIndex._extract_references_from_object(instance))


def write_for(instances: Iterable[Model]) -> int:
    """Bring the reference rows of these saved objects up to date, as Wagtail's
    `ReferenceIndex.create_or_update_for_object` would one by one; returns the rows added.
    Objects of models the index does not track are passed over."""
    by_base: dict[int, list[tuple[Model, list[ContentType]]]] = defaultdict(list)
    for instance in instances:
        if not ReferenceIndex.is_indexed(type(instance)):
            continue
        # The object's content type and its ancestors', most specific first, as Wagtail does.
        content_types = [
            ContentType.objects.get_for_model(model, for_concrete_model=False)
            for model in [type(instance), *instance._meta.get_parent_list()]
        ]
        by_base[content_types[-1].pk].append((instance, content_types))
    added = 0
    for base_id, members in by_base.items():
        added += _write_group(base_id, members)
    return added


def _write_group(base_id: int, members: list[tuple[Model, list[ContentType]]]) -> int:
    ids = [str(instance.pk) for instance, _ in members]
    stored: dict[str, dict[Reference, tuple[int, int]]] = defaultdict(dict)
    for pk, content_type_id, object_id, *reference in ReferenceIndex.objects.filter(
        base_content_type_id=base_id, object_id__in=ids
    ).values_list(
        "id", "content_type_id", "object_id", "to_content_type", "to_object_id", "model_path",
        "content_path",
    ):  # fmt: skip
        stored[object_id][tuple(reference)] = (content_type_id, pk)  # type: ignore[index]
    new_rows: list[ReferenceIndex] = []
    gone: list[int] = []
    for instance, content_types in members:
        object_id = str(instance.pk)
        found = references_of(instance)
        existing = stored.get(object_id, {})
        new_rows += (
            ReferenceIndex(
                content_type=content_types[0],
                base_content_type_id=base_id,
                object_id=object_id,
                to_content_type_id=to_content_type_id,
                to_object_id=to_object_id,
                model_path=model_path,
                content_path=content_path,
                content_path_hash=ReferenceIndex._get_content_path_hash(content_path),
            )
            for to_content_type_id, to_object_id, model_path, content_path in found - set(existing)
        )
        known = {content_type.pk for content_type in content_types}
        # A row recorded under a more specific model than this one is left alone, as
        # Wagtail leaves it (it may hold a reference only that model can see).
        gone += [
            pk
            for reference, (content_type_id, pk) in existing.items()
            if reference not in found and content_type_id in known
        ]
    options: dict[str, Any] = {}
    if connection.features.supports_ignore_conflicts:
        options["ignore_conflicts"] = True
    ReferenceIndex.objects.bulk_create(new_rows, batch_size=500, **options)
    if gone:
        ReferenceIndex.objects.filter(id__in=gone).delete()
    return len(new_rows)
