from zoneinfo import ZoneInfo

import pytest

from jarida.arabic import city_time_zone
from jarida.arabic.places import CITY_TIME_ZONES


@pytest.mark.parametrize(
    ("city", "zone"),
    [
        ("بيروت", "Asia/Beirut"),
        ("دمشق", "Asia/Damascus"),
        ("عمّان", "Asia/Amman"),
        ("القدس", "Asia/Jerusalem"),
        ("رام الله", "Asia/Hebron"),
        ("غزة", "Asia/Gaza"),
        ("بغداد", "Asia/Baghdad"),
        ("الرياض", "Asia/Riyadh"),
        ("جدة", "Asia/Riyadh"),
        ("مكة", "Asia/Riyadh"),
        ("الدوحة", "Asia/Qatar"),
        ("دبي", "Asia/Dubai"),
        ("أبوظبي", "Asia/Dubai"),
        ("الكويت", "Asia/Kuwait"),
        ("المنامة", "Asia/Bahrain"),
        ("مسقط", "Asia/Muscat"),
        ("صنعاء", "Asia/Aden"),
        ("القاهرة", "Africa/Cairo"),
        ("الخرطوم", "Africa/Khartoum"),
        ("تونس", "Africa/Tunis"),
        ("الجزائر", "Africa/Algiers"),
        ("الرباط", "Africa/Casablanca"),
        ("الدار البيضاء", "Africa/Casablanca"),
        ("نواكشوط", "Africa/Nouakchott"),
        ("باريس", "Europe/Paris"),
        ("لندن", "Europe/London"),
        ("واشنطن", "America/New_York"),
        ("نيويورك", "America/New_York"),
    ],
)
def test_city_time_zone_knows_the_dateline_cities(city: str, zone: str) -> None:
    assert city_time_zone(city) == zone


@pytest.mark.parametrize(
    "spelling", ["بـيـروت", "بَيْرُوت", "\u200fبيروت\u200f", " بيروت ", "ﺑﻴﺮﻭﺕ", "بيروت:"]
)
def test_city_time_zone_matches_after_normalising(spelling: str) -> None:
    assert city_time_zone(spelling) == "Asia/Beirut"


@pytest.mark.parametrize("spelling", ["عمان", "عمّان", "عَمَّان"])
def test_city_time_zone_reads_amman_with_or_without_shadda(spelling: str) -> None:
    assert city_time_zone(spelling) == "Asia/Amman"


@pytest.mark.parametrize("spelling", ["أبوظبي", "ابوظبي", "أبو ظبي", "ابو ظبي"])
def test_city_time_zone_ignores_hamza_and_spacing_variants(spelling: str) -> None:
    assert city_time_zone(spelling) == "Asia/Dubai"


def test_city_time_zone_matches_teh_marbuta_written_as_heh() -> None:
    assert city_time_zone("غزه") == "Asia/Gaza"


def test_bare_tripoli_is_ambiguous_so_the_caller_falls_back() -> None:
    assert city_time_zone("طرابلس") is None


@pytest.mark.parametrize(
    ("dateline", "zone"),
    [
        ("طرابلس - لبنان", "Asia/Beirut"),
        ("طرابلس (لبنان)", "Asia/Beirut"),
        ("طرابلس الشام", "Asia/Beirut"),
        ("طرابلس، ليبيا", "Africa/Tripoli"),
        ("طرابلس الغرب", "Africa/Tripoli"),
    ],
)
def test_qualified_tripoli_resolves(dateline: str, zone: str) -> None:
    assert city_time_zone(dateline) == zone


@pytest.mark.parametrize("unknown", ["كانبيرا", "", "   ", "بيروت - الأخبار"])
def test_city_time_zone_returns_none_for_an_unknown_label(unknown: str) -> None:
    assert city_time_zone(unknown) is None


def test_every_zone_in_the_table_is_a_real_iana_zone() -> None:
    for zone in CITY_TIME_ZONES.values():
        if zone is not None:
            assert ZoneInfo(zone).key == zone


def test_every_city_in_the_table_finds_its_own_zone() -> None:
    # Catches two spellings that normalise to the same key with different zones.
    for city, zone in CITY_TIME_ZONES.items():
        assert city_time_zone(city) == zone
