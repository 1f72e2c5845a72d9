import re
from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from jarida.arabic import (
    MonthStyle,
    format_date_line,
    format_long_date,
    format_month_year,
    format_time,
    month_name,
    to_local,
    validate_locale,
)
from jarida.arabic.tests.strategies import PROPERTY

# Friday 23 July 2021, 17:02 UTC: 20:02 in Beirut (summer, UTC+3), 19:02 in Cairo (Egypt had
# no summer time from 2015 to 2022).
SUMMER = datetime(2021, 7, 23, 17, 2, tzinfo=UTC)
# Friday 15 January 2021, 17:02 UTC: 19:02 in Beirut (winter, UTC+2).
WINTER = datetime(2021, 1, 15, 17, 2, tzinfo=UTC)
# Thursday 22 July 2021, 21:30 UTC: already Friday 00:30 in Beirut.
AFTER_BEIRUT_MIDNIGHT = datetime(2021, 7, 22, 21, 30, tzinfo=UTC)

ARABIC_INDIC_DIGIT = re.compile("[٠-٩۰-۹]")


@pytest.mark.parametrize(
    ("given_locale", "canonical"),
    [
        ("ar_LB", "ar_LB"),
        ("ar-LB", "ar_LB"),
        ("ar_lb", "ar_LB"),
        ("ar_LB.UTF-8", "ar_LB"),
        ("ar", "ar"),
        ("ar_EG", "ar_EG"),
    ],
)
def test_validate_locale_returns_the_canonical_identifier(
    given_locale: str, canonical: str
) -> None:
    assert validate_locale(given_locale) == canonical


@pytest.mark.parametrize("bad", ["", "xx", "ar_XX", "ar_LB!", "klingon"])
def test_validate_locale_rejects_an_unknown_locale(bad: str) -> None:
    with pytest.raises(ValueError, match="unknown locale"):
        validate_locale(bad)


@pytest.mark.parametrize("foreign", ["fr_FR", "en", "fa_IR", "he_IL"])
def test_validate_locale_rejects_a_locale_that_is_not_arabic(foreign: str) -> None:
    with pytest.raises(ValueError, match="not an Arabic locale"):
        validate_locale(foreign)


@pytest.mark.parametrize(
    ("locale", "july"),
    [
        ("ar_LB", "تموز"),
        ("ar_SY", "تموز"),
        ("ar_IQ", "تموز"),
        ("ar_EG", "يوليو"),
        ("ar_MA", "يوليوز"),
        ("ar_DZ", "جويلية"),
    ],
)
def test_month_name_regional_is_the_locales_own_month(locale: str, july: str) -> None:
    assert month_name(7, locale, "regional") == july


@pytest.mark.parametrize("locale", ["ar_LB", "ar_EG", "ar_MA", "ar_DZ", "ar_SY", "ar_IQ"])
def test_month_name_standard_is_the_base_arabic_month(locale: str) -> None:
    assert month_name(7, locale, "standard") == "يوليو"


@pytest.mark.parametrize(
    ("locale", "july"),
    [
        ("ar_LB", "تموز/يوليو"),
        ("ar_SY", "تموز/يوليو"),
        ("ar_IQ", "تموز/يوليو"),
        ("ar_MA", "يوليوز/يوليو"),
        ("ar_DZ", "جويلية/يوليو"),
        ("ar_EG", "يوليو"),
    ],
)
def test_month_name_dual_prints_both_names_unless_they_are_the_same(locale: str, july: str) -> None:
    assert month_name(7, locale) == july


def test_month_name_dual_handles_two_word_levantine_months() -> None:
    assert month_name(1, "ar_LB") == "كانون الثاني/يناير"
    assert month_name(1, "ar_DZ") == "جانفي/يناير"


@pytest.mark.parametrize("month", [0, 13, -1])
def test_month_name_rejects_a_month_outside_one_to_twelve(month: int) -> None:
    with pytest.raises(ValueError, match="month"):
        month_name(month, "ar_LB")


def test_month_name_rejects_an_unknown_style() -> None:
    with pytest.raises(ValueError, match="month style"):
        month_name(7, "ar_LB", "levantine")  # type: ignore[arg-type]


def test_format_date_line_prints_the_weekday_and_numeric_date() -> None:
    assert format_date_line(date(2021, 7, 23), "ar_LB") == "الجمعة 2021/07/23"


def test_format_date_line_uses_the_local_date_after_midnight() -> None:
    assert format_date_line(AFTER_BEIRUT_MIDNIGHT, "ar_LB", "Asia/Beirut") == "الجمعة 2021/07/23"
    assert format_date_line(AFTER_BEIRUT_MIDNIGHT, "ar_LB", "UTC") == "الخميس 2021/07/22"


def test_format_date_line_needs_a_time_zone_for_a_datetime() -> None:
    with pytest.raises(ValueError, match="time_zone"):
        format_date_line(SUMMER, "ar_LB")


def test_format_time_follows_beirut_summer_time() -> None:
    assert format_time(SUMMER, "Asia/Beirut") == "20:02"


def test_format_time_follows_beirut_winter_time() -> None:
    assert format_time(WINTER, "Asia/Beirut") == "19:02"


def test_format_time_follows_cairo_with_and_without_summer_time() -> None:
    assert format_time(SUMMER, "Africa/Cairo") == "19:02"
    # Egypt brought summer time back in 2023.
    assert format_time(datetime(2023, 7, 21, 17, 2, tzinfo=UTC), "Africa/Cairo") == "20:02"


def test_format_time_prints_both_passes_through_the_repeated_autumn_hour() -> None:
    # Beirut went back from 00:00 to 23:00 on the night of 30-31 October 2021.
    assert format_time(datetime(2021, 10, 30, 20, 30, tzinfo=UTC), "Asia/Beirut") == "23:30"
    assert format_time(datetime(2021, 10, 30, 21, 30, tzinfo=UTC), "Asia/Beirut") == "23:30"


def test_format_time_is_24_hour_with_leading_zeros() -> None:
    assert format_time(datetime(2021, 7, 23, 6, 5, tzinfo=UTC), "Asia/Beirut") == "09:05"


def test_format_long_date_prints_the_dual_month_for_levantine_papers() -> None:
    assert format_long_date(date(2021, 7, 23), "ar_LB") == "23 تموز/يوليو 2021"


def test_format_long_date_can_lead_with_the_weekday() -> None:
    assert format_long_date(date(2021, 7, 23), "ar_LB", weekday=True) == "الجمعة 23 تموز/يوليو 2021"


@pytest.mark.parametrize(
    ("locale", "style", "expected"),
    [
        ("ar_LB", "regional", "23 تموز 2021"),
        ("ar_LB", "standard", "23 يوليو 2021"),
        ("ar_EG", "dual", "23 يوليو 2021"),
        ("ar_MA", "regional", "23 يوليوز 2021"),
        ("ar_DZ", "dual", "23 جويلية/يوليو 2021"),
        ("ar_IQ", "dual", "23 تموز/يوليو 2021"),
    ],
)
def test_format_long_date_follows_the_locale_and_style(
    locale: str, style: MonthStyle, expected: str
) -> None:
    assert format_long_date(date(2021, 7, 23), locale, style) == expected


def test_format_long_date_converts_a_datetime_to_the_local_day_first() -> None:
    text = format_long_date(AFTER_BEIRUT_MIDNIGHT, "ar_LB", time_zone="Asia/Beirut", weekday=True)
    assert text == "الجمعة 23 تموز/يوليو 2021"


def test_format_long_date_crosses_into_the_new_year_in_local_time() -> None:
    new_year_in_cairo = datetime(2022, 12, 31, 22, 30, tzinfo=UTC)
    assert format_long_date(new_year_in_cairo, "ar_EG", time_zone="Africa/Cairo") == "1 يناير 2023"


def test_format_month_year_prints_an_archive_heading() -> None:
    assert format_month_year(2021, 7, "ar_LB") == "تموز/يوليو 2021"
    assert format_month_year(2021, 7, "ar_DZ", "regional") == "جويلية 2021"
    assert format_month_year(2021, 7, "ar_EG") == "يوليو 2021"
    assert format_month_year(2022, 1, "ar_SY") == "كانون الثاني/يناير 2022"


@pytest.mark.parametrize("locale", ["ar_LB", "ar_EG", "ar_SY", "ar_IQ", "ar_MA", "ar_DZ"])
def test_dates_keep_latin_digits_even_where_cldr_prefers_arabic_indic(locale: str) -> None:
    printed = [
        format_date_line(date(2021, 7, 23), locale),
        format_long_date(date(2021, 7, 23), locale, weekday=True),
        format_month_year(2021, 7, locale),
        format_time(SUMMER, "Asia/Beirut"),
    ]
    assert not any(ARABIC_INDIC_DIGIT.search(text) for text in printed)


def test_dates_reject_an_unknown_locale() -> None:
    with pytest.raises(ValueError, match="unknown locale"):
        format_long_date(date(2021, 7, 23), "ar_XX")


def test_to_local_converts_to_the_named_zone() -> None:
    local = to_local(SUMMER, "Asia/Beirut")
    assert (local.hour, local.minute, local.utcoffset()) == (20, 2, timedelta(hours=3))


def test_to_local_refuses_a_naive_datetime() -> None:
    with pytest.raises(ValueError, match="naive"):
        to_local(datetime(2021, 7, 23, 17, 2), "Asia/Beirut")


@pytest.mark.parametrize("zone", ["Asia/Bayrut", "", "../etc/passwd", "بيروت"])
def test_to_local_refuses_an_unknown_time_zone(zone: str) -> None:
    with pytest.raises(ValueError, match="time zone"):
        to_local(SUMMER, zone)


@PROPERTY
@given(
    st.datetimes(
        min_value=datetime(1970, 1, 1),
        max_value=datetime(2100, 1, 1),
        timezones=st.just(timezone(timedelta(hours=-5))),
    ),
    st.sampled_from(["Asia/Beirut", "Africa/Cairo", "Asia/Riyadh", "Africa/Casablanca"]),
)
# 21:30 UTC: the second 23:30 of Beirut's repeated autumn hour.
@example(datetime(2021, 10, 30, 16, 30, tzinfo=timezone(timedelta(hours=-5))), "Asia/Beirut")
def test_to_local_keeps_the_instant_and_the_date_line_uses_its_local_day(
    value: datetime, zone: str
) -> None:
    local = to_local(value, zone)
    # Not `local == value`: PEP 495 makes a time in the repeated autumn hour unequal to every
    # datetime in another zone, so instants are compared as timestamps.
    assert local.timestamp() == value.timestamp()
    assert format_date_line(value, "ar", zone).endswith(local.strftime("%Y/%m/%d"))
