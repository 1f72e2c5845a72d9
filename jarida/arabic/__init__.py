"""Arabic text knowledge for Jarida, in plain Python (no Django).

This package is the single home of what the platform knows about Arabic: how to clean text
before storing it, how to fold it for search, how to slug it, how to print Gregorian and Hijri
dates for a given Arab country, and which zone a dateline city is in. Everything else (models,
importers, search, feeds, templates) calls it; nothing re-implements it, so index time and
query time, slugs and URLs, pages and feeds can never disagree.
"""

from jarida.arabic.analysis import (
    AnalysedText,
    QueryTerm,
    analyse,
    analyse_query,
    stem,
    tokenise,
)
from jarida.arabic.dates import (
    MonthStyle,
    format_date_line,
    format_long_date,
    format_month_year,
    format_time,
    month_name,
    to_local,
    validate_locale,
)
from jarida.arabic.digits import to_arabic_indic_digits, to_latin_digits
from jarida.arabic.hijri import HijriDate, format_hijri, to_hijri
from jarida.arabic.normalise import clean, normalise, normalize, strip_harakat, strip_tatweel
from jarida.arabic.places import city_time_zone
from jarida.arabic.slugs import slugify

__all__ = [
    "AnalysedText",
    "HijriDate",
    "MonthStyle",
    "QueryTerm",
    "analyse",
    "analyse_query",
    "city_time_zone",
    "clean",
    "format_date_line",
    "format_hijri",
    "format_long_date",
    "format_month_year",
    "format_time",
    "month_name",
    "normalise",
    "normalize",
    "slugify",
    "stem",
    "strip_harakat",
    "strip_tatweel",
    "to_arabic_indic_digits",
    "to_hijri",
    "to_latin_digits",
    "to_local",
    "tokenise",
    "validate_locale",
]
