"""Rate limits per client and per article, counted in Django's cache under the client's
salted address hash; X-Forwarded-For believed only from trusted proxies."""

from __future__ import annotations

import pytest
from django.core.cache.backends.locmem import LocMemCache
from django.test import override_settings

from jarida.comments import ratelimit
from jarida.comments.models import Comment
from jarida.comments.tests.conftest import RATE_CACHE
from jarida.comments.tests.reader import Reader
from jarida.news.tests.factories import ArticleFactory
from jarida.news.tests.html import visible_text

pytestmark = pytest.mark.django_db


@override_settings(COMMENTS_RATE_PER_CLIENT="3/10m", COMMENTS_RATE_PER_ARTICLE="")
def test_a_client_over_its_limit_gets_429_with_its_text_kept_and_a_time_to_wait(reader):
    article = ArticleFactory()
    for n in range(3):
        assert reader.send(article, body=f"تعليق رقم {n}").status_code == 303

    refused = reader.send(article, body="التعليق الرابع", email="a@example.com")

    assert refused.status_code == 429
    # The sliding estimate may ask for up to two periods when the window is full.
    assert 0 < int(refused["Retry-After"]) <= 2 * 600
    assert "أرسلت تعليقات كثيرة في وقت قصير" in visible_text(refused.content.decode())
    kept = reader.form_fields(refused.content.decode())
    assert (kept["body"], kept["email"]) == ("التعليق الرابع", "a@example.com")
    assert Comment.objects.count() == 3
    # Someone else is not held up by that client.
    assert Reader("198.51.100.20").send(article, body="قارئ آخر").status_code == 303


@override_settings(
    COMMENTS_RATE_PER_CLIENT="", COMMENTS_RATE_PER_ARTICLE="2/m", COMMENTS_DEFAULT_MODE="open"
)
def test_an_article_over_its_limit_holds_new_comments_for_the_desk_instead_of_refusing():
    article, quiet = ArticleFactory(), ArticleFactory()
    for n in range(2):
        assert Reader(f"198.51.100.{n}").send(article, body=f"تعليق {n}").status_code == 303

    held = Reader("198.51.100.50").send(article, body="تعليق ثالث")

    assert held.status_code == 303
    comment = Comment.objects.get(body="تعليق ثالث")
    assert comment.status == Comment.Status.PENDING
    assert comment.moderation_reasons[0]["rule"] == "rate_article"
    assert Reader("198.51.100.50").send(quiet, body="على خبر آخر").status_code == 303
    assert Comment.objects.get(body="على خبر آخر").status == Comment.Status.APPROVED


@override_settings(COMMENTS_RATE_PER_CLIENT="1/10m", COMMENTS_RATE_PER_ARTICLE="")
def test_a_forged_forwarded_for_header_does_not_make_a_new_client():
    article = ArticleFactory()
    assert Reader("203.0.113.7").send(article, body="الأول").status_code == 303

    spoofed = Reader("203.0.113.7", HTTP_X_FORWARDED_FOR="192.0.2.99")

    assert spoofed.send(article, body="الثاني").status_code == 429


@override_settings(
    COMMENTS_RATE_PER_CLIENT="1/10m",
    COMMENTS_RATE_PER_ARTICLE="",
    COMMENTS_TRUSTED_PROXIES=["10.0.0.0/8"],
)
def test_behind_a_trusted_proxy_each_reader_is_their_own_client():
    article = ArticleFactory()

    def via_proxy(forwarded_for: str) -> Reader:
        return Reader("10.0.0.5", HTTP_X_FORWARDED_FOR=forwarded_for)

    assert via_proxy("198.51.100.1").send(article, body="قارئة أولى").status_code == 303
    assert via_proxy("198.51.100.2").send(article, body="قارئ ثانٍ").status_code == 303
    # What the client wrote itself, left of the address the proxy saw, is not believed.
    assert via_proxy("192.0.2.1, 198.51.100.1").send(article, body="أنا غيري").status_code == 429
    first, second = Comment.objects.order_by("pk")
    assert first.ip_hash != second.ip_hash


def test_addresses_are_stored_only_as_salted_hashes(reader):
    article = ArticleFactory()

    reader.send(article, body="أين عنواني؟")
    with override_settings(COMMENTS_IP_HASH_SECRET="another secret"):
        Reader("203.0.113.7").send(article, body="والآن؟")

    first, second = Comment.objects.order_by("pk")
    assert len(first.ip_hash) == 64 and "203.0.113.7" not in first.ip_hash
    assert first.ip_hash != second.ip_hash  # same address, another salt
    stored = " ".join(str(v) for v in Comment.objects.values_list().get(pk=first.pk))
    assert "203.0.113.7" not in stored


class RecordingCache(LocMemCache):
    """Django's local-memory cache, noting every key it is given."""

    keys: list[str] = []

    def add(self, key, *args, **kwargs):
        RecordingCache.keys.append(key)
        return super().add(key, *args, **kwargs)


def test_the_rate_limit_keys_hold_no_address(reader, settings):
    settings.CACHES = {
        **settings.CACHES,
        RATE_CACHE: {"BACKEND": f"{__name__}.RecordingCache", "LOCATION": "recorded-keys"},
    }
    RecordingCache.keys = []
    reader.send(ArticleFactory(), body="مفاتيح")

    assert RecordingCache.keys and not any("203.0.113.7" in key for key in RecordingCache.keys)


@override_settings(COMMENTS_RATE_PER_CLIENT="1/m", COMMENTS_RATE_PER_ARTICLE="")
def test_ipv6_clients_are_limited_by_their_slash_64():
    article = ArticleFactory()
    assert Reader("2001:db8:1:2::1").send(article, body="من عنوان").status_code == 303

    assert Reader("2001:db8:1:2::ffff").send(article, body="من جاره").status_code == 429
    assert Reader("2001:db8:1:3::1").send(article, body="من شبكة أخرى").status_code == 303


# When the rate-limit cache is down, comments are refused (503) with the reader's text kept:
# jarida/pagecache/tests/test_fail_safe.py drives it against a real Redis that is stopped.


def test_a_malformed_rate_fails_loudly(reader):
    from django.core.exceptions import ImproperlyConfigured

    with (
        override_settings(COMMENTS_RATE_PER_CLIENT="lots"),
        pytest.raises(ImproperlyConfigured, match="COMMENTS_RATE_PER_CLIENT"),
    ):
        reader.send(ArticleFactory(), body="x")


def test_a_burst_across_a_window_edge_is_still_one_limit():
    # Fixed windows would let 3 through just before the edge and 3 more just after.
    edge = 600 * 1000
    for t in (edge - 3, edge - 2, edge - 1):
        assert not ratelimit.hit("edge", 3, 600, now=t).refused
    refused = ratelimit.hit("edge", 3, 600, now=edge + 1)

    assert refused.refused
    # It says when to come back, and then it is true.
    assert ratelimit.hit("edge", 3, 600, now=edge + refused.retry_after - 2).refused
    assert not ratelimit.hit("edge", 3, 600, now=edge + 1 + refused.retry_after).refused
