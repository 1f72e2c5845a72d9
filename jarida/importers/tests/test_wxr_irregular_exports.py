"""Exports as they come from old, hand-edited or plugin-made WordPress sites, imported as an
operator runs `import_articles --format wxr`: items without dates, a `]]>` left unescaped in
a CDATA section, links to the old site under its punycode name, a file with no posts.

WordPress's own importer reads each of these (its regex parser, its "date it now" rule), so
an archive that moved from it once must come in here too, with a note saying what was done.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import unquote

import pytest
from PIL import Image

from jarida.images.models import NewsImage
from jarida.importers.models import SourceRecord
from jarida.importers.tests.test_wxr_import import ITEM, WXR
from jarida.importers.tests.wxr import run
from jarida.news.models import ArticlePage

pytestmark = pytest.mark.django_db


def write(tmp_path: Path, text: str, name: str = "export.xml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def undated(item: str) -> str:
    return item.replace("<wp:post_date>2024-03-14 09:15:00</wp:post_date>", "").replace(
        "<wp:post_date_gmt>0000-00-00 00:00:00</wp:post_date_gmt>", ""
    )


def test_an_item_with_no_dates_takes_its_pubdate_or_the_exports_and_says_so(tmp_path: Path, client):
    with_pubdate = undated(
        ITEM.format(id=21, status="publish", title="خبر قديم", content="نص")
    ).replace("</title>", "</title><pubDate>Thu, 05 Jan 2012 14:30:46 +0000</pubDate>")
    without = undated(ITEM.format(id=22, status="publish", title="خبر بلا تاريخ", content="نص"))
    text = WXR.format(items=with_pubdate + without).replace(
        "<channel>", "<channel><pubDate>Mon, 01 Jul 2019 08:00:00 +0000</pubDate>", 1
    )
    path = write(tmp_path, text)

    status, lines, _ = run(str(path))
    again_status, again, _ = run(str(path))

    assert status == 0, lines
    old = ArticlePage.objects.get(source_record__source_key="wxr:old.example:21")
    dateless = ArticlePage.objects.get(source_record__source_key="wxr:old.example:22")
    assert old.first_published_at == datetime(2012, 1, 5, 14, 30, 46, tzinfo=UTC)
    # No date of its own: the export's (the channel's pubDate), which a re-run keeps.
    assert dateless.first_published_at == datetime(2019, 7, 1, 8, 0, tzinfo=UTC)
    assert client.get(dateless.url).status_code == 200
    note = SourceRecord.objects.get(article=dateless).note
    assert "بلا تاريخ" in note and "no date" in note
    assert SourceRecord.objects.get(article=old).note == ""
    assert again_status == 0
    assert sum(line.startswith("unchanged ") for line in again) == 2


def test_an_undated_item_in_an_export_without_a_date_is_dated_by_the_file(tmp_path: Path):
    item = undated(ITEM.format(id=5, status="publish", title="خبر", content="نص"))
    path = write(tmp_path, WXR.format(items=item))
    os.utime(path, (1_600_000_000, 1_600_000_000))

    status, lines, _ = run(str(path))

    assert status == 0, lines
    article = ArticlePage.objects.get(source_record__source_key="wxr:old.example:5")
    assert article.first_published_at == datetime.fromtimestamp(1_600_000_000, UTC)


CRAZY = "نص فيه <![CDATA[ وسم ]]> :)"


def test_an_unescaped_cdata_end_is_read_as_wordpress_reads_it(tmp_path: Path, client):
    # `]]>` inside a CDATA section, as WordPress before 2.9 exported it: not XML at all.
    items = ITEM.format(id=31, status="publish", title="مقال أول", content="قبل ]]> بعد")
    items += ITEM.format(id=32, status="publish", title="مقال ثان", content=CRAZY)
    items += ITEM.format(
        id=33, status="publish", title="مقال ثالث", content="سليم ]]]]><![CDATA[> تماماً"
    )
    path = write(tmp_path, WXR.format(items=items))

    status, lines, _ = run(str(path))

    assert status == 0, lines
    first = ArticlePage.objects.get(source_record__source_key="wxr:old.example:31")
    third = ArticlePage.objects.get(source_record__source_key="wxr:old.example:33")
    page = client.get(first.url).content.decode()
    assert "قبل ]]&gt; بعد" in page
    # The one escape WordPress writes reads back as the `]]>` it stands for.
    assert "سليم ]]&gt; تماماً" in client.get(third.url).content.decode()
    assert "]]>" in SourceRecord.objects.get(article=first).note
    assert ArticlePage.objects.filter(source_record__source_key="wxr:old.example:32").exists()


def test_a_well_formed_export_is_never_rewritten(tmp_path: Path):
    path = write(
        tmp_path,
        WXR.format(
            items=ITEM.format(id=41, status="publish", title="خبر", content="أ ]]]]><![CDATA[> ب")
        ),
    )

    status, lines, _ = run(str(path))

    assert status == 0, lines
    assert SourceRecord.objects.get().note == ""


def test_a_cut_file_still_fails_with_where_it_breaks(tmp_path: Path):
    text = WXR.format(items=ITEM.format(id=51, status="publish", title="خبر", content="نص ]]> نص"))
    path = write(tmp_path, text[: text.index("</item>")])

    status, lines, _ = run(str(path))

    assert status == 1
    assert "not well-formed" in lines[-1] and "تالف" in lines[-1]
    assert ArticlePage.objects.count() == 0


def test_an_export_of_terms_and_users_only_says_there_is_nothing_to_import(tmp_path: Path):
    path = write(tmp_path, WXR.format(items=""))

    status, lines, _ = run(str(path))

    assert status == 1
    assert "no posts or pages" in lines[0] and "1 categories, 1 authors" in lines[0]
    assert "empty" not in lines[0]


def test_a_link_to_the_old_site_under_its_punycode_name_is_kept_as_its_old_path(
    tmp_path: Path, client
):
    arabic_host = "https://xn--mgbh0fb.xn--ngbrx"  # مثال.عرب
    target = ITEM.format(id=61, status="publish", title="خبر الأمس", content="نص")
    linking = ITEM.format(
        id=62,
        status="publish",
        title="الوزير يرد",
        content=f'<p>كما في <a href="{arabic_host}/?p=61">خبر الأمس</a> و'
        '<a href="https://www.مثال.عرب/?p=61">هنا</a> و'
        '<a href="https://مثال.عربي/?p=61">ليس هنا</a>.</p>',
    )
    text = WXR.format(items=target + linking).replace("https://old.example", "https://مثال.عرب")
    path = write(tmp_path, text)

    status, lines, _ = run(str(path))

    assert status == 0, lines
    page = ArticlePage.objects.get(source_record__source_key="wxr:مثال.عرب:62")
    html = client.get(page.url).content.decode()
    assert html.count('href="/?p=61"') == 2
    assert 'href="https://مثال.عربي/?p=61"' in html
    assert client.get("/?p=61").status_code == 301


def test_audio_and_video_become_links_to_their_recordings_never_players(tmp_path: Path, client):
    content = (
        "مقدمة\n\n"
        '[audio mp3="https://old.example/wp-content/uploads/2020/01/interview.mp3"][/audio]\n\n'
        '<video controls><source src="https://cdn.example/clip.webm" type="video/webm"></video>\n\n'
        '[video src="javascript:alert(1)"][/video]<audio src="javascript:alert(2)"></audio>خاتمة'
    )
    path = write(
        tmp_path,
        WXR.format(items=ITEM.format(id=71, status="publish", title="مقابلة", content=content)),
    )

    status, lines, _ = run(str(path))

    assert status == 0, lines
    assert not any("unknown shortcode" in line for line in lines)
    html = client.get(ArticlePage.objects.get().url).content.decode()
    # On the old site's own host, like every link to it: its path, which the site may serve.
    assert 'href="/wp-content/uploads/2020/01/interview.mp3"' in html
    assert 'href="https://cdn.example/clip.webm"' in html
    assert "javascript:" not in html and "<audio" not in html and "<video" not in html
    assert (
        html.index("مقدمة")
        < html.index("interview.mp3")
        < html.index("clip.webm")
        < html.index("خاتمة")
    )


def seo_item(post_id: int, meta: dict[str, str]) -> str:
    item = ITEM.format(id=post_id, status="publish", title=f"خبر {post_id}", content="نص الخبر")
    rows = "".join(
        f"<wp:postmeta><wp:meta_key>{key}</wp:meta_key>"
        f"<wp:meta_value><![CDATA[{value}]]></wp:meta_value></wp:postmeta>"
        for key, value in meta.items()
    )
    return item.replace(
        "</category>",
        '</category><category domain="category" nicename="lebanon"><![CDATA[لبنان]]></category>',
    ).replace("</item>", f"{rows}</item>")


def test_the_seo_plugins_primary_category_and_description_come_along(tmp_path: Path, client):
    # Two top-level categories: سياسة (term 3, listed first) and لبنان (term 4).
    items = seo_item(
        81, {"_yoast_wpseo_primary_category": "4", "_yoast_wpseo_metadesc": "وصف كتبه المحرر"}
    )
    items += seo_item(82, {"rank_math_primary_category": "4", "rank_math_description": ""})
    items += seo_item(83, {"_yoast_wpseo_metadesc": "%%title%% %%sep%% %%sitename%%"})
    text = WXR.format(items=items).replace(
        "</wp:category>",
        "</wp:category><wp:category><wp:term_id>4</wp:term_id><wp:category_nicename>lebanon"
        "</wp:category_nicename><wp:category_parent></wp:category_parent>"
        "<wp:cat_name><![CDATA[لبنان]]></wp:cat_name></wp:category>",
        1,
    )
    path = write(tmp_path, text)

    status, lines, _ = run(str(path))

    assert status == 0, lines
    yoast, rank_math, plain = (
        ArticlePage.objects.get(source_record__source_key=f"wxr:old.example:{n}")
        for n in (81, 82, 83)
    )
    assert yoast.get_parent().title == rank_math.get_parent().title == "لبنان"
    assert plain.get_parent().title == "سياسة"
    assert "سياسة" in [tag.name for tag in yoast.tags.all()]
    assert (
        '<meta name="description" content="وصف كتبه المحرر">'
        in client.get(yoast.url).content.decode()
    )
    assert "%%" not in plain.summary and "%%" not in client.get(plain.url).content.decode()


def test_a_photos_old_upload_address_answers_301_to_its_file_here(tmp_path: Path, client):
    uploads = tmp_path / "uploads"
    (uploads / "2020" / "01").mkdir(parents=True)
    Image.new("RGB", (60, 40), (10, 90, 120)).save(uploads / "2020" / "01" / "قصر.jpg", "JPEG")
    sized = "https://old.example/wp-content/uploads/2020/01/%D9%82%D8%B5%D8%B1-300x200.jpg"
    content = f'<p>مقدمة</p><img src="{sized}" alt="القصر"><p>خاتمة</p>'
    path = write(
        tmp_path,
        WXR.format(items=ITEM.format(id=91, status="publish", title="قصر", content=content)),
    )

    status, lines, summary = run(str(path), "--media", str(uploads))
    again_status, _, _ = run(str(path), "--media", str(uploads))

    assert status == again_status == 0, lines
    image = NewsImage.objects.get()
    assert "photo links kept: 1" in summary
    for old in (
        "/wp-content/uploads/2020/01/%D9%82%D8%B5%D8%B1-300x200.jpg",
        "/wp-content/uploads/2020/01/قصر-300x200.jpg",
    ):
        response = client.get(old)
        assert response.status_code == 301, old
        assert response["Location"] == image.file.url
    assert client.get("/wp-content/uploads/2020/01/other.jpg").status_code == 404


def test_embeds_become_links_to_what_wordpress_embedded(tmp_path: Path, client):
    # Classic content: a URL alone on its line, which WordPress turns into a player.
    classic = (
        "مقدمة\n\nhttps://www.youtube.com/watch?v=abc&t=1\n\nhttps://old.example/?p=92\n\nخاتمة"
    )
    # Block-editor content: an embed block, its URL as the wrapper's text.
    blocks = (
        '<!-- wp:embed {"url":"https://twitter.com/x/status/1","type":"rich"} -->\n'
        '<figure class="wp-block-embed is-type-rich"><div class="wp-block-embed__wrapper">\n'
        "https://twitter.com/x/status/1\n</div><figcaption>تغريدة الوزير</figcaption></figure>\n"
        "<!-- /wp:embed -->"
    )
    items = ITEM.format(id=92, status="publish", title="خبر سابق", content="نص")
    items += ITEM.format(id=93, status="publish", title="تغطية", content=classic)
    items += ITEM.format(id=94, status="publish", title="تغريدة", content=blocks)
    path = write(tmp_path, WXR.format(items=items))

    status, lines, _ = run(str(path))

    assert status == 0, lines
    classic_page, block_page = (
        client.get(
            ArticlePage.objects.get(source_record__source_key=f"wxr:old.example:{n}").url
        ).content.decode()
        for n in (93, 94)
    )
    assert '<a href="https://www.youtube.com/watch?v=abc&amp;t=1">' in classic_page
    # The old site's own post, embedded there: its old path, which answers 301 to it here.
    assert '<a href="/?p=92">' in classic_page
    assert '<a href="https://twitter.com/x/status/1">' in block_page
    assert "تغريدة الوزير" in block_page


def test_a_file_that_is_no_photo_leaves_its_article_whole(tmp_path: Path, client):
    uploads = tmp_path / "uploads" / "2020" / "01"
    uploads.mkdir(parents=True)
    (uploads / "bad.jpg").write_text("not a photo")
    Image.new("RGB", (60, 40), (10, 90, 120)).save(uploads / "cut.jpg", "JPEG")
    (uploads / "cut.jpg").write_bytes((uploads / "cut.jpg").read_bytes()[:40])
    Image.new("RGB", (60, 40), (10, 90, 120)).save(uploads / "good.webp", "WEBP")
    base = "https://old.example/wp-content/uploads/2020/01/"
    content = "".join(f'<img src="{base}{name}">' for name in ("bad.jpg", "cut.jpg", "good.webp"))
    path = write(
        tmp_path,
        WXR.format(
            items=ITEM.format(id=95, status="publish", title="صور", content=f"<p>نص</p>{content}")
        ),
    )

    status, lines, summary = run(str(path), "--media", str(tmp_path / "uploads"))

    assert status == 0, lines
    article = ArticlePage.objects.get()
    assert [block.block_type for block in article.body] == ["paragraph", "image"]
    assert NewsImage.objects.count() == 1
    assert "photos unreadable (left out): 2" in summary
    assert "2020/01/bad.jpg" in summary and "2020/01/cut.jpg" in summary
    assert client.get(article.url).status_code == 200


def test_co_authors_come_with_the_post(tmp_path: Path, client):
    item = ITEM.format(id=96, status="publish", title="تحقيق مشترك", content="نص").replace(
        "</category>",
        '</category><category domain="author" nicename="cap-rana"><![CDATA[rana]]></category>'
        '<category domain="author" nicename="cap-sami-khoury"><![CDATA[سامي خوري]]></category>',
    )
    path = write(tmp_path, WXR.format(items=item))

    status, lines, _ = run(str(path))

    assert status == 0, lines
    article = ArticlePage.objects.get()
    names = [link.author.name for link in article.article_authors.all()]
    assert names == ["رنا حداد", "سامي خوري"]
    assert "سامي خوري" in client.get(article.url).content.decode()


def test_a_sites_own_post_types_come_in_when_the_operator_names_them(tmp_path: Path, client):
    opinion = ITEM.format(id=97, status="publish", title="رأي: الموازنة", content="نص").replace(
        "<wp:post_type>post</wp:post_type>", "<wp:post_type>opinion</wp:post_type>"
    )
    menu = ITEM.format(id=98, status="publish", title="القائمة", content="").replace(
        "<wp:post_type>post</wp:post_type>", "<wp:post_type>nav_menu_item</wp:post_type>"
    )
    path = write(tmp_path, WXR.format(items=opinion + menu))

    status, _, summary = run(str(path))
    assert status == 0
    assert ArticlePage.objects.count() == 0
    assert "post type opinion (--post-types post,opinion imports it): 1" in summary
    assert "skipped: post type nav_menu_item: 1" in summary

    status, lines, _ = run(str(path), "--post-types", "post, opinion")

    assert status == 0, lines
    article = ArticlePage.objects.get()
    assert article.title == "رأي: الموازنة"
    assert client.get("/?p=97").status_code == 301


def test_the_old_sites_feeds_answer_301_to_the_feeds_here(tmp_path: Path, client):
    item = ITEM.format(id=99, status="publish", title="الحكومة تقر الموازنة", content="نص").replace(
        "</category>",
        '</category><category domain="post_tag" nicename="budget"><![CDATA[الموازنة]]></category>',
    )
    path = write(tmp_path, WXR.format(items=item + item.replace("99", "100")))

    status, lines, _ = run(str(path))

    assert status == 0, lines
    politics = "/category/%d8%b3%d9%8a%d8%a7%d8%b3%d8%a9/feed/"
    for old, fmt in (
        ("/feed/", "rss"),
        ("/feed/rss2/", "rss"),
        ("/feed/atom/", "atom"),
        ("/?feed=rss2", "rss"),
        (politics, "rss"),
        ("/tag/budget/feed/", "rss"),
    ):
        response = client.get(old)
        assert response.status_code == 301, old
        feed = client.get(response["Location"])
        assert feed.status_code == 200, (old, response["Location"])
        assert feed["Content-Type"].startswith(f"application/{fmt}+xml"), old
        assert "الحكومة تقر الموازنة" in feed.content.decode(), old


ATTACHMENT = """<item><title>{title}</title>
<link>https://old.example/?attachment_id={id}</link>
<excerpt:encoded><![CDATA[{caption}]]></excerpt:encoded>
<wp:post_id>{id}</wp:post_id><wp:post_date>2021-07-23 10:00:00</wp:post_date>
<wp:post_name>a{id}</wp:post_name><wp:status>inherit</wp:status>
<wp:post_type>attachment</wp:post_type><wp:post_parent>{parent}</wp:post_parent>
<wp:attachment_url>https://old.example/wp-content/uploads/{file}</wp:attachment_url>
<wp:postmeta><wp:meta_key>_wp_attached_file</wp:meta_key>
<wp:meta_value><![CDATA[{file}]]></wp:meta_value></wp:postmeta>
</item>"""


def test_a_big_or_edited_photo_in_a_body_is_its_attachment_stored_once(tmp_path: Path, client):
    # What WordPress 5.3+ leaves in an uploads folder for one big photo: the original, the
    # scaled copy that is the attachment, and the sizes cut from the original. And a photo
    # edited after it went into the body: the attachment is the edited file, while the body
    # still names a size of the file before the edit; only `wp-image-ID` ties them.
    folder = tmp_path / "uploads" / "2021" / "07"
    folder.mkdir(parents=True)
    # Each file its own size, as WordPress cuts them: they are different bytes.
    for width, name in enumerate(("مرفأ.jpg", "مرفأ-scaled.jpg", "مرفأ-1024x683.jpg"), 40):
        Image.new("RGB", (width, 30), (10, 90, 120)).save(folder / name, "JPEG")
    for width, name in enumerate(("ساحة.jpg", "ساحة-300x200.jpg", "ساحة-e1627053012345.jpg"), 40):
        Image.new("RGB", (width, 30), (120, 40, 10)).save(folder / name, "JPEG")
    base = "https://old.example/wp-content/uploads/2021/07/"
    content = (
        f'<p>مقدمة</p><img class="size-large" src="{base}مرفأ-1024x683.jpg" alt="">'
        f'<p>وسط</p><figure class="wp-block-image"><img src="{base}ساحة-300x200.jpg" '
        'class="wp-image-72"/></figure><p>خاتمة</p>'
    )
    post = ITEM.format(id=70, status="publish", title="المرفأ بعد عام", content=content).replace(
        "</wp:post_password>",
        "</wp:post_password><wp:postmeta><wp:meta_key>_thumbnail_id</wp:meta_key>"
        "<wp:meta_value>71</wp:meta_value></wp:postmeta>",
    )
    items = post + ATTACHMENT.format(
        id=71,
        parent=70,
        title="المرفأ",
        caption="المرفأ صباحاً (أ ف ب)",
        file="2021/07/مرفأ-scaled.jpg",
    )
    items += ATTACHMENT.format(
        id=72,
        parent=70,
        title="الساحة",
        caption="الساحة © رويترز",
        file="2021/07/ساحة-e1627053012345.jpg",
    )
    path = write(tmp_path, WXR.format(items=items))

    status, lines, summary = run(str(path), "--media", str(tmp_path / "uploads"))

    assert status == 0, lines
    article = ArticlePage.objects.get()
    harbour, square = NewsImage.objects.get(title="المرفأ"), NewsImage.objects.get(title="الساحة")
    assert NewsImage.objects.count() == 2, summary
    assert article.lead_image == harbour
    assert [block.value["image"] for block in article.body if block.block_type == "image"] == [
        harbour,
        square,
    ]
    assert (harbour.credit, square.credit) == ("© أ ف ب", "© رويترز")
    assert client.get(article.url).status_code == 200


def test_archives_under_the_sites_own_category_and_tag_bases_answer_301(tmp_path: Path, client):
    from jarida.importers.tests.test_wxr_import import arabic_export

    path = arabic_export(tmp_path)

    status, lines, _ = run(str(path), "--category-base", "/قسم/", "--tag-base", "وسم")

    assert status == 0, lines
    politics = ArticlePage.objects.get(title="الحكومة تقر الموازنة").get_parent()
    for old in (
        "/قسم/%d8%b3%d9%8a%d8%a7%d8%b3%d8%a9/",
        "/%D9%82%D8%B3%D9%85/%D8%B3%D9%8A%D8%A7%D8%B3%D8%A9/",
        "/قسم/%d8%b3%d9%8a%d8%a7%d8%b3%d8%a9/feed/",
    ):
        response = client.get(old)
        assert response.status_code == 301, old
    assert client.get("/قسم/سياسة/")["Location"] == politics.url
    tag = client.get("/وسم/budget/")
    assert tag.status_code == 301 and client.get(tag["Location"]).status_code == 200
    # Not where WordPress's default bases would have put them.
    assert client.get("/tag/budget/").status_code == 404


def test_a_site_without_a_category_base_keeps_its_short_archive_links(tmp_path: Path, client):
    from jarida.importers.tests.test_wxr_import import arabic_export

    path = arabic_export(tmp_path)

    status, lines, _ = run(str(path), "--category-base", "")

    assert status == 0, lines
    politics = ArticlePage.objects.get(title="الحكومة تقر الموازنة").get_parent()
    # The section's old archive is at the address of its page here, or leads to it.
    response = client.get("/%d8%b3%d9%8a%d8%a7%d8%b3%d8%a9/", follow=True)
    assert response.status_code == 200
    assert response.wsgi_request.path == unquote(politics.url)
    # The child category is a tag here; its archive is under its parent's, as in WordPress.
    tag = client.get("/%d8%b3%d9%8a%d8%a7%d8%b3%d8%a9/lebanon/")
    assert tag.status_code == 301 and client.get(tag["Location"]).status_code == 200


def test_date_and_author_archives_answer_301_to_the_same_lists_here(tmp_path: Path, client):
    from jarida.importers.tests.test_wxr_import import arabic_export

    path = arabic_export(tmp_path)
    text = path.read_text(encoding="utf-8").replace(
        "</item>",
        '<category domain="author" nicename="cap-sami-khoury"><![CDATA[سامي خوري]]></category>'
        "</item>",
        1,
    )
    path.write_text(text, encoding="utf-8")

    status, lines, _ = run(str(path), "--time-zone", "Asia/Beirut")

    assert status == 0, lines
    budget = ArticlePage.objects.get(title="الحكومة تقر الموازنة")
    # Listed on its day in the old site's time (09:15 in Beirut), its month and its year.
    for old, new in (
        ("/2024/03/14/", "/archive/2024/3/14/"),
        ("/2024/03/", "/archive/2024/3/"),
        ("/2024/", "/archive/2024/"),
    ):
        response = client.get(old)
        assert (response.status_code, response["Location"]) == (301, new), old
        assert budget.title in client.get(new).content.decode()
    for old, name in (("/author/rana/", "رنا حداد"), ("/author/sami-khoury/", "سامي خوري")):
        response = client.get(old)
        assert response.status_code == 301, old
        page = client.get(response["Location"]).content.decode()
        assert name in page and budget.title in page


def test_wordpress_search_and_plain_date_archive_links_lead_to_the_same_pages(client):
    # No import needed: these are rules, answered whatever the archive holds.
    response = client.get("/?s=انفجار المرفأ")
    assert response.status_code == 301
    assert client.get(response["Location"]).wsgi_request.GET["q"] == "انفجار المرفأ"
    for stamp, new in (("20210723", "/archive/2021/7/23/"), ("202107", "/archive/2021/7/"),
                       ("2021", "/archive/2021/")):  # fmt: skip
        response = client.get(f"/?m={stamp}")
        assert (response.status_code, response["Location"]) == (301, new), stamp
    # Not a date: whatever the site root answers, as before.
    for stamp in ("20211341", "abc", "٢٠٢١", "2021071"):
        assert client.get(f"/?m={stamp}").status_code != 301, stamp


def test_a_reusable_block_shows_its_content_where_a_body_names_it(tmp_path: Path, client):
    # A synced pattern (reusable block) is a `wp_block` item; bodies name it by its id.
    block = ITEM.format(
        id=60,
        status="publish",
        title="تابعونا",
        content="<!-- wp:paragraph --><p>تابعونا على قناتنا</p><!-- /wp:paragraph -->"
        '<!-- wp:block {"ref":60} /-->',  # names itself: shown once
    ).replace("<wp:post_type>post</wp:post_type>", "<wp:post_type>wp_block</wp:post_type>")
    body = (
        "<!-- wp:paragraph --><p>نص الخبر</p><!-- /wp:paragraph -->\n"
        '<!-- wp:block {"ref":60} /-->\n<!-- wp:block {"ref":999} /-->'
    )
    post = ITEM.format(id=61, status="publish", title="خبر", content=body)
    path = write(tmp_path, WXR.format(items=block + post))

    status, lines, summary = run(str(path))

    assert status == 0, lines
    article = ArticlePage.objects.get()
    page = client.get(article.url).content.decode()
    assert "نص الخبر" in page
    assert page.count("تابعونا على قناتنا") == 1
    assert "wp:block" not in page
    assert "wp_block" in summary  # the block itself is no article: skipped, by its type


def test_a_post_whose_date_changed_keeps_its_old_dated_permalinks(tmp_path: Path, client):
    item = (
        ITEM.format(id=62, status="publish", title="الموازنة", content="نص")
        .replace(
            "<link>https://old.example/?p=62</link>",
            "<link>https://old.example/2024/03/14/budget/</link>",
        )
        .replace(
            "</wp:post_password>",
            "</wp:post_password>"
            "<wp:postmeta><wp:meta_key>_wp_old_date</wp:meta_key>"
            "<wp:meta_value>2024-03-13</wp:meta_value></wp:postmeta>"
            "<wp:postmeta><wp:meta_key>_wp_old_slug</wp:meta_key>"
            "<wp:meta_value>draft-budget</wp:meta_value></wp:postmeta>",
        )
    )
    path = write(tmp_path, WXR.format(items=item))

    status, lines, _ = run(str(path))

    assert status == 0, lines
    article = ArticlePage.objects.get()
    for old in (
        "/2024/03/14/budget/",
        "/2024/03/13/budget/",
        "/2024/03/14/draft-budget/",
        "/2024/03/13/draft-budget/",
    ):
        response = client.get(old)
        assert (response.status_code, response["Location"]) == (301, article.url), old


def test_a_posts_amp_copy_and_later_pages_lead_to_the_one_article(tmp_path: Path, client):
    content = "الصفحة الأولى<!--nextpage-->الصفحة الثانية<!--nextpage-->الصفحة الثالثة"
    item = ITEM.format(id=63, status="publish", title="تحقيق طويل", content=content).replace(
        "<link>https://old.example/?p=63</link>", "<link>https://old.example/تحقيق-طويل/</link>"
    )
    path = write(tmp_path, WXR.format(items=item))

    status, lines, _ = run(str(path))

    assert status == 0, lines
    article = ArticlePage.objects.get()
    page = client.get(article.url).content.decode()
    assert all(f"الصفحة {n}" in page for n in ("الأولى", "الثانية", "الثالثة"))
    for old in (
        "/تحقيق-طويل/amp/",
        "/تحقيق-طويل/2/",
        "/%D8%AA%D8%AD%D9%82%D9%8A%D9%82-%D8%B7%D9%88%D9%8A%D9%84/3/",
    ):
        response = client.get(old)
        assert (response.status_code, response["Location"]) == (301, article.url), old
    assert client.get("/تحقيق-طويل/4/").status_code == 404


def attachment_metadata(credit: str, copyright_notice: str, *, lengths_off_by: int = 0) -> str:
    """`_wp_attachment_metadata` as WordPress serialises it for an upload, with the credit it
    read from the file's IPTC; `lengths_off_by` spoils the byte lengths as a charset
    conversion of the database after the fact does."""

    def text(value: str) -> str:
        return f's:{len(value.encode()) + (lengths_off_by if value else 0)}:"{value}";'

    image_meta = {"aperture": "0", "credit": credit, "camera": "", "copyright": copyright_notice}
    fields = "".join(text(key) + text(value) for key, value in image_meta.items())
    return (
        'a:5:{s:5:"width";i:2560;s:6:"height";i:1707;s:4:"file";s:20:"2021/07/a-scaled.jpg";'
        f's:5:"sizes";a:0:{{}}s:10:"image_meta";a:{len(image_meta)}:{{{fields}}}}}'
    )


def test_a_photo_keeps_the_credit_wordpress_read_from_it_at_upload(tmp_path: Path, client):
    # WordPress serves a big upload from the `-scaled` copy it cut, and a copy cut with GD
    # has no IPTC: the file has no credit left, only the export's attachment metadata has it.
    folder = tmp_path / "uploads" / "2021" / "07"
    folder.mkdir(parents=True)
    files = ("مرفأ-scaled.jpg", "ساحة-scaled.jpg", "شارع-scaled.jpg")
    for width, name in enumerate(files, 40):
        Image.new("RGB", (width, 30), (10, 90, 120)).save(folder / name, "JPEG")
    base = "https://old.example/wp-content/uploads/2021/07/"
    content = (
        f'<p>مقدمة</p><img class="wp-image-82" src="{base}ساحة-scaled.jpg" alt="">'
        f'<p>وسط</p><img class="wp-image-83" src="{base}شارع-scaled.jpg" alt=""><p>خاتمة</p>'
    )
    post = ITEM.format(id=80, status="publish", title="المرفأ بعد عام", content=content).replace(
        "</wp:post_password>",
        "</wp:post_password><wp:postmeta><wp:meta_key>_thumbnail_id</wp:meta_key>"
        "<wp:meta_value>81</wp:meta_value></wp:postmeta>",
    )
    photos = (
        # (id, title, caption, credit, copyright, lengths off by)
        (81, "المرفأ", "المرفأ صباحاً", "Getty Images", "", 0),
        # An Arabic credit in an export whose database was converted after the fact.
        (82, "الساحة", "الساحة مساءً", "أ ف ب", "", 3),
        # The caption's own printed credit comes first.
        (83, "الشارع", "الشارع (رويترز)", "Getty Images", "2021 Getty Images", 0),
    )
    items = post
    for (photo_id, title, caption, credit, notice, off), file in zip(photos, files, strict=True):
        meta = attachment_metadata(credit, notice, lengths_off_by=off)
        items += (
            ATTACHMENT.format(
                id=photo_id, parent=80, title=title, caption=caption, file=f"2021/07/{file}"
            ).removesuffix("</item>")
            + "<wp:postmeta><wp:meta_key>_wp_attachment_metadata</wp:meta_key>"
            + f"<wp:meta_value><![CDATA[{meta}]]></wp:meta_value></wp:postmeta></item>"
        )
    path = write(tmp_path, WXR.format(items=items))

    status, lines, summary = run(str(path), "--media", str(tmp_path / "uploads"))

    assert status == 0, lines
    credits = {image.title: image.credit for image in NewsImage.objects.all()}
    assert credits == {"المرفأ": "© Getty Images", "الساحة": "© أ ف ب", "الشارع": "© رويترز"}
    assert "photos without credit" not in summary
    page = client.get(ArticlePage.objects.get().url).content.decode()
    assert "© Getty Images" in page and "© أ ف ب" in page and "© رويترز" in page
