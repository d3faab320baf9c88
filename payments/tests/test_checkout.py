"""Starting checkout: server prices, refusals, Stripe's request (through the SDK, HTTP faked), the simulator."""
import pytest
from django.urls import reverse

from collective.choices import OfferStatus, PricingType
from collective.factories import OfferFactory
from members.factories import AgentFactory, UserFactory
from payments.choices import CheckoutMode, CheckoutStatus
from payments.factories import OfferPaymentFactory
from payments.models import CheckoutSession, ConnectedAccount, Payment

from .helpers import session_completed

pytestmark = pytest.mark.django_db

CREDITS_URL = reverse("payments:checkout_credits")


def stripe_session(params):
    return {"id": "cs_test_abc", "object": "checkout.session", "url": "https://checkout.stripe.com/c/pay/cs_test_abc",
            "mode": params.get("mode"), "status": "open", "payment_status": "unpaid",
            "amount_total": int(params.get("line_items[0][price_data][unit_amount]", 0)),
            "currency": params.get("line_items[0][price_data][currency]")}


def offer_url(offer) -> str:
    return reverse("payments:checkout_offer", args=[offer.pk])


# ---------------------------------------------------------------------------------- credit packs
def test_pack_checkout_sends_the_server_price_to_stripe_and_redirects_there(client, buyer, stripe_http):
    stripe_http.on("post", "/v1/checkout/sessions", stripe_session)
    client.force_login(buyer)

    response = client.post(CREDITS_URL, {"pack": "builder", "amount_cents": 2000})

    assert response.status_code == 303
    assert response["Location"] == "https://checkout.stripe.com/c/pay/cs_test_abc"
    [request] = stripe_http.calls("post", "/v1/checkout/sessions")
    params = request["params"]
    checkout = CheckoutSession.objects.get()
    assert params["mode"] == "payment"
    assert params["line_items[0][price_data][unit_amount]"] == "2000"
    assert params["line_items[0][price_data][currency]"] == "usd"
    assert params["metadata[checkout_ref]"] == params["payment_intent_data[metadata][checkout_ref]"] == str(
        checkout.reference)
    assert params["client_reference_id"] == str(checkout.reference)
    assert params["success_url"] == "http://testserver/payments/success/?session_id={CHECKOUT_SESSION_ID}"
    assert request["headers"]["Idempotency-Key"] == f"checkout-{checkout.reference}"
    assert (checkout.amount_cents, checkout.credits, checkout.stripe_session_id) == (2000, 500, "cs_test_abc")


def test_a_tampered_price_is_refused_before_anything_reaches_stripe(client, buyer, stripe_http):
    client.force_login(buyer)

    response = client.post(CREDITS_URL, {"pack": "creator", "amount_cents": 1})

    assert response.status_code == 409
    assert "price" in response.content.decode().lower()
    assert not CheckoutSession.objects.exists()
    assert stripe_http.requests == []


def test_price_fields_added_to_the_form_are_ignored(client, buyer, stripe_http):
    stripe_http.on("post", "/v1/checkout/sessions", stripe_session)
    client.force_login(buyer)

    client.post(CREDITS_URL, {"pack": "starter", "amount_cents": 500, "price_cents": 1, "unit_amount": 1,
                              "credits": 99999})

    [request] = stripe_http.calls("post", "/v1/checkout/sessions")
    assert request["params"]["line_items[0][price_data][unit_amount]"] == "500"
    assert CheckoutSession.objects.get().credits == 100


def test_an_unknown_pack_is_a_form_error(client, buyer):
    client.force_login(buyer)
    response = client.post(CREDITS_URL, {"pack": "platinum", "amount_cents": 100000})
    assert response.status_code == 400
    assert not CheckoutSession.objects.exists()


def test_stripe_refusing_the_request_shows_a_friendly_error(client, buyer, stripe_http):
    stripe_http.on("post", "/v1/checkout/sessions",
                   {"error": {"type": "invalid_request_error", "message": "No such thing"}}, status=400)
    client.force_login(buyer)

    response = client.post(CREDITS_URL, {"pack": "starter", "amount_cents": 500})

    assert response.status_code == 502
    assert "Nothing was charged" in response.content.decode()
    assert CheckoutSession.objects.get().status == CheckoutStatus.FAILED


def test_buying_needs_an_account(client):
    response = client.post(CREDITS_URL, {"pack": "starter", "amount_cents": 500})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert client.get(reverse("payments:credit_packs")).status_code == 302


def test_agents_cannot_buy(client):
    client.force_login(AgentFactory())
    response = client.post(CREDITS_URL, {"pack": "starter", "amount_cents": 500})
    assert response.status_code == 400
    assert not CheckoutSession.objects.exists()


def test_the_pack_page_lists_the_three_server_side_packs(client, buyer):
    client.force_login(buyer)
    page = client.get(reverse("payments:credit_packs")).content.decode()
    for text in ("Starter", "$5", "100", "Builder", "$20", "500", "+25% bonus", "Creator", "$50", "1,500", "+50% bonus"):
        assert text in page


# ---------------------------------------------------------------------------------------- offers
def test_offer_checkout_is_a_destination_charge_with_the_platform_fee(client, buyer, paid_course, stripe_http):
    stripe_http.on("post", "/v1/checkout/sessions", stripe_session)
    client.force_login(buyer)

    response = client.post(offer_url(paid_course), {"amount_cents": 4900})

    assert response.status_code == 303
    params = stripe_http.calls("post", "/v1/checkout/sessions")[0]["params"]
    assert params["line_items[0][price_data][unit_amount]"] == "4900"
    assert params["payment_intent_data[application_fee_amount]"] == "490"
    assert params["payment_intent_data[transfer_data][destination]"] == "acct_creator"
    checkout = CheckoutSession.objects.get()
    assert (checkout.seller, checkout.application_fee_cents, checkout.mode) == (
        paid_course.user, 490, CheckoutMode.PAYMENT)


def test_monthly_offer_checks_out_as_a_subscription(client, buyer, monthly_offer, stripe_http, settings):
    settings.STRIPE_PLATFORM_FEE_PERCENT = 12
    stripe_http.on("post", "/v1/checkout/sessions", stripe_session)
    client.force_login(buyer)

    client.post(offer_url(monthly_offer), {"amount_cents": 1500})

    params = stripe_http.calls("post", "/v1/checkout/sessions")[0]["params"]
    assert params["mode"] == "subscription"
    assert params["line_items[0][price_data][recurring][interval]"] == "month"
    assert params["subscription_data[application_fee_percent]"] == "12"
    assert params["subscription_data[transfer_data][destination]"] == "acct_creator"
    assert "payment_intent_data[application_fee_amount]" not in params


def test_checkout_for_another_members_draft_offer_is_refused_as_not_found(client, buyer, creator, stripe_http):
    draft = OfferFactory(user=creator, is_paid=True, pricing_type=PricingType.ONE_TIME, price_cents=4900,
                         status=OfferStatus.DRAFT)
    client.force_login(buyer)

    assert client.post(offer_url(draft), {"amount_cents": 4900}).status_code == 404
    assert client.get(reverse("payments:offer_buy", args=[draft.pk])).status_code == 404
    assert not CheckoutSession.objects.exists()
    assert stripe_http.requests == []


def test_checkout_for_an_archived_offer_is_refused_as_not_found(client, buyer, paid_course):
    paid_course.status = OfferStatus.ARCHIVED
    paid_course.save()
    client.force_login(buyer)
    assert client.post(offer_url(paid_course), {"amount_cents": 4900}).status_code == 404


def test_a_tampered_offer_price_is_refused(client, buyer, paid_course, stripe_http):
    client.force_login(buyer)

    response = client.post(offer_url(paid_course), {"amount_cents": 100})

    assert response.status_code == 409
    assert not CheckoutSession.objects.exists()
    assert stripe_http.requests == []


@pytest.mark.parametrize("change, status", [
    ({"status": OfferStatus.PAUSED}, 400),
    ({"pricing_type": PricingType.HOURLY}, 400),
    ({"pricing_type": PricingType.CUSTOM, "price_cents": 0}, 400),
    ({"pricing_type": PricingType.FREE, "price_cents": 0, "is_paid": False}, 400),
])
def test_offers_not_sold_through_checkout_are_refused(client, buyer, paid_course, change, status):
    for field, value in change.items():
        setattr(paid_course, field, value)
    paid_course.save()
    client.force_login(buyer)

    response = client.post(offer_url(paid_course), {"amount_cents": paid_course.price_cents})

    assert response.status_code == status
    assert not CheckoutSession.objects.exists()


def test_members_cannot_buy_their_own_offer(client, paid_course):
    client.force_login(paid_course.user)
    response = client.post(offer_url(paid_course), {"amount_cents": 4900})
    assert response.status_code == 400
    assert "your offer" in response.content.decode()


def test_an_offer_whose_creator_has_not_set_up_payouts_cannot_be_bought(client, buyer, paid_course):
    ConnectedAccount.objects.filter(user=paid_course.user).update(charges_enabled=False, details_submitted=False)
    client.force_login(buyer)

    response = client.post(offer_url(paid_course), {"amount_cents": 4900})

    assert response.status_code == 400
    assert "set up payouts yet" in response.content.decode()


def test_buying_something_you_already_own_is_refused(client, buyer, paid_course):
    OfferPaymentFactory(checkout__buyer=buyer, checkout__offer=paid_course)
    client.force_login(buyer)

    response = client.post(offer_url(paid_course), {"amount_cents": 4900})

    assert response.status_code == 409
    assert CheckoutSession.objects.count() == 1  # only the factory's


def test_the_buy_page_shows_the_server_price_and_a_pay_button(client, buyer, paid_course):
    client.force_login(buyer)
    page = client.get(reverse("payments:offer_buy", args=[paid_course.pk])).content.decode()
    assert "Pay $49" in page
    assert 'name="amount_cents" value="4900"' in page


# ------------------------------------------------------------------------------- simulator flow
def test_simulator_buys_the_starter_pack_end_to_end(client, buyer):
    client.force_login(buyer)

    start = client.post(CREDITS_URL, {"pack": "starter", "amount_cents": 500})
    simulator_url = start["Location"]
    assert simulator_url.startswith("/payments/simulator/checkout/cs_test_sim_")
    assert "Pay $5" in client.get(simulator_url).content.decode()

    paid = client.post(simulator_url, {"action": "pay"})
    success = client.get(paid["Location"])

    assert "+100 credits!" in success.content.decode()
    buyer.refresh_from_db()
    assert buyer.credit_balance == 100
    payment = Payment.objects.get()
    assert payment.stripe_payment_intent_id.startswith("pi_sim_") and payment.provider == "simulator"
    assert payment.buyer == buyer


def test_simulator_cancel_goes_to_the_cancel_page_and_charges_nothing(client, buyer):
    client.force_login(buyer)
    simulator_url = client.post(CREDITS_URL, {"pack": "starter", "amount_cents": 500})["Location"]

    cancelled = client.post(simulator_url, {"action": "cancel"}, follow=True)

    assert "No charge was made" in cancelled.content.decode()
    assert not Payment.objects.exists()


def test_simulator_checkout_belongs_to_its_buyer(client, buyer):
    client.force_login(buyer)
    simulator_url = client.post(CREDITS_URL, {"pack": "starter", "amount_cents": 500})["Location"]
    client.force_login(UserFactory())

    assert client.get(simulator_url).status_code == 404
    assert client.post(simulator_url, {"action": "pay"}).status_code == 404


def test_simulator_pages_do_not_exist_when_stripe_keys_are_set(client, buyer, stripe_http, settings):
    from payments.factories import CreditPackCheckoutFactory

    checkout = CreditPackCheckoutFactory(buyer=buyer)
    client.force_login(buyer)
    assert client.get(reverse("payments:simulator_checkout", args=[checkout.stripe_session_id])).status_code == 404


def test_without_keys_or_simulator_checkout_is_switched_off(client, buyer, settings):
    settings.PAYMENTS_SIMULATOR_ALLOWED = False
    client.force_login(buyer)
    response = client.post(CREDITS_URL, {"pack": "starter", "amount_cents": 500})
    assert response.status_code == 503
    assert not CheckoutSession.objects.exists()


# ---------------------------------------------------------------------------------- return pages
def test_success_page_fulfils_from_stripe_when_the_webhook_has_not_arrived(client, buyer, stripe_http):
    from payments.factories import CreditPackCheckoutFactory

    checkout = CreditPackCheckoutFactory(buyer=buyer, stripe_session_id="cs_test_abc")
    stripe_http.on("get", "/v1/checkout/sessions/cs_test_abc",
                   {"object": "checkout.session", **session_completed(checkout, "pi_early")})
    client.force_login(buyer)

    page = client.get(reverse("payments:success") + "?session_id=cs_test_abc").content.decode()

    assert "+100 credits!" in page
    buyer.refresh_from_db()
    assert buyer.credit_balance == 100
    checkout.refresh_from_db()
    assert checkout.status == CheckoutStatus.COMPLETE


def test_success_page_waits_politely_while_stripe_confirms(client, buyer, stripe_http):
    from payments.factories import CreditPackCheckoutFactory

    checkout = CreditPackCheckoutFactory(buyer=buyer, stripe_session_id="cs_test_abc")
    stripe_http.on("get", "/v1/checkout/sessions/cs_test_abc",
                   {"object": "checkout.session", **session_completed(checkout, None, payment_status="unpaid")})
    client.force_login(buyer)

    page = client.get(reverse("payments:success") + "?session_id=cs_test_abc").content.decode()

    assert "Confirming your payment" in page and 'http-equiv="refresh"' in page
    buyer.refresh_from_db()
    assert buyer.credit_balance == 0


def test_someone_elses_checkout_is_not_found_on_the_success_page(client, buyer):
    from payments.factories import CreditPackCheckoutFactory

    checkout = CreditPackCheckoutFactory(buyer=buyer)
    client.force_login(UserFactory())
    assert client.get(reverse("payments:success") + f"?session_id={checkout.stripe_session_id}").status_code == 404
