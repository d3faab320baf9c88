"""The payment provider interface: real Stripe when `STRIPE_SECRET_KEY` is set, the local simulator otherwise.

Both speak Stripe's shapes (ids, Checkout Sessions, signed webhook events), so services, webhooks and
pages never ask which one is running. The simulator is refused unless the settings module allows it
(`PAYMENTS_SIMULATOR_ALLOWED`: local and test settings), so production without keys has no checkout.
"""
from __future__ import annotations

import abc
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings

from core.errors import ApplicationError

if TYPE_CHECKING:
    from members.models import User

    from ..models import CheckoutSession


class ProviderError(ApplicationError):
    """Stripe refused or didn't answer; nothing was charged."""

    def __init__(self, message: str = "We couldn't reach our payment provider. Nothing was charged; try again in a minute.") -> None:
        super().__init__(message, code="payment_provider_error", status=502)


class PaymentsUnavailable(ApplicationError):
    def __init__(self) -> None:
        super().__init__("Payments aren't switched on for this site yet.", code="payments_unavailable", status=503)


@dataclass(frozen=True)
class HostedCheckout:
    session_id: str
    url: str


class PaymentProvider(abc.ABC):
    name: str

    @abc.abstractmethod
    def webhook_secrets(self) -> list[str]:
        """The signing secrets a webhook may be signed with (platform and Connect endpoints)."""

    @abc.abstractmethod
    def checkout_create(self, *, checkout: CheckoutSession, success_url: str, cancel_url: str,
                        customer_email: str = "") -> HostedCheckout:
        """Create the hosted checkout for `checkout` (amounts come from the row, i.e. the server)."""

    @abc.abstractmethod
    def checkout_retrieve(self, session_id: str) -> dict[str, Any]:
        """The Checkout Session as Stripe returns it."""

    @abc.abstractmethod
    def payment_intent_retrieve(self, payment_intent_id: str) -> dict[str, Any] | None:
        """The PaymentIntent as Stripe returns it, or None if there is no such payment."""

    @abc.abstractmethod
    def account_create(self, *, user: User) -> str:
        """Create an Express connected account for a creator; returns its id."""

    @abc.abstractmethod
    def account_onboarding_url(self, *, account_id: str, refresh_url: str, return_url: str) -> str:
        """A one-time link to Stripe's onboarding for the account."""

    @abc.abstractmethod
    def account_retrieve(self, account_id: str) -> dict[str, Any]:
        """The connected account as Stripe returns it (charges_enabled, payouts_enabled, details_submitted)."""

    @abc.abstractmethod
    def account_dashboard_url(self, account_id: str) -> str:
        """A one-time link into the creator's Express dashboard."""

    @abc.abstractmethod
    def subscription_cancel(self, subscription_id: str) -> dict[str, Any]:
        """Cancel a subscription now; Stripe then sends customer.subscription.deleted."""


    def customer_delete(self, customer_id: str) -> None:
        """Delete a Stripe customer (account deletion); providers without customers do nothing."""
        return None


def payments_enabled() -> bool:
    return bool(settings.STRIPE_SECRET_KEY) or settings.PAYMENTS_SIMULATOR_ALLOWED


def using_simulator() -> bool:
    return not settings.STRIPE_SECRET_KEY and settings.PAYMENTS_SIMULATOR_ALLOWED


def get_provider() -> PaymentProvider:
    """Stripe with keys; the simulator without (where allowed). Raises `PaymentsUnavailable` otherwise."""
    if settings.STRIPE_SECRET_KEY:
        from .stripe_provider import StripeProvider

        return StripeProvider(api_key=settings.STRIPE_SECRET_KEY)
    if settings.PAYMENTS_SIMULATOR_ALLOWED:
        from .simulator import SimulatorProvider

        return SimulatorProvider()
    raise PaymentsUnavailable()
