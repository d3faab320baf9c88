"""Celery tasks of the outbox, and handing rows to them. The Delivery row is the source of truth, so running a
task twice is harmless."""
from celery import shared_task
from django.db import transaction

from . import delivery


@shared_task(bind=True, name="notifications.deliver", acks_late=True, ignore_result=True, max_retries=None)
def deliver(self, delivery_id: int) -> str:
    """Send one email or SMS; on a provider failure, retry with exponential backoff (the row says when)."""
    outcome = delivery.deliver(delivery_id)
    if outcome.retry_in is not None and not self.request.is_eager:
        raise self.retry(countdown=outcome.retry_in)
    # Eagerly (no broker) the retry waits for the sweeper below, instead of retrying in a tight loop.
    return outcome.status


@shared_task(name="notifications.dispatch_due", ignore_result=True)
def dispatch_due() -> int:
    """Every minute (CELERY_BEAT_SCHEDULE): send what is due — retries, SMS held for quiet hours, rows
    whose task was lost — and flag rows a dead worker left half-sent."""
    delivery.stale_sending_mark_unknown()
    ids = delivery.due_delivery_ids()
    for delivery_id in ids:
        enqueue(delivery_id)
    return len(ids)


def enqueue(delivery_id: int) -> None:
    """Hand a row to Celery (runs inline when CELERY_TASK_ALWAYS_EAGER)."""
    deliver.delay(delivery_id)


def enqueue_on_commit(delivery_ids: list[int]) -> None:
    """After the surrounding transaction commits (never for a rolled-back write), send these rows.

    robust=True: a broker hiccup is logged instead of failing the member's request; the row stays
    pending and the every-minute sweeper sends it.
    """
    for delivery_id in delivery_ids:
        transaction.on_commit(lambda pk=delivery_id: enqueue(pk), robust=True)
