"""Choices of the payments app and the server-side price list of credit packs (spec 8.7)."""
from dataclasses import dataclass

from django.db import models


class Provider(models.TextChoices):
    STRIPE = "stripe", "Stripe"
    SIMULATOR = "simulator", "Local simulator"


class CheckoutKind(models.TextChoices):
    CREDIT_PACK = "credit_pack", "Credit pack"
    OFFER = "offer", "Offer"


class CheckoutMode(models.TextChoices):
    PAYMENT = "payment", "One-time payment"
    SUBSCRIPTION = "subscription", "Monthly subscription"


class CheckoutStatus(models.TextChoices):
    OPEN = "open", "Waiting for payment"
    PROCESSING = "processing", "Payment processing"
    COMPLETE = "complete", "Paid"
    EXPIRED = "expired", "Expired"
    FAILED = "failed", "Payment failed"
    REJECTED = "rejected", "Amount didn't match"


class RefundKind(models.TextChoices):
    REFUND = "refund", "Refund"
    DISPUTE = "dispute", "Dispute"


class PayoutStatus(models.TextChoices):
    PAID = "paid", "Paid"
    FAILED = "failed", "Failed"


class SubscriptionStatus(models.TextChoices):
    """Stripe's subscription statuses, mirrored."""

    INCOMPLETE = "incomplete", "Incomplete"
    INCOMPLETE_EXPIRED = "incomplete_expired", "Incomplete (expired)"
    TRIALING = "trialing", "Trialing"
    ACTIVE = "active", "Active"
    PAST_DUE = "past_due", "Past due"
    CANCELED = "canceled", "Canceled"
    UNPAID = "unpaid", "Unpaid"
    PAUSED = "paused", "Paused"


# A subscriber keeps access while Stripe is still trying to collect (past_due).
ACTIVE_SUBSCRIPTION_STATUSES = (SubscriptionStatus.ACTIVE, SubscriptionStatus.TRIALING, SubscriptionStatus.PAST_DUE)


class WebhookEventStatus(models.TextChoices):
    PROCESSED = "processed", "Processed"
    IGNORED = "ignored", "Ignored"
    REJECTED = "rejected", "Rejected"
    HELD = "held", "Held for its payment"


# The Starter pack's rate; bigger packs show their bonus against it.
BASE_CREDITS_PER_DOLLAR = 20


@dataclass(frozen=True)
class CreditPack:
    slug: str
    name: str
    price_cents: int
    credits: int
    blurb: str
    currency: str = "usd"

    @property
    def bonus_percent(self) -> int:
        base = self.price_cents * BASE_CREDITS_PER_DOLLAR // 100
        return round((self.credits - base) * 100 / base) if base else 0

    @property
    def title(self) -> str:
        return f"{self.name} credit pack · {self.credits:,} credits"


# Spec 8.7. Prices live here, on the server: a checkout only ever names a pack by its slug.
CREDIT_PACKS: dict[str, CreditPack] = {
    pack.slug: pack
    for pack in (
        CreditPack("starter", "Starter", 500, 100, "Try Ava sessions and a few social clips."),
        CreditPack("builder", "Builder", 2000, 500, "For members who use Ava and the course builder every week."),
        CreditPack("creator", "Creator", 5000, 1500, "For creators publishing courses and clips all month."),
    )
}
