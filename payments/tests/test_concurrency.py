"""Concurrent webhook deliveries on PostgreSQL: each thread has its own connection and transaction.

Stripe may deliver the same event twice at once, and sends several events about one payment together.
SQLite serializes every write on the whole database, so it can't show this; the tests skip there.
"""
import json
import threading

import pytest
from django.db import connection, connections
from django.test import Client

from economy.models import CreditTransaction
from members.factories import UserFactory
from payments.factories import CreditPackCheckoutFactory
from payments.models import Payment, WebhookEvent
from payments.providers.simulator import simulator_webhook_secret

from .helpers import WEBHOOK_URL, event, payment_intent, session_completed, stripe_signature

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("Concurrent transactions and row locks need PostgreSQL; SQLite serializes all writes.")


def deliver_concurrently(deliveries: list[dict], secret: str) -> list[int]:
    """POST each event to the webhook from its own thread, all released together; returns the status codes."""
    barrier = threading.Barrier(len(deliveries))
    statuses: list = [None] * len(deliveries)

    def target(i):
        try:
            payload = json.dumps(deliveries[i])
            client = Client()
            barrier.wait()
            statuses[i] = client.post(WEBHOOK_URL, data=payload, content_type="application/json",
                                      HTTP_STRIPE_SIGNATURE=stripe_signature(payload, secret)).status_code
        except Exception as exc:  # noqa: BLE001 - asserted on below
            statuses[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=target, args=(i,)) for i in range(len(deliveries))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses


def test_the_same_event_delivered_by_two_threads_at_once_credits_once(settings):
    buyer = UserFactory()
    checkout = CreditPackCheckoutFactory(buyer=buyer)
    delivery = event("checkout.session.completed", session_completed(checkout, "pi_1"), event_id="evt_twice")

    statuses = deliver_concurrently([delivery, delivery], simulator_webhook_secret())

    assert statuses == [200, 200]
    buyer.refresh_from_db()
    assert buyer.credit_balance == 100
    assert CreditTransaction.objects.filter(user=buyer).count() == 1
    assert Payment.objects.count() == 1
    assert WebhookEvent.objects.count() == 1


def test_many_duplicates_and_sibling_events_at_once_credit_once(settings):
    buyer = UserFactory()
    checkout = CreditPackCheckoutFactory(buyer=buyer)
    completed = event("checkout.session.completed", session_completed(checkout, "pi_1"), event_id="evt_completed")
    succeeded = event("payment_intent.succeeded", payment_intent(checkout, "pi_1"), event_id="evt_succeeded")

    statuses = deliver_concurrently([completed, succeeded] * 4, simulator_webhook_secret())

    assert statuses == [200] * 8
    buyer.refresh_from_db()
    assert buyer.credit_balance == 100
    assert CreditTransaction.objects.filter(user=buyer).count() == 1
    assert Payment.objects.count() == 1
    assert WebhookEvent.objects.count() == 2
