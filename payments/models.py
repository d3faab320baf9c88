"""Money records: checkouts we start, and append-only payments, refunds and payouts linked to Stripe objects.

Amounts are integer cents with an ISO currency. `Payment`, `Refund` and `Payout` rows are never edited
or deleted (economy's `AppendOnlyModel`): a refund or a dispute is a new `Refund` row pointing at the
payment. `CheckoutSession`, `Subscription` and `ConnectedAccount` mirror state that lives in Stripe
and do change. `WebhookEvent` stores each Stripe event id once, before its side effects.
"""
import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from economy.models import AppendOnlyModel

from .choices import (
    ACTIVE_SUBSCRIPTION_STATUSES,
    CheckoutKind,
    CheckoutMode,
    CheckoutStatus,
    PayoutStatus,
    Provider,
    RefundKind,
    SubscriptionStatus,
    WebhookEventStatus,
)

CURRENCY_ISO = Q(currency__regex=r"^[a-z]{3}$")


class ConnectedAccount(models.Model):
    """A creator's Stripe Connect Express account, where their sales are paid out."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="payout_account")
    stripe_account_id = models.CharField(max_length=255, unique=True)
    provider = models.CharField(max_length=20, choices=Provider.choices)
    charges_enabled = models.BooleanField(default=False)
    payouts_enabled = models.BooleanField(default=False)
    details_submitted = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.stripe_account_id} ({self.user_id})"

    @property
    def is_ready(self) -> bool:
        """Stripe accepts destination charges for this account."""
        return self.details_submitted and self.charges_enabled


class CheckoutSession(models.Model):
    """One checkout a member started: what, for how much (from the server), and its Stripe session."""

    reference = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    buyer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="checkout_sessions")
    kind = models.CharField(max_length=20, choices=CheckoutKind.choices)
    pack = models.CharField(max_length=20, blank=True)
    offer = models.ForeignKey("collective.Offer", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    seller = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="+")
    title = models.CharField(max_length=200)
    amount_cents = models.PositiveIntegerField()
    currency = models.CharField(max_length=3, default="usd")
    credits = models.PositiveIntegerField(default=0)
    mode = models.CharField(max_length=20, choices=CheckoutMode.choices, default=CheckoutMode.PAYMENT)
    application_fee_cents = models.PositiveIntegerField(default=0)
    application_fee_percent = models.PositiveSmallIntegerField(default=0)
    destination_account_id = models.CharField(max_length=255, blank=True)
    provider = models.CharField(max_length=20, choices=Provider.choices)
    stripe_session_id = models.CharField(max_length=255, blank=True)
    stripe_payment_intent_id = models.CharField(max_length=255, blank=True)
    stripe_subscription_id = models.CharField(max_length=255, blank=True)
    checkout_url = models.CharField(max_length=2000, blank=True)
    status = models.CharField(max_length=20, choices=CheckoutStatus.choices, default=CheckoutStatus.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["buyer", "-created_at"], name="checkout_buyer_idx"),
            models.Index(fields=["stripe_payment_intent_id"], name="checkout_pi_idx"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["stripe_session_id"], condition=~Q(stripe_session_id=""),
                                    name="unique_checkout_stripe_session"),
            models.CheckConstraint(condition=Q(amount_cents__gt=0), name="checkout_amount_positive"),
            models.CheckConstraint(condition=Q(application_fee_cents__lte=F("amount_cents")),
                                   name="checkout_fee_within_amount"),
            models.CheckConstraint(condition=~Q(kind=CheckoutKind.CREDIT_PACK) | (Q(credits__gt=0) & ~Q(pack="")),
                                   name="checkout_pack_has_credits"),
            models.CheckConstraint(condition=CURRENCY_ISO, name="checkout_currency_iso"),
        ]

    def __str__(self) -> str:
        return f"{self.title} · {self.buyer_id} · {self.status}"

    @property
    def is_complete(self) -> bool:
        return self.status == CheckoutStatus.COMPLETE


class Subscription(models.Model):
    """A member's monthly subscription to a paid offer (mirrors the Stripe subscription's status)."""

    buyer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="offer_subscriptions")
    seller = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="+")
    offer = models.ForeignKey("collective.Offer", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    checkout = models.ForeignKey(CheckoutSession, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    stripe_subscription_id = models.CharField(max_length=255, unique=True)
    status = models.CharField(max_length=20, choices=SubscriptionStatus.choices, default=SubscriptionStatus.ACTIVE)
    current_period_end = models.DateTimeField(null=True, blank=True)
    cancel_at_period_end = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["buyer", "offer"], name="subscription_buyer_offer_idx")]

    def __str__(self) -> str:
        return f"{self.stripe_subscription_id} ({self.status})"

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_SUBSCRIPTION_STATUSES


class Payment(AppendOnlyModel):
    """A confirmed payment: a credit pack, an offer, or one month of a subscription."""

    checkout = models.ForeignKey(CheckoutSession, on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="payments")
    buyer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="payments")
    seller = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="sales")
    offer = models.ForeignKey("collective.Offer", on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="payments")
    subscription = models.ForeignKey(Subscription, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="payments")
    kind = models.CharField(max_length=20, choices=CheckoutKind.choices)
    pack = models.CharField(max_length=20, blank=True)
    description = models.CharField(max_length=200)
    amount_cents = models.PositiveIntegerField()
    currency = models.CharField(max_length=3)
    application_fee_cents = models.PositiveIntegerField(default=0)
    credits_granted = models.PositiveIntegerField(default=0)
    provider = models.CharField(max_length=20, choices=Provider.choices)
    livemode = models.BooleanField(default=False)
    # The Stripe objects this payment is: a PaymentIntent (one-time) and/or an Invoice (subscription).
    stripe_payment_intent_id = models.CharField(max_length=255, blank=True)
    stripe_invoice_id = models.CharField(max_length=255, blank=True)
    stripe_checkout_session_id = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["buyer", "-created_at"], name="payment_buyer_idx"),
            models.Index(fields=["seller", "-created_at"], name="payment_seller_idx"),
            models.Index(fields=["buyer", "offer"], name="payment_buyer_offer_idx"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["stripe_payment_intent_id"], condition=~Q(stripe_payment_intent_id=""),
                                    name="unique_payment_intent"),
            models.UniqueConstraint(fields=["stripe_invoice_id"], condition=~Q(stripe_invoice_id=""),
                                    name="unique_payment_invoice"),
            models.CheckConstraint(condition=~Q(stripe_payment_intent_id="", stripe_invoice_id=""),
                                   name="payment_linked_to_stripe"),
            models.CheckConstraint(condition=Q(application_fee_cents__lte=F("amount_cents")),
                                   name="payment_fee_within_amount"),
            models.CheckConstraint(condition=CURRENCY_ISO, name="payment_currency_iso"),
        ]

    def __str__(self) -> str:
        return f"{self.description} · {self.amount_cents} {self.currency}"

    @property
    def seller_net_cents(self) -> int:
        return self.amount_cents - self.application_fee_cents

    @property
    def stripe_reference(self) -> str:
        return self.stripe_payment_intent_id or self.stripe_invoice_id


class Refund(AppendOnlyModel):
    """Money given back (a refund) or taken back by the bank (a dispute), with what it undid."""

    payment = models.ForeignKey(Payment, on_delete=models.PROTECT, related_name="refunds")
    kind = models.CharField(max_length=20, choices=RefundKind.choices)
    # The Stripe refund (re_…) or dispute (dp_…); a refund Stripe didn't list is "<charge>:<amount refunded>".
    stripe_object_id = models.CharField(max_length=255, unique=True)
    stripe_charge_id = models.CharField(max_length=255, blank=True)
    amount_cents = models.PositiveIntegerField()
    currency = models.CharField(max_length=3)
    credits_requested = models.PositiveIntegerField(default=0)
    credits_revoked = models.PositiveIntegerField(default=0)
    # Credits the buyer had already spent, so they couldn't be taken back (balances never go negative).
    credits_shortfall = models.PositiveIntegerField(default=0)
    revokes_access = models.BooleanField(default=False)
    reason = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount_cents__gt=0), name="refund_amount_positive"),
            models.CheckConstraint(condition=Q(credits_revoked__lte=F("credits_requested")),
                                   name="refund_revoked_within_requested"),
            models.CheckConstraint(condition=CURRENCY_ISO, name="refund_currency_iso"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.amount_cents} {self.currency} of payment {self.payment_id}"


class Payout(AppendOnlyModel):
    """Stripe paying a creator's balance out to their bank (one row per payout and final status)."""

    seller = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="payouts")
    stripe_account_id = models.CharField(max_length=255)
    stripe_payout_id = models.CharField(max_length=255)
    status = models.CharField(max_length=20, choices=PayoutStatus.choices)
    amount_cents = models.PositiveIntegerField()
    currency = models.CharField(max_length=3)
    arrival_date = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["seller", "-created_at"], name="payout_seller_idx")]
        constraints = [
            models.UniqueConstraint(fields=["stripe_payout_id", "status"], name="unique_payout_status"),
            models.CheckConstraint(condition=CURRENCY_ISO, name="payout_currency_iso"),
        ]

    def __str__(self) -> str:
        return f"{self.stripe_payout_id} {self.status}"


class WebhookEvent(models.Model):
    """Each Stripe event we accepted, stored once (unique id) in the same transaction as its side effects."""

    stripe_event_id = models.CharField(max_length=255, unique=True)
    event_type = models.CharField(max_length=100)
    account = models.CharField(max_length=255, blank=True, help_text="The connected account, for Connect events.")
    livemode = models.BooleanField(default=False)
    status = models.CharField(max_length=20, choices=WebhookEventStatus.choices, default=WebhookEventStatus.PROCESSED)
    note = models.CharField(max_length=255, blank=True)
    payload = models.JSONField(default=dict)
    received_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-received_at", "-id"]
        indexes = [models.Index(fields=["event_type", "-received_at"], name="webhook_type_idx")]

    def __str__(self) -> str:
        return f"{self.event_type} {self.stripe_event_id}"
