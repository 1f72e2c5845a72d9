import dataclasses
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jarida.arabic import HijriDate, format_hijri, to_hijri
from jarida.arabic.tests.strategies import PROPERTY

# hijridate's Umm al-Qura tables run from 1 Muharram 1343 to the end of 1500 AH.
FIRST_SUPPORTED = date(1924, 8, 1)
LAST_SUPPORTED = date(2077, 11, 16)


def test_to_hijri_converts_a_gregorian_date() -> None:
    assert to_hijri(date(2021, 7, 23)) == HijriDate(1442, 12, 13, "ذو الحجة")


def test_format_hijri_prints_day_month_year_and_the_era() -> None:
    assert format_hijri(date(2021, 7, 23)) == "13 ذو الحجة 1442 هـ"


def test_to_hijri_finds_the_first_of_ramadan() -> None:
    assert to_hijri(date(2021, 4, 13)) == HijriDate(1442, 9, 1, "رمضان")


def test_offset_days_moves_the_month_start_for_a_later_sighting() -> None:
    assert to_hijri(date(2021, 4, 13), offset_days=-1) == HijriDate(1442, 8, 30, "شعبان")
    assert format_hijri(date(2021, 4, 14), offset_days=-1) == "1 رمضان 1442 هـ"


def test_offset_days_moves_forward_too() -> None:
    assert format_hijri(date(2021, 7, 23), offset_days=2) == "15 ذو الحجة 1442 هـ"


@pytest.mark.parametrize("offset", [-3, 3, 30])
def test_offset_days_outside_two_days_is_refused(offset: int) -> None:
    with pytest.raises(ValueError, match="offset_days"):
        to_hijri(date(2021, 7, 23), offset_days=offset)


@pytest.mark.parametrize("value", [date(1900, 1, 1), date(2100, 1, 1), date.min, date.max])
def test_dates_outside_hijridates_range_raise_a_clear_value_error(value: date) -> None:
    with pytest.raises(ValueError, match="outside the Umm al-Qura calendar"):
        to_hijri(value)


def test_the_offset_cannot_push_an_edge_date_out_of_range_unnoticed() -> None:
    assert to_hijri(LAST_SUPPORTED).year == 1500
    with pytest.raises(ValueError, match="outside"):
        to_hijri(LAST_SUPPORTED, offset_days=1)
    with pytest.raises(ValueError, match="outside"):
        to_hijri(date.max, offset_days=1)


def test_to_hijri_refuses_a_datetime_because_its_day_depends_on_the_zone() -> None:
    with pytest.raises(TypeError, match="to_local"):
        to_hijri(datetime(2021, 7, 23, 21, 30, tzinfo=UTC))


def test_hijri_date_is_immutable() -> None:
    hijri = to_hijri(date(2021, 7, 23))
    with pytest.raises(dataclasses.FrozenInstanceError):
        hijri.day = 14  # type: ignore[misc]


def test_month_names_come_from_hijridate_for_every_month() -> None:
    # 1 Muharram 1443 was 9 August 2021; stepping 30 days lands once in each month.
    names = {to_hijri(date(2021, 8, 9) + timedelta(days=30 * i)).month_name for i in range(12)}
    assert len(names) == 12
    assert {"محرم", "رمضان", "ذو الحجة"} <= names


supported_dates = st.dates(min_value=FIRST_SUPPORTED, max_value=LAST_SUPPORTED - timedelta(days=2))


@PROPERTY
@given(supported_dates, st.integers(min_value=-2, max_value=2))
def test_an_offset_equals_converting_the_shifted_day(value: date, offset: int) -> None:
    if value + timedelta(days=offset) < FIRST_SUPPORTED:
        return
    assert to_hijri(value, offset) == to_hijri(value + timedelta(days=offset))


@PROPERTY
@given(supported_dates)
def test_consecutive_days_advance_the_hijri_day_by_one_or_start_a_month(value: date) -> None:
    today, tomorrow = to_hijri(value), to_hijri(value + timedelta(days=1))
    assert 1 <= today.day <= 30
    if tomorrow.day != 1:
        assert (tomorrow.year, tomorrow.month, tomorrow.day) == (
            today.year,
            today.month,
            today.day + 1,
        )
    else:
        assert today.day in (29, 30)
