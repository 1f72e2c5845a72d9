"""`jarida.database.ArrayTextDumper` writes the very bytes psycopg's own list dumper writes,
and what it writes reads back the same from PostgreSQL."""

from __future__ import annotations

import json
from typing import Any

import psycopg
import pytest
from django.db import connection
from psycopg.adapt import AdaptersMap, PyFormat, Transformer
from psycopg.types.array import ListDumper
from psycopg.types.json import Jsonb

from jarida.database import ArrayTextDumper

ELEMENTS: list[list[Any]] = [
    ["plain", "with space", 'a "quote"', "back\\slash", "", "NULL", "null", "{brace}", "a,b"],
    ["tab\there", "line\nbreak", "nbsp\u00a0", "em\u2003space", "ideographic\u3000", "شارع"],
    [1, 2, None, 40000000000],
    [["nested", 'qu"ote'], ["x", None]],
    [],
    [None, None],
]


class Context:
    """An adaptation context of psycopg's defaults with `dumper_class` for lists (a copy: the
    global defaults stay as they are)."""

    connection = None

    def __init__(self, dumper_class: type[ListDumper]) -> None:
        self.adapters = AdaptersMap(psycopg.adapters)
        self.adapters.register_dumper(list, dumper_class)


def dumped(dumper_class: type[ListDumper], value: list[Any]) -> bytes:
    dumper = Transformer(Context(dumper_class)).get_dumper(value, PyFormat.TEXT)
    return bytes(dumper.dump(value) or b"")


@pytest.mark.parametrize("value", ELEMENTS)
def test_it_writes_what_psycopg_writes(value: list[Any]) -> None:
    assert dumped(ArrayTextDumper, value) == dumped(ListDumper, value)


def test_json_documents_come_out_as_psycopg_writes_them() -> None:
    documents = [
        Jsonb({"body": [{"type": "paragraph", "value": '<p>قال "الوزير" \\ أمس</p>'}]}),
        Jsonb(["a", {"b": None}]),
    ]
    assert dumped(ArrayTextDumper, documents) == dumped(ListDumper, documents)


@pytest.mark.django_db
def test_postgresql_reads_back_what_it_was_sent() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only: SQLite has no arrays")
    connection.ensure_connection()
    texts = ['a "quote"', "back\\slash", "", "NULL", "with space", "شارع,بيروت", None]
    documents = [{"q": 'say "hi"', "path": "C:\\x"}, ["x", 1]]
    with connection.cursor() as cursor:
        cursor.execute("SELECT %s::text[], %s::jsonb[]", [texts, [Jsonb(d) for d in documents]])
        text_back, json_back = cursor.fetchone()
    assert text_back == texts
    assert [json.loads(d) if isinstance(d, str) else d for d in json_back] == documents
