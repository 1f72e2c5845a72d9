"""What readers see: approved comments, oldest first, one level of replies, plain text;
counts for lists; `comments_changed` whenever that changes."""

from __future__ import annotations

import pytest

from jarida.comments.models import Comment, comment_count_column
from jarida.comments.tests.factories import CommentFactory
from jarida.news.models import ArticlePage
from jarida.news.tests.factories import ArticleFactory
from jarida.news.tests.html import soup, visible_text

pytestmark = pytest.mark.django_db


def test_the_article_counts_its_comments_in_arabic(client):
    article = ArticleFactory()
    first = CommentFactory(article=article)
    CommentFactory(article=article, parent=first)
    CommentFactory(article=article, status=Comment.Status.PENDING)

    page = soup(client.get(article.url).content.decode())

    assert page.select_one("#comments .comments-count").get_text() == "تعليقان"


@pytest.mark.parametrize(
    ("n", "label"),
    [(0, "لا تعليقات"), (1, "تعليق واحد"), (3, "3 تعليقات"), (11, "11 تعليقاً"), (100, "100 تعليق")],
)
def test_counts_follow_arabic_plural_rules(n, label):
    from jarida.comments.wording import comment_count

    assert comment_count(n) == label


def test_listings_get_approved_counts_in_one_query(django_assert_num_queries):
    busy, quiet = ArticleFactory(), ArticleFactory()
    for _ in range(3):
        CommentFactory(article=busy)
    CommentFactory(article=busy, status=Comment.Status.SPAM)
    CommentFactory(article=quiet, status=Comment.Status.PENDING)
    listing = ArticlePage.objects.published().for_listing().newest_first()

    with django_assert_num_queries(1):
        counted = listing.annotate(**comment_count_column())
        counts = {a.pk: a.approved_comment_count for a in counted}

    assert counts == {busy.pk: 3, quiet.pk: 0}


def test_counts_are_not_multiplied_by_other_joins():
    article = ArticleFactory(tags=["الموازنة", "الكهرباء", "النفط"])
    CommentFactory(article=article)
    CommentFactory(article=article)

    tagged = ArticlePage.objects.published().filter(tagged_items__tag__name__in=["الموازنة"])

    assert tagged.annotate(**comment_count_column()).get().approved_comment_count == 2


def test_links_in_comments_are_text_not_links(client):
    article = ArticleFactory()
    CommentFactory(
        article=article, body="زوروا https://spam.example/x و <a href='https://e.vil'>هنا</a>"
    )

    html = client.get(article.url).content.decode()
    comment = soup(html).select_one(".comment-text")

    assert comment.select("a") == []
    assert "https://spam.example/x" in comment.get_text()
    assert "<a href='https://e.vil'>" in comment.get_text()


def test_a_comment_cannot_flip_the_page(client):
    article = ArticleFactory()
    CommentFactory(article=article, name="\u202eأحمد", body="نص \u202eمقلوب\u202d وآخر\u2066")

    html = client.get(article.url).content.decode()

    assert not any(c in html for c in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
    assert "نص مقلوب وآخر" in visible_text(html)
    assert soup(html).select_one(".comment-author")["dir"] == "auto"


def test_a_reply_whose_parent_is_not_shown_is_not_shown(client):
    article = ArticleFactory()
    parent = CommentFactory(article=article, status=Comment.Status.REJECTED, body="مرفوض")
    CommentFactory(article=article, parent=parent, body="ردّ يتيم")

    text = visible_text(client.get(article.url).content.decode())

    assert "ردّ يتيم" not in text and "لا تعليقات منشورة بعد." in text


def test_comments_changed_is_sent_whenever_what_readers_see_changes(
    changed, django_capture_on_commit_callbacks
):
    article = ArticleFactory()

    def after(action) -> list[int]:
        changed.clear()
        with django_capture_on_commit_callbacks(execute=True):
            action()
        return list(changed)

    comment = CommentFactory(article=article, status=Comment.Status.PENDING)
    pending_only = Comment.objects.filter(pk=comment.pk)
    assert after(lambda: pending_only.set_status(Comment.Status.SPAM)) == []
    assert after(lambda: pending_only.set_status(Comment.Status.APPROVED)) == [article.pk]
    assert after(lambda: pending_only.set_status(Comment.Status.APPROVED)) == []
    assert after(lambda: pending_only.set_status(Comment.Status.PENDING)) == [article.pk]
    assert after(lambda: pending_only.set_status(Comment.Status.REJECTED)) == []
    shown = CommentFactory(article=article)
    assert after(shown.delete) == [article.pk]
    hidden = CommentFactory(article=article, status=Comment.Status.PENDING)
    assert after(hidden.delete) == []
    assert after(lambda: CommentFactory(article=article)) == [article.pk]
