"""Factories for payments tests: creators with payout accounts, checkouts and recorded payments."""
import factory
from factory.django import DjangoModelFactory

from collective.choices import OfferType, PricingType
from collective.factories import OfferFactory
from members.factories import UserFactory

from .choices import CREDIT_PACKS, CheckoutKind, CheckoutMode, CheckoutStatus, Provider
from .models import CheckoutSession, ConnectedAccount, Payment


class ConnectedAccountFactory(DjangoModelFactory):
    """A creator whose Express onboarding is complete."""

    user = factory.SubFactory(UserFactory)
    stripe_account_id = factory.Sequence(lambda n: f"acct_test_{n:06d}")
    provider = Provider.SIMULATOR
    charges_enabled = True
    payouts_enabled = True
    details_submitted = True

    class Meta:
        model = ConnectedAccount


class PaidCourseFactory(OfferFactory):
    """An active one-time paid course ($49)."""

    offer_type = OfferType.COURSE
    is_paid = True
    pricing_type = PricingType.ONE_TIME
    price_cents = 4900


class CreditPackCheckoutFactory(DjangoModelFactory):
    buyer = factory.SubFactory(UserFactory)
    kind = CheckoutKind.CREDIT_PACK
    pack = "starter"
    title = CREDIT_PACKS["starter"].title
    amount_cents = CREDIT_PACKS["starter"].price_cents
    credits = CREDIT_PACKS["starter"].credits
    mode = CheckoutMode.PAYMENT
    provider = Provider.SIMULATOR
    stripe_session_id = factory.Sequence(lambda n: f"cs_test_{n:06d}")

    class Meta:
        model = CheckoutSession


class OfferCheckoutFactory(DjangoModelFactory):
    buyer = factory.SubFactory(UserFactory)
    kind = CheckoutKind.OFFER
    offer = factory.SubFactory(PaidCourseFactory)
    seller = factory.SelfAttribute("offer.user")
    title = factory.SelfAttribute("offer.title")
    amount_cents = factory.SelfAttribute("offer.price_cents")
    application_fee_cents = factory.LazyAttribute(lambda o: o.amount_cents // 10)
    application_fee_percent = 10
    destination_account_id = "acct_test_seller"
    mode = CheckoutMode.PAYMENT
    provider = Provider.SIMULATOR
    stripe_session_id = factory.Sequence(lambda n: f"cs_test_offer_{n:06d}")

    class Meta:
        model = CheckoutSession


class OfferPaymentFactory(DjangoModelFactory):
    """A confirmed sale of a paid offer."""

    checkout = factory.SubFactory(OfferCheckoutFactory, status=CheckoutStatus.COMPLETE)
    buyer = factory.SelfAttribute("checkout.buyer")
    seller = factory.SelfAttribute("checkout.seller")
    offer = factory.SelfAttribute("checkout.offer")
    kind = CheckoutKind.OFFER
    description = factory.SelfAttribute("checkout.title")
    amount_cents = factory.SelfAttribute("checkout.amount_cents")
    currency = "usd"
    application_fee_cents = factory.SelfAttribute("checkout.application_fee_cents")
    provider = Provider.SIMULATOR
    stripe_payment_intent_id = factory.Sequence(lambda n: f"pi_test_{n:06d}")

    class Meta:
        model = Payment
