"""Stripe webhooks: verify the signature, store the event id once, then act on it, all in one transaction.

`receive()` is what `/webhooks/stripe/` calls and what the simulator calls in-process.

- The signature is checked by the SDK (`stripe.WebhookSignature.verify_header`, 300 s tolerance) against the
  provider's secrets (platform endpoint, Connect endpoint, or the simulator's).
- The `WebhookEvent` row (unique `stripe_event_id`) is inserted before any side effect, in the same
  transaction: a redelivery finds the row and does nothing; a concurrent duplicate waits on the unique
  index until the first commits, then does nothing; if handling fails, the row rolls back with the side
  effects and Stripe's retry processes the event afresh.
- Events signed or created more than the tolerance in the *future* are refused too (the SDK only
  checks the past), so a leaked signature can't be post-dated to stay valid.
- Handlers are order-independent (see `services.checkout_fulfil`); a refund or dispute for a payment we
  haven't recorded yet fetches the PaymentIntent and fulfils it first. If that doesn't find the payment
  (the simulator, or a payment recorded later from another event) the event is stored as *held* and
  applied as soon as the payment is recorded, so the refunded credits are never kept.
"""
from __future__ import annotations

import json
import logging
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import stripe
from django.db import IntegrityError, transaction
from django.db.models import Q

from core.errors import ApplicationError

from . import services
from .choices import CheckoutMode, CheckoutStatus, PayoutStatus, RefundKind, WebhookEventStatus
from .models import CheckoutSession, Payment, Subscription, WebhookEvent
from .providers import PaymentProvider, PaymentsUnavailable, get_provider

logger = logging.getLogger(__name__)

SIGNATURE_TOLERANCE_SECONDS = 300


@dataclass(frozen=True)
class WebhookResult:
    status: int
    message: str
    event_id: str = ""
    outcome: str = ""

    def as_json(self) -> dict[str, Any]:
        body = {"message": self.message}
        if self.event_id:
            body.update(event=self.event_id, outcome=self.outcome)
        return body


@dataclass(frozen=True)
class Outcome:
    status: str  # a WebhookEventStatus
    note: str = ""


def receive(*, payload: bytes, signature: str, provider: PaymentProvider | None = None) -> WebhookResult:
    """Verify and process one webhook delivery; the result's status is the HTTP status to answer."""
    try:
        provider = provider or get_provider()
    except PaymentsUnavailable:
        return WebhookResult(400, "Payments aren't configured.")
    secrets = provider.webhook_secrets()
    if not secrets:
        logger.error("Stripe webhook received but no STRIPE_WEBHOOK_SECRET is configured")
        return WebhookResult(400, "Webhook signing secret isn't configured.")
    verified = False
    for secret in secrets:
        try:
            # Only the signature here; the body is parsed below (the SDK's parser fails on a signed "[]").
            stripe.WebhookSignature.verify_header(payload.decode("utf-8"), signature or "", secret,
                                                  tolerance=SIGNATURE_TOLERANCE_SECONDS)
        except stripe.SignatureVerificationError:
            continue
        except UnicodeDecodeError:
            return WebhookResult(400, "Invalid payload.")
        except (AttributeError, TypeError):  # JSON, but not an object (the SDK reads it as one)
            return WebhookResult(400, "Not a Stripe event.")
        verified = True
        break
    if not verified:
        logger.warning("Stripe webhook with an invalid or stale signature refused")
        return WebhookResult(400, "Invalid signature.")
    try:
        event = json.loads(payload)
    except ValueError:
        return WebhookResult(400, "Invalid payload.")
    if not isinstance(event, dict) or not event.get("id") or not event.get("type") or \
            not isinstance(event.get("data"), dict) or not isinstance(event["data"].get("object"), dict):
        return WebhookResult(400, "Not a Stripe event.")
    if _from_the_future(signature, event):
        logger.warning("Stripe webhook timestamped in the future refused")
        return WebhookResult(400, "Invalid signature: timestamp in the future.")
    try:
        outcome = process(event, provider=provider)
    except RetryLater as reason:
        return WebhookResult(409, str(reason), event["id"], "retry")
    except Exception:
        logger.exception("Stripe event %s (%s) failed; Stripe will retry it", event["id"], event["type"])
        return WebhookResult(500, "Processing failed; please retry.", event["id"], "error")
    return WebhookResult(200, "OK", event["id"], outcome)


def _from_the_future(signature: str, event: dict) -> bool:
    """True if the signature's `t=` or the event's `created` is beyond the tolerance ahead of our clock."""
    latest = time.time() + SIGNATURE_TOLERANCE_SECONDS
    stamps = [item.split("=", 1)[1] for item in (signature or "").split(",") if item.strip().startswith("t=")]
    stamps.append(event.get("created") or 0)
    try:
        return any(int(stamp) > latest for stamp in stamps)
    except (TypeError, ValueError):
        return True


class RetryLater(Exception):
    """Not processable yet: answer non-2xx so Stripe delivers it again later."""


def process(event: dict[str, Any], *, provider: PaymentProvider) -> str:
    """Store the event id, then handle it. Returns "duplicate" or the stored status."""
    with transaction.atomic():
        try:
            with transaction.atomic():
                row = WebhookEvent.objects.create(
                    stripe_event_id=str(event["id"])[:255], event_type=str(event["type"])[:100],
                    account=str(event.get("account") or "")[:255], livemode=bool(event.get("livemode")),
                    payload=event,
                )
        except IntegrityError:
            return "duplicate"
        handler = HANDLERS.get(event["type"])
        if handler is None:
            outcome = Outcome(WebhookEventStatus.IGNORED, "Not an event we act on.")
        else:
            try:
                with transaction.atomic():
                    outcome = handler(event, provider)
            except ApplicationError as error:
                if error.status >= 500:  # Stripe didn't answer us: let Stripe retry the event
                    raise
                # Malformed or impossible (no PaymentIntent, …): retrying won't help, so acknowledge it.
                logger.error("Stripe event %s (%s) rejected: %s", event["id"], event["type"], error.message)
                outcome = Outcome(WebhookEventStatus.REJECTED, error.message)
        if outcome.status != WebhookEventStatus.PROCESSED or outcome.note:
            WebhookEvent.objects.filter(pk=row.pk).update(status=outcome.status, note=outcome.note[:255])
    return outcome.status


# ------------------------------------------------------------------------------------- helpers
def _id(value) -> str:
    """A Stripe reference is an id string, or the object itself when expanded."""
    if isinstance(value, dict):
        return str(value.get("id") or "")
    return str(value or "")


def _timestamp(value) -> datetime | None:
    return datetime.fromtimestamp(int(value), tz=UTC) if value else None


def _checkout_by_ref(ref) -> CheckoutSession | None:
    try:
        reference = uuid.UUID(str(ref))
    except ValueError:  # empty, or another integration's reference on the same Stripe account
        return None
    return CheckoutSession.objects.filter(reference=reference).first()


def _fulfil(checkout: CheckoutSession, *, provider: PaymentProvider, **kwargs) -> Outcome:
    try:
        payment, created = services.checkout_fulfil(checkout_id=checkout.pk, **kwargs)
    except services.AmountMismatch as error:
        logger.error("Checkout %s not fulfilled: %s", checkout.pk, error.message)
        services.checkout_mark(checkout_id=checkout.pk, status=CheckoutStatus.REJECTED)
        return Outcome(WebhookEventStatus.REJECTED, error.message)
    if created:
        release_held(payment=payment, provider=provider)
    return Outcome(WebhookEventStatus.PROCESSED, "" if created else f"Already recorded as payment {payment.pk}.")


# ------------------------------------------------------------------------------------ handlers
def on_checkout_completed(event, provider) -> Outcome:
    session = event["data"]["object"]
    checkout = _checkout_by_ref(session.get("client_reference_id") or (session.get("metadata") or {}).get("checkout_ref"))
    if checkout is None:
        checkout = CheckoutSession.objects.filter(stripe_session_id=_id(session.get("id"))).first()
    if checkout is None:
        return Outcome(WebhookEventStatus.IGNORED, "Not a checkout we started.")
    if session.get("payment_status") not in ("paid", "no_payment_required"):
        services.checkout_mark(checkout_id=checkout.pk, status=CheckoutStatus.PROCESSING)
        return Outcome(WebhookEventStatus.PROCESSED, "Waiting for an asynchronous payment.")
    if checkout.mode == CheckoutMode.SUBSCRIPTION:
        # The first invoice's invoice.paid records the payment (it knows the PaymentIntent); here we
        # only mirror the subscription so either event may come first.
        subscription_id = _id(session.get("subscription"))
        if subscription_id:
            services.subscription_sync(stripe_subscription_id=subscription_id, status="active",
                                       checkout_ref=str(checkout.reference))
        services.checkout_mark(checkout_id=checkout.pk, status=CheckoutStatus.PROCESSING)
        return Outcome(WebhookEventStatus.PROCESSED, "Subscription started; waiting for invoice.paid.")
    return _fulfil(checkout, provider=provider, amount_cents=session.get("amount_total") or 0, currency=session.get("currency") or "",
                   payment_intent_id=_id(session.get("payment_intent")), livemode=bool(event.get("livemode")))


def on_checkout_ended(event, provider) -> Outcome:
    session = event["data"]["object"]
    checkout = _checkout_by_ref(session.get("client_reference_id"))
    if checkout is None:
        return Outcome(WebhookEventStatus.IGNORED, "Not a checkout we started.")
    status = CheckoutStatus.EXPIRED if event["type"] == "checkout.session.expired" else CheckoutStatus.FAILED
    services.checkout_mark(checkout_id=checkout.pk, status=status)
    return Outcome(WebhookEventStatus.PROCESSED)


def on_payment_intent_succeeded(event, provider) -> Outcome:
    intent = event["data"]["object"]
    checkout = _checkout_by_ref((intent.get("metadata") or {}).get("checkout_ref"))
    if checkout is None:
        return Outcome(WebhookEventStatus.IGNORED, "Not a payment from our checkout.")
    if checkout.mode != CheckoutMode.PAYMENT:
        return Outcome(WebhookEventStatus.IGNORED, "Subscription payments are recorded from invoice.paid.")
    return _fulfil(checkout, provider=provider, amount_cents=intent.get("amount_received") or 0, currency=intent.get("currency") or "",
                   payment_intent_id=_id(intent.get("id")), livemode=bool(event.get("livemode")))


def _invoice_subscription(invoice) -> tuple[str, dict]:
    """(subscription id, its metadata) across API versions: `parent.subscription_details` or the old fields."""
    details = (invoice.get("parent") or {}).get("subscription_details") or invoice.get("subscription_details") or {}
    return _id(details.get("subscription") or invoice.get("subscription")), details.get("metadata") or {}


def _invoice_payment_intent(invoice) -> str:
    if invoice.get("payment_intent"):
        return _id(invoice["payment_intent"])
    for entry in (invoice.get("payments") or {}).get("data") or []:
        payment = entry.get("payment") or {}
        if payment.get("payment_intent"):
            return _id(payment["payment_intent"])
    return ""


def on_invoice_paid(event, provider) -> Outcome:
    invoice = event["data"]["object"]
    subscription_id, metadata = _invoice_subscription(invoice)
    if not subscription_id:
        return Outcome(WebhookEventStatus.IGNORED, "Not a subscription invoice.")
    subscription = Subscription.objects.select_related("checkout").filter(stripe_subscription_id=subscription_id).first()
    checkout = subscription.checkout if subscription else _checkout_by_ref(metadata.get("checkout_ref"))
    if checkout is None:
        return Outcome(WebhookEventStatus.IGNORED, "Not a subscription we sold.")
    amount, currency = invoice.get("amount_paid") or 0, invoice.get("currency") or ""
    payment_intent_id, livemode = _invoice_payment_intent(invoice), bool(event.get("livemode"))
    if invoice.get("billing_reason") == "subscription_create" or not checkout.is_complete:
        return _fulfil(checkout, provider=provider, amount_cents=amount, currency=currency, payment_intent_id=payment_intent_id,
                       invoice_id=_id(invoice.get("id")), subscription_id=subscription_id, livemode=livemode)
    if subscription is None:
        subscription = services.subscription_sync(stripe_subscription_id=subscription_id, status="active",
                                                  checkout_ref=str(checkout.reference))
    if not amount:
        return Outcome(WebhookEventStatus.IGNORED, "Nothing was charged on this invoice.")
    payment, created = services.subscription_renewal_record(
        subscription=subscription, invoice_id=_id(invoice.get("id")), payment_intent_id=payment_intent_id,
        amount_cents=amount, currency=currency, fee_cents=invoice.get("application_fee_amount"), livemode=livemode)
    if created:
        release_held(payment=payment, provider=provider)
    return Outcome(WebhookEventStatus.PROCESSED, "" if created else "Already recorded.")


def on_subscription_changed(event, provider) -> Outcome:
    obj = event["data"]["object"]
    items = (obj.get("items") or {}).get("data") or [{}]
    period_end = obj.get("current_period_end") or items[0].get("current_period_end")
    status = "canceled" if event["type"] == "customer.subscription.deleted" else obj.get("status") or "active"
    subscription = services.subscription_sync(
        stripe_subscription_id=_id(obj.get("id")), status=status,
        checkout_ref=(obj.get("metadata") or {}).get("checkout_ref", ""), current_period_end=_timestamp(period_end),
        cancel_at_period_end=bool(obj.get("cancel_at_period_end")))
    if subscription is None:
        return Outcome(WebhookEventStatus.IGNORED, "Not a subscription we sold.")
    return Outcome(WebhookEventStatus.PROCESSED)


def _payment_for_charge(charge_or_dispute: dict, provider: PaymentProvider) -> Payment | None:
    """The payment a charge belongs to; if its payment event hasn't arrived yet, catch up from Stripe."""
    payment_intent_id = _id(charge_or_dispute.get("payment_intent"))
    invoice_id = _id(charge_or_dispute.get("invoice"))
    if payment_intent_id:
        payment = Payment.objects.filter(stripe_payment_intent_id=payment_intent_id).first()
        if payment is not None:
            return payment
    if invoice_id:
        payment = Payment.objects.filter(stripe_invoice_id=invoice_id).first()
        if payment is not None:
            return payment
    if not payment_intent_id:
        return None
    intent = provider.payment_intent_retrieve(payment_intent_id)
    checkout = _checkout_by_ref(((intent or {}).get("metadata") or {}).get("checkout_ref"))
    if checkout is None or checkout.mode != CheckoutMode.PAYMENT:
        return None
    if intent.get("status") != "succeeded":
        raise RetryLater("The payment isn't confirmed yet.")
    outcome = _fulfil(checkout, provider=provider, amount_cents=intent.get("amount_received") or 0, currency=intent.get("currency") or "",
                      payment_intent_id=payment_intent_id, livemode=bool(intent.get("livemode")))
    if outcome.status != WebhookEventStatus.PROCESSED:
        return None
    return Payment.objects.filter(stripe_payment_intent_id=payment_intent_id).first()


def _held(charge_or_dispute: dict) -> Outcome:
    """A refund or dispute whose payment we haven't recorded: keep it until the payment arrives."""
    if _id(charge_or_dispute.get("payment_intent")) or _id(charge_or_dispute.get("invoice")):
        return Outcome(WebhookEventStatus.HELD, "Waiting for its payment to be recorded.")
    return Outcome(WebhookEventStatus.IGNORED, "Not a payment we recorded.")


def release_held(*, payment: Payment, provider: PaymentProvider) -> int:
    """Apply the refunds and disputes held for `payment` (now recorded); returns how many were applied."""
    keys = Q()
    if payment.stripe_payment_intent_id:
        keys |= Q(payload__data__object__payment_intent=payment.stripe_payment_intent_id)
    if payment.stripe_invoice_id:
        keys |= Q(payload__data__object__invoice=payment.stripe_invoice_id)
    if not keys:
        return 0
    applied = 0
    for held in WebhookEvent.objects.select_for_update().filter(keys, status=WebhookEventStatus.HELD).order_by("id"):
        outcome = HANDLERS[held.event_type](held.payload, provider)
        WebhookEvent.objects.filter(pk=held.pk).update(status=outcome.status, note=outcome.note[:255])
        applied += outcome.status == WebhookEventStatus.PROCESSED
    return applied


def on_charge_refunded(event, provider) -> Outcome:
    charge = event["data"]["object"]
    payment = _payment_for_charge(charge, provider)
    if payment is None:
        return _held(charge)
    refunded_total = int(charge.get("amount_refunded") or 0)
    already = sum(r.amount_cents for r in payment.refunds.filter(kind=RefundKind.REFUND))
    new_amount = refunded_total - already
    if new_amount <= 0:
        return Outcome(WebhookEventStatus.PROCESSED, "Refund already recorded.")
    refunds = [r for r in (charge.get("refunds") or {}).get("data") or [] if r.get("id")]
    # Stripe only lists refunds on older API versions; otherwise the cumulative amount names this one.
    refund_id = refunds[0]["id"] if refunds else f"{_id(charge.get('id'))}:refunded:{refunded_total}"
    result = services.payment_reverse(payment_id=payment.pk, kind=RefundKind.REFUND, stripe_object_id=refund_id,
                                      amount_cents=new_amount, currency=charge.get("currency") or payment.currency,
                                      stripe_charge_id=_id(charge.get("id")))
    return Outcome(WebhookEventStatus.PROCESSED, "" if result.created else "Refund already recorded.")


def on_dispute_created(event, provider) -> Outcome:
    dispute = event["data"]["object"]
    payment = _payment_for_charge(dispute, provider)
    if payment is None:
        return _held(dispute)
    result = services.payment_reverse(payment_id=payment.pk, kind=RefundKind.DISPUTE, stripe_object_id=_id(dispute.get("id")),
                                      amount_cents=int(dispute.get("amount") or 0),
                                      currency=dispute.get("currency") or payment.currency,
                                      stripe_charge_id=_id(dispute.get("charge")), reason=dispute.get("reason") or "")
    return Outcome(WebhookEventStatus.PROCESSED, "" if result.created else "Nothing left to take back.")


def on_account_updated(event, provider) -> Outcome:
    account = event["data"]["object"]
    synced = services.connected_account_sync(
        stripe_account_id=_id(account.get("id")), charges_enabled=bool(account.get("charges_enabled")),
        payouts_enabled=bool(account.get("payouts_enabled")), details_submitted=bool(account.get("details_submitted")))
    return Outcome(WebhookEventStatus.PROCESSED) if synced else Outcome(WebhookEventStatus.IGNORED, "Unknown account.")


def on_payout(event, provider) -> Outcome:
    payout = event["data"]["object"]
    account_id = str(event.get("account") or "")
    if not account_id:
        return Outcome(WebhookEventStatus.IGNORED, "A payout of the platform's own balance.")
    status = PayoutStatus.PAID if event["type"] == "payout.paid" else PayoutStatus.FAILED
    row = services.payout_record(stripe_account_id=account_id, stripe_payout_id=_id(payout.get("id")), status=status,
                                 amount_cents=int(payout.get("amount") or 0), currency=payout.get("currency") or "usd",
                                 arrival_date=_timestamp(payout.get("arrival_date")))
    return Outcome(WebhookEventStatus.PROCESSED, "" if row else "Already recorded.")


HANDLERS: dict[str, Callable[[dict, PaymentProvider], Outcome]] = {
    "checkout.session.completed": on_checkout_completed,
    "checkout.session.async_payment_succeeded": on_checkout_completed,
    "checkout.session.async_payment_failed": on_checkout_ended,
    "checkout.session.expired": on_checkout_ended,
    "payment_intent.succeeded": on_payment_intent_succeeded,
    "invoice.paid": on_invoice_paid,
    "customer.subscription.created": on_subscription_changed,
    "customer.subscription.updated": on_subscription_changed,
    "customer.subscription.deleted": on_subscription_changed,
    "charge.refunded": on_charge_refunded,
    "charge.dispute.created": on_dispute_created,
    "account.updated": on_account_updated,
    "payout.paid": on_payout,
    "payout.failed": on_payout,
}
