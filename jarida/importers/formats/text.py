"""The `text` format: one article page saved as the text a browser shows.

A news page saved that way carries the article and the page's furniture in a loose order: the
weekday date line (`الجمعة 2021/07/23`), the site's `آخر تحديث: 20:02 (بيروت)` line, the
headline, often the date and headline again, a photo credit (`© Getty`), the font-size control
(`increase حجم الخط decrease`), the body paragraphs one per line, the control again, then the
comments heading and reader comments. The parser recognises each piece of furniture on its
`normalise`d text, so harakat, tatweel, alef forms and Arabic-Indic digits do not defeat it, and
keeps the headline and paragraphs as written (only `clean`ed and stripped).

Recognised shapes, loosely:

- a date line, optionally after a weekday or a label: `2021/07/23`, `23/07/2021` (day first),
  `23 تموز 2021` (month names of every Arabic locale in CLDR, via Babel);
- an update line `آخر تحديث: HH:MM (CITY)`, optionally with a date and ص/م;
- a credit line: starts with ©, or `تصوير: …`, or only an agency name (`(رويترز)`);
- furniture lines (font-size and share/print controls), dropped wherever they are;
- the comments heading or disclaimer: the article ends there.

Paragraphs are one per line (blank lines between them or not), as browsers save them; lines
are never joined. Every paragraph is a `paragraph` block: a quotation is just text.

One file is one article, so `read` yields exactly one record or one ParseError. A page looks
truncated when it ends after its header with no body, or when its last paragraph stops without
sentence-ending punctuation and nothing follows it: a captured page always ends in furniture
(controls, comments, copyright), so text that simply stops is a cut capture, not an ending.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

from babel.dates import get_day_names, get_month_names
from babel.localedata import locale_identifiers

from jarida.arabic import city_time_zone, clean, normalise
from jarida.importers.formats.encoding import decode, read_capped
from jarida.importers.records import ArticleRecord, BodyBlock, ImportOptions, ParseError

# One saved article page is a few tens of kilobytes; anything this large is not one article.
MAX_BYTES = 5 * 1024 * 1024
# Longer than this, the first text line is a paragraph, not a headline (and a page title, in
# Wagtail, holds 255 characters).
MAX_HEADLINE_CHARS = 255
# Characters a complete paragraph can end with; anything else at the very end of the file,
# with no page footer after it, means the capture stopped mid-sentence.
SENTENCE_ENDINGS = frozenset(".!?؟…»\"”’')]؛۔")


def _n(text: str) -> str:
    """Matching form of a line or of a pattern word, so both sides fold alike."""
    return normalise(text)


def _alternation(words: Iterable[str]) -> str:
    """A regex alternation of normalised words, longest first so `تشرين الثاني` beats `تشرين`."""
    forms = {_n(word) for word in words}
    forms.discard("")
    return "|".join(re.escape(form) for form in sorted(forms, key=len, reverse=True))


def _month_numbers() -> dict[str, int]:
    """Normalised Arabic month name -> month number, from every Arabic locale CLDR knows
    (Levantine تموز, Egyptian يوليو, Maghrebi جويلية/يوليوز), not a hand-written table."""
    months: dict[str, int] = {}
    arabic_locales = [loc for loc in locale_identifiers() if loc == "ar" or loc.startswith("ar_")]
    for locale in arabic_locales:
        for context in ("format", "stand-alone"):
            for width in ("wide", "abbreviated"):
                names = get_month_names(width, context=context, locale=locale)
                for number, name in names.items():
                    months.setdefault(_n(name), number)
    return months


_MONTHS = _month_numbers()
_MONTH = f"(?:{_alternation(_MONTHS)})"
_WEEKDAY = f"(?:{_alternation(get_day_names('wide', locale='ar').values())})"
_DATE_LABEL = f"(?:{_alternation(['تاريخ النشر', 'نشر بتاريخ', 'نشر في', 'نشر', 'التاريخ'])})"
_SEP = r"\s*[/.\-]\s*"


def _date_pattern(tag: str) -> str:
    """The three date shapes as named groups (suffixed by `tag`, so one regex can hold two):
    year first, day first, and day-month name-year; a trailing `م` marks the Gregorian year."""
    return (
        rf"(?:(?P<y1{tag}>\d{{4}}){_SEP}(?P<m1{tag}>\d{{1,2}}){_SEP}(?P<d1{tag}>\d{{1,2}})"
        rf"|(?P<d2{tag}>\d{{1,2}}){_SEP}(?P<m2{tag}>\d{{1,2}}){_SEP}(?P<y2{tag}>\d{{4}})"
        rf"|(?P<d3{tag}>\d{{1,2}})\s+(?P<mn{tag}>{_MONTH})(?:\s*/\s*{_MONTH})?\s*[،,]?\s+"
        rf"(?P<y3{tag}>\d{{4}}))(?:\s*م)?"
    )


_DATE_LINE = re.compile(rf"(?:{_DATE_LABEL}\s*:?\s*)?(?:{_WEEKDAY}\s*[،,]?\s*)?{_date_pattern('')}")
# `آخر تحديث: 20:02 (بيروت)`, optionally with the date before or after the time.
_UPDATE_LINE = re.compile(
    rf"(?:{_alternation(['آخر تحديث', 'آخر تعديل', 'تم التحديث'])})\s*:?\s*"
    rf"(?:(?:{_WEEKDAY}\s*[،,]?\s*)?{_date_pattern('a')}\s*[-–,،]?\s*)?"
    r"(?P<hh>\d{1,2})\s*:\s*(?P<mm>\d{2})\s*(?P<ampm>ص|م)?"
    r"\s*(?:\(\s*[^()]+?\s*\))?"
    rf"(?:\s*[-–,،]?\s*{_date_pattern('b')})?"
)
_PARENTHESISED = re.compile(r"\(\s*([^()]+?)\s*\)")

_AGENCY = _alternation(
    [
        "رويترز",
        "أ ف ب",
        "أ.ف.ب",
        "فرانس برس",
        "فرانس بريس",
        "الأناضول",
        "أسوشيتد برس",
        "أ ب",
        "وكالات",
        "أرشيفية",
        "أرشيف",
        "Getty",
        "Getty Images",
        "AFP",
        "Reuters",
        "AP",
        "EPA",
        "Anadolu",
        "Shutterstock",
    ]
)
_CREDIT_LINE = re.compile(
    rf"©.*"
    rf"|(?:{_alternation(['تصوير', 'الصورة', 'صورة', 'عدسة', 'photo', 'credit'])})\s*:\s*\S.*"
    rf"|[(\[]?\s*(?:{_AGENCY})(?:\s*[/|\-،,]\s*(?:{_AGENCY}))*\s*[)\]]?",
)
MAX_CREDIT_CHARS = 80

# Font-size and share/print controls: a line made only of these is page furniture. A body
# sentence that merely mentions `حجم الخط` keeps its other words, so it never matches.
_CONTROL_WORDS = _alternation(
    [
        "increase",
        "decrease",
        "حجم الخط",
        "تكبير الخط",
        "تصغير الخط",
        "تكبير",
        "تصغير",
        "الخط",
        "font size",
        "طباعة",
        "اطبع",
        "مشاركة",
        "شارك",
        "شارك الخبر",
        "أرسل",
        "إرسال",
        "أرسل لصديق",
        "حفظ",
        "تويتر",
        "فيسبوك",
        "فيس بوك",
        "واتساب",
        "واتس آب",
        "تلغرام",
        "print",
        "share",
        "email",
        "e-mail",
        "facebook",
        "twitter",
        "whatsapp",
        "telegram",
        "linkedin",
    ]
)
_CONTROL_LINE = re.compile(rf"(?:\s|[|•·/+\-]|a[+\-]?|{_CONTROL_WORDS})+")
_CONTROL_WORD = re.compile(rf"{_CONTROL_WORDS}|a[+\-]")

# The comments heading (with an optional count), the add-a-comment prompt, the comments
# disclaimer, and the related-articles lists: after the headline, the article ends here.
_END_LINE = re.compile(
    rf"(?:{_alternation(['التعليقات', 'تعليقات', 'أضف تعليق', 'أضف تعليقك', 'اكتب تعليقك'])})"
    r"\s*(?:\(\s*\d+\s*\))?\s*:?"
    rf"|\d+\s+{_alternation(['تعليق', 'تعليقات'])}"
    rf"|(?:{_alternation(['التعليقات المنشورة', 'مواضيع ذات صلة', 'أخبار ذات صلة'])}).*"
    rf"|{_alternation(['الأكثر قراءة'])}\s*:?",
)


def read(path: Path, options: ImportOptions) -> Iterator[ArticleRecord | ParseError]:
    """Yield the one article in the page saved at `path`, or one ParseError saying why not."""
    origin = str(path)
    try:
        text = decode(read_capped(path, MAX_BYTES))
        yield _parse(text, path, options)
    except ParseError as error:
        yield ParseError(f"{origin}: {error}")


@dataclass
class _Page:
    """What one pass over the lines found."""

    headline: str = ""
    day: date | None = None
    update: time | None = None
    update_city: str = ""
    credit: str = ""
    body: list[str] = field(default_factory=list)
    # Whether furniture or the comments followed the last body paragraph.
    footer_after_body: bool = False


def _parse(text: str, path: Path, options: ImportOptions) -> ArticleRecord:
    page = _scan(text)
    if not page.headline:
        raise ParseError("no headline found")
    if page.day is None:
        raise ParseError("no date found (expected a line such as `الجمعة 2021/07/23`)")
    if not page.body:
        if page.footer_after_body:
            raise ParseError("no body paragraphs between the headline and the page footer")
        raise ParseError(
            "looks truncated: the file ends after the page header, before any body paragraph"
        )
    last = page.body[-1]
    if not page.footer_after_body and last[-1] not in SENTENCE_ENDINGS:
        raise ParseError(
            "looks truncated: the last paragraph stops mid-sentence "
            f"(…{last[-30:]}) and no page footer follows it"
        )
    return ArticleRecord(
        source_key=f"text:{path.name}",
        headline=page.headline,
        body=tuple(BodyBlock(kind="paragraph", text=paragraph) for paragraph in page.body),
        published_at=_published_at(page, options),
        section=options.default_section,
        image_credit=page.credit,
        origin=str(path),
    )


def _scan(text: str) -> _Page:
    """One pass over the lines: furniture is recognised wherever it is, the first substantial
    other line is the headline, and the lines after it are the body until the comments."""
    page = _Page()
    headline_key = ""
    for raw_line in text.splitlines():
        line = clean(raw_line).strip()
        if not line:
            continue
        key = _n(line)
        if page.headline and _END_LINE.fullmatch(key):
            page.footer_after_body = True
            break
        if _is_control(key):
            page.footer_after_body = bool(page.body)
            continue
        if _read_update(line, key, page) or _read_date(key, page):
            continue
        if len(line) <= MAX_CREDIT_CHARS and _CREDIT_LINE.fullmatch(key):
            # Before the body it is the lead photo's credit; after it, a copyright footer.
            if page.body:
                page.footer_after_body = True
            elif not page.credit:
                page.credit = line
            continue
        if not page.headline:
            if _END_LINE.fullmatch(key) or not _is_substantial(line):
                continue  # masthead bits: a comment count, a lone section name
            if len(line) > MAX_HEADLINE_CHARS:
                raise ParseError(
                    f"no headline found: the first text line is a {len(line)}-character "
                    "paragraph, too long for a headline"
                )
            page.headline, headline_key = line, key
            continue
        if key == headline_key:
            continue  # the headline repeated above the photo
        page.body.append(line)
        page.footer_after_body = False
    return page


def _is_control(key: str) -> bool:
    return bool(_CONTROL_LINE.fullmatch(key) and _CONTROL_WORD.search(key))


def _is_substantial(line: str) -> bool:
    """At least two words and a few letters: not a lone section label or a symbol."""
    return len(line.split()) >= 2 and sum(char.isalpha() for char in line) >= 4


def _read_date(key: str, page: _Page) -> bool:
    """Whether the line is a date line; the first valid one becomes the page date."""
    match = _DATE_LINE.fullmatch(key)
    if not match:
        return False
    if page.day is None:
        page.day = _date_from(match, "")
    return True


def _read_update(line: str, key: str, page: _Page) -> bool:
    """Whether the line is an `آخر تحديث` line; the first one sets the time and city."""
    match = _UPDATE_LINE.fullmatch(key)
    if not match:
        return False
    if page.update is not None:
        return True
    hour, minute = int(match["hh"]), int(match["mm"])
    if match["ampm"]:
        if not 1 <= hour <= 12:
            raise ParseError(f"update time {hour}:{minute:02d} is not a 12-hour time")
        hour = hour % 12 + (12 if match["ampm"] == "م" else 0)
    if hour > 23 or minute > 59:
        raise ParseError(f"update time {hour}:{minute:02d} is not a valid time of day")
    page.update = time(hour, minute)
    # The city as the page wrote it, not its matching form: `city_time_zone` does its own
    # folding and may know spellings that normalising would merge.
    cities = _PARENTHESISED.findall(line)
    page.update_city = cities[0] if cities else ""
    if page.day is None:
        for tag in ("a", "b"):
            if match[f"y1{tag}"] or match[f"y2{tag}"] or match[f"y3{tag}"]:
                page.day = _date_from(match, tag)
    return True


def _date_from(match: re.Match[str], tag: str) -> date:
    if match[f"y1{tag}"]:
        year, month, day = (int(match[f"{g}1{tag}"]) for g in "ymd")
    elif match[f"y2{tag}"]:
        year, month, day = (int(match[f"{g}2{tag}"]) for g in "ymd")
    else:
        year, day = int(match[f"y3{tag}"]), int(match[f"d3{tag}"])
        month = _MONTHS[match[f"mn{tag}"]]
    try:
        return date(year, month, day)
    except ValueError as error:
        raise ParseError(f"date {year}-{month:02d}-{day:02d} is not a calendar date") from error


def _published_at(page: _Page, options: ImportOptions) -> datetime:
    """The page date at the `آخر تحديث` time, read in that line's city's zone.

    A saved page shows the site's last update of the day it was captured, and an article page
    is captured the day it is published: so the article appeared that day, at or before that
    time. The update time is the closest evidence of the publication time the page carries,
    and it orders the day's articles correctly. Without it, midnight in `options.time_zone`.
    """
    assert page.day is not None
    if page.update is None:
        return datetime.combine(page.day, time(0, 0), ZoneInfo(options.time_zone))
    zone = city_time_zone(page.update_city) if page.update_city else None
    return datetime.combine(page.day, page.update, ZoneInfo(zone or options.time_zone))
