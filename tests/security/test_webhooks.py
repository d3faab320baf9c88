"""Webhook forgery, replay and post-dating, and the payment simulator's own door (issue 18: an event an
hour in the future was processed; the simulator's webhook secret was a public default, so a member of a
local install could sign their own checkout completion and mint credits)."""
import json
import time

import pytest
from django.urls import reverse

from economy.models import CreditTransaction
from members.factories import UserFactory
from payments.factories import CreditPackCheckoutFactory
from payments.models import Payment, WebhookEvent
from payments.providers import simulator
from payments.tests.helpers import event, post_event, session_completed, stripe_signature

pytestmark = pytest.mark.django_db
OLD_PUBLIC_DEFAULT = "whsec_local_simulator_not_secret"


@pytest.fixture(autouse=True)
def _simulator(settings, tmp_path, monkeypatch):
    settings.STRIPE_SECRET_KEY = ""
    settings.PAYMENTS_SIMULATOR_ALLOWED = True
    settings.STRIPE_SIMULATOR_WEBHOOK_SECRET = ""  # as on a fresh install: generated, not configured
    settings.PAYMENTS_SIMULATOR_SECRET_FILE = tmp_path / "var" / "simulator-webhook-secret"
    monkeypatch.setattr(simulator, "_install_secret", None)


@pytest.fixture
def buyer():
    return UserFactory(username="buyer")


@pytest.fixture
def checkout(buyer):
    return CreditPackCheckoutFactory(buyer=buyer)


def credits(user) -> int:
    return sum(CreditTransaction.objects.filter(user=user).values_list("amount", flat=True))


@pytest.mark.parametrize("secret", [OLD_PUBLIC_DEFAULT, "", "whsec_guess", "whsec_test"])
def test_a_guessable_secret_mints_nothing(client, buyer, checkout, secret):
    response = post_event(client, event("checkout.session.completed", session_completed(checkout, "pi_1")), secret)
    assert response.status_code == 400
    assert credits(buyer) == 0 and not Payment.objects.exists()


def test_each_install_generates_its_own_secret_and_keeps_it(settings, tmp_path, monkeypatch):
    first = simulator.simulator_webhook_secret()
    monkeypatch.setattr(simulator, "_install_secret", None)
    assert simulator.simulator_webhook_secret() == first  # a second process of the same install
    assert first.startswith("whsec_sim_") and len(first) > 40
    settings.PAYMENTS_SIMULATOR_SECRET_FILE = tmp_path / "other-install" / "secret"
    assert simulator.simulator_webhook_secret() != first
    assert oct(settings.PAYMENTS_SIMULATOR_SECRET_FILE.stat().st_mode & 0o777) == "0o600"


def test_the_simulators_own_events_still_pass(client, buyer, checkout):
    client.force_login(buyer)
    response = client.post(reverse("payments:simulator_checkout", args=[checkout.stripe_session_id]), {"action": "pay"})
    assert response.status_code == 303
    assert credits(buyer) == checkout.credits


def test_only_the_buyer_can_complete_a_simulated_checkout(client, buyer, checkout):
    intruder = UserFactory(username="intruder")
    client.force_login(intruder)
    url = reverse("payments:simulator_checkout", args=[checkout.stripe_session_id])
    assert client.get(url).status_code == 404
    assert client.post(url, {"action": "pay"}).status_code == 404
    assert credits(buyer) == 0 == credits(intruder) and not Payment.objects.exists()


def test_anonymous_visitors_are_sent_to_sign_in(client, checkout):
    response = client.post(reverse("payments:simulator_checkout", args=[checkout.stripe_session_id]), {"action": "pay"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not Payment.objects.exists()


@pytest.mark.parametrize("ahead", [301, 3600, 10 * 365 * 86400])
def test_post_dated_events_are_refused(client, buyer, checkout, ahead):
    secret = simulator.simulator_webhook_secret()
    response = post_event(client, event("checkout.session.completed", session_completed(checkout, "pi_1")), secret,
                          timestamp=int(time.time()) + ahead)
    assert response.status_code == 400
    assert credits(buyer) == 0


def test_a_replayed_event_pays_once(client, buyer, checkout):
    secret = simulator.simulator_webhook_secret()
    completed = event("checkout.session.completed", session_completed(checkout, "pi_1"))
    assert [post_event(client, completed, secret).status_code for _ in range(3)] == [200, 200, 200]
    assert credits(buyer) == checkout.credits and WebhookEvent.objects.count() == 1


def test_a_replay_of_an_old_signature_is_refused(client, buyer, checkout):
    secret = simulator.simulator_webhook_secret()
    payload = json.dumps(event("checkout.session.completed", session_completed(checkout, "pi_1")))
    header = stripe_signature(payload, secret, timestamp=int(time.time()) - 3600)
    response = client.post("/webhooks/stripe/", data=payload, content_type="application/json",
                           HTTP_STRIPE_SIGNATURE=header)
    assert response.status_code == 400 and credits(buyer) == 0


@pytest.mark.parametrize("body", [b"", b"{", b"[]", b'{"id": "evt_1"}', b'{"id": "evt_1", "type": "x", "data": []}',
                                  b'{"id": "evt_1", "type": "x", "data": {"object": 5}}', b"\xff\xfe"])
def test_malformed_signed_bodies_are_400(client, body):
    secret = simulator.simulator_webhook_secret()
    try:
        text = body.decode()
    except UnicodeDecodeError:
        text = ""
    response = client.post("/webhooks/stripe/", data=body, content_type="application/json",
                           HTTP_STRIPE_SIGNATURE=stripe_signature(text, secret))
    assert response.status_code == 400
