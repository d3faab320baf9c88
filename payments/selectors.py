"""Reads of the payments app: who may open a paid offer, purchases, sales, earnings and payouts.

`member_has_access(user=..., offer=...)` is the one access rule for paid content; the courses app
uses it to gate paid course pages.
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from collective.choices import OfferStatus, PricingType
from collective.models import Offer
from members.choices import Role
from members.models import AgentProfile

from .choices import ACTIVE_SUBSCRIPTION_STATUSES, CREDIT_PACKS, CheckoutMode, CreditPack, PayoutStatus
from .models import CheckoutSession, ConnectedAccount, Payment, Payout, Refund, Subscription

# Pricing types sold through checkout; hourly and custom prices are agreed in a conversation instead.
CHECKOUT_PRICING = {PricingType.ONE_TIME: CheckoutMode.PAYMENT, PricingType.MONTHLY: CheckoutMode.SUBSCRIPTION}


def credit_packs() -> list[CreditPack]:
    return list(CREDIT_PACKS.values())


def platform_fee_percent() -> int:
    return max(0, min(100, int(settings.STRIPE_PLATFORM_FEE_PERCENT)))


def platform_fee_cents(amount_cents: int, percent: int | None = None) -> int:
    """The collective's share of a sale, rounded half up to a whole cent."""
    percent = platform_fee_percent() if percent is None else percent
    return (amount_cents * percent + 50) // 100


# ----------------------------------------------------------------------------------------- access
def offer_is_free(offer: Offer) -> bool:
    return offer.pricing_type == PricingType.FREE and not offer.is_paid


def has_payout_account(user) -> bool:
    return ConnectedAccount.objects.filter(user_id=user.pk).exists()


def offer_sold_here(offer: Offer) -> bool:
    """Bought through checkout on the site (one-time or monthly); hourly and custom prices are agreed in a connection."""
    return not offer_is_free(offer) and offer.pricing_type in CHECKOUT_PRICING


def _paid_access(user_id: int) -> QuerySet[Payment]:
    """Payments that still give access: not refunded in full or disputed, and for a subscription, active."""
    return (
        Payment.objects.filter(buyer_id=user_id, offer__isnull=False)
        .exclude(Exists(Refund.objects.filter(payment=OuterRef("pk"), revokes_access=True)))
        .filter(Q(subscription__isnull=True) | Q(subscription__status__in=ACTIVE_SUBSCRIPTION_STATUSES))
    )


def member_has_access(*, user, offer: Offer | None) -> bool:
    """May `user` open `offer`'s content? The owner always; anyone for a free offer; for a paid offer,
    only after a confirmed payment that hasn't been refunded in full or disputed (and, for a monthly
    offer, while the subscription is active). One query at most."""
    if offer is None:
        return False
    if user is not None and user.is_authenticated and user.pk == offer.user_id:
        return True
    if offer_is_free(offer):
        return True
    if user is None or not user.is_authenticated:
        return False
    return _paid_access(user.pk).filter(offer_id=offer.pk).exists()


def accessible_offer_ids(*, user, offer_ids) -> set[int]:
    """Of `offer_ids`, the paid ones `user` has bought (for lists: one query for the whole page)."""
    if user is None or not user.is_authenticated:
        return set()
    return set(_paid_access(user.pk).filter(offer_id__in=list(offer_ids)).values_list("offer_id", flat=True))


@dataclass(frozen=True)
class PurchaseState:
    """Whether `user` can buy `offer` now, and if not, what to tell them."""

    code: str  # "buyable", "owner", "owned", "not_for_sale", "unavailable", "seller_not_ready", "agent"
    message: str = ""

    @property
    def buyable(self) -> bool:
        return self.code == "buyable"


# Offers bought again and again (an agent's conversation pass): owning one doesn't stop the next purchase.
REPEATABLE_SOURCES = frozenset({"agent_pass"})


def payout_user_id(seller_id: int) -> int:
    """Who is paid for a sale: the seller, or for an agent, the human owner who answers for it."""
    owner_id = AgentProfile.objects.filter(user_id=seller_id).values_list("owner_id", flat=True).first()
    return owner_id or seller_id


def payout_ready(user) -> bool:
    """Whether `user` can be paid: a Connect account that takes charges and pays out."""
    account = ConnectedAccount.objects.filter(user_id=user.pk).first()
    return account is not None and account.is_ready


def offer_purchase_state(*, user, offer: Offer, has_access: bool | None = None) -> PurchaseState:
    if user.is_authenticated and user.pk == offer.user_id:
        return PurchaseState("owner", "This is your offer, so it's already yours.")
    if offer_is_free(offer):
        return PurchaseState("not_for_sale", "This offer is free: connect with the creator to get it.")
    if offer.pricing_type not in CHECKOUT_PRICING or not offer.price_cents:
        return PurchaseState("not_for_sale", "This offer's price is agreed with the creator: connect with them instead.")
    if offer.status != OfferStatus.ACTIVE or offer.is_archived:
        return PurchaseState("unavailable", "This offer isn't taking new purchases right now.")
    if user.is_authenticated and user.role == Role.AGENT:
        return PurchaseState("agent", "Agents can't buy offers.")
    repeatable = offer.source_type in REPEATABLE_SOURCES
    if has_access is None and not repeatable:
        has_access = member_has_access(user=user, offer=offer)
    if has_access and not repeatable:
        return PurchaseState("owned", "You already have this.")
    account = ConnectedAccount.objects.filter(user_id=payout_user_id(offer.user_id)).first()
    if account is None or not account.is_ready:
        return PurchaseState("seller_not_ready", f"@{offer.user.username} hasn't set up payouts yet, so this can't "
                                                 "be bought right now. Connect with them instead.")
    return PurchaseState("buyable")


# -------------------------------------------------------------------------------------- purchases
def _refunded_cents():
    refunded = (Refund.objects.filter(payment=OuterRef("pk")).order_by().values("payment")
                .annotate(total=Sum("amount_cents")).values("total"))
    return Coalesce(Subquery(refunded, output_field=IntegerField()), Value(0))


def purchases_for(*, user) -> QuerySet[Payment]:
    """A buyer's payments, newest first, with how much was refunded and whether access was taken back."""
    return (
        Payment.objects.filter(buyer=user)
        .select_related("offer", "offer__user", "seller", "subscription")
        .annotate(refunded_cents=_refunded_cents(),
                  access_revoked=Exists(Refund.objects.filter(payment=OuterRef("pk"), revokes_access=True)))
        .order_by("-created_at", "-id")
    )


def purchase_for(*, user, pk: int) -> Payment | None:
    return purchases_for(user=user).filter(pk=pk).first()


def subscriptions_for(*, user) -> QuerySet[Subscription]:
    return (Subscription.objects.filter(buyer=user, status__in=ACTIVE_SUBSCRIPTION_STATUSES)
            .select_related("offer", "offer__user").order_by("-created_at"))


def checkout_for_buyer(*, user, session_id: str = "", reference: str = "") -> CheckoutSession | None:
    checkouts = CheckoutSession.objects.filter(buyer=user).select_related("offer", "offer__user")
    if session_id:
        return checkouts.filter(stripe_session_id=session_id).first()
    if reference:
        try:
            return checkouts.filter(reference=uuid.UUID(str(reference))).first()
        except ValueError:  # a malformed reference is simply no checkout
            return None
    return None


# --------------------------------------------------------------------------------------- earnings
def connected_account_for(*, user) -> ConnectedAccount | None:
    return ConnectedAccount.objects.filter(user=user).first()


def sales_for(*, seller) -> QuerySet[Payment]:
    return (
        Payment.objects.filter(seller=seller)
        .select_related("buyer", "offer", "offer__user")
        .annotate(refunded_cents=_refunded_cents())
        .order_by("-created_at", "-id")
    )


def payouts_for(*, seller) -> QuerySet[Payout]:
    return Payout.objects.filter(seller=seller).order_by("-created_at", "-id")


@dataclass(frozen=True)
class EarningsSummary:
    currency: str
    sales: int
    gross_cents: int
    fee_cents: int
    refunded_cents: int
    paid_out_cents: int

    @property
    def net_cents(self) -> int:
        """What the creator keeps: sales minus the platform fee and refunds."""
        return max(0, self.gross_cents - self.fee_cents - self.refunded_cents)


def earnings_summary(*, seller) -> list[EarningsSummary]:
    """Totals per currency (usually just one): three queries whatever the number of sales."""
    totals = (Payment.objects.filter(seller=seller).order_by().values("currency")
              .annotate(sales=Count("id"), gross=Sum("amount_cents"), fees=Sum("application_fee_cents")))
    refunded = dict(Refund.objects.filter(payment__seller=seller).order_by().values("currency")
                    .annotate(total=Sum("amount_cents")).values_list("currency", "total"))
    paid_out = dict(Payout.objects.filter(seller=seller, status=PayoutStatus.PAID).order_by().values("currency")
                    .annotate(total=Sum("amount_cents")).values_list("currency", "total"))
    summaries = [
        EarningsSummary(currency=row["currency"], sales=row["sales"], gross_cents=row["gross"] or 0,
                        fee_cents=row["fees"] or 0, refunded_cents=refunded.get(row["currency"], 0),
                        paid_out_cents=paid_out.get(row["currency"], 0))
        for row in totals
    ]
    return sorted(summaries, key=lambda s: -s.gross_cents) or [EarningsSummary("usd", 0, 0, 0, 0, 0)]
