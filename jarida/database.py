"""PostgreSQL connection set-up: a faster text dumper for the arrays Django sends.

On PostgreSQL, Django's `bulk_create` sends each column as one array
(`INSERT ... SELECT * FROM UNNEST(%s::jsonb[], ...)`), and psycopg writes every element of
it in the array's text form. psycopg escapes each double quote and backslash of an element
with `re.sub` and a replacement template, and on Python 3.11 a template is expanded by Python
code once per match. A revision's content is a few kilobytes of JSON with thousands of
quotes, so writing the first revisions of 500 imported articles cost about 4 seconds of that
expansion alone (500 corpus articles imported into PostgreSQL: 0.77x the CPU with it).

`ArrayTextDumper` is psycopg's own text dumper for lists, with the escaping done by
`bytes.replace`: the same bytes, as a test checks against psycopg's dumper. `use_fast_arrays`
registers it for `list` on each new connection (`NewsConfig.ready` connects it to
`connection_created`). Elements of a type psycopg must guess element by element (no single
element dumper) still go through psycopg's own code.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper
from psycopg.abc import Buffer
from psycopg.types.array import ListDumper


@cache
def _needs_quotes(delimiter: bytes) -> Callable[[bytes], object]:
    """What makes PostgreSQL's array input need an element quoted (an empty string, braces,
    the delimiter, quotes, backslashes, white space or the word NULL), as psycopg reads it,
    Unicode spaces included."""
    return re.compile(
        rb"""(?xi)
          ^$
        | ["{}%s\\\s]
        | ^null$
        | \xe1\x9a\x80
        | \xe2\x80[\x80-\x8a\xa8\xa9\xaf]
        | \xe2\x81\x9f
        | \xe3\x80\x80
        """
        % re.escape(delimiter)
    ).search


class ArrayTextDumper(ListDumper):
    """psycopg's `ListDumper`, escaping elements with `bytes.replace` (see the module)."""

    def dump(self, obj: list[Any]) -> Buffer | None:
        if self.sub_dumper is None:
            return super().dump(obj)
        tokens: list[bytes] = []
        self._write(obj, tokens, self.sub_dumper.dump, _needs_quotes(self.delimiter))
        return b"".join(tokens)

    def _write(
        self,
        items: list[Any],
        tokens: list[bytes],
        dump: Callable[[Any], Buffer | None],
        needs_quotes: Callable[[bytes], object],
    ) -> None:
        if not items:
            tokens.append(b"{}")
            return
        tokens.append(b"{")
        for item in items:
            if item is None:
                tokens.append(b"NULL")
            elif isinstance(item, list):
                self._write(item, tokens, dump, needs_quotes)
            elif (dumped := dump(item)) is None:
                tokens.append(b"NULL")
            else:
                data = bytes(dumped)
                if needs_quotes(data):
                    data = b'"' + data.replace(b"\\", b"\\\\").replace(b'"', b'\\"') + b'"'
                tokens.append(data)
            tokens.append(self.delimiter)
        tokens[-1] = b"}"


def use_fast_arrays(
    sender: type[BaseDatabaseWrapper], connection: BaseDatabaseWrapper, **_: Any
) -> None:
    """`connection_created` receiver: `ArrayTextDumper` for lists on a PostgreSQL connection."""
    if connection.vendor == "postgresql":
        connection.connection.adapters.register_dumper(list, ArrayTextDumper)
