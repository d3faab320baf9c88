"""Real Stripe through the official SDK (`stripe.StripeClient`).

Checkout Sessions carry inline `price_data` built from the `CheckoutSession` row, so the amount a
member pays is always the server's price. Offer sales are destination charges: the creator's Express
account receives the payment minus `application_fee_amount` (one-time) or `application_fee_percent`
(subscriptions).
"""
from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

import stripe

from ..choices import CheckoutMode
from . import HostedCheckout, PaymentProvider, ProviderError

if TYPE_CHECKING:
    from members.models import User

    from ..models import CheckoutSession

logger = logging.getLogger(__name__)


def checkout_metadata(checkout: CheckoutSession) -> dict[str, str]:
    """Copied onto the session, its PaymentIntent or Subscription: any later event finds its checkout."""
    metadata = {"checkout_ref": str(checkout.reference), "kind": checkout.kind, "buyer_id": str(checkout.buyer_id)}
    if checkout.pack:
        metadata["pack"] = checkout.pack
    if checkout.offer_id:
        metadata["offer_id"] = str(checkout.offer_id)
    return metadata


def checkout_params(checkout: CheckoutSession, *, success_url: str, cancel_url: str,
                    customer_email: str = "") -> dict[str, Any]:
    metadata = checkout_metadata(checkout)
    price_data: dict[str, Any] = {
        "currency": checkout.currency,
        "unit_amount": checkout.amount_cents,
        "product_data": {"name": checkout.title[:250]},
    }
    params: dict[str, Any] = {
        "mode": checkout.mode,
        "line_items": [{"quantity": 1, "price_data": price_data}],
        "success_url": success_url,
        "cancel_url": cancel_url,
        "client_reference_id": str(checkout.reference),
        "metadata": metadata,
    }
    if customer_email:
        params["customer_email"] = customer_email
    if checkout.mode == CheckoutMode.SUBSCRIPTION:
        price_data["recurring"] = {"interval": "month"}
        subscription_data: dict[str, Any] = {"metadata": metadata}
        if checkout.destination_account_id:
            subscription_data["application_fee_percent"] = checkout.application_fee_percent
            subscription_data["transfer_data"] = {"destination": checkout.destination_account_id}
        params["subscription_data"] = subscription_data
    else:
        payment_intent_data: dict[str, Any] = {"metadata": metadata}
        if checkout.destination_account_id:
            payment_intent_data["application_fee_amount"] = checkout.application_fee_cents
            payment_intent_data["transfer_data"] = {"destination": checkout.destination_account_id}
        params["payment_intent_data"] = payment_intent_data
    return params


class StripeProvider(PaymentProvider):
    name = "stripe"

    def __init__(self, *, api_key: str) -> None:
        # `stripe.default_http_client` is the SDK's HTTP seam (None → the SDK's default client);
        # tests put a fake client there so every request still goes through the SDK.
        self.client = stripe.StripeClient(api_key, http_client=stripe.default_http_client, max_network_retries=2)

    def webhook_secrets(self) -> list[str]:
        from django.conf import settings

        return [s for s in (settings.STRIPE_WEBHOOK_SECRET, settings.STRIPE_CONNECT_WEBHOOK_SECRET) if s]

    def _call(self, what: str, fn, *args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except stripe.StripeError as error:
            logger.warning("Stripe %s failed: %s (request %s)", what, error.user_message or error,
                           getattr(error, "request_id", ""))
            raise ProviderError() from error

    def checkout_create(self, *, checkout: CheckoutSession, success_url: str, cancel_url: str,
                        customer_email: str = "") -> HostedCheckout:
        params = checkout_params(checkout, success_url=success_url, cancel_url=cancel_url,
                                 customer_email=customer_email)
        # The idempotency key makes a retried create return the same session instead of a second one.
        session = self._call("checkout create", self.client.v1.checkout.sessions.create, params=params,
                             options={"idempotency_key": f"checkout-{checkout.reference}"})
        return HostedCheckout(session_id=session.id, url=session.url)

    def checkout_retrieve(self, session_id: str) -> dict[str, Any]:
        return self._call("checkout retrieve", self.client.v1.checkout.sessions.retrieve, session_id).to_dict()

    def payment_intent_retrieve(self, payment_intent_id: str) -> dict[str, Any] | None:
        try:
            return self.client.v1.payment_intents.retrieve(payment_intent_id).to_dict()
        except stripe.InvalidRequestError:
            return None
        except stripe.StripeError as error:
            raise ProviderError() from error

    def account_create(self, *, user: User) -> str:
        params: dict[str, Any] = {
            "type": "express",
            "metadata": {"user_id": str(user.pk), "username": user.username},
            "capabilities": {"card_payments": {"requested": True}, "transfers": {"requested": True}},
        }
        if user.email:
            params["email"] = user.email
        account = self._call("account create", self.client.v1.accounts.create, params=params,
                             options={"idempotency_key": f"express-account-{user.pk}"})
        return account.id

    def account_onboarding_url(self, *, account_id: str, refresh_url: str, return_url: str) -> str:
        link = self._call("account link", self.client.v1.account_links.create, params={
            "account": account_id, "refresh_url": refresh_url, "return_url": return_url,
            "type": "account_onboarding",
        })
        return link.url

    def account_retrieve(self, account_id: str) -> dict[str, Any]:
        return self._call("account retrieve", self.client.v1.accounts.retrieve, account_id).to_dict()

    def account_dashboard_url(self, account_id: str) -> str:
        return self._call("login link", self.client.v1.accounts.login_links.create, account_id).url

    def subscription_cancel(self, subscription_id: str) -> dict[str, Any]:
        return self._call("subscription cancel", self.client.v1.subscriptions.cancel, subscription_id).to_dict()

    def customer_delete(self, customer_id: str) -> None:
        self._call("customer delete", self.client.v1.customers.delete, customer_id)
