"""Counted nouns in Arabic («تعليقان»، «٣ تعليقات»، «١١ تعليقاً») by CLDR plural rules (Babel),
not by a hand-written table of number ranges."""

from __future__ import annotations

from babel import Locale

_ARABIC = Locale("ar")


def counted(n: int, zero: str, one: str, two: str, few: str, many: str, other: str) -> str:
    """`n` with the noun form CLDR's Arabic plural category asks for; `{n}` is replaced."""
    forms = {"zero": zero, "one": one, "two": two, "few": few, "many": many, "other": other}
    return forms[_ARABIC.plural_form(n)].format(n=n)


def comment_count(n: int) -> str:
    return counted(
        n, "لا تعليقات", "تعليق واحد", "تعليقان", "{n} تعليقات", "{n} تعليقاً", "{n} تعليق"
    )


def days(n: int) -> str:
    return counted(n, "{n} يوم", "يوم واحد", "يومين", "{n} أيام", "{n} يوماً", "{n} يوم")
