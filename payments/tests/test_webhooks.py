"""/webhooks/stripe/: signatures, idempotency, ordering, refunds, disputes, subscriptions, Connect events."""
import json
import time

import pytest
from django.db.models import Sum

from economy.models import CreditTransaction
from payments import selectors, services
from payments.choices import CheckoutMode, CheckoutStatus, RefundKind, WebhookEventStatus
from payments.factories import CreditPackCheckoutFactory, OfferCheckoutFactory
from payments.models import CheckoutSession, ConnectedAccount, Payment, Payout, Refund, Subscription, WebhookEvent

from .conftest import CONNECT_SECRET, PLATFORM_SECRET
from .helpers import (
    charge_refunded,
    dispute,
    event,
    invoice_paid,
    payment_intent,
    post_event,
    session_completed,
    stripe_signature,
)

pytestmark = pytest.mark.django_db


def balance(user) -> int:
    user.refresh_from_db(fields=["credit_balance"])
    return user.credit_balance


def ledger_sum(user) -> int:
    return CreditTransaction.objects.filter(user=user).aggregate(s=Sum("amount"))["s"] or 0


@pytest.fixture
def pack_checkout(buyer):
    return CreditPackCheckoutFactory(buyer=buyer)


@pytest.fixture
def course_checkout(buyer, paid_course):
    return OfferCheckoutFactory(buyer=buyer, offer=paid_course, destination_account_id="acct_creator")


# ------------------------------------------------------------------------------------ signatures
def test_correctly_signed_event_is_processed_and_credits_the_pack(client, buyer, pack_checkout, sim_secret):
    response = post_event(client, event("checkout.session.completed", session_completed(pack_checkout, "pi_1")),
                          sim_secret)

    assert response.status_code == 200
    assert response.json()["outcome"] == "processed"
    assert balance(buyer) == 100
    payment = Payment.objects.get()
    assert (payment.stripe_payment_intent_id, payment.amount_cents, payment.currency) == ("pi_1", 500, "usd")
    entry = CreditTransaction.objects.get(user=buyer)
    assert (entry.transaction_type, entry.amount, entry.stripe_payment_intent_id) == ("purchase", 100, "pi_1")
    pack_checkout.refresh_from_db()
    assert pack_checkout.status == CheckoutStatus.COMPLETE


def test_with_stripe_keys_events_signed_with_the_platform_or_connect_secret_are_accepted(client, stripe_http, buyer,
                                                                                         pack_checkout):
    first = post_event(client, event("checkout.session.completed", session_completed(pack_checkout, "pi_1")),
                       PLATFORM_SECRET)
    second = post_event(client, event("account.updated", {"id": "acct_unknown", "object": "account"},
                                      account="acct_unknown"), CONNECT_SECRET)

    assert (first.status_code, second.status_code) == (200, 200)
    assert balance(buyer) == 100


def test_with_stripe_keys_the_simulator_secret_is_not_accepted(client, stripe_http, sim_secret, buyer, pack_checkout):
    response = post_event(client, event("checkout.session.completed", session_completed(pack_checkout, "pi_1")),
                          sim_secret)
    assert response.status_code == 400
    assert balance(buyer) == 0


def test_forged_signature_is_refused_and_changes_nothing(client, buyer, pack_checkout):
    response = post_event(client, event("checkout.session.completed", session_completed(pack_checkout, "pi_1")),
                          "whsec_not_the_secret")

    assert response.status_code == 400
    assert balance(buyer) == 0
    assert not WebhookEvent.objects.exists()
    assert not Payment.objects.exists()


def test_tampered_payload_with_a_valid_signature_for_other_content_is_refused(client, buyer, pack_checkout, sim_secret):
    original = json.dumps(event("checkout.session.completed", session_completed(pack_checkout, "pi_1", amount=1)))
    header = stripe_signature(original, sim_secret)
    tampered = original.replace('"amount_total": 1', '"amount_total": 500')

    response = client.post("/webhooks/stripe/", data=tampered, content_type="application/json",
                           HTTP_STRIPE_SIGNATURE=header)

    assert response.status_code == 400
    assert not Payment.objects.exists()


def test_stale_timestamp_is_refused(client, buyer, pack_checkout, sim_secret):
    old = int(time.time()) - 301
    response = post_event(client, event("checkout.session.completed", session_completed(pack_checkout, "pi_1")),
                          sim_secret, timestamp=old)
    assert response.status_code == 400
    assert balance(buyer) == 0


def test_timestamp_within_five_minutes_is_accepted(client, buyer, pack_checkout, sim_secret):
    recent = int(time.time()) - 240
    response = post_event(client, event("checkout.session.completed", session_completed(pack_checkout, "pi_1")),
                          sim_secret, timestamp=recent)
    assert response.status_code == 200


@pytest.mark.parametrize("signature", ["", "garbage", "t=abc,v1=def", "v1=deadbeef"])
def test_missing_or_malformed_signature_header_is_refused(client, pack_checkout, signature, sim_secret):
    response = post_event(client, event("checkout.session.completed", session_completed(pack_checkout, "pi_1")),
                          sim_secret, signature=signature)
    assert response.status_code == 400


def test_signed_body_that_is_not_an_event_is_refused(client, sim_secret):
    payload = '{"hello": "world"}'
    response = client.post("/webhooks/stripe/", data=payload, content_type="application/json",
                           HTTP_STRIPE_SIGNATURE=stripe_signature(payload, sim_secret))
    assert response.status_code == 400


def test_webhook_only_accepts_post(client):
    assert client.get("/webhooks/stripe/").status_code == 405


# --------------------------------------------------------------------------------- idempotency
def test_the_same_event_delivered_twice_credits_once(client, buyer, pack_checkout, sim_secret):
    delivery = event("checkout.session.completed", session_completed(pack_checkout, "pi_1"), event_id="evt_same")

    first = post_event(client, delivery, sim_secret)
    second = post_event(client, delivery, sim_secret)

    assert (first.status_code, second.status_code) == (200, 200)
    assert second.json()["outcome"] == "duplicate"
    assert balance(buyer) == 100 == ledger_sum(buyer)
    assert Payment.objects.count() == 1
    assert WebhookEvent.objects.filter(stripe_event_id="evt_same").count() == 1


def test_session_completed_then_payment_intent_succeeded_records_one_payment(client, buyer, pack_checkout, sim_secret):
    post_event(client, event("checkout.session.completed", session_completed(pack_checkout, "pi_1")), sim_secret)
    response = post_event(client, event("payment_intent.succeeded", payment_intent(pack_checkout, "pi_1")), sim_secret)

    assert response.status_code == 200
    assert Payment.objects.count() == 1
    assert balance(buyer) == 100
    assert WebhookEvent.objects.get(event_type="payment_intent.succeeded").note.startswith("Already recorded")


def test_payment_intent_succeeded_before_session_completed_records_one_payment(client, buyer, pack_checkout,
                                                                               sim_secret):
    post_event(client, event("payment_intent.succeeded", payment_intent(pack_checkout, "pi_1")), sim_secret)
    assert balance(buyer) == 100
    post_event(client, event("checkout.session.completed", session_completed(pack_checkout, "pi_1")), sim_secret)

    assert Payment.objects.count() == 1
    assert balance(buyer) == 100
    pack_checkout.refresh_from_db()
    assert (pack_checkout.status, pack_checkout.stripe_payment_intent_id) == (CheckoutStatus.COMPLETE, "pi_1")


def test_a_failure_while_handling_rolls_back_the_event_so_stripes_retry_processes_it(client, buyer, pack_checkout,
                                                                                     sim_secret, monkeypatch):
    delivery = event("checkout.session.completed", session_completed(pack_checkout, "pi_1"), event_id="evt_retry")
    real_grant = services._grant_credits

    def broken(*args, **kwargs):
        raise RuntimeError("database hiccup")

    monkeypatch.setattr(services, "_grant_credits", broken)
    failed = post_event(client, delivery, sim_secret)
    assert failed.status_code == 500
    assert not WebhookEvent.objects.exists() and not Payment.objects.exists()

    monkeypatch.setattr(services, "_grant_credits", real_grant)
    retried = post_event(client, delivery, sim_secret)
    assert retried.status_code == 200
    assert balance(buyer) == 100


def test_amount_that_differs_from_the_checkout_is_rejected(client, buyer, pack_checkout, sim_secret):
    response = post_event(client, event("checkout.session.completed",
                                        session_completed(pack_checkout, "pi_1", amount=1)), sim_secret)

    assert response.status_code == 200  # acknowledged (retrying won't change it) but not fulfilled
    assert balance(buyer) == 0
    assert not Payment.objects.exists()
    pack_checkout.refresh_from_db()
    assert pack_checkout.status == CheckoutStatus.REJECTED
    assert WebhookEvent.objects.get().status == WebhookEventStatus.REJECTED


def test_a_completed_payment_without_its_payment_intent_is_acknowledged_but_rejected(client, buyer, pack_checkout,
                                                                                     sim_secret):
    response = post_event(client, event("checkout.session.completed", session_completed(pack_checkout, None)),
                          sim_secret)

    assert response.status_code == 200  # Stripe retrying can't fix it
    assert WebhookEvent.objects.get().status == WebhookEventStatus.REJECTED
    assert balance(buyer) == 0


def test_an_event_pairing_a_checkout_with_another_checkouts_payment_is_rejected(client, buyer, pack_checkout,
                                                                                 sim_secret):
    post_event(client, event("checkout.session.completed", session_completed(pack_checkout, "pi_1")), sim_secret)
    other = CreditPackCheckoutFactory(buyer=buyer)

    post_event(client, event("checkout.session.completed", session_completed(other, "pi_1")), sim_secret)

    other.refresh_from_db()
    assert other.status == CheckoutStatus.OPEN
    assert balance(buyer) == 100
    assert WebhookEvent.objects.filter(status=WebhookEventStatus.REJECTED).count() == 1


def test_unknown_event_types_and_foreign_checkouts_are_acknowledged_and_ignored(client, buyer, pack_checkout,
                                                                                sim_secret):
    unknown = post_event(client, event("customer.created", {"id": "cus_1", "object": "customer"}), sim_secret)
    foreign = session_completed(pack_checkout, "pi_other")
    foreign.update(id="cs_someone_else", client_reference_id="order-42", metadata={})
    other = post_event(client, event("checkout.session.completed", foreign), sim_secret)

    assert (unknown.status_code, other.status_code) == (200, 200)
    assert set(WebhookEvent.objects.values_list("status", flat=True)) == {WebhookEventStatus.IGNORED}
    assert balance(buyer) == 0


def test_async_payment_waits_for_async_payment_succeeded(client, buyer, pack_checkout, sim_secret):
    post_event(client, event("checkout.session.completed",
                             session_completed(pack_checkout, "pi_1", payment_status="unpaid")), sim_secret)
    pack_checkout.refresh_from_db()
    assert pack_checkout.status == CheckoutStatus.PROCESSING and balance(buyer) == 0

    post_event(client, event("checkout.session.async_payment_succeeded", session_completed(pack_checkout, "pi_1")),
               sim_secret)
    assert balance(buyer) == 100


def test_expired_checkout_is_marked_expired(client, pack_checkout, sim_secret):
    post_event(client, event("checkout.session.expired", {**session_completed(pack_checkout, None),
                                                          "status": "expired", "payment_status": "unpaid"}), sim_secret)
    pack_checkout.refresh_from_db()
    assert pack_checkout.status == CheckoutStatus.EXPIRED


# ------------------------------------------------------------------------------ refunds, disputes
def _paid_pack(client, checkout, sim_secret, pi="pi_1"):
    post_event(client, event("checkout.session.completed", session_completed(checkout, pi)), sim_secret)
    return Payment.objects.get(stripe_payment_intent_id=pi)


def test_full_refund_takes_the_credits_back_with_a_compensating_row(client, buyer, pack_checkout, sim_secret):
    _paid_pack(client, pack_checkout, sim_secret)

    response = post_event(client, event("charge.refunded", charge_refunded("pi_1", amount=500, amount_refunded=500,
                                                                           refund_id="re_1")), sim_secret)

    assert response.status_code == 200
    assert balance(buyer) == 0 == ledger_sum(buyer)
    refund = Refund.objects.get()
    assert (refund.stripe_object_id, refund.amount_cents, refund.credits_revoked, refund.credits_shortfall) == (
        "re_1", 500, 100, 0)
    compensating = CreditTransaction.objects.get(user=buyer, amount__lt=0)
    assert (compensating.transaction_type, compensating.amount, compensating.stripe_payment_intent_id) == (
        "refund", -100, "pi_1")
    assert CreditTransaction.objects.filter(user=buyer, amount=100).exists()  # the purchase row is untouched


def test_refund_after_credits_were_spent_takes_what_is_left_and_records_the_shortfall(client, buyer, pack_checkout,
                                                                                       sim_secret):
    from economy.services import credits_spend

    _paid_pack(client, pack_checkout, sim_secret)
    for i in range(6):
        credits_spend(user=buyer, feature="course_builder_assist", idempotency_key=f"run-{i}")  # 60 credits used
    assert balance(buyer) == 40

    post_event(client, event("charge.refunded", charge_refunded("pi_1", amount=500, amount_refunded=500,
                                                                refund_id="re_1")), sim_secret)

    assert balance(buyer) == 0  # never negative
    assert ledger_sum(buyer) == 0
    refund = Refund.objects.get()
    assert (refund.credits_requested, refund.credits_revoked, refund.credits_shortfall) == (100, 40, 60)
    assert CreditTransaction.objects.get(user=buyer, transaction_type="refund").metadata["shortfall"] == 60


def test_refund_when_every_credit_was_spent_still_records_the_refund(client, buyer, pack_checkout, sim_secret):
    from economy.services import credits_spend

    _paid_pack(client, pack_checkout, sim_secret)
    for i in range(10):
        credits_spend(user=buyer, feature="course_builder_assist", idempotency_key=f"run-{i}")

    response = post_event(client, event("charge.refunded", charge_refunded("pi_1", amount=500, amount_refunded=500,
                                                                           refund_id="re_1")), sim_secret)

    assert response.status_code == 200
    assert balance(buyer) == 0
    refund = Refund.objects.get()
    assert (refund.credits_revoked, refund.credits_shortfall) == (0, 100)


def test_partial_refunds_take_back_credits_in_proportion_and_add_up(client, buyer, pack_checkout, sim_secret):
    _paid_pack(client, pack_checkout, sim_secret)

    post_event(client, event("charge.refunded", charge_refunded("pi_1", amount=500, amount_refunded=250)), sim_secret)
    assert balance(buyer) == 50
    post_event(client, event("charge.refunded", charge_refunded("pi_1", amount=500, amount_refunded=500)), sim_secret)

    assert balance(buyer) == 0
    assert list(Refund.objects.order_by("id").values_list("amount_cents", "credits_revoked")) == [(250, 50), (250, 50)]


def test_the_same_refund_delivered_again_under_a_new_event_id_is_recorded_once(client, buyer, pack_checkout, sim_secret):
    _paid_pack(client, pack_checkout, sim_secret)
    refunded = charge_refunded("pi_1", amount=500, amount_refunded=500, refund_id="re_1")

    post_event(client, event("charge.refunded", refunded), sim_secret)
    post_event(client, event("charge.refunded", refunded), sim_secret)

    assert Refund.objects.count() == 1
    assert ledger_sum(buyer) == 0


def test_full_refund_of_a_course_ends_access_but_a_partial_one_does_not(client, buyer, course_checkout, sim_secret):
    post_event(client, event("checkout.session.completed", session_completed(course_checkout, "pi_c")), sim_secret)
    course = course_checkout.offer
    assert selectors.member_has_access(user=buyer, offer=course)

    post_event(client, event("charge.refunded", charge_refunded("pi_c", amount=4900, amount_refunded=900)), sim_secret)
    assert selectors.member_has_access(user=buyer, offer=course)

    post_event(client, event("charge.refunded", charge_refunded("pi_c", amount=4900, amount_refunded=4900)), sim_secret)
    assert not selectors.member_has_access(user=buyer, offer=course)


def test_dispute_takes_access_back(client, buyer, course_checkout, sim_secret):
    post_event(client, event("checkout.session.completed", session_completed(course_checkout, "pi_c")), sim_secret)

    response = post_event(client, event("charge.dispute.created", dispute("pi_c", amount=4900)), sim_secret)

    assert response.status_code == 200
    refund = Refund.objects.get()
    assert (refund.kind, refund.amount_cents, refund.revokes_access, refund.reason) == (
        RefundKind.DISPUTE, 4900, True, "fraudulent")
    assert not selectors.member_has_access(user=buyer, offer=course_checkout.offer)


def test_dispute_of_a_credit_pack_takes_back_every_credit(client, buyer, pack_checkout, sim_secret):
    _paid_pack(client, pack_checkout, sim_secret)
    post_event(client, event("charge.dispute.created", dispute("pi_1", amount=500)), sim_secret)
    assert balance(buyer) == 0


def test_refund_for_a_payment_we_never_saw_is_held(client, sim_secret):
    response = post_event(client, event("charge.refunded", charge_refunded("pi_unknown", amount=500,
                                                                           amount_refunded=500)), sim_secret)
    assert response.status_code == 200
    assert WebhookEvent.objects.get().status == WebhookEventStatus.HELD


@pytest.mark.parametrize("reversal", ["refund", "dispute"])
def test_a_refund_before_its_payment_is_applied_when_the_payment_arrives(client, buyer, pack_checkout, sim_secret,
                                                                          reversal):
    """The simulator can't look a payment up before it is recorded: the refund waits, then takes the credits."""
    early = (event("charge.refunded", charge_refunded("pi_1", amount=500, amount_refunded=500, refund_id="re_1"))
             if reversal == "refund" else event("charge.dispute.created", dispute("pi_1", amount=500)))
    assert post_event(client, early, sim_secret).status_code == 200
    assert balance(buyer) == 0

    _paid_pack(client, pack_checkout, sim_secret)

    assert balance(buyer) == 0 == ledger_sum(buyer)
    assert Refund.objects.get().amount_cents == 500
    assert set(WebhookEvent.objects.values_list("status", flat=True)) == {WebhookEventStatus.PROCESSED}
    # Redelivering the early event changes nothing.
    assert post_event(client, early, sim_secret).status_code == 200
    assert Refund.objects.count() == 1 and balance(buyer) == 0


def test_a_refund_before_its_renewal_invoice_is_applied_with_it(client, buyer, monthly_checkout, sim_secret):
    subscription_first = invoice_paid(monthly_checkout, invoice_id="in_1", subscription_id="sub_1",
                                      payment_intent_id="pi_first", billing_reason="subscription_create")
    post_event(client, event("invoice.paid", subscription_first), sim_secret)
    early = event("charge.refunded", charge_refunded("pi_second", amount=monthly_checkout.amount_cents,
                                                     amount_refunded=monthly_checkout.amount_cents, refund_id="re_2"))
    post_event(client, early, sim_secret)
    assert WebhookEvent.objects.get(stripe_event_id=early["id"]).status == WebhookEventStatus.HELD

    post_event(client, event("invoice.paid", invoice_paid(monthly_checkout, invoice_id="in_2", subscription_id="sub_1",
                                                          payment_intent_id="pi_second",
                                                          billing_reason="subscription_cycle")), sim_secret)

    assert Refund.objects.get().payment.stripe_payment_intent_id == "pi_second"
    assert WebhookEvent.objects.get(stripe_event_id=early["id"]).status == WebhookEventStatus.PROCESSED


@pytest.mark.parametrize("ahead", [301, 3600])
def test_an_event_signed_in_the_future_is_refused(client, buyer, pack_checkout, sim_secret, ahead):
    later = int(time.time()) + ahead
    response = post_event(client, event("checkout.session.completed", session_completed(pack_checkout, "pi_1")),
                          sim_secret, timestamp=later)
    assert response.status_code == 400
    assert balance(buyer) == 0 and not WebhookEvent.objects.exists()


def test_an_event_created_in_the_future_is_refused(client, buyer, pack_checkout, sim_secret):
    future = event("checkout.session.completed", session_completed(pack_checkout, "pi_1"))
    future["created"] = int(time.time()) + 3600
    assert post_event(client, future, sim_secret).status_code == 400
    assert balance(buyer) == 0


def test_a_small_clock_skew_ahead_is_accepted(client, buyer, pack_checkout, sim_secret):
    response = post_event(client, event("checkout.session.completed", session_completed(pack_checkout, "pi_1")),
                          sim_secret, timestamp=int(time.time()) + 60)
    assert response.status_code == 200


def test_refund_arriving_before_the_payment_events_catches_up_from_stripe(client, stripe_http, buyer, pack_checkout):
    """Out of order: charge.refunded first. The handler reads the PaymentIntent through the SDK, records the
    payment, then the refund; the late checkout.session.completed is then a no-op."""
    stripe_http.on("get", "/v1/payment_intents/pi_late", payment_intent(pack_checkout, "pi_late"))

    response = post_event(client, event("charge.refunded", charge_refunded("pi_late", amount=500, amount_refunded=500,
                                                                           refund_id="re_late")), PLATFORM_SECRET)
    assert response.status_code == 200
    post_event(client, event("checkout.session.completed", session_completed(pack_checkout, "pi_late")),
               PLATFORM_SECRET)

    assert Payment.objects.count() == 1 and Refund.objects.count() == 1
    assert balance(buyer) == 0 == ledger_sum(buyer)
    assert len(stripe_http.calls("get", "/v1/payment_intents/pi_late")) == 1


def test_refund_arriving_while_the_payment_is_still_processing_asks_stripe_to_retry(client, stripe_http, buyer,
                                                                                   pack_checkout):
    stripe_http.on("get", "/v1/payment_intents/pi_late", payment_intent(pack_checkout, "pi_late", status="processing"))

    response = post_event(client, event("charge.refunded", charge_refunded("pi_late", amount=500, amount_refunded=500)),
                          PLATFORM_SECRET)

    assert response.status_code == 409
    assert not WebhookEvent.objects.exists()  # so the retry is processed


# -------------------------------------------------------------------------------- subscriptions
@pytest.fixture
def monthly_checkout(buyer, monthly_offer):
    return OfferCheckoutFactory(buyer=buyer, offer=monthly_offer, mode=CheckoutMode.SUBSCRIPTION,
                                destination_account_id="acct_creator")


@pytest.mark.parametrize("order", ["session_first", "invoice_first"])
def test_subscription_is_recorded_once_whatever_the_order(client, buyer, monthly_checkout, sim_secret, order):
    completed = event("checkout.session.completed",
                      session_completed(monthly_checkout, None, subscription="sub_1", invoice="in_1"))
    paid = event("invoice.paid", invoice_paid(monthly_checkout, invoice_id="in_1", subscription_id="sub_1",
                                              payment_intent_id="pi_sub_1"))
    for delivery in ([completed, paid] if order == "session_first" else [paid, completed]):
        assert post_event(client, delivery, sim_secret).status_code == 200

    payment = Payment.objects.get()
    assert (payment.stripe_invoice_id, payment.stripe_payment_intent_id, payment.subscription.stripe_subscription_id) == (
        "in_1", "pi_sub_1", "sub_1")
    assert selectors.member_has_access(user=buyer, offer=monthly_checkout.offer)
    monthly_checkout.refresh_from_db()
    assert monthly_checkout.status == CheckoutStatus.COMPLETE


def test_subscription_renewal_adds_a_payment_and_cancellation_ends_access(client, buyer, monthly_checkout, sim_secret):
    post_event(client, event("invoice.paid", invoice_paid(monthly_checkout, invoice_id="in_1", subscription_id="sub_1",
                                                          payment_intent_id="pi_1")), sim_secret)
    post_event(client, event("invoice.paid", invoice_paid(monthly_checkout, invoice_id="in_2", subscription_id="sub_1",
                                                          payment_intent_id="pi_2",
                                                          billing_reason="subscription_cycle")), sim_secret)
    assert Payment.objects.filter(subscription__stripe_subscription_id="sub_1").count() == 2
    assert Payment.objects.get(stripe_invoice_id="in_2").application_fee_cents == 150

    post_event(client, event("customer.subscription.deleted", {"id": "sub_1", "object": "subscription",
                                                                "status": "canceled", "metadata": {}}), sim_secret)

    assert Subscription.objects.get().status == "canceled"
    assert not selectors.member_has_access(user=buyer, offer=monthly_checkout.offer)


# ------------------------------------------------------------------------------ Connect, payouts
def test_account_updated_marks_the_creators_account_ready(client, sim_secret, buyer):
    account = ConnectedAccount.objects.create(user=buyer, stripe_account_id="acct_new", provider="simulator")
    post_event(client, event("account.updated", {"id": "acct_new", "object": "account", "charges_enabled": True,
                                                 "payouts_enabled": True, "details_submitted": True},
                             account="acct_new"), sim_secret)
    account.refresh_from_db()
    assert account.is_ready and account.payouts_enabled


def test_payout_is_recorded_once_per_status(client, sim_secret, creator):
    paid = {"id": "po_1", "object": "payout", "amount": 4410, "currency": "usd", "status": "paid",
            "arrival_date": int(time.time())}
    post_event(client, event("payout.paid", paid, account="acct_creator"), sim_secret)
    post_event(client, event("payout.paid", paid, account="acct_creator"), sim_secret)

    payout = Payout.objects.get()
    assert (payout.seller, payout.amount_cents, payout.status) == (creator, 4410, "paid")


def test_checkouts_and_payments_are_append_only(buyer, pack_checkout):
    from economy.models import AppendOnlyError

    services.checkout_fulfil(checkout_id=pack_checkout.pk, amount_cents=500, currency="usd", payment_intent_id="pi_x")
    payment = Payment.objects.get()
    payment.amount_cents = 1
    with pytest.raises(AppendOnlyError):
        payment.save()
    with pytest.raises(AppendOnlyError):
        payment.delete()
    assert CheckoutSession.objects.get().is_complete
