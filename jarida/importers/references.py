"""Wagtail's reference index ("used by", "usage") for what an import saves.

Wagtail keeps `ReferenceIndex` current from a post_save handler that indexes an object on
every save: an imported section is saved three times (created, revision, published), an
article's authors and tags once each. For the length of an import (`pipeline.bulk_import`)
that handler is held back and `SavedObjects` notes what was saved instead; the importer
indexes each noted object once a chunk, as it finally stands (`write_for`), through
Wagtail's public `ReferenceIndex.create_or_update_for_object`. Wagtail's delete handler is
left alone. Afterwards the index holds what `manage.py rebuild_references_index` writes.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from functools import cache
from typing import Any

from django.db import transaction
from django.db.models import Model
from django.db.models.signals import post_save
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel, get_all_child_relations
from wagtail.models import Page, ReferenceIndex
from wagtail.signal_handlers import update_reference_index_on_save

Noted = dict[type[Model], set[Any]]


class SavedObjects:
    """The objects of the models Wagtail indexes that were saved since the last `take()`, by
    model and primary key. A child row (an article's author, a home's secondary story) is
    noted as its parent, which Wagtail indexes with its children, as its own handler does."""

    def __init__(self) -> None:
        self.noted: Noted = defaultdict(set)

    def note(self, sender: type[Model], instance: Model, raw: bool = False, **_: Any) -> None:
        if raw:  # a fixture being loaded, as Wagtail's handler skips it
            return
        model, pk = sender, instance.pk
        parent_key = _parental_key(model)
        while parent_key is not None:
            # The parent's key as stored on the child: no query for the parent itself.
            model, pk = parent_key.related_model, getattr(instance, parent_key.attname)
            if pk is None:
                return
            parent_key = _parental_key(model)
            if parent_key is not None:  # a grandchild (none in Jarida today): load the parent
                instance = model._meta.default_manager.get(pk=pk)
        self.noted[model].add(pk)

    def take(self) -> Noted:
        """What was noted, forgotten here."""
        noted, self.noted = self.noted, defaultdict(set)
        return noted


@cache
def _parental_key(model: type[Model]) -> ParentalKey | None:
    return next((f for f in model._meta.get_fields() if isinstance(f, ParentalKey)), None)


@contextmanager
def saves_noted() -> Iterator[SavedObjects]:
    """Wagtail's reference-index save handler held back for the models it tracks, and their
    saves noted instead; reconnected on the way out."""
    saved = SavedObjects()
    held = [
        model
        for model in ReferenceIndex.tracked_models
        if post_save.disconnect(update_reference_index_on_save, sender=model)
    ]
    for model in held:
        post_save.connect(saved.note, sender=model, weak=False)
    try:
        yield saved
    finally:
        for model in held:
            post_save.disconnect(saved.note, sender=model)
            post_save.connect(update_reference_index_on_save, sender=model)


def write_for(noted: Mapping[type[Model], set[Any]]) -> None:
    """The reference rows of the noted objects, as they now stand: one query a model to load
    them (with their child rows), then Wagtail's own update of each one's rows. An object
    gone since (its record rolled back) is passed over."""
    with transaction.atomic():
        for model, pks in noted.items():
            if not pks or not ReferenceIndex.is_indexed(model):
                continue
            objects = model._meta.default_manager.filter(pk__in=pks)
            if model is Page:  # saved as a plain Page: index it as what it is
                objects = objects.specific()
            elif issubclass(model, ClusterableModel):
                objects = objects.prefetch_related(
                    *(relation.get_accessor_name() for relation in get_all_child_relations(model))
                )
            for instance in objects:
                ReferenceIndex.create_or_update_for_object(instance)
