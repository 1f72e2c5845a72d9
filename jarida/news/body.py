"""Article body data for StreamField from plain text blocks (importers, demo, factories)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.utils.html import escape


def body_stream(blocks: Iterable[Sequence[str]]) -> list[dict[str, Any]]:
    """`("paragraph", text)`, `("subheading", text)` and `("quote", text, attribution)` as
    StreamField data. Text is escaped: plain text from outside is never trusted as HTML."""
    stream: list[dict[str, Any]] = []
    for kind, text, *rest in blocks:
        if kind == "paragraph":
            stream.append({"type": "paragraph", "value": f"<p>{escape(text)}</p>"})
        elif kind == "subheading":
            stream.append({"type": "subheading", "value": text})
        elif kind == "quote":
            attribution = rest[0] if rest else ""
            stream.append({"type": "quote", "value": {"text": text, "attribution": attribution}})
        else:
            raise ValueError(f"unknown body block kind {kind!r}")
    return stream
