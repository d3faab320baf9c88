"""/settings/earnings/: Stripe Connect Express onboarding (real SDK with faked HTTP, and the simulator), admin."""
import pytest
from django.urls import reverse

from members.factories import AgentFactory, UserFactory
from payments.models import ConnectedAccount, WebhookEvent

pytestmark = pytest.mark.django_db

CONNECT_URL = reverse("payments:settings_earnings_connect")
SETTINGS_URL = reverse("payments:settings_earnings")


def account_json(account_id="acct_1abc", ready=False):
    return {"id": account_id, "object": "account", "type": "express", "charges_enabled": ready,
            "payouts_enabled": ready, "details_submitted": ready}


def test_setting_up_payouts_creates_an_express_account_and_sends_the_creator_to_stripe(client, stripe_http):
    member = UserFactory(email="maker@example.com")
    stripe_http.on("post", "/v1/accounts", account_json())
    stripe_http.on("post", "/v1/account_links", {"object": "account_link",
                                                 "url": "https://connect.stripe.com/setup/e/acct_1abc/xyz"})
    client.force_login(member)

    response = client.post(CONNECT_URL)

    assert response.status_code == 303
    assert response["Location"] == "https://connect.stripe.com/setup/e/acct_1abc/xyz"
    [create] = stripe_http.calls("post", "/v1/accounts")
    assert create["params"]["type"] == "express"
    assert create["params"]["email"] == "maker@example.com"
    assert create["params"]["capabilities[transfers][requested]"] == "true"
    [link] = stripe_http.calls("post", "/v1/account_links")
    assert link["params"]["account"] == "acct_1abc"
    assert link["params"]["type"] == "account_onboarding"
    assert link["params"]["return_url"] == "http://testserver/settings/earnings/?onboarding=return"
    assert link["params"]["refresh_url"] == "http://testserver/settings/earnings/refresh/"
    account = ConnectedAccount.objects.get(user=member)
    assert (account.stripe_account_id, account.is_ready) == ("acct_1abc", False)

    client.post(CONNECT_URL)  # again: a new link for the same account
    assert len(stripe_http.calls("post", "/v1/accounts")) == 1
    assert len(stripe_http.calls("post", "/v1/account_links")) == 2


def test_coming_back_from_stripe_reads_the_accounts_state(client, stripe_http):
    member = UserFactory()
    ConnectedAccount.objects.create(user=member, stripe_account_id="acct_1abc", provider="stripe")
    stripe_http.on("get", "/v1/accounts/acct_1abc", account_json(ready=True))
    client.force_login(member)

    page = client.get(SETTINGS_URL + "?onboarding=return").content.decode()

    assert ConnectedAccount.objects.get(user=member).is_ready
    assert "Accepting payments" in page and "Open Stripe dashboard" in page


def test_the_dashboard_button_opens_a_one_time_login_link(client, stripe_http):
    member = UserFactory()
    ConnectedAccount.objects.create(user=member, stripe_account_id="acct_1abc", provider="stripe",
                                    details_submitted=True, charges_enabled=True)
    stripe_http.on("post", "/v1/accounts/acct_1abc/login_links",
                   {"object": "login_link", "url": "https://connect.stripe.com/express/abc"})
    client.force_login(member)

    response = client.post(reverse("payments:settings_earnings_dashboard"))

    assert response["Location"] == "https://connect.stripe.com/express/abc"


def test_stripe_down_during_onboarding_shows_a_message_not_an_error_page(client, stripe_http):
    stripe_http.on("post", "/v1/accounts", {"error": {"type": "invalid_request_error", "message": "nope"}},
                   status=400)
    client.force_login(UserFactory())

    response = client.post(CONNECT_URL, follow=True)

    assert response.status_code == 200
    assert "Nothing was charged" in response.content.decode() or "payment provider" in response.content.decode()
    assert not ConnectedAccount.objects.exists()


def test_simulator_onboarding_goes_through_a_signed_account_updated_webhook(client):
    member = UserFactory()
    client.force_login(member)

    onboarding_url = client.post(CONNECT_URL)["Location"]
    assert onboarding_url.startswith("/payments/simulator/onboarding/acct_sim_")
    assert client.get(onboarding_url).status_code == 200
    client.post(onboarding_url)

    account = ConnectedAccount.objects.get(user=member)
    assert account.is_ready and account.payouts_enabled
    assert WebhookEvent.objects.filter(event_type="account.updated", account=account.stripe_account_id).exists()
    client.force_login(UserFactory())
    assert client.get(onboarding_url).status_code == 404  # only the account's owner


def test_agents_cannot_set_up_payouts(client):
    client.force_login(AgentFactory())
    client.post(CONNECT_URL)
    assert not ConnectedAccount.objects.exists()


def test_earnings_settings_is_a_tab_of_settings(client):
    client.force_login(UserFactory())
    page = client.get(SETTINGS_URL).content.decode()
    assert 'href="/settings/earnings/" aria-current="page"' in page
    assert "Set up payouts" in page


def test_curators_can_read_but_not_edit_payments_in_the_admin(client, staff_user, buyer, paid_course):
    from payments.factories import OfferPaymentFactory

    payment = OfferPaymentFactory(checkout__buyer=buyer, checkout__offer=paid_course)
    client.force_login(staff_user)
    for model in ("payment", "refund", "payout", "checkoutsession", "subscription", "connectedaccount",
                  "webhookevent"):
        assert client.get(f"/admin/payments/{model}/").status_code == 200, model
    assert client.get(f"/admin/payments/payment/inspect/{payment.pk}/").status_code == 200
    assert client.get("/admin/payments/payment/create/").status_code in (302, 403)
    assert client.get(f"/admin/payments/payment/edit/{payment.pk}/").status_code in (302, 403)
