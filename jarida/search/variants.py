"""The editors' spelling variants (`SpellingVariant`, «التهجئات البديلة» in the admin), put in
force beside the built-in groups of `jarida.arabic.variants`.

Every search reads the table (a handful of short rows, one small query) and installs it if it
changed, so an edit reaches the next query in every process, with no cache to purge. Indexing
reads it the same way, so `rebuild_search_index` after an edit writes the new group keys.
"""

from __future__ import annotations

from jarida.arabic.analysis import use_variants
from jarida.search.models import SpellingVariant


def editors_groups() -> tuple[tuple[str, ...], ...]:
    """The editors' groups, in a stable order."""
    rows = SpellingVariant.objects.order_by("pk").values_list("spellings", flat=True)
    groups = (SpellingVariant(spellings=spellings).words() for spellings in rows)
    return tuple(group for group in groups if len(group) > 1)


def put_in_force() -> None:
    """The built-in groups and the editors', as they are now in the database."""
    use_variants(editors_groups())
