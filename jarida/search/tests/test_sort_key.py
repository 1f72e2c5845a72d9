"""The sort key: an article's place on the archive's time line, as one integer (the FTS5 rowid)."""

from __future__ import annotations

import datetime as dt

import pytest

from jarida.search.models import ID_MASK, key_range, sort_key

BEIRUT_NOON = dt.datetime(2021, 7, 23, 12, tzinfo=dt.timezone(dt.timedelta(hours=3)))
SECOND = dt.timedelta(seconds=1)


def test_later_publication_sorts_later_and_the_id_breaks_ties():
    assert sort_key(BEIRUT_NOON, 5) < sort_key(BEIRUT_NOON, 6)
    assert sort_key(BEIRUT_NOON, ID_MASK) < sort_key(BEIRUT_NOON + SECOND, 1)
    assert sort_key(BEIRUT_NOON + dt.timedelta(microseconds=999_999), 9) == sort_key(BEIRUT_NOON, 9)
    # An article never published (a stale row) sorts before the whole archive.
    assert sort_key(None, 9) < sort_key(dt.datetime(1900, 1, 1, tzinfo=dt.UTC), 1)


def test_the_article_id_can_be_read_back():
    assert sort_key(BEIRUT_NOON, 123_456) & ID_MASK == 123_456


def test_a_key_range_holds_the_articles_published_between_its_bounds():
    start, end = BEIRUT_NOON, BEIRUT_NOON + dt.timedelta(days=1)
    low, high = key_range(start, end)
    assert low is not None and high is not None

    assert low <= sort_key(start, 1) < high
    assert low <= sort_key(end - dt.timedelta(microseconds=1), ID_MASK) < high
    assert not low <= sort_key(start - dt.timedelta(microseconds=1), ID_MASK) < high
    assert not low <= sort_key(end, 1) < high
    assert key_range(None, None) == (None, None)


def test_an_id_too_large_for_the_key_is_refused():
    with pytest.raises(ValueError):
        sort_key(BEIRUT_NOON, ID_MASK + 1)
