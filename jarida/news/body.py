"""An article body between plain text and StreamField: building it from text blocks
(importers, demo, factories) and reading it back as text (feeds, the API, update detection).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

from bs4 import BeautifulSoup
from django.utils.html import escape

# Elements whose text stands as its own paragraph in plain text.
_BLOCK_ELEMENTS = ("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "figcaption")
_SPACES = re.compile(r"\s+")
# Stands for a <br> while whitespace is collapsed (a private-use character, never in text).
_BREAK = "\ue000"
# Rich text as the importers, the demo and the editor store a paragraph: `<p>` elements (the
# editor's carry a block key) holding plain text and only the entities Django's `escape`
# writes. Its text needs no HTML parser: on a cold article page, parsing the first paragraph
# for the description cost more CPU than the rest of the page's metadata. Anything else
# (inline markup, other entities, attributes) goes to the parser.
_PLAIN_PARAGRAPHS = re.compile(
    r'(?:\s*<p(?: data-block-key="[\w-]*")?>'
    r"[^<>&]*(?:&(?:amp|lt|gt|quot|#x27|#39);[^<>&]*)*</p>)+\s*"
)
_PLAIN_TEXT = re.compile(r'<p(?: data-block-key="[\w-]*")?>([^<>]*)</p>')
_ENTITY = re.compile(r"&(amp|lt|gt|quot|#x27|#39);")
_ENTITY_TEXT = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "#x27": "'", "#39": "'"}


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


def html_to_text(html: str) -> str:
    """Tags stripped, each paragraph (and heading, list item, quote) on its own, separated by
    a blank line; `<br>` kept as a line break."""
    if _PLAIN_PARAGRAPHS.fullmatch(html):
        paragraphs = (
            _tidy(_ENTITY.sub(lambda m: _ENTITY_TEXT[m[1]], text))
            for text in _PLAIN_TEXT.findall(html)
        )
        return "\n\n".join(p for p in paragraphs if p)
    return parsed_text(html)


def parsed_text(html: str) -> str:
    """`html_to_text` through the HTML parser, whatever the markup."""
    soup = BeautifulSoup(html, "html.parser")
    for br in soup.find_all("br"):
        br.replace_with(_BREAK)
    blocks = soup.find_all(_BLOCK_ELEMENTS)
    if not blocks:
        return _tidy(soup.get_text())
    paragraphs = []
    for block in blocks:
        # A block nested in another (a <p> in a <blockquote>) is printed with its parent.
        if block.find_parent(_BLOCK_ELEMENTS) is None:
            paragraphs.append(_tidy(block.get_text()))
    return "\n\n".join(p for p in paragraphs if p)


def _tidy(text: str) -> str:
    """Whitespace collapsed as a browser does; a <br> kept as a line break."""
    lines = (_SPACES.sub(" ", line).strip() for line in text.split(_BREAK))
    return "\n".join(line for line in lines if line)


def _plain(text: str) -> str:
    """Plain text from a text field: its own line breaks are meant (the page prints them)."""
    return _tidy(text.replace("\n", _BREAK))


def body_text(body: Any) -> str:
    """The body as plain text: paragraphs, subheadings, quotes, lists and tables (a row a
    line); photos are left out."""
    parts: list[str] = []
    for block in body:
        if block.block_type in ("paragraph", "list"):
            parts.append(html_to_text(block.value.source))
        elif block.block_type == "table":
            rows = (" | ".join(str(c) for c in row if c) for row in block.value["rows"])
            parts.append("\n".join(row for row in rows if row))
        elif block.block_type == "subheading":
            parts.append(_plain(str(block.value)))
        elif block.block_type == "quote":
            quote = _plain(block.value["text"])
            if attribution := block.value.get("attribution"):
                quote = f"{quote}\n— {_plain(attribution)}"
            parts.append(quote)
    return "\n\n".join(part for part in parts if part)
