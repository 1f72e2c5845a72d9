"""After an import, the search vocabulary («هل تقصد» suggestions) counts each word's articles
as a rebuild of the index counts them, whichever way the import wrote the counts (a chunk
at a time, on either backend)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import call_command

from jarida.importers.tests.command import run_import
from jarida.search.models import SearchTerm

pytestmark = pytest.mark.django_db


def vocabulary() -> dict[str, int]:
    return dict(SearchTerm.objects.values_list("term", "documents"))


def test_an_imports_word_counts_are_a_rebuilds(corpus: Path):
    # Enough lines for several chunks, each adding to the counts of the ones before.
    status, _, err = run_import(
        "--format", "jsonl", "--time-zone", "Asia/Riyadh", "--limit", "60", str(corpus)
    )
    assert status == 0, err
    imported = vocabulary()

    call_command("rebuild_search_index", "--no-progress", stdout=io.StringIO())
    rebuilt = vocabulary()

    # A rebuild keeps only the words of two articles or more; those it counts alike.
    assert len(rebuilt) > 1000
    assert {term: n for term, n in imported.items() if n >= 2} == rebuilt
