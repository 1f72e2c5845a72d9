"""The `text` format: an article page saved as the text a browser shows.

The reference page is a real capture (read from ../shared at run time); the variants are
synthetic pages built here, each changing one thing a real page might.
"""

from __future__ import annotations

import codecs
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jarida.arabic import clean
from jarida.importers.formats import text
from jarida.importers.records import ArticleRecord, ImportOptions, ParseError

FIXTURES = Path(__file__).resolve().parents[3].parent / "shared" / "fixtures" / "articles"
REFERENCE = FIXTURES / "almodon-2021-07-23-us-combat-troops-iraq.txt"

# Riyadh, not Beirut, so a test can tell the page's city zone from the import's default.
OPTIONS = ImportOptions(time_zone="Asia/Riyadh", default_section="أخبار")

HEADLINE = "الحكومة تُقِرّ خطة النقل العام الجديدة في بيروت"
PARAGRAPHS = (
    "أقرّ مجلس الوزراء اللبناني، يوم الجمعة، خطةً جديدة للنقل العام تمتد على خمس سنوات.",
    'وقال وزير الأشغال العامة في مؤتمر صحافي:  "الخطة تبدأ بخطوط الحافلات بين بيروت وطرابلس".',
    "ويُقدَّر تمويل المرحلة الأولى بنحو ١٢٠ مليون دولار، بحسب البيان الرسمي.",
    "ويـــأتي القرار بعد أشهر من الإضرابات في قطاع النقل، ولا يغيّر حجم الخط الساحلي.",
)
CONTROL = "increase حجم الخط decrease"
DISCLAIMER = "التعليقات المنشورة تعبر عن آراء أصحابها"
READER_COMMENT = "خطة ممتازة لكنها تأخرت عشر سنوات."


def page(
    *,
    date: str | None = "الجمعة 2021/07/23",
    update: str | None = "آخر تحديث: 20:02 (بيروت)",
    headline: str = HEADLINE,
    credit: str | None = "© Getty",
    control: str | None = CONTROL,
    paragraphs: tuple[str, ...] | list[str] = PARAGRAPHS,
    comments: bool = True,
) -> str:
    """A page laid out like the reference capture; None leaves a piece out."""
    lines: list[str] = []
    if date:
        lines += [date, ""]
    if update:
        lines += [update, ""]
    lines += [headline, ""]
    if date:
        lines.append(date)
    lines.append(headline)
    if credit:
        lines.append(credit)
    if control:
        lines.append(control)
    lines.append("\n\n".join(paragraphs))
    if control:
        lines.append(control)
    if comments:
        lines += ["", "التعليقات", "", DISCLAIMER, "", READER_COMMENT]
    return "\n".join(lines)


def read_one(path: Path, options: ImportOptions = OPTIONS) -> ArticleRecord | ParseError:
    items = list(text.read(path, options))
    assert len(items) == 1, items
    return items[0]


def parse(tmp_path: Path, content: str | bytes, name: str = "page.txt") -> ArticleRecord:
    path = tmp_path / name
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8", newline="")
    else:
        path.write_bytes(content)
    item = read_one(path)
    assert isinstance(item, ArticleRecord), item
    return item


def error_for(tmp_path: Path, content: str | bytes, name: str = "page.txt") -> str:
    path = tmp_path / name
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8", newline="")
    else:
        path.write_bytes(content)
    item = read_one(path)
    assert isinstance(item, ParseError), item
    message = str(item)
    assert message.startswith(f"{path}: "), message
    return message


def at(zone: str, year: int, month: int, day: int, hour: int, minute: int) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=ZoneInfo(zone))


# --- The reference page ----------------------------------------------------------------------


@pytest.fixture
def reference() -> Path:
    if not REFERENCE.exists():
        pytest.skip(f"reference page absent: {REFERENCE} (it lives in ../shared/fixtures)")
    return REFERENCE


def test_it_reads_the_reference_page(reference: Path) -> None:
    record = read_one(reference)

    assert isinstance(record, ArticleRecord), record
    assert record.headline == "واشنطن قد تسحب قواتها المقاتلة من العراق نهاية 2021"
    assert record.published_at == at("Asia/Beirut", 2021, 7, 23, 20, 2)
    assert record.published_at.astimezone(UTC) == datetime(2021, 7, 23, 17, 2, tzinfo=UTC)
    assert record.updated_at is None
    assert record.image_credit == "© Getty"
    assert record.section == "أخبار"
    assert record.source_key == "text:almodon-2021-07-23-us-combat-troops-iraq.txt"
    assert record.origin == str(reference)


def test_the_reference_body_is_the_pages_ten_paragraphs_as_written(reference: Path) -> None:
    lines = reference.read_text(encoding="utf-8").splitlines()
    # Lines 11-29 of the page are the body, one paragraph per line with blank lines between.
    expected = [line.strip() for line in lines[10:29] if line.strip()]

    record = read_one(reference)

    assert isinstance(record, ArticleRecord), record
    texts = [block.text for block in record.body]
    assert len(texts) == 10
    # `clean` turns the page's no-break spaces (three paragraphs have one) into plain spaces;
    # it is the only change, so the double space they leave stays.
    assert texts == [line.replace("\xa0", " ") for line in expected]
    assert texts == [clean(line).strip() for line in expected]
    assert texts[0].startswith("نقلت صحيفة")
    assert texts[-1].startswith("يشار إلى")
    assert {block.kind for block in record.body} == {"paragraph"}
    for furniture in ("increase", "decrease", "حجم الخط", "التعليقات", "Getty"):
        assert not any(furniture in body_text for body_text in texts), furniture


# --- Variants of the page --------------------------------------------------------------------


def test_it_reads_the_synthetic_page_like_the_reference(tmp_path: Path) -> None:
    record = parse(tmp_path, page())

    assert record.headline == HEADLINE
    assert [block.text for block in record.body] == list(PARAGRAPHS)
    assert record.image_credit == "© Getty"
    assert record.published_at == at("Asia/Beirut", 2021, 7, 23, 20, 2)
    assert record.source_key == "text:page.txt"


def test_it_keeps_paragraphs_verbatim(tmp_path: Path) -> None:
    record = parse(tmp_path, page())

    texts = [block.text for block in record.body]
    assert "صحافي:  " in texts[1]  # the author's double space
    assert "١٢٠" in texts[2]  # Arabic-Indic digits as printed
    assert "ويـــأتي" in texts[3]  # tatweel as printed
    assert "تُقِرّ" in record.headline  # harakat as printed


def test_it_keeps_a_sentence_that_mentions_the_font_size_words(tmp_path: Path) -> None:
    record = parse(tmp_path, page())

    assert "ولا يغيّر حجم الخط الساحلي." in record.body[-1].text


def test_it_reads_crlf_line_endings(tmp_path: Path) -> None:
    record = parse(tmp_path, page().replace("\n", "\r\n"))

    assert [block.text for block in record.body] == list(PARAGRAPHS)
    assert record.headline == HEADLINE


def test_it_reads_a_utf8_byte_order_mark(tmp_path: Path) -> None:
    record = parse(tmp_path, codecs.BOM_UTF8 + page().encode("utf-8"))

    assert record.published_at == at("Asia/Beirut", 2021, 7, 23, 20, 2)
    assert record.headline == HEADLINE


def test_it_reads_arabic_indic_digits_in_the_date_and_time(tmp_path: Path) -> None:
    content = page(date="الجمعة ٢٠٢١/٠٧/٢٣", update="آخر تحديث: ٢٠:٠٢ (بيروت)")

    assert parse(tmp_path, content).published_at == at("Asia/Beirut", 2021, 7, 23, 20, 2)


def test_it_recognises_furniture_written_with_harakat_and_tatweel(tmp_path: Path) -> None:
    content = page(date="الجُمُعَة 2021/07/23", update="آخِر تَحْديــث: 20:02 (بيروت)")
    content = content.replace("التعليقات\n", "التعليقـــات\n")

    record = parse(tmp_path, content)

    assert record.published_at == at("Asia/Beirut", 2021, 7, 23, 20, 2)
    assert READER_COMMENT not in [block.text for block in record.body]


def test_without_an_update_line_it_is_midnight_in_the_import_zone(tmp_path: Path) -> None:
    record = parse(tmp_path, page(update=None))

    assert record.published_at == at("Asia/Riyadh", 2021, 7, 23, 0, 0)


def test_it_reads_the_update_time_in_the_pages_city(tmp_path: Path) -> None:
    content = page(update="آخر تحديث: 20:02 (القاهرة)")

    published_at = parse(tmp_path, content).published_at

    assert published_at == at("Africa/Cairo", 2021, 7, 23, 20, 2)
    assert published_at.astimezone(UTC) == datetime(2021, 7, 23, 18, 2, tzinfo=UTC)


def test_beirut_winter_time_is_not_riyadh_time(tmp_path: Path) -> None:
    content = page(date="الجمعة 2021/01/15", update="آخر تحديث: 09:30 (بيروت)")

    published_at = parse(tmp_path, content).published_at

    assert published_at.astimezone(UTC) == datetime(2021, 1, 15, 7, 30, tzinfo=UTC)


def test_an_unknown_city_falls_back_to_the_import_zone(tmp_path: Path) -> None:
    content = page(update="آخر تحديث: 20:02 (مدينة لا توجد)")

    assert parse(tmp_path, content).published_at == at("Asia/Riyadh", 2021, 7, 23, 20, 2)


def test_it_reads_a_twelve_hour_update_time(tmp_path: Path) -> None:
    content = page(update="آخر تحديث: 8:02 م (بيروت)")

    assert parse(tmp_path, content).published_at == at("Asia/Beirut", 2021, 7, 23, 20, 2)


@pytest.mark.parametrize(
    "date_line",
    [
        "الجمعة 2021/07/23",
        "2021/07/23",
        "2021-07-23",
        "23/07/2021",
        "الجمعة 23/07/2021",
        "23 تموز 2021",
        "الجمعة 23 تموز 2021",
        "الجمعة، 23 يوليو 2021",
        "23 تموز/يوليو 2021",
        "23 جويلية 2021",
        "٢٣ تمّوز ٢٠٢١",
        "تاريخ النشر: 2021/07/23",
    ],
)
def test_it_reads_each_date_shape(tmp_path: Path, date_line: str) -> None:
    record = parse(tmp_path, page(date=date_line, update=None))

    assert record.published_at == at("Asia/Riyadh", 2021, 7, 23, 0, 0)
    assert record.headline == HEADLINE
    assert [block.text for block in record.body] == list(PARAGRAPHS)


@pytest.mark.parametrize("credit", ["تصوير: علي الزهراني", "(رويترز)", "© AFP", "أ ف ب"])
def test_it_takes_a_credit_line_in_any_common_shape(tmp_path: Path, credit: str) -> None:
    record = parse(tmp_path, page(credit=credit))

    assert record.image_credit == credit
    assert credit not in [block.text for block in record.body]
    assert [block.text for block in record.body] == list(PARAGRAPHS)


def test_without_a_credit_line_the_credit_is_empty(tmp_path: Path) -> None:
    assert parse(tmp_path, page(credit=None)).image_credit == ""


@pytest.mark.parametrize(
    "control", ["حجم الخط", "تكبير الخط تصغير الخط", "A+ A-", "A- A A+", "increase decrease"]
)
def test_it_drops_each_font_size_control(tmp_path: Path, control: str) -> None:
    record = parse(tmp_path, page(control=control))

    assert [block.text for block in record.body] == list(PARAGRAPHS)


def test_it_drops_share_and_print_labels(tmp_path: Path) -> None:
    content = page().replace(CONTROL, "طباعة | مشاركة | فيسبوك | تويتر", 1)

    assert [block.text for block in parse(tmp_path, content).body] == list(PARAGRAPHS)


def test_reader_comments_are_not_body(tmp_path: Path) -> None:
    record = parse(tmp_path, page())

    texts = [block.text for block in record.body]
    assert READER_COMMENT not in texts
    assert DISCLAIMER not in texts


def test_it_reads_a_page_without_any_furniture(tmp_path: Path) -> None:
    content = page(update=None, credit=None, control=None, comments=False)

    record = parse(tmp_path, content)

    assert record.headline == HEADLINE
    assert [block.text for block in record.body] == list(PARAGRAPHS)
    assert record.published_at == at("Asia/Riyadh", 2021, 7, 23, 0, 0)


def test_it_reads_furniture_in_another_order(tmp_path: Path) -> None:
    content = "\n".join(
        [
            HEADLINE,
            "© AFP",
            "آخر تحديث: 20:02 (بيروت)",
            "A+ A-",
            "الجمعة 2021/07/23",
            *PARAGRAPHS,  # one paragraph per line, no blank lines
            "© 2021 المدن",
            "التعليقات (2)",
            READER_COMMENT,
        ]
    )

    record = parse(tmp_path, content)

    assert record.headline == HEADLINE
    assert record.image_credit == "© AFP"
    assert record.published_at == at("Asia/Beirut", 2021, 7, 23, 20, 2)
    assert [block.text for block in record.body] == list(PARAGRAPHS)


def test_a_comment_count_above_the_headline_is_not_the_comments(tmp_path: Path) -> None:
    content = "التعليقات (3)\n" + page()

    assert parse(tmp_path, content).headline == HEADLINE


def test_it_reads_a_windows_1256_archive_page(tmp_path: Path) -> None:
    paragraphs = ("قال الوزير إن الخطة تبدأ الشهر المقبل.", "وأضاف أن التمويل متوفر.")
    data = page(paragraphs=paragraphs).encode("cp1256")

    record = parse(tmp_path, data)

    assert record.headline == HEADLINE
    assert [block.text for block in record.body] == list(paragraphs)


# --- Failures --------------------------------------------------------------------------------


def test_an_empty_file_fails(tmp_path: Path) -> None:
    assert "empty file" in error_for(tmp_path, b"")
    assert "empty file" in error_for(tmp_path, " \n\r\n\t\n", name="blank.txt")


def test_a_page_without_a_headline_fails(tmp_path: Path) -> None:
    content = "الجمعة 2021/07/23\n\n" + CONTROL + "\n\nالتعليقات\n"

    assert "no headline found" in error_for(tmp_path, content)


def test_a_page_that_starts_with_a_long_paragraph_has_no_headline(tmp_path: Path) -> None:
    content = "الجمعة 2021/07/23\n" + " ".join(PARAGRAPHS * 5) + "\n" + PARAGRAPHS[0]

    assert "no headline found" in error_for(tmp_path, content)


def test_a_page_without_a_date_fails(tmp_path: Path) -> None:
    assert "no date found" in error_for(tmp_path, page(date=None))


def test_an_impossible_date_fails(tmp_path: Path) -> None:
    assert "not a calendar date" in error_for(tmp_path, page(date="الجمعة 2021/02/30"))


def test_an_impossible_update_time_fails(tmp_path: Path) -> None:
    message = error_for(tmp_path, page(update="آخر تحديث: 25:02 (بيروت)"))

    assert "not a valid time" in message


def test_a_page_with_no_body_before_the_comments_fails(tmp_path: Path) -> None:
    content = page(paragraphs=[]).replace(READER_COMMENT, "")

    assert "no body paragraphs" in error_for(tmp_path, content)


def test_a_page_cut_after_its_header_is_reported_truncated(tmp_path: Path) -> None:
    content = page().split(CONTROL)[0] + CONTROL + "\n"

    message = error_for(tmp_path, content)

    assert "looks truncated" in message
    assert "before any body paragraph" in message


def test_a_page_cut_mid_sentence_is_reported_truncated(tmp_path: Path) -> None:
    full = page()
    content = full[: full.index("بعد أشهر")]

    message = error_for(tmp_path, content)

    assert "looks truncated" in message
    assert "mid-sentence" in message


def test_an_oversized_file_fails(tmp_path: Path) -> None:
    content = page().encode("utf-8")
    content += b"\n" + b"x" * (text.MAX_BYTES - len(content))

    assert "larger than 5 MB" in error_for(tmp_path, content)


def test_binary_content_fails_as_undecodable(tmp_path: Path) -> None:
    content = bytes(range(256)) * 4

    assert "not UTF-8 or Windows-1256 Arabic text" in error_for(tmp_path, content)


def test_latin_text_in_another_code_page_is_not_taken_for_arabic(tmp_path: Path) -> None:
    content = "Le café de la gare a été rénové et l'élève a noté ça.\n" * 5

    message = error_for(tmp_path, content.encode("cp1252"))

    assert "not UTF-8 or Windows-1256 Arabic text" in message


def test_a_missing_file_is_a_parse_error_not_an_exception(tmp_path: Path) -> None:
    path = tmp_path / "gone.txt"

    item = read_one(path)

    assert isinstance(item, ParseError)
    assert str(item).startswith(f"{path}: cannot read the file")


# --- Properties ------------------------------------------------------------------------------

ARABIC_WORDS = ["قال", "الوزير", "إنّ", "الحكومةَ", "ستُقِرّ", "الخطةـــ", "٢٠٢١", "في", "بيروت"]
FURNITURE = [
    "الجمعة 2021/07/23",
    "آخر تحديث: 20:02 (بيروت)",
    "آخر تحديث: 99:99 (",
    CONTROL,
    "© Getty",
    "التعليقات",
    DISCLAIMER,
    "23 تموز 2021",
    "0000/00/00",
    "(",
    "",
]
any_line = st.one_of(
    st.sampled_from(FURNITURE),
    st.lists(st.sampled_from(ARABIC_WORDS), max_size=12).map(" ".join),
    st.text(max_size=80),
)
paragraph = st.lists(st.sampled_from(ARABIC_WORDS), min_size=3, max_size=30).map(
    lambda words: " ".join(words) + "."
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(content=st.one_of(st.binary(max_size=3000), st.text(max_size=3000).map(str.encode)))
def test_it_never_raises_on_arbitrary_content(
    tmp_path_factory: pytest.TempPathFactory, content: bytes
) -> None:
    path = tmp_path_factory.mktemp("any") / "page.txt"
    path.write_bytes(content)

    items = list(text.read(path, OPTIONS))

    assert len(items) == 1
    assert isinstance(items[0], ArticleRecord | ParseError)


@settings(max_examples=200, deadline=None)
@given(lines=st.lists(any_line, max_size=40))
def test_it_never_raises_on_mixed_furniture_and_text(
    tmp_path_factory: pytest.TempPathFactory, lines: list[str]
) -> None:
    path = tmp_path_factory.mktemp("mixed") / "page.txt"
    path.write_text("\n".join(lines), encoding="utf-8")

    items = list(text.read(path, OPTIONS))

    assert len(items) == 1
    item = items[0]
    assert isinstance(item, ArticleRecord | ParseError)
    if isinstance(item, ArticleRecord):
        assert item.headline and item.body
        assert item.published_at.tzinfo is not None


@settings(max_examples=100, deadline=None)
@given(paragraphs=st.lists(paragraph, min_size=1, max_size=8))
def test_any_body_comes_back_paragraph_for_paragraph(
    tmp_path_factory: pytest.TempPathFactory, paragraphs: list[str]
) -> None:
    path = tmp_path_factory.mktemp("body") / "page.txt"
    path.write_text(page(paragraphs=paragraphs), encoding="utf-8")

    item = read_one(path)

    assert isinstance(item, ArticleRecord), item
    assert [block.text for block in item.body] == paragraphs
