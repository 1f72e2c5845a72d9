"""The `jsonl` format: one SaudiNewsNet-shaped JSON object per line, plain or gzip."""

from __future__ import annotations

import gzip
import itertools
import json
import random
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jarida.importers.formats import jsonl
from jarida.importers.records import ArticleRecord, ImportOptions, ParseError

CORPUS = Path(__file__).resolve().parents[3].parent / "shared" / "corpus" / "saudinewsnet"
CORPUS_FILE = CORPUS / "articles.jsonl.gz"

OPTIONS = ImportOptions(time_zone="Asia/Riyadh", default_section="أخبار")
RIYADH = ZoneInfo("Asia/Riyadh")

CONTENT = (
    "أعلنت وزارة الصحة عن افتتاح مستشفى جديد في جدة.\n\n"
    " وقال المتحدث الرسمي إنّ المستشفى يَضُمّ ٣٠٠ سرير.\n"
    " وتـــأتي الخطوة ضمن برنامج التحوّل الصحي.  \n"
)
PARAGRAPHS = [
    "أعلنت وزارة الصحة عن افتتاح مستشفى جديد في جدة.",
    "وقال المتحدث الرسمي إنّ المستشفى يَضُمّ ٣٠٠ سرير.",
    "وتـــأتي الخطوة ضمن برنامج التحوّل الصحي.",
]


def article(n: int = 1, **fields: Any) -> dict[str, Any]:
    """A valid corpus line; keyword arguments replace fields, `...` removes one."""
    item: dict[str, Any] = {
        "source": "alriyadh",
        "url": f"http://www.alriyadh.com/{1050000 + n}",
        "date_extracted": "2015-07-21 02:51:32",
        "title": f"افتتاح مستشفى جديد في جدة رقم {n}",
        "author": "جدة - واس",
        "content": CONTENT,
    }
    item.update(fields)
    return {key: value for key, value in item.items() if value is not ...}


def lines_of(*items: dict[str, Any] | str) -> bytes:
    out = [
        item if isinstance(item, str) else json.dumps(item, ensure_ascii=False) for item in items
    ]
    return "".join(line + "\n" for line in out).encode("utf-8")


def write(tmp_path: Path, data: bytes, name: str = "articles.jsonl", *, gz: bool = False) -> Path:
    path = tmp_path / name
    path.write_bytes(gzip.compress(data) if gz else data)
    return path


def read_all(path: Path) -> list[ArticleRecord | ParseError]:
    return list(jsonl.read(path, OPTIONS))


def only_error(tmp_path: Path, line: dict[str, Any] | str) -> str:
    path = write(tmp_path, lines_of(line))
    [item] = read_all(path)
    assert isinstance(item, ParseError), item
    message = str(item)
    assert message.startswith(f"{path}:1: "), message
    return message


# --- Reading ---------------------------------------------------------------------------------


def test_it_reads_one_article_per_line(tmp_path: Path) -> None:
    path = write(tmp_path, lines_of(article(1), article(2)))

    first, second = read_all(path)

    assert isinstance(first, ArticleRecord) and isinstance(second, ArticleRecord)
    assert first.source_key == "url:http://www.alriyadh.com/1050001"
    assert first.source_url == "http://www.alriyadh.com/1050001"
    assert first.headline == "افتتاح مستشفى جديد في جدة رقم 1"
    assert [block.text for block in first.body] == PARAGRAPHS
    assert first.published_at == datetime(2015, 7, 21, 2, 51, 32, tzinfo=RIYADH)
    assert first.section == "الرياض"
    assert first.byline == "جدة - واس"
    assert first.authors == ()
    assert first.updated_at is None
    assert first.origin == f"{path}:1"
    assert second.origin == f"{path}:2"


def test_it_keeps_harakat_tatweel_and_digits_as_printed(tmp_path: Path) -> None:
    [record] = read_all(write(tmp_path, lines_of(article())))

    assert isinstance(record, ArticleRecord)
    assert "يَضُمّ ٣٠٠" in record.body[1].text
    assert "وتـــأتي" in record.body[2].text


def test_it_cleans_invisible_characters_out_of_text(tmp_path: Path) -> None:
    item = article(title="\u200fعنوان\u200b الخبر ", author="\u202bالرياض: سارة\u202c")

    [record] = read_all(write(tmp_path, lines_of(item)))

    assert isinstance(record, ArticleRecord)
    assert record.headline == "عنوان الخبر"
    assert record.byline == "الرياض: سارة"


def test_it_reads_gzip_by_its_magic_bytes_whatever_the_name(tmp_path: Path) -> None:
    data = lines_of(article(1), article(2))
    for name, gz in [("a.jsonl.gz", True), ("b.jsonl", True), ("c.jsonl.gz", False)]:
        items = read_all(write(tmp_path, data, name, gz=gz))

        assert [type(item) for item in items] == [ArticleRecord, ArticleRecord], name


def test_a_bad_line_fails_alone(tmp_path: Path) -> None:
    path = write(tmp_path, lines_of(article(1), "{not json", article(3)), gz=True)

    first, bad, third = read_all(path)

    assert isinstance(first, ArticleRecord) and isinstance(third, ArticleRecord)
    assert isinstance(bad, ParseError)
    assert str(bad).startswith(f"{path}:2: invalid JSON")
    assert third.origin == f"{path}:3"


def test_blank_lines_are_skipped_but_counted(tmp_path: Path) -> None:
    path = write(tmp_path, lines_of(article(1), "", "   ", article(4)))

    items = read_all(path)

    assert [item.origin for item in items if isinstance(item, ArticleRecord)] == [
        f"{path}:1",
        f"{path}:4",
    ]


@pytest.mark.parametrize(
    ("source", "section"),
    [
        ("alriyadh", "الرياض"),
        ("aawsat", "الشرق الأوسط"),
        ("3alyoum", "عين اليوم"),
        ("was", "واس"),
        ("newpaper", "newpaper"),
        ("", "أخبار"),
        (..., "أخبار"),
    ],
)
def test_the_newspaper_becomes_the_section(tmp_path: Path, source: Any, section: str) -> None:
    [record] = read_all(write(tmp_path, lines_of(article(source=source))))

    assert isinstance(record, ArticleRecord)
    assert record.section == section


def test_an_empty_author_is_an_empty_byline(tmp_path: Path) -> None:
    [record] = read_all(write(tmp_path, lines_of(article(author=""), article(2, author=None))))[:1]

    assert isinstance(record, ArticleRecord)
    assert record.byline == ""


def test_it_reads_arabic_indic_digits_and_offsets_in_the_date(tmp_path: Path) -> None:
    items = read_all(
        write(
            tmp_path,
            lines_of(
                article(1, date_extracted="٢٠١٥-٠٧-٢١ ٠٢:٥١:٣٢"),
                article(2, date_extracted="2015-07-21T02:51:32+00:00"),
            ),
        )
    )

    assert [item.published_at for item in items if isinstance(item, ArticleRecord)] == [
        datetime(2015, 7, 21, 2, 51, 32, tzinfo=RIYADH),
        datetime(2015, 7, 21, 5, 51, 32, tzinfo=RIYADH),
    ]


def test_a_byte_order_mark_on_the_first_line_is_ignored(tmp_path: Path) -> None:
    [record] = read_all(write(tmp_path, b"\xef\xbb\xbf" + lines_of(article())))

    assert isinstance(record, ArticleRecord)


# --- Failures --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("{not json", "invalid JSON"),
        ('["a list"]', "expected a JSON object, got an array"),
        (article(title=...), "missing or empty title"),
        (article(title=" \u200f "), "missing or empty title"),
        (article(title="عنوان " * 60), "title is 359 characters, longer than a headline"),
        (article(url=...), "missing url"),
        (article(url="   "), "missing url"),
        (article(url="alriyadh.com/1"), "not an http(s) URL"),
        (article(date_extracted="21 تموز 2015"), "is not a date"),
        (article(date_extracted=...), "missing date_extracted"),
        (article(content=" \n\n  \n"), "empty content"),
        (article(content=...), "empty content"),
        (article(title=42), "field 'title' should be a string, got a number"),
        (article(content=["فقرة"]), "field 'content' should be a string, got an array"),
        (article(author={"name": "سارة"}), "field 'author' should be a string, got an object"),
        (article(source=True), "field 'source' should be a string, got a boolean"),
    ],
)
def test_each_bad_line_says_why(tmp_path: Path, line: dict[str, Any] | str, reason: str) -> None:
    assert reason in only_error(tmp_path, line)


def test_invalid_utf8_fails_the_line(tmp_path: Path) -> None:
    path = write(tmp_path, lines_of(article(1)) + b'{"title": "\xff"}\n' + lines_of(article(3)))

    items = read_all(path)

    assert [type(item) for item in items] == [ArticleRecord, ParseError, ArticleRecord]
    assert str(items[1]).startswith(f"{path}:2: not UTF-8")


def test_a_truncated_last_line_says_so(tmp_path: Path) -> None:
    data = lines_of(article(1), article(2))
    path = write(tmp_path, data[: -len(CONTENT) // 2])

    first, last = read_all(path)

    assert isinstance(first, ArticleRecord)
    assert isinstance(last, ParseError)
    assert str(last).startswith(f"{path}:2: invalid JSON")
    assert "truncated" in str(last)


def test_a_truncated_gzip_yields_its_good_lines_then_one_error(tmp_path: Path) -> None:
    # Random words compress poorly, so cutting a quarter of the bytes loses whole lines.
    rng = random.Random(7)
    words = ["وزارة", "الصحة", "جدة", "الرياض", "مستشفى", "قال", "المتحدث", "برنامج", "سرير"]
    items = [
        article(n, content=" ".join(rng.choice(words) for _ in range(120))) for n in range(200)
    ]
    compressed = gzip.compress(lines_of(*items))
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(compressed[: len(compressed) * 3 // 4])

    read = read_all(path)

    *good, error = read
    records = [record for record in good if isinstance(record, ArticleRecord)]
    assert 0 < len(records) == len(good) < 200
    assert [record.origin for record in records] == [f"{path}:{n}" for n in range(1, len(read))]
    assert isinstance(error, ParseError)
    assert str(error).startswith(f"{path}: the gzip stream is truncated or corrupt")
    assert f"after line {len(records)} " in str(error)


def test_a_gzip_cut_inside_its_header_is_reported_truncated(tmp_path: Path) -> None:
    path = tmp_path / "stub.jsonl.gz"
    path.write_bytes(gzip.compress(lines_of(article()))[:6])

    [error] = read_all(path)

    assert isinstance(error, ParseError)
    assert "truncated or corrupt after line 0" in str(error)


def test_an_overlong_line_fails_alone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(jsonl, "MAX_LINE_BYTES", 2000)
    long_item = article(2, content="كلمة " * 2000)
    path = write(tmp_path, lines_of(article(1), long_item, article(3)))

    items = read_all(path)

    first, error, third = items
    assert isinstance(first, ArticleRecord) and isinstance(third, ArticleRecord)
    assert isinstance(error, ParseError)
    assert str(error).startswith(f"{path}:2: line is longer than")
    assert third.origin == f"{path}:3"


def test_a_missing_file_is_a_parse_error_not_an_exception(tmp_path: Path) -> None:
    path = tmp_path / "gone.jsonl"

    [error] = read_all(path)

    assert isinstance(error, ParseError)
    assert str(error).startswith(f"{path}: cannot read the file")


# --- Properties ------------------------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(content=st.binary(max_size=2000))
def test_it_never_raises_on_arbitrary_bytes(
    tmp_path_factory: pytest.TempPathFactory, content: bytes
) -> None:
    path = tmp_path_factory.mktemp("any") / "any.jsonl"
    path.write_bytes(content)

    items = read_all(path)

    assert all(isinstance(item, ArticleRecord | ParseError) for item in items)


json_value = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=40),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(), children),
    max_leaves=6,
)


@settings(max_examples=200, deadline=None)
@given(
    fields=st.dictionaries(
        st.sampled_from(["source", "url", "date_extracted", "title", "author", "content"]),
        json_value,
    )
)
def test_each_line_gives_exactly_one_record_or_error(
    tmp_path_factory: pytest.TempPathFactory, fields: dict[str, Any]
) -> None:
    path = tmp_path_factory.mktemp("fields") / "fields.jsonl"
    path.write_bytes(lines_of(article(1), article(2, **fields), article(3)))

    items = read_all(path)

    assert len(items) == 3
    assert isinstance(items[0], ArticleRecord) and isinstance(items[2], ArticleRecord)
    if isinstance(items[1], ArticleRecord):
        assert items[1].headline and items[1].body
        assert items[1].published_at.tzinfo is not None


# --- The real corpus -------------------------------------------------------------------------


@pytest.mark.corpus
def test_the_first_200_corpus_articles_all_parse() -> None:
    if not CORPUS_FILE.exists():
        pytest.skip(f"SaudiNewsNet corpus absent: {CORPUS_FILE} (it lives in ../shared/corpus)")

    items = list(itertools.islice(jsonl.read(CORPUS_FILE, OPTIONS), 200))

    assert len(items) == 200
    errors = [str(item) for item in items if isinstance(item, ParseError)]
    assert errors == []
    for record in items:
        assert isinstance(record, ArticleRecord)
        assert record.headline.strip()
        assert record.body and all(block.text.strip() for block in record.body)
        assert record.published_at.tzinfo is not None
        assert record.published_at.utcoffset() is not None
        assert record.source_key == f"url:{record.source_url}"
