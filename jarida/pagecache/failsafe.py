"""`FailSafeCache`: a cache backend around another, for which a failure is a miss.

Django, Wagtail (site root paths, on every URL it builds) and our own code read the default
cache on every request; with Redis down or frozen each read would raise or hang. Wrapped
here, the inner backend (Django's stock Redis or file backend, configured as its own alias)
is asked only while `health` says it answers, with the short timeouts set in its OPTIONS; a
failure returns what a miss would and opens the breaker (`jarida.pagecache.health`).

`set_many` returns the keys it could not store, as Django's API allows, so a caller that must
know (a purge) can tell.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.core.cache import caches
from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache

from jarida.pagecache.health import health

T = TypeVar("T")


class FailSafeCache(BaseCache):
    def __init__(self, location: str, params: dict[str, Any]) -> None:
        super().__init__(params)
        self.inner_alias = location

    @property
    def inner(self) -> BaseCache:
        return caches[self.inner_alias]

    def attempt(self, call: Callable[[BaseCache], T], failed: T) -> T:
        """`call(inner)`, or `failed` if the cache does not answer."""
        if not health.usable():
            return failed
        try:
            result = call(self.inner)
        except Exception as error:  # any failure of a cache is a miss, never an error page
            health.failed(error)
            return failed
        health.succeeded()
        return result

    def available(self) -> bool:
        """Whether the inner cache answered its last request (or may be tried again)."""
        return health.usable()

    def add(
        self, key: str, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: Any = None
    ) -> bool:
        return self.attempt(lambda c: c.add(key, value, timeout, version), False)

    def get(self, key: str, default: Any = None, version: Any = None) -> Any:
        return self.attempt(lambda c: c.get(key, default, version), default)

    def set(
        self, key: str, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: Any = None
    ) -> None:
        self.attempt(lambda c: c.set(key, value, timeout, version), None)

    def touch(self, key: str, timeout: Any = DEFAULT_TIMEOUT, version: Any = None) -> bool:
        return self.attempt(lambda c: c.touch(key, timeout, version), False)

    def delete(self, key: str, version: Any = None) -> bool:
        return self.attempt(lambda c: c.delete(key, version), False)

    def get_many(self, keys: Iterable[str], version: Any = None) -> dict[str, Any]:
        keys = list(keys)
        return self.attempt(lambda c: c.get_many(keys, version), {})

    def set_many(
        self, data: dict[str, Any], timeout: Any = DEFAULT_TIMEOUT, version: Any = None
    ) -> list[str]:
        return self.attempt(lambda c: c.set_many(data, timeout, version) or [], list(data))

    def delete_many(self, keys: Iterable[str], version: Any = None) -> None:
        keys = list(keys)
        self.attempt(lambda c: c.delete_many(keys, version), None)

    def has_key(self, key: str, version: Any = None) -> bool:
        return self.attempt(lambda c: c.has_key(key, version), False)

    def incr(self, key: str, delta: int = 1, version: Any = None) -> int:
        # Raises as a missing key does (ValueError) when the cache does not answer.
        result: int | None = self.attempt(lambda c: c.incr(key, delta, version), None)
        if result is None:
            raise ValueError(f"Key {key!r} not found (the cache is unavailable)")
        return result

    def clear(self) -> None:
        self.attempt(lambda c: c.clear(), None)

    def close(self, **kwargs: Any) -> None:
        self.attempt(lambda c: c.close(**kwargs), None)
