"""Page-cache hits answered in front of Django's handler (jarida.pagecache.wsgi): the same
response Django gives, never to an editor, never past a purge, and everything else left to
Django.

These tests call the WSGI application itself, as a server does: Django's test client would
go round the wrapper.
"""

from __future__ import annotations

import gzip
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import quote, urlparse

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import RequestFactory

from jarida.news.tests.factories import ArticleFactory, SectionFactory
from jarida.pagecache import tags as cache_tags
from jarida.pagecache.wsgi import PageCacheApplication

pytestmark = pytest.mark.django_db

HTTPS = {"HTTP_X_FORWARDED_PROTO": "https", "HTTP_ACCEPT_ENCODING": "gzip, deflate, br"}


@dataclass
class Served:
    status: int
    headers: dict[str, str]
    body: bytes


def call(application, url: str, method: str = "GET", **environ: str) -> Served:
    """`url` served by a WSGI `application`, with an environ as a server builds it."""
    factory = RequestFactory()
    parsed = urlparse(url)
    full = factory._base_environ(
        PATH_INFO=factory._get_path(parsed),
        QUERY_STRING=parsed.query,
        REQUEST_METHOD=method,
        **environ,
    )
    started: dict[str, object] = {}

    def start_response(status: str, headers: list[tuple[str, str]], exc_info=None) -> None:
        started.update(status=int(status.split()[0]), headers=dict(headers))

    result = application(full, start_response)
    try:
        body = b"".join(result)
    finally:
        if hasattr(result, "close"):
            result.close()
    return Served(started["status"], started["headers"], body)  # type: ignore[arg-type]


@pytest.fixture
def django_requests() -> Iterator[list[str]]:
    """The paths Django's handler was asked for (its request_started signal), as URLs."""
    seen: list[str] = []

    def record(sender, environ, **kwargs) -> None:
        seen.append(quote(environ["PATH_INFO"].encode("iso-8859-1")))

    # As Django's test client does: the handler must not close the test's connection.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    request_started.connect(record)
    yield seen
    request_started.disconnect(record)
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def production(settings):
    """HTTPS behind a proxy, as `HTTPS=1` sets it up."""
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SECURE_HSTS_SECONDS = 3600
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True


@pytest.fixture
def django_app(production) -> WSGIHandler:
    return WSGIHandler()


@pytest.fixture
def app(django_app) -> PageCacheApplication:
    return PageCacheApplication(django_app)


def published(django_capture_on_commit_callbacks, **fields: object) -> str:
    """A new article's URL. Its publish purges run as its commit would run them, and every tag
    has a version before the first render, as on a running site (a tag first versioned while
    a page renders keeps that render out of the cache)."""
    with django_capture_on_commit_callbacks(execute=True):
        article = ArticleFactory(**fields)
    cache_tags.purge_now([cache_tags.ALL])
    return str(article.url)


@pytest.fixture
def url(django_capture_on_commit_callbacks) -> str:
    section = SectionFactory(title="اقتصاد")
    return published(django_capture_on_commit_callbacks, parent=section, title="الموازنة العامة")


def test_a_hit_is_answered_before_django_with_what_django_served(
    app, django_app, url, django_requests
):
    miss = call(app, url, **HTTPS)
    assert django_requests == [url]
    hit = call(app, url, **HTTPS)
    through_django = call(django_app, url, **HTTPS)

    assert django_requests == [url, url]  # the second request never reached Django
    assert (miss.headers["X-Cache"], hit.headers["X-Cache"]) == ("MISS", "HIT")
    assert through_django.headers["X-Cache"] == "HIT"
    assert hit.status == miss.status == 200
    assert hit.body == miss.body == through_django.body
    assert "الموازنة العامة" in gzip.decompress(hit.body).decode()
    # Every header Django sent, the same; a hit adds only its Age.
    assert {k: v for k, v in hit.headers.items() if k not in ("Age", "X-Cache")} == {
        k: v for k, v in miss.headers.items() if k != "X-Cache"
    }
    assert hit.headers.keys() - miss.headers.keys() == {"Age"}
    assert {k: v for k, v in hit.headers.items() if k != "Age"} == {
        k: v for k, v in through_django.headers.items() if k != "Age"
    }
    for name in (
        "Strict-Transport-Security",
        "X-Content-Type-Options",
        "Referrer-Policy",
        "Cross-Origin-Opener-Policy",
        "X-Frame-Options",
    ):
        assert name in hit.headers, name


def test_a_reader_without_gzip_gets_the_page_uncompressed(app, url, django_requests):
    call(app, url, **HTTPS)
    plain = {"HTTP_X_FORWARDED_PROTO": "https"}

    hit = call(app, url, **plain)

    assert django_requests == [url]
    assert hit.headers["X-Cache"] == "HIT"
    assert "Content-Encoding" not in hit.headers
    assert int(hit.headers["Content-Length"]) == len(hit.body)
    assert "الموازنة العامة" in hit.body.decode()


def test_head_gets_the_headers_without_the_body(app, url, django_requests):
    get = call(app, url, **HTTPS)

    head = call(app, url, "HEAD", **HTTPS)

    assert django_requests == [url]
    assert head.status == 200 and head.body == b""
    assert head.headers["X-Cache"] == "HIT"
    assert head.headers["Content-Length"] == get.headers["Content-Length"]


def test_a_reader_holding_the_page_gets_a_304(app, url, django_requests):
    etag = call(app, url, **HTTPS).headers["ETag"]

    again = call(app, url, HTTP_IF_NONE_MATCH=etag, **HTTPS)

    assert django_requests == [url]
    assert again.status == 304 and again.body == b""
    assert again.headers["ETag"] == etag


def test_an_editor_with_a_session_cookie_goes_to_django(app, url, django_requests):
    call(app, url, **HTTPS)

    as_editor = call(app, url, HTTP_COOKIE="sessionid=an-editors-session", **HTTPS)

    assert django_requests == [url, url]
    assert as_editor.headers.get("X-Cache") != "HIT"


def test_a_host_not_allowed_is_djangos_400(app, url, django_requests):
    call(app, url, **HTTPS)

    hostile = call(app, url, HTTP_HOST="attacker.example", **HTTPS)

    assert hostile.status == 400
    assert django_requests == [url, url]


def test_plain_http_is_redirected_to_https_by_django(app, url, django_requests):
    call(app, url, **HTTPS)

    plain = call(app, url, HTTP_ACCEPT_ENCODING="gzip")

    assert plain.status == 301
    assert plain.headers["Location"].startswith("https://testserver/")
    assert django_requests == [url, url]


def test_a_purge_reaches_the_next_request(app, url, django_requests):
    call(app, url, **HTTPS)
    assert call(app, url, **HTTPS).headers["X-Cache"] == "HIT"  # tags now known to the hint

    cache_tags.purge_now([cache_tags.ALL])
    after = call(app, url, **HTTPS)

    assert after.headers["X-Cache"] == "MISS"
    assert django_requests == [url, url]


def test_static_files_and_the_admin_go_to_django(app, django_requests):
    call(app, "/admin/login/", **HTTPS)
    call(app, "/static/jarida/reader.css", **HTTPS)

    assert django_requests == ["/admin/login/", "/static/jarida/reader.css"]


def test_the_served_application_is_the_wrapped_one(
    django_requests, django_capture_on_commit_callbacks
):
    from jarida.wsgi import application

    url = published(django_capture_on_commit_callbacks, title="خبر عاجل")
    call(application, url)
    hit = call(application, url)

    assert isinstance(application, PageCacheApplication)
    assert hit.headers["X-Cache"] == "HIT"
    assert len(django_requests) == 1


def test_a_middleware_it_does_not_know_before_the_page_cache_is_refused(settings):
    settings.MIDDLEWARE = [
        "django.middleware.gzip.GZipMiddleware",
        *settings.MIDDLEWARE,
    ]

    with pytest.raises(ImproperlyConfigured, match="GZipMiddleware"):
        PageCacheApplication(WSGIHandler())
