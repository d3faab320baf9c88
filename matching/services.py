"""Writes of the matching room: storing vectors, and the weekly introductions (introductions.py)."""
from collections.abc import Iterable

import numpy as np
from django.db import transaction

from . import index
from .documents import text_hash, texts_for
from .models import Embedding
from .providers import get_provider


def embeddings_refresh(*, kind: str, ids: Iterable[int] | None = None, after: int = 0, batch: int = 500,
                       force: bool = False, progress=None) -> int:
    """Embed the rows of `kind` (all, or `ids`) whose text or model changed since their vector was stored.

    Batched and resumable (`after` = the last id done); `progress(done_id, count)` is called per batch.
    Returns how many vectors were (re)written.
    """
    provider = get_provider()
    written = 0
    for rows in texts_for(kind, ids, batch=batch, after=after):
        hashes = {pk: text_hash(text) for pk, text in rows}
        stored = dict(Embedding.objects.filter(kind=kind, object_id__in=hashes, model=provider.name)
                      .values_list("object_id", "text_hash"))
        todo = [(pk, text) for pk, text in rows if force or stored.get(pk) != hashes[pk]]
        if todo:
            vectors = provider.embed([text for _, text in todo]).astype(np.float32)
            Embedding.objects.bulk_create(
                [Embedding(kind=kind, object_id=pk, model=provider.name, text_hash=hashes[pk],
                           dimensions=vectors.shape[1], vector=vectors[n].tobytes())
                 for n, (pk, _) in enumerate(todo)],
                update_conflicts=True, unique_fields=["kind", "object_id"],
                update_fields=["model", "text_hash", "dimensions", "vector", "updated_at"])
            written += len(todo)
        if progress is not None:
            progress(rows[-1][0], len(rows))
    if ids is not None:
        # Rows that no longer exist lose their vectors.
        gone = set(ids) - set(texts_ids(kind, ids))
        if gone:
            embeddings_delete(kind=kind, ids=gone)
    if written:
        transaction.on_commit(lambda: index.invalidate(kind))
    return written


def texts_ids(kind: str, ids: Iterable[int]) -> list[int]:
    from .documents import SOURCES

    queryset_for, _ = SOURCES[kind]
    return list(queryset_for().model._default_manager.filter(pk__in=list(ids)).values_list("pk", flat=True))


def embeddings_delete(*, kind: str, ids: Iterable[int]) -> int:
    deleted, _ = Embedding.objects.filter(kind=kind, object_id__in=list(ids)).delete()
    if deleted:
        transaction.on_commit(lambda: index.invalidate(kind))
    return deleted


def embeddings_stale_count(kind: str) -> int:
    """Vectors made by another model than the configured one (they need `reindex_embeddings`)."""
    return Embedding.objects.filter(kind=kind).exclude(model=get_provider().name).count()
