"""Fixtures of the probe suite: a Redis that isn't there."""
import socket

import pytest

from core import cache as resilient_cache


def _closed_port() -> int:
    """A local port nothing listens on (connections are refused at once)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def dead_redis(settings):
    """The app configured for a Redis at an address that refuses connections, as when Redis has died."""
    location = f"redis://127.0.0.1:{_closed_port()}/0"
    resilient_cache._down_since.clear()
    # Through pytest-django's `settings`, so later changes by a test unwind in the right order.
    settings.CACHES = {"default": {"BACKEND": "core.cache.ResilientRedisCache", "LOCATION": location}}
    yield location
    resilient_cache._down_since.clear()
