"""The loose layer below the light stem: broken plurals, names spelled either way."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jarida.arabic import analyse, analyse_query, stem
from jarida.arabic.analysis import use_variants
from jarida.arabic.roots import root_keys
from jarida.arabic.variants import VariantTable, collapse_doubled, parse_group


def loosely_finds(query: str, text: str) -> bool:
    """Whether every word of `query` meets `text` in the loose layer or by its stems."""
    analysed = analyse(text)
    stems, loose = set(analysed.stems.split()), set(analysed.loose.split())
    terms = [term for term in analyse_query(query) if not term.stop]
    return bool(terms) and all(stems & set(t.stems) or loose & set(t.loose) for t in terms)


def keys(word: str) -> set[str]:
    """The loose keys an indexed word gets (roots read with and without a leading و)."""
    return set(analyse(word).loose.split())


@pytest.mark.parametrize(
    ("plural", "singular"),
    [
        ("المدارس", "مدرسة"),
        ("الأمراء", "الأمير"),
        ("الوزراء", "وزير"),
        ("أسعار", "السعر"),
        ("المشاريع", "مشروع"),
        ("العواصم", "العاصمة"),
        ("رسائل", "رسالة"),
        ("البيوت", "بيت"),
        ("المدن", "المدينة"),
        ("الأسلحة", "سلاح"),
        ("قتلى", "قتيل"),
        ("الطلاب", "طالب"),
        ("رؤساء", "رئيس"),
        # Weak and doubled roots (a و or ي of the root, or its doubled letter, comes back).
        ("الأيام", "يوم"),
        ("أموال", "المال"),
        ("أبواب", "الباب"),
        ("الأعضاء", "عضو"),
        ("أحياء", "الحي"),
        ("الحقوق", "حق"),
        ("الأدلة", "دليل"),
    ],
)
def test_a_broken_plural_and_its_singular_share_a_root_key(plural: str, singular: str) -> None:
    assert keys(plural) & keys(singular)
    assert loosely_finds(plural, f"نص فيه {singular} وغيره")
    assert loosely_finds(singular, f"نص فيه {plural} وغيره")


def test_roots_come_from_patterns_alone() -> None:
    assert root_keys(stem("مدارس")) == ("درس",)
    assert set(root_keys(stem("امراء"))) >= {"امر", "مرء"}  # فعلاء or أفعال: both
    assert root_keys(stem("استراتيجيه")) == ()  # no pattern, no key


def test_the_roots_are_a_layer_of_their_own_not_the_stems() -> None:
    analysed = analyse("افتتاح المدارس")
    assert "درس" in analysed.loose.split()
    assert "درس" not in analysed.stems.split()
    # Each key once per field, however often the word is used.
    assert analyse("مدرسة مدرسة المدارس").loose.split().count("درس") == 1


def test_a_preposition_on_the_word_does_not_hide_it_from_the_loose_layer() -> None:
    assert loosely_finds("قواعد", "التزم بقاعدة واضحة")
    assert loosely_finds("أوباما", "مستشار لأوباما")


def test_built_in_name_variants_and_doubled_letters_meet_both_ways() -> None:
    for query, text in [
        ("ترمب", "قال ترامب"),
        ("ترامب", "قال ترمب"),
        ("بوتن", "زار بوتين"),
        ("نتانياهو", "حكومة نتنياهو"),
        ("هوليود", "نجوم هوليوود"),
        ("هوليوود", "نجوم هوليود"),
    ]:
        assert loosely_finds(query, text), query


def test_doubled_letters_collapse_only_inside_long_words() -> None:
    assert collapse_doubled("هوليوود") == "هوليود"
    assert collapse_doubled("تتعلق") == "تتعلق"  # a prefix, not a doubled letter
    assert collapse_doubled("مدد") == "مدد"


def test_an_editors_group_joins_the_built_in_one_and_can_be_taken_back() -> None:
    try:
        assert use_variants([("ترامب", "ترامپ", "ترومب")])
        assert loosely_finds("ترومب", "قال ترمب")
        assert not use_variants([("ترامب", "ترامپ", "ترومب")])  # unchanged: nothing rebuilt
    finally:
        use_variants()
    assert not loosely_finds("ترومب", "قال ترمب")


def test_groups_sharing_a_member_are_one_group() -> None:
    table = VariantTable([("أ", "ب"), ("ب", "ت"), ("ث", "ج")], lambda word: [word])
    assert table.members("أ") == {"أ", "ب", "ت"} and table.key("ت") == table.key("أ")
    assert table.key("ث") != table.key("أ") and table.members("خ") == frozenset()


def test_an_editors_group_is_read_from_spaces_commas_and_lines() -> None:
    assert parse_group(" ترامب، ترمب ,ترامپ\nترمپ ترمب ") == ("ترامب", "ترمب", "ترامپ", "ترمپ")


@given(st.text())
def test_loose_keys_are_runs_of_letters_for_any_text(text: str) -> None:
    for key in analyse(text).loose.split():
        assert all(c.isalnum() for c in key), key
    for term in analyse_query(text):
        assert all(key and all(c.isalnum() for c in key) for key in term.loose)
