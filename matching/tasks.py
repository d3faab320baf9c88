"""Celery tasks of the matching room (eager without a broker)."""
from celery import shared_task

from . import services


@shared_task(name="matching.embed_rows")
def embed_rows(kind: str, ids: list[int]) -> int:
    return services.embeddings_refresh(kind=kind, ids=ids)


@shared_task(name="matching.weekly_introductions")
def weekly_introductions() -> int:
    from .introductions import introductions_weekly_run

    return introductions_weekly_run()
