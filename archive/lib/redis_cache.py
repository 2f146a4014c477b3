"""Django's Redis cache, made to degrade instead of failing: a cache that is down (stopped,
refusing connections, or not answering within the socket timeouts the settings give) is
a cache that misses. Pages are then rendered uncached and saves go through.

After a failure Redis is left alone for `RETRY_AFTER` seconds, so an unanswering server
costs one timeout per worker every few seconds, not one per cache call; the outage is
logged once when it starts and once when it ends, not per request.
"""

import logging
import threading
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

RETRY_AFTER = 5.0  # seconds
FAILURES = (RedisError, OSError)


class Outage:
    """Whether one Redis server is down, shared by the process's threads (Django makes
    a cache object per thread)."""

    def __init__(self):
        self.retry_at = None  # monotonic time of the next attempt while down
        self.lock = threading.Lock()

    def skip(self):
        return self.retry_at is not None and time.monotonic() < self.retry_at

    def failed(self, location, error):
        with self.lock:
            if self.retry_at is None:
                logger.warning("Cache down (%s): serving without it. %s", location, error)
            self.retry_at = time.monotonic() + RETRY_AFTER

    def answered(self, location):
        if self.retry_at is None:
            return
        with self.lock:
            if self.retry_at is not None:
                logger.warning("Cache back (%s).", location)
                self.retry_at = None


_outages = {}


class RedisCache(DjangoRedisCache):
    """Each operation answers as for missing keys while Redis cannot be reached."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self.outage = _outages.setdefault(str(server), Outage())

    def _degrade(self, operation, fallback):
        if self.outage.skip():
            return fallback()
        try:
            result = operation()
        except FAILURES as error:
            self.outage.failed(self._servers[0], error)
            return fallback()
        self.outage.answered(self._servers[0])
        return result

    def available(self):
        """Whether Redis answers now (for /healthz); no attempt while it is known down."""
        return self._degrade(lambda: self._cache.get_client().ping(), lambda: False)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        call = super().add
        return self._degrade(lambda: call(key, value, timeout, version), lambda: False)

    def get(self, key, default=None, version=None):
        call = super().get
        return self._degrade(lambda: call(key, default, version), lambda: default)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        call = super().set
        self._degrade(lambda: call(key, value, timeout, version), lambda: None)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        call = super().touch
        return self._degrade(lambda: call(key, timeout, version), lambda: False)

    def delete(self, key, version=None):
        call = super().delete
        return self._degrade(lambda: call(key, version), lambda: False)

    def get_many(self, keys, version=None):
        call = super().get_many
        return self._degrade(lambda: call(keys, version), dict)

    def has_key(self, key, version=None):
        call = super().has_key
        return self._degrade(lambda: call(key, version), lambda: False)

    def incr(self, key, delta=1, version=None):
        call = super().incr

        def missing():
            raise ValueError(f"Key '{key}' not found.")  # as for a key that is not there

        return self._degrade(lambda: call(key, delta, version), missing)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        call = super().set_many
        return self._degrade(lambda: call(data, timeout, version), lambda: list(data))

    def delete_many(self, keys, version=None):
        call = super().delete_many
        self._degrade(lambda: call(keys, version), lambda: None)

    def clear(self):
        self._degrade(super().clear, lambda: False)
