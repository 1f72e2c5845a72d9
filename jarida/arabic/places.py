"""Dateline cities to IANA time zones.

Wire copy and imported articles often carry a dateline city ("بيروت"، "القاهرة") but a time
without a zone; the city says which zone that time was in. This is geography, not calendar
data, so a small table is the right tool; callers fall back to the newsroom's own zone when a
city is unknown or ambiguous (None).
"""

from __future__ import annotations

from typing import Final

from jarida.arabic.normalise import normalise

__all__ = ["CITY_TIME_ZONES", "city_time_zone"]

# City as news sites print it -> IANA zone. Spelling variants that `normalise` already folds
# (عمّان/عمان, أبوظبي/ابوظبي, غزة/غزه) need no entry; variants that differ in letters do.
CITY_TIME_ZONES: Final[dict[str, str | None]] = {
    # Levant
    "بيروت": "Asia/Beirut",
    "صيدا": "Asia/Beirut",
    "صور": "Asia/Beirut",
    "دمشق": "Asia/Damascus",
    "حلب": "Asia/Damascus",
    # Amman, the dateline city. The country Oman (عُمان) folds to the same letters, but it is
    # not a dateline: Omani copy is datelined مسقط.
    "عمّان": "Asia/Amman",
    # Jerusalem is on Israeli time; Ramallah and the West Bank on Palestinian time, which
    # changes for daylight saving on different dates some years.
    "القدس": "Asia/Jerusalem",
    "القدس المحتلة": "Asia/Jerusalem",
    "رام الله": "Asia/Hebron",
    "الخليل": "Asia/Hebron",
    "نابلس": "Asia/Hebron",
    "غزة": "Asia/Gaza",
    # Tripoli is both Lebanon's second city and Libya's capital, and their clocks differ by an
    # hour every summer (Beirut keeps daylight saving, Tripoli of Libya does not). Guessing
    # would silently shift half a year of times, so the bare name is ambiguous (None: the
    # caller falls back to the newsroom's zone, usually the right Tripoli for that paper)
    # and only the qualified forms resolve.
    "طرابلس": None,
    "طرابلس لبنان": "Asia/Beirut",
    "طرابلس الشام": "Asia/Beirut",
    "طرابلس ليبيا": "Africa/Tripoli",
    "طرابلس الغرب": "Africa/Tripoli",
    "بنغازي": "Africa/Tripoli",
    # Iraq and the Gulf
    "بغداد": "Asia/Baghdad",
    "البصرة": "Asia/Baghdad",
    "أربيل": "Asia/Baghdad",
    "الموصل": "Asia/Baghdad",
    "الرياض": "Asia/Riyadh",
    "جدة": "Asia/Riyadh",
    "مكة": "Asia/Riyadh",
    "مكة المكرمة": "Asia/Riyadh",
    "المدينة المنورة": "Asia/Riyadh",
    "الدوحة": "Asia/Qatar",
    "دبي": "Asia/Dubai",
    "أبوظبي": "Asia/Dubai",
    "الشارقة": "Asia/Dubai",
    "الكويت": "Asia/Kuwait",
    "المنامة": "Asia/Bahrain",
    "مسقط": "Asia/Muscat",
    "صنعاء": "Asia/Aden",
    "عدن": "Asia/Aden",
    # Egypt, Sudan and the Maghreb
    "القاهرة": "Africa/Cairo",
    "الإسكندرية": "Africa/Cairo",
    "الخرطوم": "Africa/Khartoum",
    "تونس": "Africa/Tunis",
    "الجزائر": "Africa/Algiers",
    "الرباط": "Africa/Casablanca",
    "الدار البيضاء": "Africa/Casablanca",
    "نواكشوط": "Africa/Nouakchott",
    # Elsewhere, frequent in datelines
    "باريس": "Europe/Paris",
    "لندن": "Europe/London",
    "برلين": "Europe/Berlin",
    "بروكسل": "Europe/Brussels",
    "جنيف": "Europe/Zurich",
    "موسكو": "Europe/Moscow",
    "أنقرة": "Europe/Istanbul",
    "إسطنبول": "Europe/Istanbul",
    "اسطنبول": "Europe/Istanbul",
    "طهران": "Asia/Tehran",
    "واشنطن": "America/New_York",
    "نيويورك": "America/New_York",
}


def _key(city: str) -> str:
    """Letters and digits of the normalised name: spacing and punctuation do not matter."""
    return "".join(char for char in normalise(city) if char.isalnum())


_BY_KEY: Final = {_key(city): zone for city, zone in CITY_TIME_ZONES.items()}


def city_time_zone(city: str) -> str | None:
    """The IANA zone of a dateline city, or None when it is unknown or ambiguous (طرابلس).

    Matching is on `normalise`d letters, so harakat, tatweel, hamza and spacing variants all
    match: "بـيروت", "عمان", "ابو ظبي", "طرابلس - لبنان". Pass the city alone, not the whole
    dateline.
    """
    return _BY_KEY.get(_key(city))
