"""Reading a source file's bytes and telling its character encoding, for the page formats.

Arabic archives come in three encodings: UTF-8, Windows-1256 (the code page of Arabic
Windows, and so of most legacy sites) and ISO-8859-6. Every byte decodes to *something* in
Windows-1256, and most bytes decode to Arabic letters in both single-byte code pages, so
decoding without an error proves nothing: a legacy decoding is believed only when the result
reads as Arabic made of common words (`legacy_arabic`). The `text` and `html` formats share
this so a page saved from an old site imports the same whichever way it was saved.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from charset_normalizer import from_bytes

from jarida.importers.records import ParseError

# A legacy decoding is only believed when most letters come out Arabic.
MIN_ARABIC_SHARE = 0.6
# Detection reads this much of a large file (the start and the end), as trafilatura does.
DETECTION_SAMPLE = 64 * 1024

# The commonest Arabic words and the article prefix: text decoded with the right legacy code
# page is full of them; the wrong one (ISO-8859-6 bytes read as Windows-1256 turn ل into ن)
# has almost none.
_COMMON = re.compile(r"(?:^|\s)(?:ال\w|في\s|من\s|على\s|إلى\s|عن\s|أن\s)")

# What a page may declare, mapped as browsers do (WHATWG Encoding Standard): Latin-1 and
# ASCII labels mean Windows-1252, and a `<meta>` cannot declare UTF-16 (a UTF-16 page has a
# BOM), so such a label means UTF-8.
_LABEL_ALIASES = {
    "iso-8859-1": "cp1252",
    "iso8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "l1": "cp1252",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
    "utf-16": "utf-8",
    "utf-16le": "utf-8",
    "utf-16be": "utf-8",
    # Arabic labels the WHATWG list has and Python's codec registry does not.
    "arabic": "iso8859_6",
    "asmo-708": "iso8859_6",
    "csisolatinarabic": "iso8859_6",
    "ecma-114": "iso8859_6",
    "iso-8859-6-e": "iso8859_6",
    "iso-8859-6-i": "iso8859_6",
    "iso-ir-127": "iso8859_6",
    "x-cp1256": "cp1256",
}


def read_capped(path: Path, max_bytes: int, what: str = "one article") -> bytes:
    """The file's bytes, or a ParseError if it cannot be read or is larger than `max_bytes`
    (read no further than that, so a huge file costs nothing)."""
    try:
        with path.open("rb") as stream:
            data = stream.read(max_bytes + 1)
    except OSError as error:
        raise ParseError(f"cannot read the file ({error.strerror or error})") from error
    if len(data) > max_bytes:
        raise ParseError(f"file is larger than {max_bytes // (1024 * 1024)} MB; not {what}")
    return data


def codec_for(label: str) -> str | None:
    """Python's codec for an encoding label a page declares, or None if it names none."""
    label = label.strip().strip("\"'").lower()
    if not label:
        return None
    label = _LABEL_ALIASES.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def decode(
    data: bytes, declared: str | None = None, *, markup: bool = False, detect: bool = False
) -> str:
    """The text of `data`: its byte-order mark first, then the encoding the source declares
    (if the bytes are valid in it), then UTF-8, then Windows-1256 or ISO-8859-6 if that reads
    as Arabic; with `detect`, finally whatever charset-normalizer finds (pages in other
    languages). `markup` says the text is HTML, so only what a reader sees is weighed. Empty
    and binary content are ParseErrors."""
    text = _decode(data, declared, markup, detect)
    if not text.strip():
        raise ParseError("empty file")
    if "\x00" in text:
        # NUL never occurs in page text, and the database refuses it in text columns.
        raise ParseError("binary content (NUL characters), not page text")
    return text


def _decode(data: bytes, declared: str | None, markup: bool, detect: bool) -> str:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as error:
            raise ParseError("not valid UTF-16 text despite its byte-order mark") from error
    visible = _visible if markup else _same
    codec = codec_for(declared) if declared else None
    if codec and not data.startswith(codecs.BOM_UTF8):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            pass  # declared wrongly (a page re-saved in another encoding): find out
        else:
            # Old Arabic sites often declared Latin-1 and served Windows-1256, which browsers
            # in the Arab world were set to show anyway: believe the bytes when they say so.
            if codec != "cp1252" or not reads_as_arabic(visible(legacy := legacy_arabic(data))):
                return text
            return legacy
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    text = legacy_arabic(data)
    if reads_as_arabic(visible(text)):
        return text
    if detect and b"\x00" not in data:
        sample = data if len(data) <= DETECTION_SAMPLE else data[:DETECTION_SAMPLE]
        match = from_bytes(sample).best()
        if match is not None:
            try:
                return data.decode(match.encoding)
            except (LookupError, UnicodeDecodeError):
                pass
    if detect:
        raise ParseError(
            "not text in any encoding (not UTF-8, Windows-1256 or ISO-8859-6 Arabic, nor an "
            "encoding charset-normalizer recognises): binary content?"
        )
    raise ParseError("not UTF-8 or Windows-1256 Arabic text (nor ISO-8859-6)")


_INVISIBLE = re.compile(r"<(script|style)\b.*?</\1\s*>|<!--.*?-->|<[^>]*>|&#?\w+;", re.S | re.I)


def _visible(html: str) -> str:
    """Roughly what a reader sees of an HTML page: no tags, scripts, styles or entities."""
    return _INVISIBLE.sub(" ", html)


def _same(text: str) -> str:
    return text


def legacy_arabic(data: bytes) -> str:
    """Windows-1256 or ISO-8859-6, whichever reads as Arabic. Both decode most bytes to
    Arabic letters, different ones, so decoding alone proves nothing: the one whose text
    is made of common Arabic words wins; ISO-8859-6 leaves many bytes undefined, so it
    applies only where every byte is defined in it."""
    windows = data.decode("cp1256")
    try:
        iso = data.decode("iso8859_6")
    except UnicodeDecodeError:
        return windows
    return iso if len(_COMMON.findall(iso)) > len(_COMMON.findall(windows)) else windows


def reads_as_arabic(text: str) -> bool:
    """Most letters Arabic and almost no control characters."""
    letters = [char for char in text if char.isalpha()]
    if not letters:
        return False
    arabic = sum(1 for char in letters if "\u0600" <= char <= "\u06ff")
    controls = sum(1 for char in text if char < " " and char not in "\t\n\r\f")
    return arabic / len(letters) >= MIN_ARABIC_SHARE and controls <= len(text) // 100
