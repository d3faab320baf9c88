"""connection_create's guards, called directly: pages and the API filter drafts and archived things before
they reach the service, so only a service-level test notices when the service's own check goes."""
import pytest

from collective.choices import AskStatus, OfferStatus
from collective.factories import AskFactory, OfferFactory
from collective.models import Connection
from collective.services import connection_create
from core.errors import ApplicationError, NotFound
from members.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner(db):
    return UserFactory(username="olive")


def connect(member, **target):
    return connection_create(initiator=member, initial_message="Hello there!", **target)


@pytest.mark.parametrize("status", [OfferStatus.DRAFT, OfferStatus.ARCHIVED])
def test_someone_elses_draft_or_archived_offer_does_not_exist(member, owner, status):
    offer = OfferFactory(user=owner, status=status)
    with pytest.raises(NotFound):
        connect(member, offer=offer)
    assert not Connection.objects.exists()


def test_a_paused_offer_exists_but_takes_no_connections(member, owner):
    offer = OfferFactory(user=owner, status=OfferStatus.PAUSED)
    with pytest.raises(ApplicationError) as refused:
        connect(member, offer=offer)
    assert type(refused.value) is ApplicationError and refused.value.code == "not_accepting"


def test_an_active_offer_takes_a_connection_once(member, owner):
    # Positive control for the refusals above: the same call on an active offer connects.
    offer = OfferFactory(user=owner, status=OfferStatus.ACTIVE)
    connection = connect(member, offer=offer)
    assert (connection.initiator, connection.responder, connection.offer) == (member, owner, offer)
    with pytest.raises(ApplicationError) as again:
        connect(member, offer=offer)
    assert (again.value.code, again.value.status) == ("already_connected", 409)


def test_asks_archived_are_missing_closed_are_refused_open_are_answered(member, owner):
    with pytest.raises(NotFound):
        connect(member, ask=AskFactory(user=owner, is_archived=True))
    with pytest.raises(ApplicationError) as closed:
        connect(member, ask=AskFactory(user=owner, status=AskStatus.CLOSED))
    assert type(closed.value) is ApplicationError and closed.value.code == "not_accepting"
    assert connect(member, ask=AskFactory(user=owner)).responder == owner


def test_a_deactivated_member_cant_be_reached_directly(member, owner):
    owner.is_active = False
    owner.save()
    with pytest.raises(NotFound):
        connect(member, recipient=owner)
    owner.is_active = True
    owner.save()
    assert connect(member, recipient=owner).responder == owner


def test_nobody_connects_to_themselves(member):
    with pytest.raises(ApplicationError) as own_offer:
        connect(member, offer=OfferFactory(user=member))
    assert "offer" in own_offer.value.fields
    with pytest.raises(ApplicationError) as own_ask:
        connect(member, ask=AskFactory(user=member))
    assert "ask" in own_ask.value.fields
    with pytest.raises(ApplicationError) as self_direct:
        connect(member, recipient=member)
    assert "recipient" in self_direct.value.fields
    assert not Connection.objects.exists()
