"""The access rule, /my/purchases/ and receipts, /my/earnings/, subscriptions, and the template tag."""
import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse

from collective.factories import OfferFactory
from members.factories import UserFactory
from payments import selectors, services
from payments.choices import CheckoutMode, RefundKind, SubscriptionStatus
from payments.factories import OfferCheckoutFactory, OfferPaymentFactory, PaidCourseFactory
from payments.models import Payout, Subscription
from payments.providers.simulator import SimulatorProvider

pytestmark = pytest.mark.django_db


def refund(payment, amount, *, kind=RefundKind.REFUND, ref="re_1"):
    return services.payment_reverse(payment_id=payment.pk, kind=kind, stripe_object_id=ref, amount_cents=amount,
                                    currency="usd").refund


# ---------------------------------------------------------------------------------------- access
def test_the_owner_always_has_access(paid_course):
    assert selectors.member_has_access(user=paid_course.user, offer=paid_course)


def test_free_offers_are_open_to_everyone(django_user_model):
    from django.contrib.auth.models import AnonymousUser

    free = OfferFactory()
    assert selectors.member_has_access(user=AnonymousUser(), offer=free)
    assert selectors.member_has_access(user=UserFactory(), offer=free)


def test_a_paid_offer_needs_a_confirmed_payment(buyer, paid_course, django_assert_num_queries):
    from django.contrib.auth.models import AnonymousUser

    assert not selectors.member_has_access(user=AnonymousUser(), offer=paid_course)
    with django_assert_num_queries(1):
        assert not selectors.member_has_access(user=buyer, offer=paid_course)
    OfferCheckoutFactory(buyer=buyer, offer=paid_course)  # started, never paid
    assert not selectors.member_has_access(user=buyer, offer=paid_course)

    OfferPaymentFactory(checkout__buyer=buyer, checkout__offer=paid_course)

    with django_assert_num_queries(1):
        assert selectors.member_has_access(user=buyer, offer=paid_course)
    assert not selectors.member_has_access(user=UserFactory(), offer=paid_course)


def test_access_ends_with_a_full_refund_or_a_dispute_but_not_a_partial_refund(buyer, paid_course):
    payment = OfferPaymentFactory(checkout__buyer=buyer, checkout__offer=paid_course)
    refund(payment, 1000, ref="re_partial")
    assert selectors.member_has_access(user=buyer, offer=paid_course)
    refund(payment, 3900, ref="re_rest")
    assert not selectors.member_has_access(user=buyer, offer=paid_course)

    other = PaidCourseFactory(user=paid_course.user)
    disputed = OfferPaymentFactory(checkout__buyer=buyer, checkout__offer=other)
    refund(disputed, 4900, kind=RefundKind.DISPUTE, ref="dp_1")
    assert not selectors.member_has_access(user=buyer, offer=other)


def test_monthly_access_follows_the_subscription(buyer, monthly_offer):
    checkout = OfferCheckoutFactory(buyer=buyer, offer=monthly_offer, mode=CheckoutMode.SUBSCRIPTION)
    subscription = Subscription.objects.create(buyer=buyer, offer=monthly_offer, checkout=checkout,
                                               stripe_subscription_id="sub_1")
    OfferPaymentFactory(checkout=checkout, subscription=subscription)
    assert selectors.member_has_access(user=buyer, offer=monthly_offer)

    Subscription.objects.filter(pk=subscription.pk).update(status=SubscriptionStatus.PAST_DUE)
    assert selectors.member_has_access(user=buyer, offer=monthly_offer)
    Subscription.objects.filter(pk=subscription.pk).update(status=SubscriptionStatus.CANCELED)
    assert not selectors.member_has_access(user=buyer, offer=monthly_offer)


def test_accessible_offer_ids_answers_for_a_whole_list_in_one_query(buyer, creator, django_assert_num_queries):
    bought, refunded, not_bought = (PaidCourseFactory(user=creator) for _ in range(3))
    OfferPaymentFactory(checkout__buyer=buyer, checkout__offer=bought)
    refund(OfferPaymentFactory(checkout__buyer=buyer, checkout__offer=refunded), 4900)

    with django_assert_num_queries(1):
        ids = selectors.accessible_offer_ids(user=buyer, offer_ids=[bought.pk, refunded.pk, not_bought.pk])
    assert ids == {bought.pk}


# ------------------------------------------------------------------------------------- purchases
def test_my_purchases_lists_receipts_and_opens_what_was_bought(client, buyer, paid_course):
    payment = OfferPaymentFactory(checkout__buyer=buyer, checkout__offer=paid_course)
    client.force_login(buyer)

    page = client.get(reverse("payments:my_purchases")).content.decode()

    assert paid_course.title in page
    assert paid_course.get_absolute_url() in page
    assert reverse("payments:receipt", args=[payment.pk]) in page
    receipt = client.get(reverse("payments:receipt", args=[payment.pk])).content.decode()
    assert "$49" in receipt and payment.stripe_payment_intent_id in receipt


def test_a_refunded_purchase_shows_refunded_and_no_longer_opens(client, buyer, paid_course):
    refund(OfferPaymentFactory(checkout__buyer=buyer, checkout__offer=paid_course), 4900)
    client.force_login(buyer)

    page = client.get(reverse("payments:my_purchases")).content.decode()

    assert "Refunded" in page
    assert f'href="{paid_course.get_absolute_url()}"' not in page


def test_receipts_are_private(client, buyer, paid_course):
    payment = OfferPaymentFactory(checkout__buyer=buyer, checkout__offer=paid_course)
    client.force_login(UserFactory())
    assert client.get(reverse("payments:receipt", args=[payment.pk])).status_code == 404


def test_my_purchases_has_a_constant_number_of_queries(client, buyer, creator, django_assert_max_num_queries):
    client.force_login(buyer)
    OfferPaymentFactory(checkout__buyer=buyer, checkout__offer=PaidCourseFactory(user=creator))
    client.get(reverse("payments:my_purchases"))  # warm caches (session, content types)

    def count_queries():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("payments:my_purchases")).status_code == 200
        return len(ctx.captured_queries)

    few = count_queries()
    for _ in range(12):
        payment = OfferPaymentFactory(checkout__buyer=buyer, checkout__offer=PaidCourseFactory(user=creator))
        refund(payment, 100, ref=f"re_{payment.pk}")
    assert count_queries() == few
    with django_assert_max_num_queries(12):
        client.get(reverse("payments:my_purchases"))


def test_cancelling_a_subscription_ends_access(client, buyer, monthly_offer):
    checkout = OfferCheckoutFactory(buyer=buyer, offer=monthly_offer, mode=CheckoutMode.SUBSCRIPTION)
    subscription = Subscription.objects.create(buyer=buyer, offer=monthly_offer, seller=monthly_offer.user,
                                               checkout=checkout, stripe_subscription_id="sub_sim_1")
    OfferPaymentFactory(checkout=checkout, subscription=subscription)
    client.force_login(buyer)
    assert "Monthly mentorship" in client.get(reverse("payments:my_purchases")).content.decode()

    response = client.post(reverse("payments:subscription_cancel", args=[subscription.pk]))

    assert response.status_code == 303
    subscription.refresh_from_db()
    assert subscription.status == SubscriptionStatus.CANCELED
    assert not selectors.member_has_access(user=buyer, offer=monthly_offer)


def test_cancelling_through_stripe_calls_the_sdk_and_mirrors_the_status(client, buyer, monthly_offer, stripe_http):
    subscription = Subscription.objects.create(buyer=buyer, offer=monthly_offer, stripe_subscription_id="sub_live_1")
    stripe_http.on("delete", "/v1/subscriptions/sub_live_1",
                   {"id": "sub_live_1", "object": "subscription", "status": "canceled"})
    client.force_login(buyer)

    client.post(reverse("payments:subscription_cancel", args=[subscription.pk]))

    assert len(stripe_http.calls("delete", "/v1/subscriptions/sub_live_1")) == 1
    subscription.refresh_from_db()
    assert subscription.status == SubscriptionStatus.CANCELED


def test_members_cannot_cancel_someone_elses_subscription(client, buyer, monthly_offer):
    subscription = Subscription.objects.create(buyer=buyer, offer=monthly_offer, stripe_subscription_id="sub_1")
    client.force_login(UserFactory())
    assert client.post(reverse("payments:subscription_cancel", args=[subscription.pk])).status_code == 404


# -------------------------------------------------------------------------------------- earnings
def test_the_creator_sees_the_sale_minus_the_fee(client, buyer, paid_course):
    OfferPaymentFactory(checkout__buyer=buyer, checkout__offer=paid_course)
    client.force_login(paid_course.user)

    page = client.get(reverse("payments:my_earnings")).content.decode()

    assert paid_course.title in page and "@sam_buys" in page
    assert "$49" in page and "−$4.90" in page and "$44.10" in page
    [summary] = selectors.earnings_summary(seller=paid_course.user)
    assert (summary.gross_cents, summary.fee_cents, summary.net_cents) == (4900, 490, 4410)


def test_refunds_come_off_the_creators_earnings(buyer, paid_course):
    refund(OfferPaymentFactory(checkout__buyer=buyer, checkout__offer=paid_course), 900)
    [summary] = selectors.earnings_summary(seller=paid_course.user)
    assert (summary.refunded_cents, summary.net_cents) == (900, 3510)


def test_members_only_see_their_own_sales(client, buyer, paid_course):
    OfferPaymentFactory(checkout__buyer=buyer, checkout__offer=paid_course)
    client.force_login(buyer)
    page = client.get(reverse("payments:my_earnings")).content.decode()
    assert paid_course.title not in page and "No sales yet" in page


def test_my_earnings_has_a_constant_number_of_queries(client, creator, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(creator)
    course = PaidCourseFactory(user=creator)
    OfferPaymentFactory(checkout__offer=course)
    Payout.objects.create(seller=creator, stripe_account_id="acct_creator", stripe_payout_id="po_first",
                          status="paid", amount_cents=100, currency="usd")
    client.get(reverse("payments:my_earnings"))

    def count_queries(url):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    few = (count_queries(reverse("payments:my_earnings")), count_queries(reverse("payments:my_earnings") + "?tab=payouts"))
    for i in range(15):
        OfferPaymentFactory(checkout__offer=course)
        Payout.objects.create(seller=creator, stripe_account_id="acct_creator", stripe_payout_id=f"po_{i}",
                              status="paid", amount_cents=100, currency="usd")
    many = (count_queries(reverse("payments:my_earnings")), count_queries(reverse("payments:my_earnings") + "?tab=payouts"))
    assert few == many
    with django_assert_max_num_queries(14):
        client.get(reverse("payments:my_earnings"))


def test_simulated_payout_shows_up_on_the_payouts_tab(client, buyer, paid_course):
    OfferPaymentFactory(checkout__buyer=buyer, checkout__offer=paid_course)
    client.force_login(paid_course.user)

    client.post(reverse("payments:simulator_payout"))

    payout = Payout.objects.get()
    assert (payout.seller, payout.amount_cents, payout.status) == (paid_course.user, 4410, "paid")
    page = client.get(reverse("payments:my_earnings") + "?tab=payouts").content.decode()
    assert "$44.10" in page
    client.post(reverse("payments:simulator_payout"))
    assert Payout.objects.count() == 1  # nothing left to pay out


# ------------------------------------------------------------------------------------ simulator
def test_simulator_refund_flows_through_the_webhook_handler(buyer, paid_course):
    from payments.models import WebhookEvent

    checkout = OfferCheckoutFactory(buyer=buyer, offer=paid_course)
    simulator = SimulatorProvider()
    simulator.pay(checkout)
    payment = checkout.payments.get()
    assert selectors.member_has_access(user=buyer, offer=paid_course)

    simulator.refund(payment)

    assert not selectors.member_has_access(user=buyer, offer=paid_course)
    assert list(WebhookEvent.objects.order_by("id").values_list("event_type", flat=True)) == [
        "checkout.session.completed", "payment_intent.succeeded", "charge.refunded"]


# ---------------------------------------------------------------------------------- template tag
def render_cta(user, offer) -> str:
    request = RequestFactory().get("/")
    request.user = user
    return Template("{% load payments %}{% offer_purchase_cta offer %}").render(Context({"request": request,
                                                                                        "offer": offer}))


def test_purchase_button_offers_to_buy_then_shows_ownership(buyer, paid_course):
    assert f"/payments/offers/{paid_course.pk}/buy/" in render_cta(buyer, paid_course)
    OfferPaymentFactory(checkout__buyer=buyer, checkout__offer=paid_course)
    assert "You own this" in render_cta(buyer, paid_course)
    assert render_cta(paid_course.user, paid_course).strip() == ""
    assert render_cta(buyer, OfferFactory()).strip() == ""


def test_the_simulate_command_refunds_and_renews_like_stripe(buyer, monthly_offer):
    from django.core.management import call_command

    from payments.factories import CreditPackCheckoutFactory

    pack = CreditPackCheckoutFactory(buyer=buyer)
    SimulatorProvider().pay(pack)
    buyer.refresh_from_db()
    assert buyer.credit_balance == 100

    call_command("payments_simulate", "refund", str(pack.payments.get().pk), "--amount", "250")
    buyer.refresh_from_db()
    assert buyer.credit_balance == 50

    monthly = OfferCheckoutFactory(buyer=buyer, offer=monthly_offer, mode=CheckoutMode.SUBSCRIPTION)
    SimulatorProvider().pay(monthly)
    subscription = Subscription.objects.get(buyer=buyer)
    call_command("payments_simulate", "renew", subscription.stripe_subscription_id)
    assert subscription.payments.count() == 2


def test_purchase_and_revocation_signals_fire_after_commit(buyer, paid_course, django_capture_on_commit_callbacks):
    from payments.signals import offer_access_revoked, offer_purchased

    received = []

    def listener(sender, **kwargs):
        received.append((kwargs.get("refund") is not None, kwargs["payment"].offer_id))

    offer_purchased.connect(listener)
    offer_access_revoked.connect(listener)
    try:
        checkout = OfferCheckoutFactory(buyer=buyer, offer=paid_course)
        with django_capture_on_commit_callbacks(execute=True):
            SimulatorProvider().pay(checkout)
        with django_capture_on_commit_callbacks(execute=True):
            SimulatorProvider().refund(checkout.payments.get())
    finally:
        offer_purchased.disconnect(listener)
        offer_access_revoked.disconnect(listener)
    assert received == [(False, paid_course.pk), (True, paid_course.pk)]


def test_my_earnings_is_in_the_menu_of_creators_who_set_up_payouts_only(client, buyer, creator):
    client.force_login(buyer)
    assert 'href="/my/earnings/"' not in client.get("/discover/").content.decode()
    client.force_login(creator)
    assert client.get("/discover/").content.decode().count('href="/my/earnings/"') == 2  # desktop and phone menus
