"""The page cache as readers and editors meet it: fast for readers, never stale, never shared
with an editor's view."""

from __future__ import annotations

import gzip

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.http import HttpResponse
from django.urls import reverse

from jarida.news.models import HomePage
from jarida.news.tests.factories import ArticleFactory, AuthorFactory, SectionFactory
from jarida.newsroom.tests.editor import edit_article
from jarida.pagecache import tags as cache_tags
from jarida.pagecache.middleware import PageCacheMiddleware, page_key, tag_response

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def article():
    section = SectionFactory(title="سياسة")
    author = AuthorFactory(name="ريم الخوري")
    return ArticleFactory(
        parent=section, title="العنوان الأول للخبر", tags=["الموازنة"], authors=[author]
    )


def lists(article) -> list[str]:
    published = article.first_published_at
    return [
        "/",
        article.get_parent().url,
        "/tags/الموازنة/",
        "/authors/ريم-الخوري/",
        f"/archive/{published:%Y}/{published.month}/",
    ]


def test_a_reader_gets_the_second_view_from_the_cache_without_touching_the_database(
    client, article, django_assert_num_queries
):
    first = client.get(article.url)

    with django_assert_num_queries(0):
        second = client.get(article.url)

    assert first["X-Cache"] == "MISS" and second["X-Cache"] == "HIT"
    assert second.content == first.content
    assert "العنوان الأول للخبر" in second.content.decode()


def test_cached_pages_tell_a_cdn_how_long_to_keep_them_and_answer_304(client, article):
    first = client.get(article.url)
    again = client.get(article.url, HTTP_IF_NONE_MATCH=first["ETag"])

    cache_control = first["Cache-Control"]
    assert "public" in cache_control and "s-maxage=300" in cache_control
    assert "stale-while-revalidate=60" in cache_control
    assert first["Last-Modified"]
    assert again.status_code == 304 and not again.content


def test_pages_are_compressed_once_and_served_compressed_to_readers_who_accept_gzip(
    client, article
):
    plain = client.get(article.url).content
    miss = client.get("/", HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    hit = client.get("/", HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    identity = client.get("/")

    for response in (miss, hit):
        assert response["Content-Encoding"] == "gzip"
        assert "Accept-Encoding" in response["Vary"]
        assert gzip.decompress(response.content) == identity.content
        assert int(response["Content-Length"]) == len(response.content)
    assert (miss["X-Cache"], hit["X-Cache"], identity["X-Cache"]) == ("MISS", "HIT", "HIT")
    assert not identity.has_header("Content-Encoding")
    assert int(identity["Content-Length"]) == len(identity.content)
    # Each representation has its own tag; either one revalidates the page.
    assert hit["ETag"] != identity["ETag"]
    for etag in (hit["ETag"], identity["ETag"]):
        assert client.get("/", HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert "العنوان الأول للخبر" in plain.decode()


def test_cached_pages_vary_on_the_encoding_alone_so_a_cdn_keeps_one_copy(client, article):
    miss = client.get(article.url, HTTP_COOKIE="_ga=GA1.2.1; theme=dark")
    hit = client.get(article.url, HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")

    assert (miss["X-Cache"], hit["X-Cache"]) == ("MISS", "HIT")
    assert miss["Vary"] == hit["Vary"] == "Accept-Encoding"


def test_pages_with_a_per_reader_secret_are_never_compressed(client, article):
    """The comment form carries a CSRF token: compressing it would open it to BREACH."""
    form = client.get(reverse("comments:post", args=[article.pk]), HTTP_ACCEPT_ENCODING="gzip")

    assert form.status_code == 200
    assert "csrfmiddlewaretoken" in form.content.decode()
    assert not form.has_header("Content-Encoding")


def test_a_reader_never_sees_the_old_article_after_an_editor_publishes(client, article):
    for url in [article.url, *lists(article)]:
        client.get(url)
        assert client.get(url)["X-Cache"] == "HIT", url

    editor = get_user_model().objects.create_superuser("editor", "e@example.com", "pass-1234")
    editor_client = type(client)()
    editor_client.force_login(editor)
    edit_article(editor_client, article, "publish", title="العنوان الجديد للخبر")

    for url in [article.url, *lists(article)]:
        html = client.get(url).content.decode()
        assert "العنوان الجديد للخبر" in html, url
        assert "العنوان الأول للخبر" not in html, url


def test_an_unpublished_article_disappears_at_once(client, article):
    url = article.url
    client.get(url), client.get("/")

    article.unpublish()

    assert client.get(url).status_code == 404
    assert "العنوان الأول للخبر" not in client.get("/").content.decode()


def test_an_editor_is_never_served_a_cached_page_and_their_view_is_never_stored(client, article):
    editor = get_user_model().objects.create_superuser("editor", "e@example.com", "pass-1234")
    client.force_login(editor)

    as_editor = client.get(article.url)

    assert as_editor.get("X-Cache") != "HIT"
    assert "private" in as_editor["Cache-Control"]
    client.logout()
    as_reader = client.get(article.url)
    assert as_reader["X-Cache"] == "MISS"
    assert "wagtail-userbar" not in as_reader.content.decode()


def test_a_response_that_sets_a_cookie_is_not_stored(rf):
    def view(request):
        response = tag_response(HttpResponse("مرحبا"), {"home"})
        response.set_cookie("reader", "1")
        return response

    middleware = PageCacheMiddleware(view)
    middleware(rf.get("/with-cookie/"))

    assert middleware(rf.get("/with-cookie/"))["X-Cache"] == "MISS"


def test_a_page_rendered_while_a_purge_landed_is_not_stored(rf):
    def view(request):
        response = tag_response(HttpResponse("نسخة قديمة"), {"article:1"})
        cache_tags.purge(["article:1"])  # an editor publishes while this page renders
        return response

    PageCacheMiddleware(view)(rf.get("/racy/"))

    assert cache.get(page_key(rf.get("/racy/"))) is None


def test_a_change_to_the_site_chrome_refreshes_every_page(client, article):
    client.get("/"), client.get(article.url)
    section = article.get_parent().specific
    section.title = "السياسة المحلية"

    section.save_revision().publish()  # every page's navigation

    for url in ("/", article.url):
        page = client.get(url)
        assert page["X-Cache"] == "MISS" and "السياسة المحلية" in page.content.decode()


def test_the_home_page_edited_refreshes_the_home_page(client, article):
    client.get("/")
    home = HomePage.objects.get()
    home.top_story = article
    home.save_revision().publish()

    assert client.get("/")["X-Cache"] == "MISS"


def test_the_admin_is_never_cached(client, article):
    editor = get_user_model().objects.create_superuser("editor", "e@example.com", "pass-1234")
    client.force_login(editor)
    client.get(reverse("wagtailadmin_home"))

    assert client.get(reverse("wagtailadmin_home")).get("X-Cache") is None


def test_a_scheduled_publish_by_the_scheduler_process_refreshes_cached_pages(client):
    """The scheduler is another process: its purge must reach the web process's cache."""
    import datetime as dt

    from django.utils import timezone

    from jarida.news.models import ArticlePage
    from jarida.newsroom.tests.test_scheduled_publishing import (
        scheduled_article,
        start_scheduler,
        wait_until,
    )

    article = scheduled_article(timezone.now() + dt.timedelta(seconds=6), title="خبر ينتظر موعده")
    client.get("/")
    assert client.get("/")["X-Cache"] == "HIT"

    scheduler = start_scheduler()
    try:
        assert wait_until(lambda: ArticlePage.objects.get(pk=article.pk).live)
    finally:
        scheduler.terminate()
        scheduler.communicate(timeout=20)

    assert "خبر ينتظر موعده" in client.get("/").content.decode()


def test_when_a_breaking_window_closes_the_strip_leaves_every_cached_page(client):
    import datetime as dt

    import time_machine
    from django.core.management import call_command
    from django.utils import timezone

    until = timezone.now() + dt.timedelta(minutes=2)
    ArticleFactory(title="انقطاع الكهرباء عن العاصمة", is_breaking=True, breaking_until=until)
    call_command("run_scheduler", "--once")
    assert "انقطاع الكهرباء عن العاصمة" in client.get("/corrections/").content.decode()
    assert client.get("/corrections/")["X-Cache"] == "HIT"

    with time_machine.travel(until + dt.timedelta(seconds=5), tick=False):
        call_command("run_scheduler", "--once")
        page = client.get("/corrections/")

    assert page["X-Cache"] == "MISS"
    assert "انقطاع الكهرباء عن العاصمة" not in page.content.decode()


def test_approving_a_comment_at_the_desk_refreshes_the_cached_article(client, article):
    from django.contrib.auth.models import Group

    from jarida.comments.models import Comment
    from jarida.comments.tests.factories import CommentFactory
    from jarida.newsroom.roles import MODERATOR

    comment = CommentFactory(
        article=article, status=Comment.Status.PENDING, body="تعليق ينتظر الموافقة"
    )
    client.get(article.url)
    assert client.get(article.url)["X-Cache"] == "HIT"
    moderator = get_user_model().objects.create_user("moderator", "m@example.com", "pass-1234")
    moderator.groups.add(Group.objects.get(name=MODERATOR))
    desk = type(client)()
    desk.force_login(moderator)

    approve = reverse("wagtail_bulk_action", args=("comments", "comment", "approve"))
    assert desk.post(f"{approve}?id={comment.pk}").status_code == 302

    html = client.get(article.url).content.decode()
    assert "تعليق ينتظر الموافقة" in html


def test_a_breaking_article_reaches_every_cached_page(client, article):
    client.get(article.url), client.get("/tags/الموازنة/")

    import datetime as dt

    from django.utils import timezone

    until = timezone.now() + dt.timedelta(hours=1)
    ArticleFactory(title="انقطاع الكهرباء عن العاصمة", is_breaking=True, breaking_until=until)

    for url in (article.url, "/tags/الموازنة/"):
        page = client.get(url)
        assert page["X-Cache"] == "MISS"
        assert "انقطاع الكهرباء عن العاصمة" in page.content.decode()
