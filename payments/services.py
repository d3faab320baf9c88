"""Writes of the payments app: start checkouts, fulfil payments, take money and access back, Connect onboarding.

Rules that hold here:
- Prices come from the server (`CREDIT_PACKS`, `Offer.price_cents`), never from the request. The price
  a member saw travels with the form only as an expectation: if it differs, the checkout is refused.
- Fulfilment is idempotent and order-independent: whichever of `checkout.session.completed`,
  `payment_intent.succeeded` (or the success page's own check) arrives first records the payment, under a
  lock on the checkout row; a `Payment` is unique per PaymentIntent/Invoice and credits are added with
  the payment's Stripe id as idempotency key, so a repeat does nothing.
- Payments, refunds and payouts are append-only rows; a refund or dispute is a new `Refund` row and a
  compensating credits row (economy's `credits_revoke`, which never takes a balance below zero and
  reports the shortfall, recorded on the `Refund`).
"""
from __future__ import annotations

import logging
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Q, Sum
from django.urls import reverse
from django.utils import timezone

from collective.choices import OfferStatus
from collective.models import Offer
from core.errors import ApplicationError, NotFound
from economy.choices import CreditTransactionType
from economy.services import credits_add, credits_revoke
from members.choices import Role
from members.models import User

from . import selectors, signals
from .choices import (
    ACTIVE_SUBSCRIPTION_STATUSES,
    CREDIT_PACKS,
    CheckoutKind,
    CheckoutMode,
    CheckoutStatus,
    RefundKind,
    SubscriptionStatus,
)
from .models import CheckoutSession, ConnectedAccount, Payment, Payout, Refund, Subscription
from .providers import get_provider, payments_enabled

logger = logging.getLogger(__name__)


class AmountMismatch(ApplicationError):
    """Stripe reports a different amount or currency than the checkout asked for: never fulfil it."""

    def __init__(self, message: str) -> None:
        super().__init__(message, code="amount_mismatch")


# -------------------------------------------------------------------------------------- checkout
def _refuse_if_price_changed(expected_amount_cents, price_cents: int) -> None:
    if expected_amount_cents is None:
        return
    try:
        expected = int(expected_amount_cents)
    except (TypeError, ValueError):
        expected = -1
    if expected != price_cents:
        text = "The price isn't what this page showed. Reload the page and check the price before paying."
        raise ApplicationError(text, fields={"amount_cents": text}, code="price_changed", status=409)


def _open_checkout(*, checkout: CheckoutSession, base_url: str) -> CheckoutSession:
    """Create the provider's hosted checkout for a saved `CheckoutSession` row."""
    provider = get_provider()
    success_url = f"{base_url}{reverse('payments:success')}?session_id={{CHECKOUT_SESSION_ID}}"
    cancel_url = f"{base_url}{reverse('payments:cancel')}?ref={checkout.reference}"
    try:
        hosted = provider.checkout_create(checkout=checkout, success_url=success_url, cancel_url=cancel_url,
                                          customer_email=checkout.buyer.email)
    except ApplicationError:
        checkout_mark(checkout_id=checkout.pk, status=CheckoutStatus.FAILED)
        raise
    checkout.stripe_session_id = hosted.session_id
    checkout.checkout_url = hosted.url
    checkout.save(update_fields=["stripe_session_id", "checkout_url"])
    return checkout


def _require_buyer(user: User) -> None:
    if user is None or not user.is_authenticated:
        raise ApplicationError("Log in to buy.", code="not_authenticated", status=401)
    if user.role == Role.AGENT:
        raise ApplicationError("Agents can't buy.", code="agent")


def checkout_start_credit_pack(*, user: User, pack_slug: str, expected_amount_cents=None,
                               base_url: str) -> CheckoutSession:
    """Start Stripe Checkout for a credit pack; returns the checkout (redirect to `checkout_url`)."""
    _require_buyer(user)
    pack = CREDIT_PACKS.get(str(pack_slug or ""))
    if pack is None:
        raise ApplicationError("Choose one of the credit packs.", fields={"pack": "Choose one of the credit packs."})
    _refuse_if_price_changed(expected_amount_cents, pack.price_cents)
    provider = get_provider()
    checkout = CheckoutSession.objects.create(
        buyer=user, kind=CheckoutKind.CREDIT_PACK, pack=pack.slug, title=pack.title, amount_cents=pack.price_cents,
        currency=pack.currency, credits=pack.credits, mode=CheckoutMode.PAYMENT, provider=provider.name,
    )
    return _open_checkout(checkout=checkout, base_url=base_url)


def checkout_start_offer(*, user: User, offer_id: int, expected_amount_cents=None, base_url: str) -> CheckoutSession:
    """Start Stripe Checkout for a paid offer: one-time, or a subscription for a monthly price.

    The sale is a destination charge to the creator's Connect account, minus the platform fee.
    Another member's draft or archived offer doesn't exist as far as the buyer knows (404).
    """
    _require_buyer(user)
    offer = Offer.objects.select_related("user").filter(pk=offer_id).first()
    visible = offer is not None and (offer.user_id == user.pk or (offer.is_public and offer.status != OfferStatus.DRAFT))
    if not visible:
        raise NotFound("No such offer.")
    state = selectors.offer_purchase_state(user=user, offer=offer)
    if not state.buyable:
        raise ApplicationError(state.message, code=state.code, status=409 if state.code == "owned" else 400)
    _refuse_if_price_changed(expected_amount_cents, offer.price_cents)
    account = ConnectedAccount.objects.get(user_id=offer.user_id)
    percent = selectors.platform_fee_percent()
    mode = selectors.CHECKOUT_PRICING[offer.pricing_type]
    provider = get_provider()
    checkout = CheckoutSession.objects.create(
        buyer=user, kind=CheckoutKind.OFFER, offer=offer, seller_id=offer.user_id, title=offer.title[:200],
        amount_cents=offer.price_cents, currency=offer.currency, mode=mode,
        application_fee_cents=selectors.platform_fee_cents(offer.price_cents, percent),
        application_fee_percent=percent, destination_account_id=account.stripe_account_id, provider=provider.name,
    )
    return _open_checkout(checkout=checkout, base_url=base_url)


def checkout_mark(*, checkout_id: int, status: str) -> None:
    """Record a state Stripe reported (processing, expired, failed, rejected); a paid checkout stays paid."""
    CheckoutSession.objects.filter(pk=checkout_id).exclude(status=CheckoutStatus.COMPLETE).update(status=status)


def _subscription_for(checkout: CheckoutSession, subscription_id: str) -> Subscription:
    try:
        with transaction.atomic():
            subscription, _ = Subscription.objects.get_or_create(
                stripe_subscription_id=subscription_id,
                defaults={"buyer_id": checkout.buyer_id, "seller_id": checkout.seller_id, "offer_id": checkout.offer_id,
                          "checkout": checkout},
            )
    except IntegrityError:  # created by a concurrent event for the same subscription
        subscription = Subscription.objects.get(stripe_subscription_id=subscription_id)
    return subscription


def _send_on_commit(signal, **kwargs) -> None:
    transaction.on_commit(lambda: signal.send(sender=Payment, **kwargs))


def _grant_credits(payment: Payment, checkout: CheckoutSession) -> None:
    pack = CREDIT_PACKS.get(checkout.pack)
    credits_add(
        user=checkout.buyer, amount=checkout.credits, transaction_type=CreditTransactionType.PURCHASE,
        idempotency_key=f"stripe:{payment.stripe_reference}",
        description=f"Bought the {pack.name if pack else checkout.pack} credit pack",
        stripe_payment_intent_id=payment.stripe_payment_intent_id,
        metadata={"payment_id": payment.pk, "pack": checkout.pack},
    )


def checkout_fulfil(*, checkout_id: int, amount_cents: int, currency: str, payment_intent_id: str = "",
                    invoice_id: str = "", subscription_id: str = "", livemode: bool = False) -> tuple[Payment, bool]:
    """Record the confirmed payment of a checkout once, and deliver it (credits, or access to the offer).

    Returns (payment, created). Raises `AmountMismatch` if Stripe's amount isn't the checkout's.
    """
    if not (payment_intent_id or invoice_id):
        raise ApplicationError("A payment needs its PaymentIntent or Invoice.", code="malformed")
    with transaction.atomic():
        # The lock serializes every event about this checkout, whichever arrives first.
        checkout = CheckoutSession.objects.select_for_update(of=("self",)).select_related("buyer").get(pk=checkout_id)
        if int(amount_cents) != checkout.amount_cents or str(currency).lower() != checkout.currency:
            raise AmountMismatch(f"Stripe reported {amount_cents} {currency}; the checkout was for "
                                 f"{checkout.amount_cents} {checkout.currency}.")
        match = Q()
        if payment_intent_id:
            match |= Q(stripe_payment_intent_id=payment_intent_id)
        if invoice_id:
            match |= Q(stripe_invoice_id=invoice_id)
        payment = Payment.objects.filter(match).first()
        if payment is not None and payment.checkout_id not in (None, checkout.pk):
            raise ApplicationError("This payment belongs to another checkout.", code="malformed")
        created = payment is None
        if created:
            subscription = None
            if checkout.mode == CheckoutMode.SUBSCRIPTION:
                if not subscription_id:
                    raise ApplicationError("A subscription payment needs its subscription.", code="malformed")
                subscription = _subscription_for(checkout, subscription_id)
            payment = Payment.objects.create(
                checkout=checkout, buyer_id=checkout.buyer_id, seller_id=checkout.seller_id, offer_id=checkout.offer_id,
                subscription=subscription, kind=checkout.kind, pack=checkout.pack, description=checkout.title,
                amount_cents=checkout.amount_cents, currency=checkout.currency,
                application_fee_cents=checkout.application_fee_cents, credits_granted=checkout.credits,
                provider=checkout.provider, livemode=livemode, stripe_payment_intent_id=payment_intent_id,
                stripe_invoice_id=invoice_id, stripe_checkout_session_id=checkout.stripe_session_id,
            )
            if checkout.credits:
                _grant_credits(payment, checkout)
            if payment.offer_id:
                _send_on_commit(signals.offer_purchased, payment=payment)
        changed = []
        if checkout.status != CheckoutStatus.COMPLETE:
            checkout.status, checkout.completed_at = CheckoutStatus.COMPLETE, timezone.now()
            changed += ["status", "completed_at"]
        if payment_intent_id and not checkout.stripe_payment_intent_id:
            checkout.stripe_payment_intent_id = payment_intent_id
            changed.append("stripe_payment_intent_id")
        if subscription_id and not checkout.stripe_subscription_id:
            checkout.stripe_subscription_id = subscription_id
            changed.append("stripe_subscription_id")
        if changed:
            checkout.save(update_fields=changed)
    return payment, created


def checkout_sync(*, checkout: CheckoutSession) -> CheckoutSession:
    """On the success page: if no webhook has arrived yet, ask Stripe and fulfil a paid one-time checkout.

    Stripe recommends fulfilling from both places; `checkout_fulfil` makes the second one a no-op.
    """
    if checkout.is_complete or checkout.mode != CheckoutMode.PAYMENT or not checkout.stripe_session_id:
        return checkout
    session = get_provider().checkout_retrieve(checkout.stripe_session_id)
    payment_intent = session.get("payment_intent")
    payment_intent_id = payment_intent.get("id") if isinstance(payment_intent, dict) else payment_intent
    if session.get("payment_status") == "paid" and payment_intent_id:
        try:
            checkout_fulfil(checkout_id=checkout.pk, amount_cents=session["amount_total"], currency=session["currency"],
                            payment_intent_id=payment_intent_id, livemode=bool(session.get("livemode")))
        except AmountMismatch:
            logger.error("Checkout %s: amount mismatch on sync", checkout.pk)
            checkout_mark(checkout_id=checkout.pk, status=CheckoutStatus.REJECTED)
    checkout.refresh_from_db()
    return checkout


# ------------------------------------------------------------------------------- subscriptions
def subscription_sync(*, stripe_subscription_id: str, status: str, checkout_ref: str = "",
                      current_period_end=None, cancel_at_period_end: bool = False) -> Subscription | None:
    """Mirror a subscription's status from Stripe (created, updated, deleted events)."""
    with transaction.atomic():
        subscription = Subscription.objects.select_for_update().filter(
            stripe_subscription_id=stripe_subscription_id).first()
        if subscription is None:
            checkout = CheckoutSession.objects.filter(reference=checkout_ref).first() if checkout_ref else None
            if checkout is None:
                return None
            subscription = _subscription_for(checkout, stripe_subscription_id)
        subscription.status = str(status)[:20]
        subscription.cancel_at_period_end = bool(cancel_at_period_end)
        if current_period_end is not None:
            subscription.current_period_end = current_period_end
        subscription.save(update_fields=["status", "cancel_at_period_end", "current_period_end", "updated_at"])
    return subscription


def subscription_renewal_record(*, subscription: Subscription, invoice_id: str, payment_intent_id: str,
                                amount_cents: int, currency: str, fee_cents: int | None = None,
                                livemode: bool = False) -> tuple[Payment, bool]:
    """One more month of a subscription was paid (invoice.paid with billing_reason subscription_cycle)."""
    checkout = subscription.checkout
    if fee_cents is None:
        fee_cents = selectors.platform_fee_cents(amount_cents, checkout.application_fee_percent if checkout else None)
    match = Q(stripe_invoice_id=invoice_id) | (Q(stripe_payment_intent_id=payment_intent_id) if payment_intent_id else Q())
    with transaction.atomic():
        Subscription.objects.select_for_update().filter(pk=subscription.pk).first()
        payment = Payment.objects.filter(match).first()
        if payment is not None:
            return payment, False
        payment = Payment.objects.create(
            checkout=checkout, buyer_id=subscription.buyer_id, seller_id=subscription.seller_id,
            offer_id=subscription.offer_id, subscription=subscription, kind=CheckoutKind.OFFER,
            description=checkout.title if checkout else "Monthly subscription", amount_cents=int(amount_cents),
            currency=str(currency).lower(), application_fee_cents=min(int(fee_cents), int(amount_cents)),
            provider=checkout.provider if checkout else get_provider().name, livemode=livemode,
            stripe_payment_intent_id=payment_intent_id, stripe_invoice_id=invoice_id,
        )
    return payment, True


def subscription_cancel(*, user: User, subscription_id: int) -> Subscription:
    """The subscriber cancels: Stripe stops charging now and access ends."""
    subscription = Subscription.objects.filter(pk=subscription_id, buyer=user).first()
    if subscription is None:
        raise NotFound("No such subscription.")
    if not subscription.is_active:
        raise ApplicationError("This subscription has already ended.", code="already_canceled")
    result = get_provider().subscription_cancel(subscription.stripe_subscription_id)
    # Don't wait for the webhook to show the new state; the webhook then finds it already mirrored.
    return subscription_sync(stripe_subscription_id=subscription.stripe_subscription_id,
                             status=result.get("status") or SubscriptionStatus.CANCELED) or subscription


def member_payments_close(*, user: User) -> int:
    """Account deletion: cancel the member's active subscriptions and delete their Stripe customers.

    Returns how many subscriptions were cancelled. Purchases and payments stay (others' records need them).
    """
    provider = get_provider() if payments_enabled() else None
    if provider is None:
        return 0
    customers, cancelled = set(), 0
    for subscription in Subscription.objects.filter(buyer=user, status__in=ACTIVE_SUBSCRIPTION_STATUSES):
        result = provider.subscription_cancel(subscription.stripe_subscription_id)
        subscription_sync(stripe_subscription_id=subscription.stripe_subscription_id,
                          status=result.get("status") or SubscriptionStatus.CANCELED)
        cancelled += 1
        if result.get("customer"):
            customers.add(result["customer"])
    for customer_id in customers:
        provider.customer_delete(customer_id)
    return cancelled


# ---------------------------------------------------------------------------- refunds, disputes
@dataclass(frozen=True)
class ReversalResult:
    refund: Refund | None
    created: bool


def payment_reverse(*, payment_id: int, kind: str, stripe_object_id: str, amount_cents: int, currency: str,
                    stripe_charge_id: str = "", reason: str = "") -> ReversalResult:
    """Record a refund or a dispute against a payment and take back what it delivered.

    A dispute, or refunds adding up to the whole payment, end access to the offer. Credits are taken
    back in proportion to the money returned (all of them for a dispute); credits already spent are
    recorded as the shortfall. Idempotent on the Stripe refund/dispute id.
    """
    with transaction.atomic():
        payment = Payment.objects.select_for_update(of=("self",)).select_related("buyer").get(pk=payment_id)
        existing = Refund.objects.filter(stripe_object_id=stripe_object_id).first()
        if existing is not None:
            return ReversalResult(existing, False)
        totals = payment.refunds.aggregate(money=Sum("amount_cents"), credits=Sum("credits_requested"))
        reversed_so_far, credits_so_far = totals["money"] or 0, totals["credits"] or 0
        amount = min(int(amount_cents), payment.amount_cents - reversed_so_far)
        if amount <= 0:
            return ReversalResult(None, False)  # everything was already given back
        total_after = reversed_so_far + amount
        in_full = kind == RefundKind.DISPUTE or total_after >= payment.amount_cents
        requested = revoked = shortfall = 0
        if payment.credits_granted and payment.buyer_id:
            target = payment.credits_granted if in_full else payment.credits_granted * total_after // payment.amount_cents
            requested = max(0, target - credits_so_far)
            if requested:
                result = credits_revoke(
                    user=payment.buyer, amount=requested, idempotency_key=f"stripe:{stripe_object_id}",
                    description=f"Credits taken back: {RefundKind(kind).label.lower()} of “{payment.description}”"[:255],
                    stripe_payment_intent_id=payment.stripe_payment_intent_id,
                    metadata={"payment_id": payment.pk, "stripe_object_id": stripe_object_id},
                )
                revoked, shortfall = result.taken, result.shortfall
                if shortfall:
                    logger.warning("Payment %s: %s credits already spent, not taken back (%s)", payment.pk,
                                   shortfall, stripe_object_id)
        refund = Refund.objects.create(
            payment=payment, kind=kind, stripe_object_id=stripe_object_id, stripe_charge_id=stripe_charge_id,
            amount_cents=amount, currency=str(currency or payment.currency).lower(), credits_requested=requested,
            credits_revoked=revoked, credits_shortfall=shortfall, revokes_access=in_full and payment.offer_id is not None,
            reason=str(reason or "")[:100],
        )
        if refund.revokes_access:
            _send_on_commit(signals.offer_access_revoked, payment=payment, refund=refund)
    return ReversalResult(refund, True)


# ---------------------------------------------------------------------------- Connect, payouts
def connect_onboarding_start(*, user: User, refresh_url: str, return_url: str) -> str:
    """Create the creator's Express account (once) and return a link to Stripe's onboarding."""
    if user.role == Role.AGENT:
        raise ApplicationError("Agents can't receive payouts; their owner sells on their behalf.", code="agent")
    provider = get_provider()
    account = ConnectedAccount.objects.filter(user=user).first()
    if account is None:
        account_id = provider.account_create(user=user)
        account, _ = ConnectedAccount.objects.get_or_create(
            user=user, defaults={"stripe_account_id": account_id, "provider": provider.name})
    return provider.account_onboarding_url(account_id=account.stripe_account_id, refresh_url=refresh_url,
                                           return_url=return_url)


def connected_account_sync(*, stripe_account_id: str, charges_enabled: bool, payouts_enabled: bool,
                           details_submitted: bool) -> ConnectedAccount | None:
    account = ConnectedAccount.objects.filter(stripe_account_id=stripe_account_id).first()
    if account is None:
        return None
    account.charges_enabled, account.payouts_enabled = bool(charges_enabled), bool(payouts_enabled)
    account.details_submitted = bool(details_submitted)
    account.save(update_fields=["charges_enabled", "payouts_enabled", "details_submitted", "updated_at"])
    return account


def connect_account_refresh(*, user: User) -> ConnectedAccount | None:
    """Back from Stripe's onboarding: read the account's state now rather than wait for account.updated."""
    account = ConnectedAccount.objects.filter(user=user).first()
    if account is None:
        return None
    data = get_provider().account_retrieve(account.stripe_account_id)
    return connected_account_sync(stripe_account_id=account.stripe_account_id,
                                  charges_enabled=data.get("charges_enabled", False),
                                  payouts_enabled=data.get("payouts_enabled", False),
                                  details_submitted=data.get("details_submitted", False))


def connect_dashboard_url(*, user: User) -> str:
    account = ConnectedAccount.objects.filter(user=user).first()
    if account is None or not account.details_submitted:
        raise ApplicationError("Set up payouts first.", code="no_account")
    return get_provider().account_dashboard_url(account.stripe_account_id)


def payout_record(*, stripe_account_id: str, stripe_payout_id: str, status: str, amount_cents: int, currency: str,
                  arrival_date=None) -> Payout | None:
    """A payout to a creator's bank reached a final state (paid or failed); recorded once per state."""
    account = ConnectedAccount.objects.filter(stripe_account_id=stripe_account_id).first()
    try:
        with transaction.atomic():
            return Payout.objects.create(
                seller_id=account.user_id if account else None, stripe_account_id=stripe_account_id,
                stripe_payout_id=stripe_payout_id, status=status, amount_cents=int(amount_cents),
                currency=str(currency).lower(), arrival_date=arrival_date)
    except IntegrityError:
        return None
