"""Payment services that take an id from the caller: another member's draft or archived offer and another
member's subscription don't exist for the buyer."""
import pytest

from collective.choices import OfferStatus
from core.errors import NotFound
from payments import services
from payments.models import CheckoutSession, Subscription

pytestmark = pytest.mark.django_db


def start(user, offer_id):
    return services.checkout_start_offer(user=user, offer_id=offer_id, base_url="http://testserver")


@pytest.mark.parametrize("change", [{"status": OfferStatus.DRAFT}, {"status": OfferStatus.ARCHIVED, "is_archived": True}])
def test_a_draft_or_archived_offer_cant_be_bought(buyer, paid_course, change):
    type(paid_course).objects.filter(pk=paid_course.pk).update(**change)
    with pytest.raises(NotFound):
        start(buyer, paid_course.pk)
    with pytest.raises(NotFound):
        start(buyer, 10**9)
    assert not CheckoutSession.objects.exists()


def test_an_active_paid_offer_can_be_bought(buyer, paid_course):
    # Positive control for the refusals above.
    checkout = start(buyer, paid_course.pk)
    assert (checkout.buyer, checkout.offer, checkout.amount_cents) == (buyer, paid_course, 4900)


def test_someone_elses_subscription_cant_be_cancelled(buyer, creator, monthly_offer):
    subscription = Subscription.objects.create(buyer=creator, seller=monthly_offer.user, offer=monthly_offer,
                                               stripe_subscription_id="sub_theirs")
    with pytest.raises(NotFound):
        services.subscription_cancel(user=buyer, subscription_id=subscription.pk)
    subscription.refresh_from_db()
    assert subscription.is_active
