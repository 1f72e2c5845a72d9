"""Source formats of the import pipeline, one module each, registered by name in `FORMATS`.

The contract every format keeps (`jarida.importers.records.Format`):

- `read(path, options)` is a generator of `ArticleRecord | ParseError`, one item per article
  (a `text` or `html` file is one article; a `jsonl` file has one per line), so one bad item
  fails alone and the rest go on. It never raises for bad input: undecodable, empty, truncated or
  malformed sources become ParseErrors whose message starts with the origin (`path` or
  `path:line`) and says, in plain English, what is wrong.
- Parsers read files and nothing else: no database, no network, no settings. Everything they
  need from outside comes in `ImportOptions` (the zone for times without one, the section for
  sources without one).
- Text is stored as written, passed only through `jarida.arabic.clean`; `normalise` is used to
  recognise labels and page furniture, never for what is kept.
- A format may yield a `RawItem` instead of a record: the item's key and a fingerprint of its
  raw bytes, parsed only if the pipeline finds it new or changed (`jsonl.scan`).
- `source_key` is stable across re-imports of the same article, so the pipeline can update
  instead of duplicating.
"""

from __future__ import annotations

from jarida.importers.formats import html, jsonl, text, wxr
from jarida.importers.records import Format

FORMATS: dict[str, Format] = {
    "text": text.read,
    "jsonl": jsonl.scan,
    "wxr": wxr.read,
    "html": html.read,
}
