from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest

from jarida.comments.models import Comment
from jarida.comments.tests.factories import CommentFactory
from jarida.images.tests.factories import NewsImageFactory
from jarida.news.models import ArticlePage, RelatedArticle
from jarida.news.tests.factories import (
    ArticleFactory,
    AuthorFactory,
    SectionFactory,
)
from jarida.news.tests.html import soup, visible_text

pytestmark = pytest.mark.django_db

BEIRUT = zoneinfo.ZoneInfo("Asia/Beirut")


def test_it_shows_section_headline_date_authors_tags_and_body(client):
    section = SectionFactory(title="سياسة")
    author = AuthorFactory(name="ريم الخوري")
    article = ArticleFactory(
        parent=section,
        title="البرلمان يُقرّ قانون الموازنة",
        first_published_at=dt.datetime(2021, 7, 23, 9, 30, tzinfo=BEIRUT),
        authors=[author, AuthorFactory(name="جاد نصّار")],
        tags=["الموازنة", "مجلس النواب"],
        byline="بيروت - جريدة",
    )

    html = client.get(article.url).content.decode()

    text = visible_text(html)
    assert "سياسة" in text
    assert "البرلمان يُقرّ قانون الموازنة" in text
    assert "الجمعة 2021/07/23" in text
    assert "ريم الخوري" in text and "بيروت - جريدة" in text
    assert "الموازنة" in text and "مجلس النواب" in text
    assert "قالَ وزيرُ الماليّة" in text
    page = soup(html)
    assert page.select_one("h1").get_text() == "البرلمان يُقرّ قانون الموازنة"
    assert page.select_one('a[rel="author"]')["href"] == author.get_absolute_url()
    # The names and their «،» in one flex item, so the byline's gap never parts them.
    assert page.select_one(".byline-authors").get_text() == "ريم الخوري، جاد نصّار"
    assert page.select_one("time")["datetime"].endswith("+03:00")


def test_it_says_when_the_article_was_updated_after_publication(client):
    article = ArticleFactory(
        first_published_at=dt.datetime(2021, 1, 15, 8, 0, tzinfo=BEIRUT),
        updated_at=dt.datetime(2021, 1, 16, 19, 2, tzinfo=BEIRUT),
    )

    text = visible_text(client.get(article.url).content.decode())

    assert "آخر تحديث: السبت 2021/01/16 19:02 (بيروت)" in text


def test_an_article_never_updated_shows_no_update_line(client):
    article = ArticleFactory(first_published_at=dt.datetime(2021, 1, 15, 8, 0, tzinfo=BEIRUT))

    html = client.get(article.url).content.decode()

    assert soup(html).select_one(".article-updated") is None


def test_the_lead_photo_shows_with_its_caption_and_credit(client):
    image = NewsImageFactory(credit="© Getty", caption="جنود في قاعدة عين الأسد")
    article = ArticleFactory(lead_image=image)

    html = client.get(article.url).content.decode()

    figure = soup(html).select_one("figure.lead-image")
    assert figure.select_one(".credit").get_text() == "© Getty"
    assert figure.select_one(".caption").get_text() == "جنود في قاعدة عين الأسد"
    img = figure.select_one("img")
    assert img["width"] and img["height"]
    assert figure.select('source[type="image/webp"]')


def test_an_article_credit_overrides_the_photo_library_credit(client):
    image = NewsImageFactory(credit="© Getty")
    article = ArticleFactory(lead_image=image, lead_image_credit="© AFP / جوزيف عيد")

    html = client.get(article.url).content.decode()

    assert soup(html).select_one("figure.lead-image .credit").get_text() == "© AFP / جوزيف عيد"


def test_quotes_and_subheadings_render_as_such(client):
    article = ArticleFactory(
        body=[
            {"type": "subheading", "value": "ردود الفعل"},
            {
                "type": "quote",
                "value": {"text": "لا نحتاج لأي مقاتلين", "attribution": "فؤاد حسين"},
            },
        ]
    )

    page = soup(client.get(article.url).content.decode())

    assert page.select_one(".article-body h2").get_text() == "ردود الفعل"
    assert page.select_one("blockquote").get_text(strip=True) == "لا نحتاج لأي مقاتلين"
    assert page.select_one("figure.quote figcaption").get_text() == "فؤاد حسين"


def test_related_articles_are_earlier_coverage_sharing_tags_then_the_section(client):
    section = SectionFactory()
    two_tags = ArticleFactory(tags=["الكهرباء", "الموازنة"], parent=SectionFactory())
    one_tag = ArticleFactory(tags=["الكهرباء"], parent=SectionFactory())
    same_section = ArticleFactory(parent=section)
    draft = ArticleFactory(parent=section, tags=["الكهرباء"], publish=False)
    article = ArticleFactory(parent=section, tags=["الكهرباء", "الموازنة"])
    later = ArticleFactory(parent=section, tags=["الكهرباء", "الموازنة"])

    related = article.related_articles()

    assert related == [two_tags, one_tag, same_section]
    assert draft not in related and later not in related  # chosen when it was published
    assert article in later.related_articles()


def test_editors_pick_related_articles_and_the_site_fills_the_rest(client):
    section = SectionFactory()
    picked = ArticleFactory(parent=SectionFactory(), title="خلفية اختارها المحرر")
    older = ArticleFactory(parent=section, title="أقدم في القسم")
    article = ArticleFactory(parent=section, publish=False)
    article.related_links = [RelatedArticle(target=picked)]
    article.save_revision().publish()

    titles = [a.title for a in ArticlePage.objects.get(pk=article.pk).related_articles()]

    assert titles == ["خلفية اختارها المحرر", "أقدم في القسم"]
    assert older.pk != picked.pk


def test_only_approved_comments_show_oldest_first_with_their_replies(client):
    article = ArticleFactory()
    first = CommentFactory(article=article, name="سامي", body="تعليق أول")
    CommentFactory(article=article, name="ليلى", body="تعليق ثانٍ")
    CommentFactory(article=article, parent=first, name="جاد", body="ردّ على سامي")
    CommentFactory(article=article, body="تعليق ينتظر المراجعة", status=Comment.Status.PENDING)
    CommentFactory(article=article, body="رسالة مزعجة", status=Comment.Status.SPAM)

    page = soup(client.get(article.url).content.decode())

    top_level = page.select(".comment-list > li > .comment-body .comment-text")
    assert [c.get_text() for c in top_level] == ["تعليق أول", "تعليق ثانٍ"]
    assert page.select_one(".comment-replies .comment-text").get_text() == "ردّ على سامي"
    text = visible_text(str(page))
    assert "تعليق ينتظر المراجعة" not in text and "رسالة مزعجة" not in text


def test_comment_text_is_escaped_and_cannot_flip_the_page(client):
    article = ArticleFactory()
    CommentFactory(article=article, body='<script>alert("x")</script> رأي')

    html = client.get(article.url).content.decode()

    assert '<script>alert("x")</script>' not in html
    assert "&lt;script&gt;" in html
    assert soup(html).select_one(".comment-text")["dir"] == "auto"


def test_an_article_without_comments_still_has_the_comments_section(client):
    article = ArticleFactory()

    text = visible_text(client.get(article.url).content.decode())

    assert "التعليقات" in text
    assert "التعليقات المنشورة تعبر عن آراء أصحابها" in text


def test_a_draft_is_not_served(client):
    draft = ArticleFactory(publish=False)

    assert client.get(f"/a/{draft.pk}/").status_code == 404


def test_the_related_block_follows_what_happens_to_the_articles_it_shows(
    client, django_capture_on_commit_callbacks
):
    """Through the page cache: an article in the block that is unpublished leaves it, and one
    whose comments change shows its new count, on the next view."""
    older = ArticleFactory(parent=SectionFactory(), tags=["الكهرباء"], title="عطل في المعمل")
    gone = ArticleFactory(parent=SectionFactory(), tags=["الكهرباء"], title="خبر يُلغى نشره")
    article = ArticleFactory(parent=SectionFactory(), tags=["الكهرباء"])

    def related() -> list[tuple[str, str]]:
        page = soup(client.get(article.url).content.decode())
        return [
            (card.select_one(".card-title").get_text(), card.select_one(".card-meta").get_text())
            for card in page.select(".related .card")
        ]

    assert [title for title, _ in related()] == ["خبر يُلغى نشره", "عطل في المعمل"]
    with django_capture_on_commit_callbacks(execute=True):
        gone.unpublish()
    assert [title for title, _ in related()] == ["عطل في المعمل"]

    comment = CommentFactory(article=older, status=Comment.Status.PENDING)
    assert "تعليق" not in related()[0][1]
    with django_capture_on_commit_callbacks(execute=True):
        Comment.objects.filter(pk=comment.pk).set_status(Comment.Status.APPROVED)
    assert "تعليق" in related()[0][1]
