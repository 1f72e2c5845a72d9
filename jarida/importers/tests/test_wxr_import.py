"""A WordPress archive brought in through `import_articles --format wxr`, on WordPress's own
test exports (../shared/fixtures/wordpress), as an operator runs it.

What each post should become is read from the export itself in the test (its status, link,
thumbnail, comments), never written down by hand.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from PIL import Image

from jarida.comments.models import Comment
from jarida.images.models import NewsImage
from jarida.importers.models import SourceRecord
from jarida.importers.tests.wxr import BLOCKS, THEME, export, run
from jarida.news.models import ArticlePage, InfoPage

pytestmark = pytest.mark.django_db


def field(item: ET.Element, local: str) -> str:
    for child in item:
        if child.tag.rsplit("}", 1)[-1] == local and (
            "wordpress.org/export" in child.tag or "}" not in child.tag
        ):
            return (child.text or "").strip()
    return ""


def posts(path: Path) -> list[dict[str, str]]:
    """Every `post` item of the export with what the test needs to know about it."""
    found = []
    channel = ET.parse(path).getroot().find("channel")
    assert channel is not None
    host = urlsplit(field(channel, "base_blog_url")).netloc
    for item in channel.iter("item"):
        if field(item, "post_type") != "post":
            continue
        meta = {
            field(m, "meta_key"): field(m, "meta_value")
            for m in item
            if m.tag.endswith("}postmeta")
        }
        found.append(
            {
                "id": field(item, "post_id"),
                "key": f"wxr:{host}:{field(item, 'post_id')}",
                "title": field(item, "title"),
                "link": field(item, "link"),
                "status": field(item, "status"),
                "password": field(item, "post_password"),
                "thumbnail": meta.get("_thumbnail_id", ""),
                "approved_comments": str(
                    sum(
                        1
                        for c in item
                        if c.tag.endswith("}comment")
                        and field(c, "comment_approved") == "1"
                        and field(c, "comment_type") not in ("pingback", "trackback")
                    )
                ),
            }
        )
    return found


def public(post: dict[str, str]) -> bool:
    return post["status"] == "publish" and not post["password"]


def article_of(post: dict[str, str]) -> ArticlePage:
    return ArticlePage.objects.get(source_record__source_key=post["key"])


def test_the_theme_export_imports_without_failure_then_reimports_unchanged():
    path = export(THEME)
    expected = [p for p in posts(path) if p["status"] != "trash"]

    status, lines, summary = run(str(path))
    again_status, again, _ = run(str(path))

    pages = InfoPage.objects.count()  # WordPress pages (test_wxr_pages_and_blocks)
    assert status == 0, [line for line in lines if line.startswith("failed")]
    assert sum(line.startswith("created ") for line in lines) == len(expected) + pages
    assert again_status == 0
    assert sum(line.startswith("unchanged ") for line in again) == len(expected) + pages
    assert not any(line.startswith(("created", "updated")) for line in again)
    assert ArticlePage.objects.count() == SourceRecord.objects.count() == len(expected)
    # The summary counts what was left out and why.
    assert "skipped: post type page" not in summary and f"pages: {pages}" in summary
    assert "photos left out (no --media)" in summary
    assert f"state: live: {sum(map(public, expected))}" in summary


def test_the_block_editor_export_becomes_blocks_without_html_left_in(client):
    path = export(BLOCKS)

    status, lines, _ = run(str(path))

    assert status == 0, [line for line in lines if line.startswith("failed")]
    kinds = {block.block_type for a in ArticlePage.objects.all() for block in a.body}
    assert {"paragraph", "subheading", "quote"} <= kinds
    for article in ArticlePage.objects.all():
        raw = json.dumps(list(article.body.raw_data), ensure_ascii=False)
        assert "<!-- wp:" not in raw
        assert "class=" not in raw and "style=" not in raw
    heading = ArticlePage.objects.get(title="Heading")
    response = client.get(heading.url)
    assert response.status_code == 200


def test_every_old_link_of_a_public_post_answers_301_to_its_article(client):
    path = export(THEME)
    run(str(path))

    checked = 0
    for post in filter(public, posts(path)):
        article = article_of(post)
        assert article.live
        old = urlsplit(post["link"]).path
        for form in {old, unquote(old)}:
            response = client.get(form)
            assert response.status_code == 301, (form, response.status_code)
            assert response["Location"] == article.url
        by_id = client.get(f"/?p={post['id']}")
        assert by_id.status_code == 301 and by_id["Location"] == article.url
        assert client.get(article.url).status_code == 200
        checked += 1
    assert checked > 40


def test_drafts_private_and_scheduled_posts_are_never_public(client):
    path = export(THEME)
    run(str(path))
    hidden = [p for p in posts(path) if not public(p) and p["status"] != "trash"]
    assert {p["status"] for p in hidden} >= {"draft", "future"}
    assert any(p["password"] for p in hidden)

    pages = [
        client.get("/").content.decode(),
        client.get("/feeds/rss/").content.decode(),
        client.get("/api/v1/articles/?limit=100").content.decode(),
        client.get("/sitemap.xml").content.decode(),
    ]
    for post in hidden:
        article = article_of(post)
        assert not article.live
        assert not ArticlePage.objects.published().filter(pk=article.pk).exists()
        # Its old link and `?p=` do not redirect: the new URL (its title) is never named.
        link = urlsplit(post["link"])
        for old in (f"{link.path}?{link.query}" if link.query else link.path, f"/?p={post['id']}"):
            response = client.get(old)
            assert response.status_code in (200, 404), old  # 404, or the home page for `?p=`
            assert not response.has_header("Location")
        assert client.get(article.url).status_code == 404
        assert client.get(f"/a/{article.pk}/").status_code == 404
        section_page = client.get(article.get_parent().url).content.decode()
        search = client.get("/search/", {"q": post["title"]}).content.decode()
        api_search = client.get("/api/v1/search/", {"q": post["title"]}).content.decode()
        for text in [*pages, section_page, search, api_search]:
            assert article.url not in text and unquote(article.url) not in text
            assert f"/a/{article.pk}/" not in text
        api = client.get(f"/api/v1/articles/{article.pk}/")
        assert api.status_code == 404
    password_post = article_of(next(p for p in hidden if p["password"]))
    assert "كلمة مرور" in password_post.source_record.note


def test_a_future_post_is_scheduled_for_wagtails_scheduler():
    path = export(THEME)
    run(str(path))
    future = next(p for p in posts(path) if p["status"] == "future")

    article = article_of(future)

    assert not article.live
    assert article.go_live_at is not None
    assert article.revisions.filter(approved_go_live_at=article.go_live_at).exists()


def test_approved_comments_come_in_approved_and_threaded():
    path = export(THEME)
    run(str(path))

    for post in filter(lambda p: p["status"] != "trash", posts(path)):
        article = article_of(post)
        approved = Comment.objects.filter(article=article).approved()
        assert approved.count() == int(post["approved_comments"]), post["title"]
    replies = Comment.objects.filter(parent__isnull=False)
    assert replies.exists()
    assert not replies.filter(parent__parent__isnull=False).exists()  # one level, as shown
    pending = Comment.objects.pending()
    assert all("ووردبريس" in c.held_because for c in pending)
    run(str(path))
    assert (
        Comment.objects.count()
        == replies.count() + Comment.objects.filter(parent__isnull=True).count()
    )


def test_photos_come_from_the_uploads_folder_once_each(tmp_path: Path):
    path = export(THEME)
    uploads = tmp_path / "uploads"
    attachments = {}
    channel = ET.parse(path).getroot().find("channel")
    assert channel is not None
    for item in channel.iter("item"):
        if field(item, "post_type") == "attachment":
            url = field(item, "attachment_url")
            relative = urlsplit(url).path.lstrip("/")
            attachments[field(item, "post_id")] = relative
            target = uploads / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            exif = Image.Exif()
            # The first photos carry an Arabic credit as agencies' tools write it: UTF-8,
            # Windows-1256, and one already mangled into mojibake by some earlier tool.
            credits = {1: "أ ف ب".encode(), 2: "رويترز".encode("cp1256"), 3: "Ø£ Ù Ø¨".encode()}
            if len(attachments) in credits:
                exif[0x013B] = credits[len(attachments)]
            Image.new("RGB", (40, 30), (len(attachments) * 5 % 255, 90, 120)).save(
                target, "JPEG", exif=exif
            )

    status, _, summary = run(str(path), "--media", str(uploads))
    images = NewsImage.objects.count()
    run(str(path), "--media", str(uploads))

    assert status == 0
    with_thumbnail = [
        p for p in posts(path) if p["thumbnail"] in attachments and p["status"] != "trash"
    ]
    assert with_thumbnail
    for post in with_thumbnail:
        assert article_of(post).lead_image is not None, post["title"]
    assert 0 < images <= len(attachments)
    assert NewsImage.objects.count() == images  # the second run stored nothing again
    assert "photos without credit" in summary
    credits = set(NewsImage.objects.values_list("credit", flat=True))
    assert {"© أ ف ب", "© رويترز"} <= credits
    assert not any("Ø" in credit or "Ù" in credit for credit in credits)
    assert NewsImage.objects.filter(tags__name="بلا حقوق").exists()


def test_script_handlers_and_javascript_urls_never_reach_the_body(tmp_path: Path, client):
    path = tmp_path / "hostile.xml"
    path.write_text(
        WXR.format(
            items=ITEM.format(
                id=7,
                status="publish",
                title="بيان الحكومة",
                content="<p>نص <a href='javascript:alert(1)'>رابط</a>"
                "<img src=x onerror=alert(2)></p><script>alert(3)</script>"
                "<p onclick='alert(4)'>فقرة <a href=' JaVa\tScript:alert(5)'>ثانية</a></p>"
                '[caption id="a"]<img src="https://old.example/wp-content/uploads/a.jpg">'
                ' تعليق الصورة © أ ف ب[/caption]\n\n[unknown_thing foo="1"]نهاية',
            )
        ),
        encoding="utf-8",
    )

    status, _, summary = run(str(path))

    assert status == 0
    article = ArticlePage.objects.get()
    raw = json.dumps(list(article.body.raw_data), ensure_ascii=False).lower()
    for bad in ("javascript", "script>", "onclick", "onerror", "alert("):
        assert bad not in raw
    assert "unknown shortcode [unknown_thing]: 1" in summary
    page = client.get(article.url).content.decode()
    assert "نهاية" in page and "<script>alert" not in page


def test_a_broken_file_keeps_what_came_before_and_a_rerun_completes_it(tmp_path: Path):
    path = export(THEME)
    text = path.read_text(encoding="utf-8")
    cut = text.index("<item>", len(text) // 2)
    broken = tmp_path / "cut.xml"
    broken.write_text(text[: cut + 200], encoding="utf-8")

    status, lines, _ = run(str(broken))
    first = ArticlePage.objects.count() + InfoPage.objects.count()  # posts and pages
    again_status, again, _ = run(str(path))

    assert status == 1
    assert "not well-formed" in lines[-1] and "تالف" in lines[-1]
    assert first > 0
    assert again_status == 0
    assert ArticlePage.objects.count() == SourceRecord.objects.count()
    # An item read before the fault may name attachments that come after it (a `[gallery]`
    # of the post's own photos, attachment pages): the full file completes it, "updated".
    assert sum(line.startswith(("unchanged ", "updated ")) for line in again) == first


def test_an_empty_or_missing_file_fails_alone(tmp_path: Path):
    empty = tmp_path / "empty.xml"
    empty.write_bytes(b"")
    good = tmp_path / "one.xml"
    good.write_text(
        WXR.format(items=ITEM.format(id=9, status="publish", title="خبر", content="نص الخبر")),
        encoding="utf-8",
    )

    status, lines, _ = run(str(empty), str(tmp_path / "missing.xml"), str(good))

    assert status == 1
    assert [line.split(" ", 1)[0] for line in lines] == ["failed", "failed", "created"]
    assert "empty" in lines[0] and "no such file" in lines[1]


def test_an_entity_bomb_is_refused(tmp_path: Path):
    bomb = tmp_path / "bomb.xml"
    bomb.write_text(
        '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        + WXR.format(items=ITEM.format(id=1, status="publish", title="&b;", content="x")).split(
            "?>", 1
        )[1],
        encoding="utf-8",
    )

    status, lines, _ = run(str(bomb))

    assert status == 1
    assert ArticlePage.objects.count() == 0
    assert lines and lines[0].startswith("failed")


WXR = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.1/excerpt/"
 xmlns:content="http://purl.org/rss/1.0/modules/content/"
 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.1/">
<channel><title>جريدة قديمة</title><link>https://old.example</link>
<wp:wxr_version>1.1</wp:wxr_version><wp:base_blog_url>https://old.example</wp:base_blog_url>
<wp:author><wp:author_login>rana</wp:author_login>
<wp:author_display_name><![CDATA[رنا حداد]]></wp:author_display_name></wp:author>
<wp:category><wp:term_id>3</wp:term_id><wp:category_nicename>%d8%b3%d9%8a%d8%a7%d8%b3%d8%a9</wp:category_nicename>
<wp:category_parent></wp:category_parent><wp:cat_name><![CDATA[سياسة]]></wp:cat_name></wp:category>
{items}
</channel></rss>
"""
ITEM = """<item><title>{title}</title>
<link>https://old.example/?p={id}</link><dc:creator>rana</dc:creator>
<guid isPermaLink="false">https://old.example/?p={id}</guid>
<content:encoded><![CDATA[{content}]]></content:encoded>
<excerpt:encoded><![CDATA[]]></excerpt:encoded>
<wp:post_id>{id}</wp:post_id><wp:post_date>2024-03-14 09:15:00</wp:post_date>
<wp:post_date_gmt>0000-00-00 00:00:00</wp:post_date_gmt><wp:post_name>x{id}</wp:post_name>
<wp:status>{status}</wp:status><wp:post_type>post</wp:post_type><wp:post_password></wp:post_password>
<category domain="category" nicename="%d8%b3%d9%8a%d8%a7%d8%b3%d8%a9"><![CDATA[سياسة]]></category>
</item>"""


def arabic_export(tmp_path: Path, version: str = "1.0") -> Path:
    """A small Arabic export as an older WordPress writes it (WXR 1.0 namespaces, no GMT
    dates on drafts, Arabic slugs percent-encoded)."""
    items = [
        ITEM.format(id=11, status="publish", title="الحكومة تقر الموازنة", content="نص"),
        ITEM.format(id=12, status="pending", title="خبر بانتظار المراجعة", content="نص"),
        ITEM.format(id=13, status="trash", title="خبر محذوف", content="نص"),
        ITEM.format(id=14, status="private", title="مذكرة داخلية", content="نص"),
        ITEM.format(
            id=15,
            status="publish",
            title="الوزير يرد",
            content='<p>كما ورد في <a href="https://old.example/?p=11">خبر الأمس</a>.</p>',
        )
        .replace("<wp:post_date_gmt>0000-00-00 00:00:00", "<wp:post_date_gmt>2024-03-14 07:15:00")
        .replace(
            "</wp:post_password>",
            "</wp:post_password><wp:is_sticky>1</wp:is_sticky>"
            "<wp:postmeta><wp:meta_key>_wp_old_slug</wp:meta_key>"
            "<wp:meta_value><![CDATA[%d8%b1%d8%af-%d8%a7%d9%84%d9%88%d8%b2%d9%8a%d8%b1]]>"
            "</wp:meta_value></wp:postmeta><wp:postmeta><wp:meta_key>_wp_old_slug"
            "</wp:meta_key><wp:meta_value>minister-replies</wp:meta_value></wp:postmeta>",
        )
        .replace(
            "</category>",
            '</category><category domain="category" nicename="lebanon"><![CDATA[لبنان]]>'
            '</category><category domain="post_tag" nicename="budget"><![CDATA[الموازنة]]>'
            "</category>",
        ),
    ]
    text = WXR.format(items="\n".join(items)).replace("export/1.1/", f"export/{version}/")
    text = text.replace(
        "</wp:category>",
        "</wp:category><wp:category><wp:term_id>4</wp:term_id><wp:category_nicename>lebanon"
        "</wp:category_nicename><wp:category_parent>%d8%b3%d9%8a%d8%a7%d8%b3%d8%a9"
        "</wp:category_parent><wp:cat_name><![CDATA[لبنان]]></wp:cat_name></wp:category>",
        1,
    )
    path = tmp_path / "arabic.xml"
    path.write_text(text, encoding="utf-8")
    return path


def test_an_arabic_export_maps_statuses_sections_tags_authors_and_dates(tmp_path: Path, client):
    from jarida.news.models import HomePage

    path = arabic_export(tmp_path)

    status, _, summary = run(str(path), "--time-zone", "Asia/Beirut")

    assert status == 0
    assert "skipped: trash: 1" in summary
    budget = ArticlePage.objects.get(title="الحكومة تقر الموازنة")
    assert budget.live and budget.get_parent().title == "سياسة"
    assert [a.name for a in budget.authors] == ["رنا حداد"]
    # No GMT date: post_date is Beirut time (UTC+2 in March 2024).
    assert budget.first_published_at.isoformat() == "2024-03-14T07:15:00+00:00"
    pending = ArticlePage.objects.get(title="خبر بانتظار المراجعة")
    private = ArticlePage.objects.get(title="مذكرة داخلية")
    assert not pending.live and not private.live
    assert "خاص" in private.source_record.note
    assert not ArticlePage.objects.filter(title="خبر محذوف").exists()
    reply = ArticlePage.objects.get(title="الوزير يرد")
    # A child category and a post tag are tags; the top-level category is the section.
    assert reply.get_parent().title == "سياسة"
    assert {t.name for t in reply.tags.all()} == {"لبنان", "الموازنة"}
    # The sticky post is the top story.
    assert HomePage.objects.get().top_story_id == reply.pk
    # A link to another post of the old site goes through its old link, which answers 301.
    assert 'href="/?p=11"' in str(reply.body)
    assert client.get("/?p=11")["Location"] == budget.url
    # Every former slug of a post still leads to it, Arabic ones in either spelling.
    for old_slug in ("/رد-الوزير/", "/%D8%B1%D8%AF-%D8%A7%D9%84%D9%88%D8%B2%D9%8A%D8%B1/",
                     "/minister-replies/"):  # fmt: skip
        response = client.get(old_slug)
        assert response.status_code == 301 and response["Location"] == reply.url, old_slug
    # Category and tag archives answer 301 to the section and the tag page.
    section = client.get("/category/%d8%b3%d9%8a%d8%a7%d8%b3%d8%a9/")
    assert section.status_code == 301 and section["Location"] == budget.get_parent().url
    tag = client.get("/tag/budget/")
    assert tag.status_code == 301 and "/" in tag["Location"]
    assert client.get(tag["Location"]).status_code == 200


def test_a_sections_map_puts_categories_in_the_newsrooms_sections(tmp_path: Path):
    path = arabic_export(tmp_path, version="1.2")
    mapping = tmp_path / "sections.csv"
    mapping.write_text("category,section\nlebanon,محليات\nسياسة,شؤون سياسية\n", encoding="utf-8")

    status, _, _ = run(str(path), "--sections", str(mapping))

    assert status == 0
    assert ArticlePage.objects.get(title="الوزير يرد").get_parent().title == "شؤون سياسية"
    assert ArticlePage.objects.get(title="الحكومة تقر الموازنة").get_parent().title == (
        "شؤون سياسية"
    )


def test_a_post_that_changes_state_at_the_source_changes_here(tmp_path: Path, client):
    path = arabic_export(tmp_path)
    run(str(path))
    budget = ArticlePage.objects.get(title="الحكومة تقر الموازنة")
    old_url = budget.url
    assert client.get("/?p=11").status_code == 301

    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "<wp:status>publish</wp:status><wp:post_type>post</wp:post_type>"
            '<wp:post_password></wp:post_password>\n<category domain="category" '
            'nicename="%d8%b3%d9%8a%d8%a7%d8%b3%d8%a9"><![CDATA[سياسة]]></category>\n</item>',
            "<wp:status>draft</wp:status><wp:post_type>post</wp:post_type>"
            '<wp:post_password></wp:post_password>\n<category domain="category" '
            'nicename="%d8%b3%d9%8a%d8%a7%d8%b3%d8%a9"><![CDATA[سياسة]]></category>\n</item>',
            1,
        ),
        encoding="utf-8",
    )
    status, lines, _ = run(str(path))

    budget.refresh_from_db()
    assert status == 0 and any(line.startswith("updated ") for line in lines)
    assert not budget.live
    assert client.get(old_url).status_code == 404
    assert not client.get("/?p=11").has_header("Location")
