"""Whether the shared cache answers, as this process last found it.

A cache that is down or frozen costs each process one timeout, then is left alone for
`PAGE_CACHE_RETRY_SECONDS` (requests are served without it), and the outage is logged once
when it starts and once when it ends, never per request. A cache that comes back may have
missed purges made meanwhile (or lost them, restored from old saved data): `needs_replay`
says so, and `tags.replay` applies them before anything is read from it.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

logger = logging.getLogger("jarida.pagecache")
DEFAULT_RETRY_SECONDS = 5.0


class CacheHealth:
    def __init__(self) -> None:
        self.down_since: float | None = None
        self.retry_at = 0.0
        # A new process has not yet checked for purges the cache may lack.
        self.needs_replay = True
        self.replay_after = 0.0  # not before (a replay that failed waits a little)
        self.lock = threading.Lock()

    def usable(self) -> bool:
        return self.down_since is None or time.monotonic() >= self.retry_at

    def failed(self, error: BaseException) -> None:
        from django.conf import settings

        now = time.monotonic()
        with self.lock:
            if self.down_since is None:
                self.down_since = now
                logger.warning(
                    "The cache is unavailable (%s: %s); pages are served without it.",
                    type(error).__name__,
                    error,
                )
            self.retry_at = now + getattr(
                settings, "PAGE_CACHE_RETRY_SECONDS", DEFAULT_RETRY_SECONDS
            )

    def succeeded(self) -> None:
        if self.down_since is None:
            return
        with self.lock:
            if self.down_since is not None:
                logger.warning(
                    "The cache is back after %.1f s.", time.monotonic() - self.down_since
                )
                self.down_since = None
                self.needs_replay = True

    def reset(self) -> None:
        """As a new process finds it (tests start each case so)."""
        self.down_since, self.retry_at, self.needs_replay = None, 0.0, True
        self.replay_after = 0.0

    def connected(self) -> None:
        """A new connection to the cache server: it may have restarted since the last."""
        self.needs_replay = True


health = CacheHealth()


def redis_connected(connection: Any) -> None:
    """redis-py's `redis_connect_func` (set in the cache's OPTIONS): the connection's own
    handshake, then a note that the server may have restarted, perhaps from old saved data,
    without the purges made since."""
    connection.on_connect()
    health.connected()
