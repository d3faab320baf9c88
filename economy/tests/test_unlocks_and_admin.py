"""Unlock checks other apps use (spec 8.9), and the curators' admin for ledgers and endorsements."""

import pytest
from django.contrib.auth.models import AnonymousUser

from collective.choices import ConnectionStatus
from collective.factories import ConnectionFactory, OfferFactory
from collective.models import Offer
from economy.models import Endorsement, PointsTransaction
from economy.selectors import (
    can_host_events,
    can_join_givers_circle,
    can_pin_offers,
    can_view_offer_analytics,
    has_early_access,
    is_featured_helper,
    unlocks_for,
    whats_next,
    with_priority_placement,
)
from economy.services import endorsement_create, endorsement_report
from members.factories import UserFactory

from .helpers import fresh, give_points

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("points", "expected"),
    [
        (0, set()),
        (149, set()),
        (150, {can_pin_offers}),
        (300, {can_pin_offers, can_view_offer_analytics, is_featured_helper}),
        (
            600,
            {
                can_pin_offers,
                can_view_offer_analytics,
                is_featured_helper,
                has_early_access,
                can_join_givers_circle,
                can_host_events,
            },
        ),
    ],
)
def test_feature_and_social_unlocks_follow_points(points, expected):
    member = UserFactory.build(points=points)
    checks = {
        can_pin_offers,
        can_view_offer_analytics,
        has_early_access,
        is_featured_helper,
        can_join_givers_circle,
        can_host_events,
    }
    assert {check for check in checks if check(member)} == expected


def test_visitors_unlock_nothing():
    assert not can_pin_offers(AnonymousUser()) and not can_view_offer_analytics(None)


def test_whats_next_lists_the_nearest_locked_unlocks():
    upcoming = whats_next(120)
    assert [u.key for u in upcoming] == ["pin_offers", "featured_helper", "silver_frame"]
    assert upcoming[0].points_to_go == 30 and upcoming[0].percent == 80
    assert whats_next(5000) == []
    assert sum(u.unlocked for u in unlocks_for(500)) == 9


def test_priority_placement_orders_offers_of_members_with_50_points_first():
    quiet = OfferFactory(user=UserFactory(points=10), title="Quiet")
    generous = OfferFactory(user=UserFactory(points=60), title="Generous")
    ordered = with_priority_placement(Offer.objects.filter(pk__in=[quiet.pk, generous.pk])).order_by(
        "-priority_placement", "-created_at"
    )
    assert [o.title for o in ordered] == ["Generous", "Quiet"]


# -------------------------------------------------------------------------------------------- admin
def test_curators_inspect_the_ledgers_but_cannot_edit_them(client, staff_user, member):
    entry = give_points(member, 30)
    client.force_login(staff_user)
    index = client.get("/admin/economy/pointstransaction/")
    assert index.status_code == 200 and "Reverse" in index.content.decode()
    assert client.get(f"/admin/economy/pointstransaction/inspect/{entry.pk}/").status_code == 200
    # Wagtail answers a refused admin view by redirecting to the dashboard with a message.
    assert client.get(f"/admin/economy/pointstransaction/edit/{entry.pk}/").status_code in (302, 403)
    assert client.post(f"/admin/economy/pointstransaction/delete/{entry.pk}/").status_code in (302, 403)
    assert client.get("/admin/economy/pointstransaction/create/").status_code in (302, 403)
    assert PointsTransaction.objects.get(pk=entry.pk).amount == 30
    assert client.get("/admin/economy/credittransaction/").status_code == 200


def test_a_curator_reverses_an_entry_from_the_admin(client, staff_user, member):
    entry = give_points(member, 30)
    client.force_login(staff_user)
    assert client.get(f"/admin/economy/points/{entry.pk}/reverse/").status_code == 200
    missing_reason = client.post(f"/admin/economy/points/{entry.pk}/reverse/", {"reason": ""})
    assert missing_reason.status_code == 400 and fresh(member).points == 30
    done = client.post(f"/admin/economy/points/{entry.pk}/reverse/", {"reason": "Self-dealing"})
    assert done.status_code == 302
    assert fresh(member).points == 0
    again = client.post(f"/admin/economy/points/{entry.pk}/reverse/", {"reason": "Twice"})
    assert again.status_code == 400 and PointsTransaction.objects.count() == 2


def test_members_cannot_reach_the_reverse_action(client, member):
    entry = give_points(member, 30)
    client.force_login(member)
    response = client.post(f"/admin/economy/points/{entry.pk}/reverse/", {"reason": "Mine now"})
    assert response.status_code in (302, 403)
    assert fresh(member).points == 30


def test_curators_moderate_reported_endorsements(client, staff_user, member, other_member):
    connection = ConnectionFactory(
        initiator=member, offer__user=other_member, responder=other_member, status=ConnectionStatus.COMPLETED
    )
    endorsement = endorsement_create(endorser=member, connection=connection, content="Spammy words")
    endorsement_report(reporter=UserFactory(), endorsement=endorsement, reason="spam")
    client.force_login(staff_user)
    listing = client.get("/admin/economy/endorsement/").content.decode()
    assert "Spammy words" in listing and "Moderate" in listing
    client.post(f"/admin/economy/endorsements/{endorsement.pk}/moderate/", {"decision": "remove"})
    stored = Endorsement.objects.get()
    assert not stored.is_approved and stored.flagged_at is None
