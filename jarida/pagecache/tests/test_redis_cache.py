"""The Redis cache backend keeps one client and connection per thread and server, instead of
building a client for every call, and reads back what it wrote."""

from __future__ import annotations

import os
import uuid

import pytest

from jarida.pagecache.redis_cache import RedisCache, RedisSerializer

REDIS_URL = os.environ.get("REDIS_URL", "")
needs_redis = pytest.mark.skipif(not REDIS_URL, reason="REDIS_URL not set (no Redis)")


@needs_redis
def test_every_call_uses_the_same_client_and_connection():
    cache = RedisCache(REDIS_URL, {})

    client = cache._cache.get_client()

    assert cache._cache.get_client() is client
    assert cache._cache.get_client("a-key", write=True) is client
    assert client.connection is not None  # its own, not one borrowed from the pool per call


@needs_redis
def test_with_replicas_writes_go_to_the_first_server_and_reads_to_the_others():
    base = REDIS_URL.rsplit("/", 1)[0]
    cache = RedisCache(f"{base}/14,{base}/15", {})

    writer = cache._cache.get_client(write=True)
    reader = cache._cache.get_client()

    assert writer is cache._cache.get_client(write=True)
    assert reader is cache._cache.get_client()
    assert writer.connection_pool.connection_kwargs["db"] == 14
    assert reader.connection_pool.connection_kwargs["db"] == 15


@needs_redis
def test_a_forked_worker_builds_its_own_client():
    cache = RedisCache(REDIS_URL, {})
    parents = cache._cache.get_client()

    cache._cache._pid = -1  # as if this were the parent, and the process its forked child

    assert cache._cache.get_client() is not parents


@needs_redis
def test_it_stores_and_reads_like_djangos():
    cache = RedisCache(REDIS_URL, {"KEY_PREFIX": f"test-{uuid.uuid4()}"})

    cache.set("صفحة", {"gzip": b"\x1f\x8b", "versions": {"all": 1}})
    cache.set("وسم", 17)

    assert cache.get_many(["صفحة", "وسم", "غائب"]) == {
        "صفحة": {"gzip": b"\x1f\x8b", "versions": {"all": 1}},
        "وسم": 17,
    }
    cache.delete_many(["صفحة", "وسم"])
    assert cache.get("صفحة") is None


@pytest.mark.parametrize(
    "value", [0, 17, -3, 2**70, "صفحة", b"\x80\x05", {"gzip": b"\x1f\x8b", "versions": {}}]
)
def test_values_read_back_as_they_were_written(value):
    serializer = RedisSerializer()
    stored = serializer.dumps(value)
    # Integers travel as their digits, as Redis's INCR needs them; the rest as pickles.
    on_the_wire = str(stored).encode() if isinstance(stored, int) else stored

    assert serializer.loads(on_the_wire) == value
