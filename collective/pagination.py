"""A Paginator whose COUNT(*) is cached: the same for every viewer, forgotten when offers or asks change."""
import hashlib

from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property

from .selectors import content_version

COUNT_CACHE_SECONDS = 60


class CachedCountPaginator(Paginator):
    """Counts of querysets cached for COUNT_CACHE_SECONDS under a key made of the count's SQL and the
    content version (collective.selectors.content_version), which every write of an offer or ask changes.
    A list of 100,000 offers then costs its page, not a COUNT(*) of the whole table, per request."""

    @cached_property
    def count(self) -> int:
        queryset = self.object_list
        if not isinstance(queryset, QuerySet):
            return super().count
        sql, params = queryset.order_by().query.sql_with_params()
        digest = hashlib.sha256(f"{sql}|{params!r}".encode()).hexdigest()
        key = f"count:{content_version()}:{digest}"
        return cache.get_or_set(key, queryset.count, COUNT_CACHE_SECONDS)
