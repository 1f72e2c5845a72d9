"""Credit and caption from a photo's own metadata, so agency pictures arrive credited.

Agencies write IPTC (By-line 2:80, Credit 2:110, Copyright Notice 2:116, Caption-Abstract
2:120), usually in UTF-8; cameras and editors write EXIF (Artist, Copyright,
ImageDescription, and Windows' UTF-16 XPAuthor/XPComment/XPTitle). Pillow reads both.
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass
from typing import IO, Any

from PIL import Image, IptcImagePlugin

from jarida.arabic import clean

IPTC_BYLINE, IPTC_CREDIT, IPTC_COPYRIGHT, IPTC_CAPTION = (2, 80), (2, 110), (2, 116), (2, 120)
EXIF_DESCRIPTION, EXIF_ARTIST, EXIF_COPYRIGHT = 0x010E, 0x013B, 0x8298
EXIF_XP_TITLE, EXIF_XP_COMMENT, EXIF_XP_AUTHOR = 0x9C9B, 0x9C9C, 0x9C9D


@dataclass(frozen=True)
class PhotoMetadata:
    credit: str = ""
    caption: str = ""


_ARABIC = re.compile(r"[\u0600-\u06ff]")
# UTF-8 Arabic read as Latin-1 or Windows-1252 («Ø£ Ù Ø¨»): a lead byte Ø/Ù/Ú/Û followed
# by a continuation character, or Windows-1256 read as Latin-1 (letters of Ç-þ only).
_MOJIBAKE = re.compile(r"[ØÙÚÛÃÂ][\u0080-\u00bf\u0152-\u2122]")


def _decode(raw: bytes) -> str:
    """UTF-8 if the bytes are UTF-8; else Windows-1256 if that reads as Arabic; else Latin-1."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    arabic = raw.decode("cp1256", errors="replace")
    if _ARABIC.search(arabic):
        return arabic
    return raw.decode("latin-1")


def _text(value: Any) -> str:
    if isinstance(value, list):
        value = value[0] if value else b""
    if isinstance(value, bytes):
        value = _decode(value)
    elif isinstance(value, str) and value and not value.isascii():
        # Pillow hands EXIF ASCII fields over decoded as Latin-1, whatever they hold: go back
        # to the bytes and read them as what they are (UTF-8 or Windows-1256 Arabic).
        with contextlib.suppress(UnicodeEncodeError):
            value = _decode(value.encode("latin-1"))
    return readable(str(value))


def readable(text: str) -> str:
    """`text` cleaned, or empty if it reads as mojibake: better no credit than «© Ø£ Ù Ø¨»."""
    text = clean(text).strip().strip("\x00").strip()
    return "" if _MOJIBAKE.search(text) else text


def _xp_text(value: Any) -> str:
    if isinstance(value, bytes):
        return clean(value.decode("utf-16-le", errors="ignore")).strip("\x00").strip()
    if isinstance(value, tuple):  # some writers store it as a tuple of byte values
        return _xp_text(bytes(value))
    return _text(value)


def credit_line(author: str, credit: str, copyright_notice: str) -> str:
    """One printed credit from the parts a photo may carry: `© AFP / Joseph Eid`."""
    if copyright_notice:
        line = copyright_notice if copyright_notice.startswith("©") else f"© {copyright_notice}"
        if author and author not in line:
            line = f"{line} / {author}"
        return line
    if credit and author and author not in credit:
        return f"© {credit} / {author}"
    if credit or author:
        return f"© {credit or author}"
    return ""


def read_photo_metadata(file: IO[bytes]) -> PhotoMetadata:
    """Credit and caption found in the file; empty strings where it has none (or is not an
    image Pillow can open)."""
    try:
        position = file.tell()
        with Image.open(file) as image:
            iptc = IptcImagePlugin.getiptcinfo(image) or {}
            exif = image.getexif()
    except (OSError, SyntaxError, ValueError):
        return PhotoMetadata()
    finally:
        file.seek(position)

    author = (
        _text(iptc.get(IPTC_BYLINE, b""))
        or _text(exif.get(EXIF_ARTIST, ""))
        or _xp_text(exif.get(EXIF_XP_AUTHOR, b""))
    )
    credit = _text(iptc.get(IPTC_CREDIT, b""))
    notice = _text(iptc.get(IPTC_COPYRIGHT, b"")) or _text(exif.get(EXIF_COPYRIGHT, ""))
    caption = (
        _text(iptc.get(IPTC_CAPTION, b""))
        or _text(exif.get(EXIF_DESCRIPTION, ""))
        or _xp_text(exif.get(EXIF_XP_COMMENT, b""))
        or _xp_text(exif.get(EXIF_XP_TITLE, b""))
    )
    return PhotoMetadata(credit=credit_line(author, credit, notice)[:255], caption=caption[:500])
