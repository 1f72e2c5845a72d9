"""The `html` format: article pages saved from news sites, as a browser saves them.

The pages are built here the way real Arabic news sites lay them out (menus, a byline line,
share buttons, a "most read" list, reader comments and a footer around the article), in the
three encodings Arabic archives come in. The reference page of the `text` format is also
laid out as a saved HTML page (read from ../shared at run time).
"""

from __future__ import annotations

import gzip
import hashlib
import json
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from jarida.importers.formats import html
from jarida.importers.models import SourceRecord
from jarida.importers.records import ArticleRecord, ImportOptions, ParseError, Skipped
from jarida.importers.tests.command import run_import as run
from jarida.news.models import ArticlePage

OPTIONS = ImportOptions(time_zone="Asia/Riyadh", default_section="أخبار")
HEADLINE = "الحكومة تُقِرّ خطة النقل العام الجديدة في بيروت"
PARAGRAPHS = (
    "أقرّ مجلس الوزراء اللبناني، يوم الجمعة، خطةً جديدة للنقل العام تمتد على خمس سنوات، "
    "في خطوة طال انتظارها من سكان العاصمة والضواحي.",
    "ويُقدَّر تمويل المرحلة الأولى بنحو ١٢٠ مليون دولار، بحسب البيان الرسمي الصادر عن رئاسة "
    "الحكومة بعد الجلسة.",
    "ويأتي القرار بعد أشهر من الإضرابات في قطاع النقل، ولا سيما في طرابلس وصيدا، حيث توقفت "
    "الحافلات الخاصة عن العمل.",
    "وقال وزير الأشغال العامة في مؤتمر صحافي إن الخطوط الأولى ستعمل قبل نهاية العام المقبل.",
)
QUOTE = "الخطة تبدأ بخطوط الحافلات بين بيروت وطرابلس وتمتد لاحقاً إلى البقاع والجنوب."
SUBHEADING = "التمويل والمراحل"
AUTHOR = "رنيم حنوش"
URL = "https://www.almodon.com/politics/2021/7/23/transport-plan"
FURNITURE = ("الأكثر قراءة", "جميع الحقوق محفوظة", "شارك", "تعليقات القراء", "اشترك في النشرة")


def json_ld(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": HEADLINE,
        "datePublished": "2021-07-23T20:02:00+03:00",
        "dateModified": "2021-07-24T09:30:00+03:00",
        "author": [{"@type": "Person", "name": AUTHOR}],
        "articleSection": "سياسة",
        "keywords": "لبنان، النقل العام، بيروت",
        "mainEntityOfPage": {"@type": "WebPage", "@id": URL},
        "image": {
            "@type": "ImageObject",
            "url": "https://www.almodon.com/uploads/2021/07/bus-1200x800.jpg",
            "caption": "حافلة نقل عام في وسط بيروت",
            "creditText": "رويترز",
        },
        "description": "خطة على خمس سنوات تبدأ بخطوط الحافلات بين المدن.",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def saved_page(
    *,
    charset: str | None = "utf-8",
    structured: dict[str, object] | None = None,
    opengraph: bool = True,
    headline: str = HEADLINE,
    paragraphs: tuple[str, ...] = PARAGRAPHS,
    extra_head: str = "",
    extra_body: str = "",
) -> str:
    """A news article page as a browser saves it; `structured=None` leaves JSON-LD out."""
    head = [f'<meta charset="{charset}">' if charset else ""]
    head.append(f"<title>{headline} | المدن</title>")
    if opengraph:
        head += [
            f'<meta property="og:title" content="{headline}">',
            f'<meta property="og:url" content="{URL}">',
            '<meta property="og:image" content="https://www.almodon.com/uploads/2021/07/bus.jpg">',
            '<meta property="article:published_time" content="2021-07-23T17:02:00Z">',
            '<meta property="article:section" content="أخبار لبنان">',
        ]
    if structured is not None:
        head.append(
            '<script type="application/ld+json">'
            + json.dumps(structured, ensure_ascii=False)
            + "</script>"
        )
    head.append(extra_head)
    body = "\n".join(f"<p>{paragraph}</p>" for paragraph in paragraphs[:2])
    body += f"\n<h2>{SUBHEADING}</h2>\n<blockquote><p>{QUOTE}</p></blockquote>\n"
    body += "\n".join(f"<p>{paragraph}</p>" for paragraph in paragraphs[2:])
    return f"""<!DOCTYPE html>
<html lang="ar" dir="rtl">
<head>
{chr(10).join(head)}
<link rel="stylesheet" href="page_files/site.css">
<script src="page_files/app.js"></script>
</head>
<body>
<header class="masthead">
  <a href="/" class="logo">المدن</a>
  <nav><ul><li><a href="/politics">سياسة</a></li><li><a href="/economy">اقتصاد</a></li>
  <li><a href="/culture">ثقافة</a></li><li><a href="/sport">رياضة</a></li></ul></nav>
  <form class="newsletter"><label>اشترك في النشرة</label><input type="email"></form>
</header>
<main>
<article class="story">
  <div class="section-label"><a href="/politics">سياسة</a></div>
  <h1 class="headline">{headline}</h1>
  <div class="meta"><span class="byline">{AUTHOR}</span> | <time>الجمعة 2021/07/23</time></div>
  <figure class="lead">
    <img src="page_files/bus.jpg" alt="حافلة في بيروت">
    <figcaption>حافلة نقل عام في وسط بيروت (رويترز)</figcaption>
  </figure>
  <div class="share"><a href="https://facebook.com/share">شارك</a>
  <a href="https://twitter.com/intent">تويتر</a> <a href="javascript:print()">طباعة</a></div>
  <div class="article-body">
{body}
{extra_body}
  </div>
</article>
<section class="comments"><h3>تعليقات القراء</h3>
  <div class="comment"><b>قارئ</b><p>خطة ممتازة لكنها تأخرت عشر سنوات.</p></div></section>
</main>
<aside><h3>الأكثر قراءة</h3><ol><li><a href="/a/1">انقطاع الكهرباء في الضاحية</a></li>
<li><a href="/a/2">أسعار المحروقات ترتفع مجدداً</a></li>
<li><a href="/a/3">مباراة الأنصار والنجمة</a></li></ol></aside>
<footer><p>© 2021 المدن. جميع الحقوق محفوظة.</p>
<ul><li><a href="/about">من نحن</a></li><li><a href="/contact">اتصل بنا</a></li></ul></footer>
</body>
</html>
"""


def write(tmp_path: Path, content: str | bytes, name: str = "page.html") -> Path:
    path = tmp_path / name
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def read_one(path: Path, options: ImportOptions = OPTIONS) -> ArticleRecord | ParseError | Skipped:
    items = list(html.read(path, options))
    assert len(items) == 1, items
    return items[0]


def parse(tmp_path: Path, content: str | bytes, name: str = "page.html") -> ArticleRecord:
    record = read_one(write(tmp_path, content, name))
    assert isinstance(record, ArticleRecord), record
    return record


def error_for(tmp_path: Path, content: str | bytes, name: str = "page.html") -> str:
    path = write(tmp_path, content, name)
    item = read_one(path)
    assert isinstance(item, ParseError), item
    message = str(item)
    assert message.startswith(f"{path}: "), message
    return message


def texts(record: ArticleRecord) -> list[tuple[str, str]]:
    """The body as (kind, plain text) pairs."""
    from bs4 import BeautifulSoup

    return [
        (block.kind, BeautifulSoup(block.text, "html.parser").get_text())
        for block in record.body
        if block.kind != "image"
    ]


EXPECTED_BODY = [
    ("rich", PARAGRAPHS[0]),
    ("rich", PARAGRAPHS[1]),
    ("subheading", SUBHEADING),
    ("quote", QUOTE),
    ("rich", PARAGRAPHS[2]),
    ("rich", PARAGRAPHS[3]),
]


# Characters a legacy code page lacks (Arabic-Indic digits, ©) are saved as character
# references, as browsers and editors of the time did.
# --- Encodings -------------------------------------------------------------------------------

ENCODINGS = [("utf-8", "utf-8"), ("windows-1256", "cp1256"), ("iso-8859-6", "iso8859_6")]


@pytest.mark.parametrize(("label", "codec"), ENCODINGS)
def test_a_page_in_each_arabic_encoding_reads_the_same(
    tmp_path: Path, label: str, codec: str
) -> None:
    data = saved_page(charset=label, structured=json_ld()).encode(codec, errors="xmlcharrefreplace")

    record = parse(tmp_path, data)

    assert record.headline == HEADLINE
    assert texts(record) == EXPECTED_BODY
    assert record.authors == (AUTHOR,)
    assert record.published_at == datetime(2021, 7, 23, 17, 2, tzinfo=UTC)


@pytest.mark.parametrize(("label", "codec"), ENCODINGS)
def test_an_undeclared_charset_is_detected(tmp_path: Path, label: str, codec: str) -> None:
    data = saved_page(charset=None, structured=json_ld()).encode(codec, errors="xmlcharrefreplace")

    record = parse(tmp_path, data)

    assert record.headline == HEADLINE
    assert texts(record) == EXPECTED_BODY


def test_a_page_declaring_utf8_but_saved_in_windows_1256_is_read_from_its_bytes(
    tmp_path: Path,
) -> None:
    data = saved_page(charset="utf-8", structured=json_ld()).encode("cp1256", "xmlcharrefreplace")

    assert parse(tmp_path, data).headline == HEADLINE


def test_an_arabic_page_declaring_latin1_is_read_as_windows_1256(tmp_path: Path) -> None:
    # Old Arabic sites served Windows-1256 under an ISO-8859-1 label; their readers' browsers
    # were set to Arabic anyway.
    data = saved_page(charset="iso-8859-1", structured=json_ld()).encode(
        "cp1256", "xmlcharrefreplace"
    )

    assert parse(tmp_path, data).headline == HEADLINE


def test_a_byte_order_mark_beats_the_declared_charset(tmp_path: Path) -> None:
    page = saved_page(charset="windows-1256", structured=json_ld())

    assert parse(tmp_path, page.encode("utf-8-sig"), "bom8.html").headline == HEADLINE
    assert parse(tmp_path, page.encode("utf-16"), "bom16.html").headline == HEADLINE


def test_a_page_in_another_language_and_legacy_charset_is_detected(tmp_path: Path) -> None:
    page = """<html><head><title>x</title></head><body><article><h1>Le gouvernement adopte
    le plan de transport</h1><p>Le conseil des ministres a adopté vendredi un plan de transport
    public sur cinq ans, une étape très attendue par les habitants de la capitale élargie.</p>
    <p>Le financement de la première phase est estimé à environ cent vingt millions de dollars,
    selon le communiqué officiel publié après la séance à Beyrouth.</p>
    <p>Publié le <time datetime="2021-07-23T20:02">23 juillet 2021</time></p></article>
    </body></html>"""

    record = parse(tmp_path, page.encode("cp1252"))

    assert "adopté vendredi" in texts(record)[0][1]


def test_an_http_equiv_or_xml_declaration_names_the_charset(tmp_path: Path) -> None:
    http_equiv = '<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-6">'
    page = saved_page(charset=None, structured=json_ld()).replace("<head>", "<head>" + http_equiv)
    xhtml = '<?xml version="1.0" encoding="windows-1256"?>\n' + saved_page(
        charset=None, structured=json_ld()
    ).replace("<!DOCTYPE html>", "")

    legacy = parse(tmp_path, page.encode("iso8859_6", "xmlcharrefreplace"), "legacy.html")
    declared = parse(tmp_path, xhtml.encode("cp1256", "xmlcharrefreplace"), "xhtml.html")

    assert legacy.headline == declared.headline == HEADLINE
    assert texts(legacy) == texts(declared) == EXPECTED_BODY


def test_a_page_saved_gzipped_is_read(tmp_path: Path) -> None:
    data = gzip.compress(saved_page(structured=json_ld()).encode())

    assert parse(tmp_path, data, "page.html.gz").headline == HEADLINE


def test_arabic_presentation_forms_become_letters(tmp_path: Path) -> None:
    # ﻻ (U+FEFB) and ﷲ (U+FDF2) are glyph codes old tools left in copy.
    page = saved_page(
        structured=json_ld(headline="ﻻ اتفاق على خطة النقل"),
        headline="ﻻ اتفاق على خطة النقل",
        paragraphs=(PARAGRAPHS[0].replace("لا", "ﻻ"), *PARAGRAPHS[1:]),
    )

    record = parse(tmp_path, page)

    assert record.headline == "لا اتفاق على خطة النقل"
    assert not any("\ufefb" in text for _, text in texts(record))
    assert "ولا سيما" in PARAGRAPHS[2] and texts(record)[0][1] == PARAGRAPHS[0]


# --- Facts -----------------------------------------------------------------------------------


def test_json_ld_gives_the_facts_and_the_furniture_stays_out(tmp_path: Path) -> None:
    record = parse(tmp_path, saved_page(structured=json_ld()))

    assert record.source_key == f"url:{URL}"
    assert record.source_url == URL
    assert record.section == "سياسة"
    assert record.updated_at == datetime(2021, 7, 24, 6, 30, tzinfo=UTC)
    assert record.tags == ("لبنان", "النقل العام", "بيروت")
    assert record.summary == "خطة على خمس سنوات تبدأ بخطوط الحافلات بين المدن."
    assert record.lead_image is not None
    assert record.lead_image.url == "https://www.almodon.com/uploads/2021/07/bus-1200x800.jpg"
    assert record.image_caption == "حافلة نقل عام في وسط بيروت"
    assert record.image_credit == "رويترز"
    body = " ".join(text for _, text in texts(record))
    for furniture in FURNITURE:
        assert furniture not in body, furniture
    assert HEADLINE not in body


def test_opengraph_gives_the_facts_where_there_is_no_json_ld(tmp_path: Path) -> None:
    record = parse(
        tmp_path,
        saved_page(structured=None, extra_head=f'<meta name="author" content="{AUTHOR}">'),
    )

    assert record.headline == HEADLINE
    assert record.published_at == datetime(2021, 7, 23, 17, 2, tzinfo=UTC)
    assert record.section == "أخبار لبنان"
    assert record.authors == (AUTHOR,)
    assert record.source_key == f"url:{URL}"
    assert record.lead_image is not None
    # The caption and alt text come from the figure that shows the og:image in the page.
    assert record.image_caption == "حافلة نقل عام في وسط بيروت (رويترز)"
    assert record.lead_image.alt == "حافلة في بيروت"
    assert texts(record) == EXPECTED_BODY


def test_json_ld_inside_a_graph_is_found(tmp_path: Path) -> None:
    graph = {
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "WebSite", "name": "المدن", "url": "https://www.almodon.com/"},
            {"@type": "BreadcrumbList", "itemListElement": []},
            json_ld(**{"@context": None, "headline": "عنوان من الرسم البياني للبيانات"}),
        ],
    }

    record = parse(tmp_path, saved_page(structured=graph, opengraph=False))

    assert record.headline == "عنوان من الرسم البياني للبيانات"
    assert record.authors == (AUTHOR,)


def test_broken_or_odd_json_ld_is_passed_over(tmp_path: Path) -> None:
    odd = (
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": [1, 2], '
        '"datePublished": {"x": 1}, "author": 5}</script>'
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": </script>'
    )

    record = parse(tmp_path, saved_page(structured=None, extra_head=odd))

    assert record.headline == HEADLINE  # from og:title
    assert record.published_at == datetime(2021, 7, 23, 17, 2, tzinfo=UTC)


def test_json_ld_strings_escaped_as_html_are_unescaped(tmp_path: Path) -> None:
    page = saved_page(structured=json_ld(headline="واشنطن &quot;تسحب&quot; قواتها من العراق"))

    assert parse(tmp_path, page).headline == 'واشنطن "تسحب" قواتها من العراق'


def test_a_time_without_a_zone_is_read_in_the_imports_zone(tmp_path: Path) -> None:
    page = saved_page(
        structured=json_ld(datePublished="2021-07-23T20:02:00", dateModified=None),
        opengraph=False,
    )

    record = parse(tmp_path, page)

    assert record.published_at == datetime(2021, 7, 23, 20, 2, tzinfo=ZoneInfo("Asia/Riyadh"))
    assert record.updated_at is None


def test_an_agency_author_is_the_byline_not_a_person(tmp_path: Path) -> None:
    page = saved_page(
        structured=json_ld(author={"@type": "Organization", "name": "الوكالة الوطنية للإعلام"})
    )

    record = parse(tmp_path, page)

    assert record.authors == ()
    assert record.byline == "الوكالة الوطنية للإعلام"


def test_sections_are_mapped_like_the_other_formats(tmp_path: Path) -> None:
    options = ImportOptions(
        time_zone="Asia/Riyadh", default_section="أخبار", section_map={"سياسة": "شؤون لبنانية"}
    )
    path = write(tmp_path, saved_page(structured=json_ld()))

    record = read_one(path, options)

    assert isinstance(record, ArticleRecord) and record.section == "شؤون لبنانية"


def test_a_bare_page_falls_back_to_what_trafilatura_reads(tmp_path: Path) -> None:
    page = f"""<html><head><title>{HEADLINE} - المدن</title></head><body>
    <div class="nav"><a href="/">الرئيسية</a> <a href="/x">سياسة</a></div>
    <div class="post"><h1>{HEADLINE}</h1><p class="date">نشر في 2021-07-23</p>
    {"".join(f"<p>{p}</p>" for p in PARAGRAPHS)}</div></body></html>"""

    record = parse(tmp_path, page)

    assert record.headline == HEADLINE
    assert record.published_at == datetime(2021, 7, 23, tzinfo=ZoneInfo("Asia/Riyadh"))
    assert record.section == "أخبار"
    assert [text for _, text in texts(record)][-3:] == list(PARAGRAPHS[1:])


def test_without_a_url_the_key_is_the_files_content(tmp_path: Path) -> None:
    data = saved_page(structured=json_ld(mainEntityOfPage=None), opengraph=False).encode()

    first = parse(tmp_path, data, "a.html")
    again = parse(tmp_path, data, "copy-of-a.html")

    assert first.source_key == again.source_key == f"html:{hashlib.sha256(data).hexdigest()}"


def test_the_url_a_browser_noted_when_saving_is_the_key(tmp_path: Path) -> None:
    page = "<!-- saved from url=(0044)https://www.almodon.com/politics/2021/7/23/x -->\n"
    page += saved_page(structured=json_ld(mainEntityOfPage=None), opengraph=False)

    record = parse(tmp_path, page)

    assert record.source_key == "url:https://www.almodon.com/politics/2021/7/23/x"


def test_photos_saved_beside_the_page_are_named_by_their_path(tmp_path: Path) -> None:
    figure = '<figure><img src="page_files/map.png"><figcaption>خريطة الخطوط</figcaption></figure>'
    record = parse(tmp_path, saved_page(structured=json_ld(), extra_body=figure))

    images = [block for block in record.body if block.kind == "image"]
    assert [block.text for block in images] == ["page_files/map.png"]
    assert [(ref.url, ref.path) for ref in record.images] == [
        ("page_files/map.png", "page_files/map.png")
    ]


def test_nothing_of_the_pages_markup_is_trusted(tmp_path: Path) -> None:
    hostile = (
        '<p onclick="steal()">وأوضح البيان أن تفاصيل الخطة منشورة على '
        '<a href="javascript:alert(1)">موقع الوزارة</a> وفي '
        '<a href="https://example.org/ok" onmouseover="x()">الجريدة الرسمية</a>'
        "<script>alert(1)</script>، وأن المناقصات الأولى ستُطرح خلال الأسابيع المقبلة أمام "
        "الشركات المحلية والأجنبية على حد سواء.</p>"
    )
    record = parse(tmp_path, saved_page(structured=json_ld(), extra_body=hostile))

    markup = " ".join(block.text for block in record.body)
    assert "javascript:" not in markup and "onclick" not in markup
    assert "onmouseover" not in markup and "<script" not in markup and "alert" not in markup
    assert '<a href="https://example.org/ok">الجريدة الرسمية</a>' in markup
    assert "على موقع الوزارة وفي" in markup


def test_corpus_articles_laid_out_as_saved_pages_keep_every_paragraph(
    tmp_path: Path, corpus: Path
) -> None:
    # Real Arabic news text (SaudiNewsNet), each article set in the page above: what the
    # extractor keeps must be exactly the article's paragraphs, in order.
    from html import escape

    from jarida.arabic import clean

    checked = 0
    with gzip.open(corpus, "rt", encoding="utf-8") as lines:
        for n, line in enumerate(lines):
            if n == 40:
                break
            item = json.loads(line)
            paragraphs = [" ".join(clean(p).split()) for p in item["content"].split("\n")]
            paragraphs = [p for p in paragraphs if p]
            title = " ".join(clean(item["title"]).split())
            page = saved_page(
                structured=json_ld(headline=title, mainEntityOfPage=item["url"]),
                headline=escape(title),
                paragraphs=tuple(escape(p) for p in paragraphs),
            )

            record = parse(tmp_path, page, f"{n}.html")

            assert record.headline == title
            assert [text for kind, text in texts(record) if kind == "rich"] == paragraphs, n
            checked += 1
    assert checked == 40


# --- Bad input -------------------------------------------------------------------------------


def test_an_empty_file_fails_with_a_reason(tmp_path: Path) -> None:
    assert "empty file" in error_for(tmp_path, b"")
    assert "empty file" in error_for(tmp_path, b" \n\r\n\t", "blank.html")


def test_a_file_that_is_not_html_fails_with_a_reason(tmp_path: Path) -> None:
    message = error_for(tmp_path, "بيان صحافي\nأقرّ مجلس الوزراء خطة النقل.\n", "notes.htm")

    assert "not an HTML page" in message


def test_binary_junk_fails_with_a_reason(tmp_path: Path) -> None:
    message = error_for(tmp_path, bytes(range(256)) * 40, "junk.html")

    assert "binary" in message or "not UTF-8" in message


def test_a_huge_file_fails_without_being_read_whole(tmp_path: Path) -> None:
    data = saved_page(structured=json_ld()).encode()
    data += b" " * (html.MAX_BYTES - len(data) + 1)

    assert "larger than 20 MB" in error_for(tmp_path, data)


def test_an_mhtml_archive_fails_with_what_to_do(tmp_path: Path) -> None:
    archive = "From: <Saved by Blink>\nSnapshot-Content-Location: https://x\nMIME-Version: 1.0\n"

    assert "MHTML" in error_for(tmp_path, archive, "page.mhtml")


def test_a_page_without_article_text_fails_with_a_reason(tmp_path: Path) -> None:
    page = (
        '<html><head><meta property="og:title" content="الصفحة الرئيسية"></head><body>'
        '<nav><a href="/a">سياسة</a> <a href="/b">اقتصاد</a></nav></body></html>'
    )

    assert "no article text" in error_for(tmp_path, page)


def test_a_page_without_a_date_fails_with_a_reason(tmp_path: Path) -> None:
    page = f"<html><head><title>{HEADLINE}</title></head><body><article><h1>{HEADLINE}</h1>"
    page += "".join(f"<p>{p}</p>" for p in PARAGRAPHS) + "</article></body></html>"

    assert "no publication date" in error_for(tmp_path, page)


def test_files_saved_with_a_page_are_skipped_not_failed(tmp_path: Path) -> None:
    item = read_one(write(tmp_path, b"\xff\xd8\xff\xe0 jpeg", "bus.jpg"))

    assert isinstance(item, Skipped) and "not a page" in item.reason


@hypothesis_settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    content=st.one_of(
        st.binary(max_size=3000),
        st.text(max_size=2000).map(lambda t: f"<html><body><p>{t}</p></body></html>".encode()),
    )
)
def test_any_bytes_give_a_record_or_a_parse_error(tmp_path: Path, content: bytes) -> None:
    path = write(tmp_path, content, "fuzz.html")

    items = list(html.read(path, OPTIONS))

    assert len(items) == 1 and isinstance(items[0], ArticleRecord | ParseError)


# --- Through the command ---------------------------------------------------------------------


def saved_folder(tmp_path: Path) -> Path:
    """Three pages, one per encoding, as "Web Page, complete" leaves them: each beside its
    `_files` folder of photos, styles and scripts."""
    folder = tmp_path / "saved"
    folder.mkdir()
    for n, (label, codec) in enumerate(ENCODINGS, start=1):
        page = saved_page(
            charset=label,
            structured=json_ld(
                headline=f"{HEADLINE} {n}",
                mainEntityOfPage=f"{URL}-{n}",
                datePublished=f"2021-07-2{n}T20:02:00",
                dateModified=None,
            ),
            headline=f"{HEADLINE} {n}",
        )
        (folder / f"page-{n}.html").write_bytes(page.encode(codec, errors="xmlcharrefreplace"))
        assets = folder / f"page-{n}_files"
        assets.mkdir()
        (assets / "site.css").write_text("body { direction: rtl }")
        (assets / "app.js").write_text("console.log(1)")
    return folder


def paragraph_texts(article: ArticlePage) -> list[str]:
    """The article's paragraph blocks as a reader sees their text."""
    from bs4 import BeautifulSoup

    return [
        " ".join(BeautifulSoup(block.value.source, "html.parser").get_text().split())
        for block in article.body
        if block.block_type == "paragraph"
    ]


@pytest.mark.django_db
def test_saved_pages_import_through_the_command_and_again_unchanged(tmp_path: Path) -> None:
    folder = saved_folder(tmp_path)

    status, lines, err = run("--format", "html", str(folder))

    assert status == 0, (lines, err)
    assert [line.split(" ")[0] for line in lines].count("created") == 3
    assert [line.split(" ")[0] for line in lines].count("skipped") == 6
    zone = ZoneInfo(settings.NEWSROOM_TIME_ZONE)
    for n in (1, 2, 3):
        article = ArticlePage.objects.get(title=f"{HEADLINE} {n}")
        assert article.live
        assert article.get_parent().title == "سياسة"
        # The page's naive time is the newsroom's local time.
        assert article.first_published_at == datetime(2021, 7, 20 + n, 20, 2, tzinfo=zone)
        assert [a.author.name for a in article.article_authors.all()] == [AUTHOR]
        assert paragraph_texts(article) == list(PARAGRAPHS)
        body = str(article.body)
        assert QUOTE in body and "الأكثر قراءة" not in body
        assert article.source_record.source_key == f"url:{URL}-{n}"

    again = run("--format", "html", str(folder))

    assert again[0] == 0
    assert [line.split(" ")[0] for line in again[1]].count("unchanged") == 3
    assert ArticlePage.objects.count() == 3
    assert SourceRecord.objects.count() == 3


@pytest.mark.django_db
def test_a_bad_page_fails_alone_and_the_others_import(tmp_path: Path) -> None:
    good = tmp_path / "a-good.html"
    good.write_text(saved_page(structured=json_ld()), encoding="utf-8")
    (tmp_path / "b-empty.html").write_bytes(b"")
    (tmp_path / "c-junk.html").write_bytes(bytes(range(256)) * 40)

    status, lines, err = run("--format", "html", str(tmp_path))

    assert status == 1
    assert [line.split(" ")[0] for line in lines] == ["created", "failed", "failed"]
    assert "b-empty.html: empty file" in lines[1]
    assert "c-junk.html" in lines[2]
    assert ArticlePage.objects.get().title == HEADLINE
    assert "1 created" in err and "2 failed" in err


@pytest.mark.django_db
def test_the_reference_page_saved_as_html_imports_its_ten_paragraphs(
    tmp_path: Path, reference_page: Path
) -> None:
    # The reference capture's headline and body, laid out as the site's HTML page would be.
    lines = reference_page.read_text(encoding="utf-8").splitlines()
    headline = "واشنطن قد تسحب قواتها المقاتلة من العراق نهاية 2021"
    markers = [i for i, line in enumerate(lines) if "حجم الخط" in line]
    paragraphs = tuple(
        " ".join(line.split()) for line in lines[markers[0] + 1 : markers[1]] if line.strip()
    )
    assert len(paragraphs) == 10
    page = saved_page(
        charset="windows-1256",
        structured=json_ld(
            headline=headline,
            datePublished="2021-07-23T20:02:00+03:00",
            mainEntityOfPage="https://www.almodon.com/arabworld/2021/7/23/iraq",
        ),
        headline=headline,
        paragraphs=paragraphs,
    )
    path = tmp_path / "almodon.html"
    path.write_bytes(page.encode("cp1256", errors="xmlcharrefreplace"))

    status, lines_out, err = run("--format", "html", str(path))

    assert status == 0, (lines_out, err)
    article = ArticlePage.objects.get(title=headline)
    assert article.first_published_at == datetime(2021, 7, 23, 17, 2, tzinfo=UTC)
    assert paragraph_texts(article) == list(paragraphs)


@pytest.mark.django_db
def test_photos_saved_with_the_page_are_imported_from_media(tmp_path: Path) -> None:
    from PIL import Image

    folder = tmp_path / "saved"
    (folder / "page_files").mkdir(parents=True)
    Image.new("RGB", (64, 48), "navy").save(folder / "page_files" / "bus.jpg")
    Image.new("RGB", (40, 40), "olive").save(folder / "page_files" / "map.png")
    figure = '<figure><img src="page_files/map.png"><figcaption>خريطة الخطوط</figcaption></figure>'
    page = saved_page(structured=None, extra_body=figure)
    (folder / "page.html").write_text(page, encoding="utf-8")

    status, lines, err = run("--format", "html", "--media", str(folder), str(folder))

    assert status == 0, (lines, err)
    article = ArticlePage.objects.get()
    # The og:image names the photo on the site; the browser saved it as page_files/bus.jpg.
    assert article.lead_image is not None
    assert article.lead_image.caption == "حافلة نقل عام في وسط بيروت (رويترز)"
    assert article.lead_image.credit == "© رويترز"
    images = [block.value for block in article.body if block.block_type == "image"]
    assert len(images) == 1 and images[0]["caption"] == "خريطة الخطوط"
    assert images[0]["image"].pk != article.lead_image.pk
