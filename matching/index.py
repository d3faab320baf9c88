"""The dense index: per kind, an in-process float32 matrix of every stored vector, scored by brute force.

A matrix multiply over 100,000 × 256 floats takes a few milliseconds, so brute force is fine up to a few
hundred thousand rows per kind. Each process loads a kind lazily and keeps it until the kind's version in
the cache changes: every write of vectors bumps that version, so all web and worker processes reload on
their next query (the cache is Redis in production, shared by every process).
"""
import hashlib
import threading
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from django.core.cache import cache
from django.db.models import QuerySet

from collective.cache import content_version
from collective.search import RANKING_CACHE_SECONDS

from .models import Embedding
from .providers import get_provider

VERSION_KEY = "matching:index-version:{kind}"


@dataclass
class KindMatrix:
    version: str
    model: str
    ids: np.ndarray  # int64, sorted
    matrix: np.ndarray  # float32, one unit row per id

    @property
    def nbytes(self) -> int:
        return self.ids.nbytes + self.matrix.nbytes


_loaded: dict[str, KindMatrix] = {}
_lock = threading.Lock()


def current_version(kind: str) -> str:
    return str(cache.get_or_set(VERSION_KEY.format(kind=kind), 0, timeout=None))


def invalidate(kind: str) -> None:
    """Tell every process that `kind` changed (they reload on their next query)."""
    key = VERSION_KEY.format(kind=kind)
    try:
        cache.incr(key)
    except ValueError:  # not set yet (or evicted)
        cache.set(key, 1, timeout=None)


def _load(kind: str, version: str, model: str) -> KindMatrix:
    """Read the vectors straight into one preallocated matrix, a chunk of rows at a time: collecting them as
    bytes first held every vector twice (and left the worker's heap that much bigger after the load)."""
    stored = Embedding.objects.filter(kind=kind, model=model)
    rows = stored.order_by("object_id").values_list("object_id", "vector")
    capacity = stored.count()
    dims = get_provider().dimensions
    ids = np.empty(capacity, dtype=np.int64)
    matrix: np.ndarray | None = None
    extra_ids, extra_rows = [], []  # rows written between the count and the read
    n = 0
    for object_id, vector in rows.iterator(chunk_size=5000):
        row = np.frombuffer(vector, dtype=np.float32)
        if matrix is None:
            matrix = np.empty((capacity, dims or len(row)), dtype=np.float32)
        if n < capacity:
            ids[n], matrix[n] = object_id, row
            n += 1
        else:
            extra_ids.append(object_id)
            extra_rows.append(row)
    if matrix is None:
        return KindMatrix(version=version, model=model, ids=np.zeros(0, dtype=np.int64),
                          matrix=np.zeros((0, dims or 1), dtype=np.float32))
    ids, matrix = ids[:n], matrix[:n]
    if extra_ids:
        ids, matrix = np.concatenate([ids, extra_ids]), np.vstack([matrix, *extra_rows])
    return KindMatrix(version=version, model=model, ids=ids, matrix=matrix)


def matrix_for(kind: str) -> KindMatrix:
    version, model = current_version(kind), get_provider().name
    loaded = _loaded.get(kind)
    if loaded is None or loaded.version != version or loaded.model != model:
        with _lock:
            loaded = _loaded.get(kind)
            if loaded is None or loaded.version != version or loaded.model != model:
                loaded = _loaded[kind] = _load(kind, version, model)
    return loaded


def scores(kind: str, query_vector: np.ndarray, *, among: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """(ids, cosine similarities) of `kind`, for all rows or only the ids in `among`."""
    loaded = matrix_for(kind)
    if among is None:
        return loaded.ids, loaded.matrix @ query_vector
    positions = np.searchsorted(loaded.ids, among)
    inside = positions < len(loaded.ids)
    positions = positions[inside]
    positions = positions[loaded.ids[positions] == among[inside]]
    return loaded.ids[positions], loaded.matrix[positions] @ query_vector


def top(kind: str, query_vector: np.ndarray, *, k: int, among: np.ndarray | None = None,
        min_score: float = -1.0) -> list[tuple[int, float]]:
    """The `k` most similar ids (best first) with their scores, at least `min_score`."""
    ids, sims = scores(kind, query_vector, among=among)
    if not len(ids):
        return []
    k = min(k, len(ids))
    best = np.argpartition(-sims, k - 1)[:k]
    best = best[np.argsort(-sims[best], kind="stable")]
    return [(int(ids[i]), float(sims[i])) for i in best if sims[i] >= min_score]


def vector_of(kind: str, object_id: int) -> np.ndarray | None:
    loaded = matrix_for(kind)
    position = int(np.searchsorted(loaded.ids, object_id))
    if position < len(loaded.ids) and loaded.ids[position] == object_id:
        return loaded.matrix[position]
    return None


def cached_ranking(kind: str, candidates: QuerySet, parts: tuple, compute: Callable[[], list]) -> list:
    """`compute()` (a ranking of `candidates` by meaning), shared by every request asking the same thing until
    offers, asks or `kind`'s vectors change. Rows hidden since are still left out when the page is loaded
    from the candidates; a new row shows once its vector is written (that changes the index version)."""
    sql, params = candidates.query.sql_with_params()
    fingerprint = repr((kind, parts, sql, params, current_version(kind), content_version(), get_provider().name))
    key = f"matching:ranking:{hashlib.sha256(fingerprint.encode()).hexdigest()}"
    ranking = cache.get(key)
    if ranking is None:
        ranking = compute()
        cache.set(key, ranking, RANKING_CACHE_SECONDS)
    return ranking


def memory_bytes() -> int:
    return sum(m.nbytes for m in _loaded.values())


def reset() -> None:
    """Forget loaded matrices (tests)."""
    _loaded.clear()
