"""Lexical ranking: the one door to full-text search for every room (matching fuses it with meaning).

`lexical_ranking(queryset, query, limit)` returns the ids of `queryset`'s rows that match `query`, best first,
through Wagtail's search backend (PostgreSQL full-text in production, SQLite FTS locally). The queryset
already carries filters and visibility rules; nothing outside it is ever returned.
"""
from django.db.models import QuerySet

from .selectors import _ranked, search_terms


def lexical_ranking(queryset: QuerySet, query: str, limit: int) -> list[int]:
    if not search_terms(query):
        return []
    results = _ranked(queryset, query, ordering=None, prepare=lambda qs: qs)
    return [row.pk for row in results[:limit]]
