"""Password rules for newsroom accounts, Arabic-aware.

Django's validators know English: `CommonPasswordValidator` has no Arabic list, and none of
them notices a password that is one letter typed eight times. These add: no password made of
a few characters repeated, none that is a common Arabic (or English) password with digits and
symbols around it, and none built on the paper's name (`SITE_NAME`, and «jarida»). Arabic is
compared after `jarida.arabic.normalise`, so أ/إ/ا, ى/ي, ة/ه and tashkeel make no difference.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth.password_validation import CommonPasswordValidator
from django.core.exceptions import ValidationError

from jarida.arabic import normalise, slugify

COMMON_ARABIC = Path(__file__).resolve().parent / "data" / "common_passwords_ar.txt"
# Everything that is not a letter: digits of any script, punctuation, symbols, spaces.
_NOT_LETTERS = re.compile(r"[\W\d_]+")


def _letters(password: str) -> str:
    return _NOT_LETTERS.sub("", normalise(password))


@functools.cache
def _common_words() -> frozenset[str]:
    words = {
        _letters(line)
        for line in COMMON_ARABIC.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    }
    # Django's list of 20,000 common passwords, reduced to letters the same way.
    english = CommonPasswordValidator().passwords
    words |= {_letters(p) for p in english}
    return frozenset(w for w in words if w)


class RepeatedCharactersValidator:
    """Refuses a password of fewer than `min_distinct` different characters (بببببببب,
    aaaaaaaaaa, 1212121212)."""

    def __init__(self, min_distinct: int = 5) -> None:
        self.min_distinct = min_distinct

    def validate(self, password: str, user: Any = None) -> None:
        if len(set(normalise(password))) < self.min_distinct:
            raise ValidationError(
                "كلمة المرور مكوّنة من أحرف قليلة مكرّرة؛ نوِّع فيها.",
                code="password_repeated_characters",
            )

    def get_help_text(self) -> str:
        return f"أن تحتوي على {self.min_distinct} أحرف مختلفة على الأقل."


class ArabicCommonPasswordValidator:
    """Refuses a common word with digits or symbols around it: البيت123, محمد!2026,
    password1. Only the letters are compared, after Arabic normalisation."""

    def validate(self, password: str, user: Any = None) -> None:
        letters = _letters(password)
        if not letters or letters in _common_words():
            raise ValidationError(
                "كلمة المرور شائعة جدًا (كلمة معروفة مع أرقام أو رموز)؛ اختر عبارة أقل توقعًا.",
                code="password_too_common",
            )

    def get_help_text(self) -> str:
        return "ألّا تكون كلمة شائعة بالعربية أو الإنجليزية مع أرقام أو رموز."


class PaperNameValidator:
    """Refuses a password that contains the paper's name, in Arabic or in Latin letters
    (Jarida2026, جريدة٢٠٢٦): the first guess of anyone attacking this paper."""

    def names(self) -> set[str]:
        site = settings.SITE_NAME
        found = {_letters(site), "jarida", "jareeda", "jaridah", _letters(slugify(site))}
        return {name for name in found if len(name) >= 3}

    def validate(self, password: str, user: Any = None) -> None:
        letters = _letters(password)
        if any(name in letters for name in self.names()):
            raise ValidationError(
                "كلمة المرور تحتوي على اسم الجريدة؛ هذا أول ما يجرّبه المهاجم.",
                code="password_contains_paper_name",
            )

    def get_help_text(self) -> str:
        return "ألّا تحتوي على اسم الجريدة."
