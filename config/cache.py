"""A Redis cache that fails soft: with Redis unreachable, pages are served uncached.

Every cache read then misses and every write is dropped; each failure is logged (once per
outage, then every ``LOG_EVERY`` failures) and counted, and ``/readyz`` reports the cache
as degraded. After a failure the cache is left alone for ``RETRY_SECONDS``, so an outage
costs one connection attempt per process every few seconds rather than one per cache call.
"""

import logging
import threading
import time
from dataclasses import dataclass

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

RETRY_SECONDS = 5.0
LOG_EVERY = 1000
FAILURES = (RedisError, OSError)


@dataclass
class Outage:
    """The cache's state in this process, shared by its threads."""

    failures: int = 0  # since the process started
    error: str = ""  # the last failure, while the cache is down
    retry_at: float = 0.0  # monotonic time before which the cache is not tried

    def __post_init__(self):
        self.lock = threading.Lock()

    @property
    def down(self) -> bool:
        return bool(self.error)

    def failed(self, operation: str, error: Exception) -> None:
        with self.lock:
            first = not self.error
            self.failures += 1
            self.error = f"{type(error).__name__}: {error}"
            self.retry_at = time.monotonic() + RETRY_SECONDS
            count = self.failures
        if first or count % LOG_EVERY == 0:
            logger.warning(
                "cache unavailable (%s failed; %d failures so far): serving uncached",
                operation,
                count,
                exc_info=first,
            )

    def recovered(self) -> None:
        if self.error:
            with self.lock:
                self.error, self.retry_at = "", 0.0
            logger.warning("cache available again")

    def resting(self) -> bool:
        return bool(self.error) and time.monotonic() < self.retry_at


outage = Outage()


class FailSoftRedisCache(RedisCache):
    """Django's RedisCache whose every operation survives Redis being down."""

    def _soft(self, method, fallback, *args):
        """``method(*args)``, or ``fallback`` when Redis fails (or failed moments ago)."""
        if outage.resting():
            return fallback
        try:
            result = method(*args)
        except FAILURES as error:
            outage.failed(method.__name__, error)
            return fallback
        outage.recovered()
        return result

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._soft(super().add, False, key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._soft(super().get, default, key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self._soft(super().set, None, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._soft(super().touch, False, key, timeout, version)

    def delete(self, key, version=None):
        return self._soft(super().delete, False, key, version)

    def get_many(self, keys, version=None):
        return self._soft(super().get_many, {}, keys, version)

    def has_key(self, key, version=None):
        return self._soft(super().has_key, False, key, version)

    def incr(self, key, delta=1, version=None):
        """Raises ValueError, as for a missing key, while Redis is down: callers handle it."""
        unavailable = object()
        result = self._soft(super().incr, unavailable, key, delta, version)
        if result is unavailable:
            raise ValueError(f"Key {key!r} not found: the cache is unavailable.")
        return result

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._soft(super().set_many, list(data), data, timeout, version)

    def delete_many(self, keys, version=None):
        self._soft(super().delete_many, None, keys, version)

    def clear(self):
        return self._soft(super().clear, False)

    def probe(self) -> str:
        """Empty when Redis answers now (an outage then ends at once), else what failed."""
        try:
            self._cache.get_client().ping()
        except FAILURES as error:
            outage.failed("ping", error)
            return outage.error
        outage.recovered()
        return ""
