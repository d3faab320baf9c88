"""A local stand-in for Stripe, for `make run` and tests without keys.

It hands out Stripe-like ids (`cs_test_sim_…`, `pi_sim_…`, `acct_sim_…`), shows a local checkout page
instead of Stripe's, and when a member "pays" it builds the events Stripe would send, signs them
exactly as Stripe does with a secret of this install (`simulator_webhook_secret()`), and hands them to the same webhook
handler as `/webhooks/stripe/` (in-process, so it works under runserver and in tests). Everything
after the signature check is the code path real Stripe events take.
"""
from __future__ import annotations

import json
import os
import secrets
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db.models import Sum
from django.urls import reverse
from stripe._api_version import _ApiVersion

from ..choices import CheckoutMode, CheckoutStatus, RefundKind
from ..signing import signature_header
from . import HostedCheckout, PaymentProvider, ProviderError
from .stripe_provider import checkout_metadata

if TYPE_CHECKING:
    from members.models import User

    from ..models import CheckoutSession, ConnectedAccount, Payment
    from ..webhooks import WebhookResult

MONTH_SECONDS = 30 * 24 * 3600
_install_secret: tuple[str, str] | None = None  # (file, secret), read once per process


def simulator_webhook_secret() -> str:
    """STRIPE_SIMULATOR_WEBHOOK_SECRET if set, else a random secret made on first use and kept in a file
    (PAYMENTS_SIMULATOR_SECRET_FILE) so every process of this install (server, worker) shares it."""
    global _install_secret
    if settings.STRIPE_SIMULATOR_WEBHOOK_SECRET:
        return settings.STRIPE_SIMULATOR_WEBHOOK_SECRET
    path = Path(settings.PAYMENTS_SIMULATOR_SECRET_FILE)
    if _install_secret is not None and _install_secret[0] == str(path):
        return _install_secret[1]
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        # O_EXCL: of two processes starting together, one writes the secret and both read it.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        pass
    else:
        with os.fdopen(fd, "w") as file:
            file.write("whsec_sim_" + secrets.token_hex(32))
    for _attempt in range(50):
        secret = path.read_text().strip()
        if secret:
            break
        time.sleep(0.01)  # the other process is still writing it
    else:
        raise ProviderError("The payment simulator's webhook secret file is empty.")
    _install_secret = (str(path), secret)
    return secret


def sim_id(prefix: str) -> str:
    return f"{prefix}_sim_{secrets.token_hex(12)}"


def charge_id_for(payment_intent_id: str) -> str:
    """The simulator's charge for a PaymentIntent (Stripe's `latest_charge`)."""
    return "ch_sim_" + payment_intent_id.removeprefix("pi_sim_")


class SimulatorProvider(PaymentProvider):
    name = "simulator"

    def webhook_secrets(self) -> list[str]:
        return [simulator_webhook_secret()]

    # --------------------------------------------------------------- the provider interface
    def checkout_create(self, *, checkout: CheckoutSession, success_url: str, cancel_url: str,
                        customer_email: str = "") -> HostedCheckout:
        session_id = "cs_test" + sim_id("")
        return HostedCheckout(session_id=session_id, url=reverse("payments:simulator_checkout", args=[session_id]))

    def checkout_retrieve(self, session_id: str) -> dict[str, Any]:
        from ..models import CheckoutSession

        checkout = CheckoutSession.objects.filter(stripe_session_id=session_id).first()
        if checkout is None:
            raise ProviderError("No such checkout session.")
        paid = checkout.status == CheckoutStatus.COMPLETE
        return self._session_object(checkout, payment_status="paid" if paid else "unpaid",
                                    payment_intent_id=checkout.stripe_payment_intent_id or None)

    def payment_intent_retrieve(self, payment_intent_id: str) -> dict[str, Any] | None:
        from ..models import CheckoutSession

        checkout = CheckoutSession.objects.filter(stripe_payment_intent_id=payment_intent_id).first()
        if checkout is None:
            return None
        return self._payment_intent_object(checkout, payment_intent_id)

    def account_create(self, *, user: User) -> str:
        return sim_id("acct")

    def account_onboarding_url(self, *, account_id: str, refresh_url: str, return_url: str) -> str:
        return reverse("payments:simulator_onboarding", args=[account_id])

    def account_retrieve(self, account_id: str) -> dict[str, Any]:
        from ..models import ConnectedAccount

        account = ConnectedAccount.objects.filter(stripe_account_id=account_id).first()
        if account is None:
            raise ProviderError("No such account.")
        return self._account_object(account_id, ready=account.details_submitted)

    def account_dashboard_url(self, account_id: str) -> str:
        return reverse("payments:my_earnings")

    def subscription_cancel(self, subscription_id: str) -> dict[str, Any]:
        from ..models import Subscription

        subscription = Subscription.objects.select_related("checkout").get(stripe_subscription_id=subscription_id)
        obj = {
            "id": subscription_id, "object": "subscription", "status": "canceled", "cancel_at_period_end": False,
            "ended_at": int(time.time()), "canceled_at": int(time.time()),
            "metadata": checkout_metadata(subscription.checkout) if subscription.checkout else {},
            "items": {"object": "list", "data": []},
        }
        self.deliver("customer.subscription.deleted", obj)
        return obj

    # ------------------------------------------------ what Stripe would do (simulator only)
    def pay(self, checkout: CheckoutSession) -> None:
        """The member paid on the simulated checkout page: send the events Stripe sends."""
        if checkout.mode == CheckoutMode.SUBSCRIPTION:
            subscription_id, invoice_id, payment_intent_id = sim_id("sub"), sim_id("in"), sim_id("pi")
            metadata = checkout_metadata(checkout)
            now = int(time.time())
            self.deliver("customer.subscription.created", {
                "id": subscription_id, "object": "subscription", "status": "active", "metadata": metadata,
                "cancel_at_period_end": False,
                "items": {"object": "list", "data": [{"current_period_end": now + MONTH_SECONDS}]},
            })
            self.deliver("checkout.session.completed", self._session_object(
                checkout, payment_status="paid", subscription_id=subscription_id, invoice_id=invoice_id))
            self.deliver("invoice.paid", self.invoice_object(
                checkout, invoice_id=invoice_id, subscription_id=subscription_id,
                payment_intent_id=payment_intent_id, billing_reason="subscription_create"))
        else:
            payment_intent_id = sim_id("pi")
            self.deliver("checkout.session.completed", self._session_object(
                checkout, payment_status="paid", payment_intent_id=payment_intent_id))
            self.deliver("payment_intent.succeeded", self._payment_intent_object(checkout, payment_intent_id))

    def renew(self, subscription_id: str) -> None:
        """Stripe charging the next month of a subscription."""
        from ..models import Subscription

        subscription = Subscription.objects.select_related("checkout").filter(
            stripe_subscription_id=subscription_id).first()
        if subscription is None or subscription.checkout is None:
            raise ProviderError("No such subscription.")
        self.deliver("invoice.paid", self.invoice_object(
            subscription.checkout, invoice_id=sim_id("in"), subscription_id=subscription_id,
            payment_intent_id=sim_id("pi"), billing_reason="subscription_cycle"))

    def complete_onboarding(self, account: ConnectedAccount) -> None:
        self.deliver("account.updated", self._account_object(account.stripe_account_id, ready=True),
                     account=account.stripe_account_id)

    def refund(self, payment: Payment, amount_cents: int | None = None) -> None:
        """A refund issued from the Stripe dashboard (full by default)."""
        already = payment.refunds.filter(kind=RefundKind.REFUND).aggregate(s=Sum("amount_cents"))["s"] or 0
        amount = payment.amount_cents - already if amount_cents is None else amount_cents
        refunded = min(payment.amount_cents, already + amount)
        self.deliver("charge.refunded", {
            "id": charge_id_for(payment.stripe_payment_intent_id), "object": "charge",
            "payment_intent": payment.stripe_payment_intent_id, "amount": payment.amount_cents,
            "amount_refunded": refunded, "currency": payment.currency, "refunded": refunded >= payment.amount_cents,
            "status": "succeeded",
            "refunds": {"object": "list", "data": [
                {"id": sim_id("re"), "object": "refund", "amount": amount, "currency": payment.currency,
                 "status": "succeeded"},
            ]},
        })

    def dispute(self, payment: Payment, reason: str = "fraudulent") -> None:
        self.deliver("charge.dispute.created", {
            "id": sim_id("dp"), "object": "dispute", "charge": charge_id_for(payment.stripe_payment_intent_id),
            "payment_intent": payment.stripe_payment_intent_id, "amount": payment.amount_cents,
            "currency": payment.currency, "reason": reason, "status": "needs_response",
        })

    def payout(self, account: ConnectedAccount, amount_cents: int, currency: str = "usd") -> None:
        self.deliver("payout.paid", {
            "id": sim_id("po"), "object": "payout", "amount": amount_cents, "currency": currency, "status": "paid",
            "arrival_date": int(time.time()),
        }, account=account.stripe_account_id)

    def deliver(self, event_type: str, obj: dict[str, Any], *, account: str = "") -> WebhookResult:
        """Sign an event like Stripe and hand it to the webhook handler; raises if it was refused."""
        from .. import webhooks

        event = {
            "id": sim_id("evt"), "object": "event", "api_version": _ApiVersion.CURRENT, "created": int(time.time()),
            "livemode": False, "pending_webhooks": 1, "request": {"id": None, "idempotency_key": None},
            "type": event_type, "data": {"object": obj},
        }
        if account:
            event["account"] = account
        payload = json.dumps(event)
        result = webhooks.receive(payload=payload.encode(), signature=signature_header(payload, self.webhook_secrets()[0]),
                                  provider=self)
        if result.status >= 400:
            raise ProviderError(f"The simulated {event_type} webhook was refused: {result.message}")
        return result

    # ---------------------------------------------------------------- Stripe-shaped objects
    def _session_object(self, checkout: CheckoutSession, *, payment_status: str, payment_intent_id: str | None = None,
                        subscription_id: str | None = None, invoice_id: str | None = None) -> dict[str, Any]:
        return {
            "id": checkout.stripe_session_id, "object": "checkout.session", "mode": checkout.mode,
            "status": "complete" if payment_status == "paid" else "open", "payment_status": payment_status,
            "amount_total": checkout.amount_cents, "currency": checkout.currency,
            "client_reference_id": str(checkout.reference), "metadata": checkout_metadata(checkout),
            "payment_intent": payment_intent_id, "subscription": subscription_id, "invoice": invoice_id,
            "livemode": False,
        }

    def _payment_intent_object(self, checkout: CheckoutSession, payment_intent_id: str) -> dict[str, Any]:
        return {
            "id": payment_intent_id, "object": "payment_intent", "status": "succeeded",
            "amount": checkout.amount_cents, "amount_received": checkout.amount_cents, "currency": checkout.currency,
            "metadata": checkout_metadata(checkout), "latest_charge": charge_id_for(payment_intent_id),
            "application_fee_amount": checkout.application_fee_cents or None,
            "transfer_data": {"destination": checkout.destination_account_id} if checkout.destination_account_id else None,
            "livemode": False,
        }

    def invoice_object(self, checkout: CheckoutSession, *, invoice_id: str, subscription_id: str,
                       payment_intent_id: str, billing_reason: str) -> dict[str, Any]:
        return {
            "id": invoice_id, "object": "invoice", "status": "paid", "billing_reason": billing_reason,
            "amount_paid": checkout.amount_cents, "currency": checkout.currency,
            "parent": {"type": "subscription_details", "subscription_details": {
                "subscription": subscription_id, "metadata": checkout_metadata(checkout)}},
            "payments": {"object": "list", "data": [
                {"object": "invoice_payment", "payment": {"type": "payment_intent", "payment_intent": payment_intent_id}},
            ]},
            "livemode": False,
        }

    @staticmethod
    def _account_object(account_id: str, *, ready: bool) -> dict[str, Any]:
        return {"id": account_id, "object": "account", "type": "express", "charges_enabled": ready,
                "payouts_enabled": ready, "details_submitted": ready}
