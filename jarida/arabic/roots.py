"""Broken plurals and their singulars, joined by the patterns they are built on.

A broken plural changes the inside of the word (مدرسة → مدارس, أمير → أمراء, دولة → دول), so
no suffix stripping joins it with its singular. Both are built on the same three root letters
in one of a dozen patterns, though, and news copy uses few of them. `root_key` reads a light
stem (`jarida.arabic.analysis.stem`, so ال and the suffixes are already gone) against those
patterns and returns the three letters it is built on, or None for a stem of no pattern:

| pattern | plurals | singulars |
| --- | --- | --- |
| أفعال | أسعار أطفال أحزاب | (فعل: سعر طفل حزب) |
| أفعلة, أفعل | أسلحة أجهزة أشهر | (فعال: سلاح جهاز; فعل: شهر) |
| فعول | دروس بيوت شعوب | |
| فعال | رجال جبال بلاد | سلاح جهاز رسالة |
| مفاعل | مدارس مساجد مناطق | مفعل(ة): مدرسة مسجد منطقة |
| مفاعيل | مشاريع مواضيع | مفعول: مشروع موضوع |
| فعلاء | أمراء وزراء علماء | فعيل: أمير وزير; فاعل: عالم |
| فواعل | عواصم شوارع قواعد | فاعل(ة): عاصمة شارع قاعدة |
| فعائل | رسائل وسائل قبائل | فعالة: رسالة وسيلة (فعيلة) |
| فعل, فعل | دول مدن طرق | فعلة, فعيلة: دولة مدينة طريق |

Roots with a weak or doubled letter change shape in the plural, and news copy is full of them:
a long vowel in the middle of the singular (مال, باب, يوم: a و or ي of the root) is a و or ي
in the plural (أموال, أبواب, أيام); a root's last و or ي is written ء after the alef of
أفعال and فعلاء (عضو → أعضاء, حي → أحياء); and a doubled root writes its last letter once
(حق → حقوق, دليل → أدلة). So a stem is also read with those letters restored: فال as فول
and فيل, أفال (أيام) as فول and فيل, a final ء of أفعال or فعلاء as و and ي, a two-letter
stem as فعّ, and أفع (أدلة) as فعع.

The key is a root in the loose sense (the three letters in pattern positions, weak letters
and all), and it is indexed in a layer of its own at a low weight, below the light stem
(`jarida.search.backends`): it joins مدارس with مدرسة, but also with درس and دروس, which share
the root, and that is where it helps ranking rather than deciding it. `bench/search_quality.py`
compares it with NLTK's ISRI root stemmer (`--root-layer isri`), which roots every word,
weak letters dropped: its keys join more words of one root and miss فعلاء (أمراء → مرء but
أمير → امر), and it measured lower on the half-remembered queries (see docs/architecture.md).
"""

from __future__ import annotations

from typing import Final

__all__ = ["root_keys"]

_ALEF: Final = "ا"
_WAW: Final = "و"
_YEH: Final = "ي"
_MEEM: Final = "م"
_HAMZA: Final = "ء"
_LONG_VOWELS: Final = (_ALEF, _WAW, _YEH)


def root_keys(stem: str) -> tuple[str, ...]:
    """The three letters `stem` is built on, for each pattern it can be read in (a stem can
    fit two: أمراء is فعلاء or أفعال, مدينة is فعيلة or مفعلة), or nothing."""
    n = len(stem)
    keys: list[str] = []
    if n == 2:
        # A doubled root written once: حق (حقوق), حي (أحياء).
        return _with_hamza([stem + stem[1]])
    if n == 3:
        # فعل, and plurals of that shape (دول, مدن): the stem is its own root.
        keys.append(stem)
        if stem[1] == _ALEF:  # فال: مال, باب, دار (أموال, أبواب, دور)
            keys += [stem[0] + _WAW + stem[2], stem[0] + _YEH + stem[2]]
        if stem[0] == _ALEF:  # أفع(ة) of a doubled root: أدلة, أئمة
            keys.append(stem[1] + stem[2] + stem[2])
        return _with_hamza(keys)
    if n == 4:
        c1, c2, c3, c4 = stem[0], stem[1], stem[2], stem[3]
        if c3 in _LONG_VOWELS:  # فعال, فعول, فعيل: رجال, دروس, أمير, مدين(ة)
            keys.append(c1 + c2 + c4)
        if c1 in (_MEEM, _ALEF):  # مفعل: مدرس(ة), مسجد; أفعل(ة): أشهر, أسلحة
            keys.append(stem[1:])
        if c2 == _ALEF:  # فاعل: عالم, شارع, عاصم(ة)
            keys.append(c1 + c3 + c4)
        if c1 == _ALEF and c3 == _ALEF:  # أفال of a hollow root: أيام (يوم)
            keys += [c2 + _WAW + c4, c2 + _YEH + c4]
    elif n == 5:
        c1, c2, c3, c4, c5 = stem[0], stem[1], stem[2], stem[3], stem[4]
        if c1 == _ALEF and c4 == _ALEF:  # أفعال: أسعار, أطفال
            keys.append(c2 + c3 + c5)
        if c4 == _ALEF and c5 == _HAMZA:  # فعلاء: أمراء, وزراء, علماء
            keys.append(c1 + c2 + c3)
            if c1 == _ALEF:  # أفعاء of a root ending in و or ي: أعضاء (عضو), أحياء (حي)
                keys += [c2 + c3 + _WAW, c2 + c3 + _YEH]
        if c1 == _MEEM and c3 == _ALEF:  # مفاعل: مدارس, مساجد, مناطق
            keys.append(c2 + c4 + c5)
        if c1 == _MEEM and c4 == _WAW:  # مفعول: مشروع, موضوع
            keys.append(c2 + c3 + c5)
        if c2 == _WAW and c3 == _ALEF:  # فواعل: عواصم, شوارع
            keys.append(c1 + c4 + c5)
        if c3 == _ALEF and c4 == _YEH:  # فعائل (ئ is ي once normalised): رسائل, وسائل
            keys.append(c1 + c2 + c5)
    elif n == 6 and stem[0] == _MEEM and stem[2] == _ALEF and stem[4] == _YEH:
        # مفاعيل: مشاريع, مواضيع
        keys.append(stem[1] + stem[3] + stem[5])
    return _with_hamza(keys)


def _with_hamza(keys: list[str]) -> tuple[str, ...]:
    """The keys, and for a middle و or ي the key with ء there too: normalisation writes a
    hamza on its seat as the seat (رؤساء is روساء, رئيس is رييس), so both readings meet."""
    out = []
    for key in keys:
        out.append(key)
        if len(key) == 3 and key[1] in (_WAW, _YEH):
            out.append(key[0] + _HAMZA + key[2])
    return tuple(dict.fromkeys(out))
