"""The demo seed gives sellers simulated payout accounts, so paid demo offers can be bought end to end."""
import pytest
from django.core.management import CommandError, call_command

from collective.factories import OfferFactory
from payments.factories import PaidCourseFactory
from payments.models import ConnectedAccount
from payments.selectors import offer_purchase_state

pytestmark = pytest.mark.django_db


def test_every_seller_of_a_paid_demo_offer_gets_a_ready_simulated_account_once(settings, member):
    settings.STRIPE_SECRET_KEY = ""
    settings.PAYMENTS_SIMULATOR_ALLOWED = True
    paid = PaidCourseFactory()
    free = OfferFactory()
    assert offer_purchase_state(user=member, offer=paid).code == "seller_not_ready"
    call_command("seed_demo_payouts", verbosity=0)
    call_command("seed_demo_payouts", verbosity=0)
    assert offer_purchase_state(user=member, offer=paid).buyable
    assert ConnectedAccount.objects.filter(user=paid.user, provider="simulator").count() == 1
    assert not ConnectedAccount.objects.filter(user=free.user).exists()


def test_the_payout_seed_refuses_where_demo_seeding_is_off(settings):
    settings.DEMO_SEED_ALLOWED = False
    with pytest.raises(CommandError, match="DEMO_SEED_ALLOWED"):
        call_command("seed_demo_payouts")
