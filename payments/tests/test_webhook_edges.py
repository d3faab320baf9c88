"""/webhooks/stripe/ edge cases: no signing secret configured, payments not configured, correctly signed bodies
that aren't JSON, UTF-8 or an event, and an event whose processing fails. None of them moves money."""
import hashlib
import hmac
import json
import time

import pytest

from payments import webhooks
from payments.models import CheckoutSession, Payment, WebhookEvent

from .conftest import PLATFORM_SECRET
from .helpers import WEBHOOK_URL, event, post_event, session_completed
from .test_webhooks import balance

pytestmark = pytest.mark.django_db


@pytest.fixture
def pack_checkout(buyer):
    from payments.factories import CreditPackCheckoutFactory

    return CreditPackCheckoutFactory(buyer=buyer)


def signed_post(client, body: bytes, secret: str):
    """Post raw bytes with a valid signature over exactly those bytes (which may not even be UTF-8)."""
    timestamp = int(time.time())
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return client.post(WEBHOOK_URL, data=body, content_type="application/json",
                       HTTP_STRIPE_SIGNATURE=f"t={timestamp},v1={mac}")


def nothing_happened(buyer) -> bool:
    return balance(buyer) == 0 and not Payment.objects.exists() and not WebhookEvent.objects.exists()


def test_with_stripe_keys_but_no_signing_secret_every_event_is_refused(client, stripe_http, settings, buyer,
                                                                        pack_checkout):
    settings.STRIPE_WEBHOOK_SECRET = settings.STRIPE_CONNECT_WEBHOOK_SECRET = ""
    delivery = event("checkout.session.completed", session_completed(pack_checkout, "pi_1"))
    for secret in (PLATFORM_SECRET, "", settings.STRIPE_SIMULATOR_WEBHOOK_SECRET):
        response = post_event(client, delivery, secret or "x")
        assert (response.status_code, response.json()) == (400, {"message": "Webhook signing secret isn't configured."})
    assert nothing_happened(buyer)
    # Control: with the secret configured, the same delivery is processed.
    settings.STRIPE_WEBHOOK_SECRET = PLATFORM_SECRET
    assert post_event(client, delivery, PLATFORM_SECRET).status_code == 200 and balance(buyer) == 100


def test_without_keys_or_the_simulator_payments_are_not_configured(client, settings, buyer, pack_checkout, sim_secret):
    settings.PAYMENTS_SIMULATOR_ALLOWED = False
    response = post_event(client, event("checkout.session.completed", session_completed(pack_checkout, "pi_1")),
                          sim_secret)
    assert (response.status_code, response.json()) == (400, {"message": "Payments aren't configured."})
    assert nothing_happened(buyer)


@pytest.mark.parametrize("body", [b"not json at all", b'{"id": "evt_1", "type": ', b"\xff\xfe\x00garbage",
                                  "{\"id\": \"evt_\u00e9\"".encode("latin-1")])
def test_a_correctly_signed_body_that_is_not_json_is_an_invalid_payload(client, buyer, sim_secret, body):
    response = signed_post(client, body, sim_secret)
    assert (response.status_code, response.json()) == (400, {"message": "Invalid payload."})
    assert nothing_happened(buyer)


@pytest.mark.parametrize("payload", [[1, 2], "a string", {"id": "evt_1", "type": "checkout.session.completed"},
                                     {"id": "evt_1", "type": "x", "data": {"object": [1]}},
                                     {"type": "x", "data": {"object": {}}}])
def test_correctly_signed_json_that_is_not_an_event_is_refused(client, buyer, sim_secret, payload):
    response = signed_post(client, json.dumps(payload).encode(), sim_secret)
    assert (response.status_code, response.json()) == (400, {"message": "Not a Stripe event."})
    assert nothing_happened(buyer)


def test_an_empty_body_is_refused(client, buyer, sim_secret):
    response = client.post(WEBHOOK_URL, data=b"", content_type="application/json", HTTP_STRIPE_SIGNATURE="")
    assert response.status_code == 400 and nothing_happened(buyer)


def test_an_event_that_fails_to_process_asks_stripe_to_retry_and_records_nothing(client, buyer, pack_checkout,
                                                                                  sim_secret, monkeypatch):
    def explode(event, *, provider):
        raise RuntimeError("database went away")

    monkeypatch.setattr(webhooks, "process", explode)
    delivery = event("checkout.session.completed", session_completed(pack_checkout, "pi_1"), event_id="evt_boom")
    response = post_event(client, delivery, sim_secret)
    assert response.status_code == 500
    assert response.json() == {"message": "Processing failed; please retry.", "event": "evt_boom", "outcome": "error"}
    assert nothing_happened(buyer)
    assert CheckoutSession.objects.get(pk=pack_checkout.pk).status == pack_checkout.status
    monkeypatch.undo()
    # The retry is processed normally.
    assert post_event(client, delivery, sim_secret).status_code == 200 and balance(buyer) == 100
