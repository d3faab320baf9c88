"""Fixtures for payments tests. No test reaches the network: the SDK's HTTP client is always a fake."""
import pytest
import stripe

from collective.choices import OfferStatus, OfferType, PricingType
from collective.factories import OfferFactory
from members.factories import UserFactory
from payments.factories import ConnectedAccountFactory
from payments.providers.simulator import simulator_webhook_secret

from .helpers import FakeStripeHTTP, NoNetworkHTTP

PLATFORM_SECRET = "whsec_test_platform"
CONNECT_SECRET = "whsec_test_connect"


@pytest.fixture(autouse=True)
def _payments_settings(settings, monkeypatch):
    """Simulator by default (no keys), and an HTTP client that refuses every request."""
    settings.STRIPE_SECRET_KEY = ""
    settings.STRIPE_WEBHOOK_SECRET = ""
    settings.STRIPE_CONNECT_WEBHOOK_SECRET = ""
    settings.PAYMENTS_SIMULATOR_ALLOWED = True
    settings.STRIPE_PLATFORM_FEE_PERCENT = 10
    monkeypatch.setattr(stripe, "default_http_client", NoNetworkHTTP())


@pytest.fixture
def sim_secret(settings) -> str:
    return simulator_webhook_secret()


@pytest.fixture
def stripe_http(settings, monkeypatch) -> FakeStripeHTTP:
    """Real Stripe mode (keys set); returns the fake HTTP client to script Stripe's answers."""
    settings.STRIPE_SECRET_KEY = "sk_test_fake"
    settings.STRIPE_WEBHOOK_SECRET = PLATFORM_SECRET
    settings.STRIPE_CONNECT_WEBHOOK_SECRET = CONNECT_SECRET
    fake = FakeStripeHTTP()
    monkeypatch.setattr(stripe, "default_http_client", fake)
    return fake


@pytest.fixture
def buyer(db):
    return UserFactory(username="sam_buys", email="sam@example.com")


@pytest.fixture
def creator(db):
    user = UserFactory(username="nia_makes", email="nia@example.com")
    ConnectedAccountFactory(user=user, stripe_account_id="acct_creator")
    return user


@pytest.fixture
def paid_course(creator):
    return OfferFactory(user=creator, title="Ship your first app", offer_type=OfferType.COURSE, is_paid=True,
                        pricing_type=PricingType.ONE_TIME, price_cents=4900, status=OfferStatus.ACTIVE)


@pytest.fixture
def monthly_offer(creator):
    return OfferFactory(user=creator, title="Monthly mentorship", offer_type=OfferType.MENTORSHIP, is_paid=True,
                        pricing_type=PricingType.MONTHLY, price_cents=1500, status=OfferStatus.ACTIVE)
