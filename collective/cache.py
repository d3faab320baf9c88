"""One version number for everything cached about offers and asks (list counts, discover sections,
search rankings): every write of an offer, an ask or their terms changes it (collective/signals.py), so
a key that contains it is forgotten at once, on every worker, with no list of keys to delete."""
import time

from django.core.cache import cache

CONTENT_VERSION_KEY = "collective:content-version"


def content_version() -> int:
    version = cache.get(CONTENT_VERSION_KEY)
    if version is None:
        cache.add(CONTENT_VERSION_KEY, time.time_ns(), None)
        version = cache.get(CONTENT_VERSION_KEY)
    return version


def content_changed() -> None:
    try:
        cache.incr(CONTENT_VERSION_KEY)
    except ValueError:  # not cached yet (or evicted)
        cache.set(CONTENT_VERSION_KEY, time.time_ns(), None)
