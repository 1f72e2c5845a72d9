"""Reading pages the way a reader does: the text a browser would show."""

from __future__ import annotations

import re

from bs4 import BeautifulSoup

INVISIBLE_TAGS = ("script", "style", "template", "noscript", "head")


def visible_text(html: str) -> str:
    """The page's text minus what is never displayed: scripts, styles, `hidden` elements and
    visually-hidden screen-reader text. Whitespace runs collapse as in a browser."""
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup.find_all(INVISIBLE_TAGS):
        tag.decompose()
    for tag in soup.select("[hidden], .visually-hidden"):
        tag.decompose()
    return re.sub(r"\s+", " ", soup.get_text(" ")).strip()


def soup(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "html.parser")
