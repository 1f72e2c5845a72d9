"""Spellings of one name or word that normalisation cannot join: ترامب/ترمب, بوتين/بوتن.

Normalisation already folds what differs by a mark or a letter shape (أوباما/اوباما, final
ى/ي and ة/ه, hamza seats), so those need no entry. What is left are spellings that add or
drop a letter (a long vowel in a loanword, a doubled consonant) or use another word
altogether (يوليو/تموز). Two mechanisms cover them, both applied at index time and at query
time by `jarida.arabic.analysis`:

- The variant table: groups of spellings of one word. A query for any member also looks for
  every other member (their stems and exact forms, at the weight of the reader's own word),
  so a group added by an editor takes effect for the next query; each indexed word that is a
  member also gets the group's key in the index's loose layer (`key`), which a query looks
  for too, so after `rebuild_search_index` a member finds the others in one lookup.
- Doubled letters (هوليوود/هوليود): a word of five letters or more whose letters repeat
  inside it (not at its start, where a repeated letter is a prefix: تتعلق, ممثل) is also
  indexed with the repeats collapsed (`collapse_doubled`), and a query word is looked up in
  both spellings.

The built-in groups are `BUILT_IN`; editors extend them in the admin (the search app's
«تهجئات بديلة» snippet), which installs the table here with `install`. This module is pure
Python: it only knows the groups it is given.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Final

__all__ = [
    "BUILT_IN",
    "KEY_PREFIX",
    "MIN_DOUBLED_LENGTH",
    "VariantTable",
    "active",
    "collapse_doubled",
    "in_force",
    "install",
    "parse_group",
]

# Spellings of one word (one word each: كانون الثاني cannot be a variant of يناير). Each group
# is folded to stems when a table is built; a query for any member also finds the others.
BUILT_IN: Final[tuple[tuple[str, ...], ...]] = (
    # The country and its adjective: a reader who types أمريكا means الأمريكية too.
    ("أمريكا", "أميركا", "أمريكي", "أميركي"),
    ("أوروبا", "أوربا"),
    ("أوروبي", "أوربي"),
    ("سوريا", "سورية"),
    ("مسؤول", "مسئول"),
    ("شؤون", "شئون"),
    ("ترامب", "ترمب"),
    ("بوتين", "بوتن"),
    ("نتنياهو", "نتانياهو"),
    ("كلينتون", "كلنتون"),
    ("ماكرون", "ماكرن"),
    ("بلينكن", "بلنكن"),
    ("زيلينسكي", "زيلنسكي"),
    ("غوغل", "جوجل", "قوقل"),
    ("فيسبوك", "فايسبوك"),
    ("إنستغرام", "انستجرام", "انستقرام"),
    ("فبراير", "شباط"),
    ("مارس", "آذار"),
    ("أبريل", "إبريل", "نيسان"),
    ("مايو", "أيار"),
    ("يونيو", "حزيران"),
    ("يوليو", "تموز"),
    ("أغسطس", "أغسطوس"),
    ("سبتمبر", "أيلول"),
)

# Written in front of a group's key in the loose layer: ى, which normalisation folds to ي, so
# no root or spelling there can equal a key.
KEY_PREFIX: Final = "ى"

# Words of a group, as an editor types them: separated by spaces, commas (, ، ;) or lines.
_SPLIT: Final = re.compile(r"[\s,،;؛/]+")
# A letter repeated inside a word, after its first letter.
_DOUBLED: Final = re.compile(r"(?<=.)(.)\1+")
MIN_DOUBLED_LENGTH: Final = 5


def parse_group(text: str) -> tuple[str, ...]:
    """The spellings of one group as an editor typed them, in order, without repeats."""
    return tuple(dict.fromkeys(word for word in _SPLIT.split(text.strip()) if word))


def collapse_doubled(token: str) -> str:
    """`token` with letters repeated inside it written once (هوليوود → هوليود); short words
    and repeats at the start are left alone (مدد, تتعلق, ممثل are Arabic, not loanwords)."""
    if len(token) < MIN_DOUBLED_LENGTH:
        return token
    return _DOUBLED.sub(r"\1", token)


class VariantTable:
    """Groups of spellings, as stems: who the other members of a stem are, and its group key.

    Groups that share a member are one group (an editor's ترامب ترمب ترامپ joins the built-in
    ترامب ترمب)."""

    def __init__(self, groups: Iterable[Iterable[str]], analyse: Callable[[str], list[str]]):
        """`analyse` turns a spelling into its stems (the analyser's, passed in to keep this
        module free of it)."""
        self.groups = tuple(tuple(group) for group in groups)
        parent: dict[str, str] = {}

        def find(stem: str) -> str:
            while parent.setdefault(stem, stem) != stem:
                parent[stem] = parent[parent[stem]]
                stem = parent[stem]
            return stem

        for group in self.groups:
            stems = [s for spelling in group for s in analyse(spelling)]
            for stem in stems[1:]:
                first, other = find(stems[0]), find(stem)
                if first != other:
                    parent[max(first, other)] = min(first, other)
            if stems:
                find(stems[0])
        members: dict[str, set[str]] = {}
        for stem in parent:
            members.setdefault(find(stem), set()).add(stem)
        self._members = {
            stem: frozenset(group) for group in members.values() if len(group) > 1 for stem in group
        }
        self._keys = {stem: KEY_PREFIX + min(group) for stem, group in self._members.items()}

    def members(self, stem: str) -> frozenset[str]:
        """Every stem of the group `stem` is in (itself included), or nothing."""
        return self._members.get(stem, frozenset())

    def key(self, stem: str) -> str | None:
        """The group's key in the loose layer, if `stem` is in a group."""
        return self._keys.get(stem)


_ACTIVE: list[VariantTable] = []


def active() -> VariantTable:
    """The table in force: the built-in groups and the editors' (`install`)."""
    return _ACTIVE[-1]


def in_force() -> tuple[tuple[str, ...], ...] | None:
    """The groups of the table in force, if any."""
    return _ACTIVE[-1].groups if _ACTIVE else None


def install(table: VariantTable) -> None:
    """Put `table` in force, for index and query analysis alike."""
    _ACTIVE[:] = [table]
