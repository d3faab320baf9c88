"""A Redis cache that degrades to a per-process cache instead of failing when Redis is down.

Everything that uses Django's cache goes through here: the toast inbox, the API throttles, allauth's
rate limits, the link-import limit. When Redis can't be reached each call is answered by a local
in-memory cache (so throttles still count, per process), one warning is logged per outage, and
`cache_health()` reports "down" for the health check (`/health/`). After a failure Redis is left
alone for `RETRY_SECONDS` so a dead server doesn't cost a connect timeout on every request; then the
next call tries it again and the outage ends with an info line.

Things written to the local cache during an outage stay in that process only: a toast earned then is
shown by the same process or not at all; throttle counts restart when Redis is back. Nothing raises.
"""
from __future__ import annotations

import logging
import threading
import time

from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache

logger = logging.getLogger(__name__)

RETRY_SECONDS = 5.0
# Fail fast: a cache answers in milliseconds or is treated as down.
DEFAULT_OPTIONS = {"socket_connect_timeout": 0.5, "socket_timeout": 0.5, "retry_on_timeout": False}

_state = threading.local()
_lock = threading.Lock()
_down_since: dict[str, float] = {}  # cache location -> monotonic time of the failure


def _redis_errors() -> tuple[type[BaseException], ...]:
    import redis

    return (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError, OSError)


def cache_health() -> dict[str, str]:
    """{"<location>": "ok" | "down"} for every resilient cache in this process."""
    with _lock:
        return {location: "down" for location in _down_since}


class ResilientRedisCache(RedisCache):
    """django.core.cache.backends.redis.RedisCache with a local fallback (see the module docstring)."""

    def __init__(self, server, params):
        params = dict(params)
        params["OPTIONS"] = {**DEFAULT_OPTIONS, **params.get("OPTIONS", {})}
        super().__init__(server, params)
        self._location = ",".join(self._servers)
        self._fallback = LocMemCache(f"fallback-{self._location}", {"TIMEOUT": params.get("TIMEOUT", 300)})

    def _redis_is_resting(self) -> bool:
        with _lock:
            since = _down_since.get(self._location)
        return since is not None and time.monotonic() - since < RETRY_SECONDS

    def _call(self, name: str, *args, **kwargs):
        if not self._redis_is_resting():
            try:
                result = getattr(super(), name)(*args, **kwargs)
            except _redis_errors() as exc:
                with _lock:
                    first = self._location not in _down_since
                    _down_since[self._location] = time.monotonic()
                if first:
                    logger.warning("cache unavailable (%s): %s; using the local fallback cache", self._location, exc)
            else:
                with _lock:
                    was_down = _down_since.pop(self._location, None) is not None
                if was_down:
                    logger.info("cache available again (%s)", self._location)
                return result
        return getattr(self._fallback, name)(*args, **kwargs)

    def add(self, *args, **kwargs):
        return self._call("add", *args, **kwargs)

    def get(self, *args, **kwargs):
        return self._call("get", *args, **kwargs)

    def set(self, *args, **kwargs):
        return self._call("set", *args, **kwargs)

    def touch(self, *args, **kwargs):
        return self._call("touch", *args, **kwargs)

    def delete(self, *args, **kwargs):
        return self._call("delete", *args, **kwargs)

    def get_many(self, *args, **kwargs):
        return self._call("get_many", *args, **kwargs)

    def has_key(self, *args, **kwargs):
        return self._call("has_key", *args, **kwargs)

    def incr(self, *args, **kwargs):
        return self._call("incr", *args, **kwargs)

    def set_many(self, *args, **kwargs):
        return self._call("set_many", *args, **kwargs)

    def delete_many(self, *args, **kwargs):
        return self._call("delete_many", *args, **kwargs)

    def clear(self, *args, **kwargs):
        self._fallback.clear()
        return self._call("clear", *args, **kwargs)
