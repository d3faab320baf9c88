"""Payments in a real browser, through the local Stripe simulator: buy credits, buy a course, see the sale."""
import re

import pytest
from playwright.sync_api import expect

from collective.choices import OfferStatus, OfferType, PricingType
from collective.factories import OfferFactory
from members.factories import UserFactory
from payments.factories import ConnectedAccountFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _simulator(settings):
    settings.STRIPE_SECRET_KEY = ""
    settings.PAYMENTS_SIMULATOR_ALLOWED = True
    settings.STRIPE_PLATFORM_FEE_PERCENT = 10


@pytest.fixture
def course():
    creator = UserFactory(username="nia_teaches", display_name="Nia Teaches", email="nia@example.com")
    ConnectedAccountFactory(user=creator)
    return OfferFactory(user=creator, title="Ship your first app with Cursor", offer_type=OfferType.COURSE,
                        is_paid=True, pricing_type=PricingType.ONE_TIME, price_cents=4900, status=OfferStatus.ACTIVE)


def test_buy_credits_and_a_course_then_the_creator_sees_the_sale(page, login, course):
    UserFactory(username="sam_learns", display_name="Sam Learns", email="sam@example.com")
    login("sam_learns")

    # The Starter pack through the simulated Stripe Checkout.
    page.goto("/credits/")
    page.get_by_role("button", name=re.compile(r"Buy Starter")).click()
    expect(page).to_have_url(re.compile(r"/payments/simulator/checkout/cs_test_sim_"))
    page.get_by_role("button", name="Pay $5").click()
    expect(page.get_by_role("heading", name="+100 credits!")).to_be_visible()
    page.goto("/my/purchases/")
    expect(page.locator("[data-credit-balance]")).to_have_text("100")
    expect(page.get_by_text("Starter credit pack · 100 credits")).to_be_visible()

    # A paid course: pay, then open it from the success page and from My purchases.
    page.goto(f"/payments/offers/{course.pk}/buy/")
    page.get_by_role("button", name="Pay $49").click()
    page.get_by_role("button", name="Pay $49").click()  # on the simulator's checkout page
    expect(page.get_by_role("heading", name="You're in!")).to_be_visible()
    page.get_by_role("link", name="Start the course").click()
    expect(page.get_by_role("heading", level=1, name=course.title)).to_be_visible()
    page.goto("/my/purchases/")
    row = page.locator(".pay-row", has_text=course.title)
    expect(row.get_by_text("Paid")).to_be_visible()
    row.get_by_role("link", name="Open").click()
    expect(page).to_have_url(re.compile(re.escape(course.get_absolute_url()) + "$"))
    assert page.console_errors == []

    # The creator's earnings: the sale, the 10% fee and what they keep.
    page.context.clear_cookies()
    login("nia_teaches")
    page.goto("/my/earnings/")
    sale = page.locator(".pay-table tbody tr", has_text=course.title)
    expect(sale).to_contain_text("@sam_learns")
    expect(sale).to_contain_text("$49")
    expect(sale).to_contain_text("−$4.90")
    expect(sale).to_contain_text("$44.10")
    expect(page.locator(".pay-stat--net")).to_contain_text("$44.10")
