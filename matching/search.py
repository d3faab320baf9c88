"""Hybrid retrieval for every `q`: the lexical ranking (collective.search) and the dense ranking (cosine
similarity of embeddings) fused with reciprocal rank fusion, always inside the candidates the caller passes
(filters and visibility already applied), so a draft or a deactivated member's row can never come back.

Typo tolerance: query words that are a letter or two away from a tool, tag or category name ("midjurney",
"chatgtp", "notoin") become that name, so both rankings see the word the member meant.
"""
from collections.abc import Callable, Sequence
from functools import lru_cache

import numpy as np
from django.db.models import QuerySet

from collective.search import lexical_ranking
from collective.selectors import search_terms

from . import index, typos
from .providers import get_provider

# Chosen once on bench/discovery/judged.yaml as a whole (never per need): a small k trusts each ranking's
# top few, and shared words weigh less than meaning, since needs rarely use the offers' words and
# distractors do.
RRF_K = 5
LEXICAL_WEIGHT = 0.2
DENSE_WEIGHT = 1.0
LEXICAL_LIMIT = 200
DENSE_LIMIT = 200
# Rows less similar than this aren't a match by meaning (wordllama cosine; unrelated texts score below it).
DENSE_MIN_SCORE = 0.1
# Dense hits are taken from the whole index first and then narrowed to the candidates in one query; when
# filters leave too few of them, the candidates' own vectors are scored instead (at most this many).
DENSE_POOL = 1000
DENSE_SCAN_MAX = 200_000
RESULTS_MAX = 400


@lru_cache(maxsize=512)
def _query_vector(model: str, text: str) -> np.ndarray:
    return get_provider().embed([text])[0]


def query_vector(text: str) -> np.ndarray:
    return _query_vector(get_provider().name, text)


def dense_ranking(kind: str, candidates: QuerySet, query: str, *, limit: int = DENSE_LIMIT,
                  min_score: float = DENSE_MIN_SCORE) -> list[int]:
    """Ids of `candidates` most similar in meaning to `query`, best first."""
    text = " ".join(search_terms(query))
    if not text:
        return []
    vector = query_vector(text)
    pool = index.top(kind, vector, k=DENSE_POOL, min_score=min_score)
    if not pool:
        return []
    allowed = set(candidates.filter(pk__in=[pk for pk, _ in pool]).values_list("pk", flat=True))
    ranked = [pk for pk, _ in pool if pk in allowed]
    if len(ranked) < limit and len(pool) == DENSE_POOL:
        # Narrow filters: the global pool was mostly other rows. Score the candidates themselves.
        among = np.array(sorted(candidates.values_list("pk", flat=True)[:DENSE_SCAN_MAX]), dtype=np.int64)
        ranked = [pk for pk, _ in index.top(kind, vector, k=limit, among=among, min_score=min_score)]
    return ranked[:limit]


def fuse(rankings: Sequence[tuple[list[int], float]], *, k: int = RRF_K) -> list[int]:
    """Reciprocal rank fusion: each ranking adds weight / (k + rank) to its ids."""
    scores: dict[int, float] = {}
    for ranking, weight in rankings:
        for rank, pk in enumerate(ranking, start=1):
            scores[pk] = scores.get(pk, 0.0) + weight / (k + rank)
    return sorted(scores, key=lambda pk: -scores[pk])


def hybrid_ranking(kind: str, candidates: QuerySet, query: str, *, limit: int = RESULTS_MAX,
                   mode: str = "hybrid") -> list[int]:
    """Ids of `candidates` for `query`, best first: "hybrid" (default), "lexical" or "dense" alone."""
    def rank() -> list[int]:
        corrected = typos.with_corrections(query)
        lexical = lexical_ranking(candidates, corrected, LEXICAL_LIMIT) if mode in ("hybrid", "lexical") else []
        dense = dense_ranking(kind, candidates, corrected) if mode in ("hybrid", "dense") else []
        return fuse([(lexical, LEXICAL_WEIGHT), (dense, DENSE_WEIGHT)])[:limit]

    # Popular queries repeat: the fused ranking is shared until the content or the vectors change.
    return index.cached_ranking(kind, candidates, ("hybrid", query, mode, limit), rank)


class RankedResults:
    """Rows in a given id order, lazily: slicing loads only that page (one query plus `prepare`'s
    prefetches), so Django's Paginator and DRF's pagination work on it like on a queryset."""

    def __init__(self, queryset: QuerySet, ids: list[int]) -> None:
        self.queryset, self.ids, self.model = queryset, ids, queryset.model

    def count(self) -> int:
        return len(self.ids)

    def __len__(self) -> int:
        return len(self.ids)

    def _rows(self, ids: list[int]) -> list:
        by_id = {row.pk: row for row in self.queryset.filter(pk__in=ids)}
        return [by_id[pk] for pk in ids if pk in by_id]

    def __getitem__(self, item):
        if isinstance(item, slice):
            return self._rows(self.ids[item])
        rows = self._rows([self.ids[item]])
        if not rows:
            raise IndexError(item)
        return rows[0]

    def __iter__(self):
        return iter(self._rows(self.ids))

    def __bool__(self) -> bool:
        return bool(self.ids)


def ranked(kind: str, candidates: QuerySet, query: str, *, ordering: Sequence[str] | None,
           prepare: Callable[[QuerySet], QuerySet]):
    """What a list shows for `query`: hybrid matches in relevance order, or in `ordering` when one is given."""
    ids = hybrid_ranking(kind, candidates, query)
    fresh = prepare(candidates.model._default_manager.all())
    if ordering:
        return fresh.filter(pk__in=ids).order_by(*ordering)
    return RankedResults(fresh, ids)
