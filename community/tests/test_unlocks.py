"""Unlocks enforced on the server, each on both sides of its line (spec 8.9)."""
from datetime import timedelta

import pytest
from django.utils import timezone

from collective.factories import OfferFactory
from collective.models import ViewRecord
from collective.selectors import offers_search
from community import services
from community.features import feature_enabled
from community.models import Audience, ChallengePage, FeatureFlags
from community.selectors import pinned_offers
from core.errors import ApplicationError, PermissionDenied
from economy.selectors import priority_placement_q
from members.factories import UserFactory

pytestmark = pytest.mark.django_db


# ---------------------------------------------------------------- 50: priority placement
def _points(user, n: int):
    """Set a member's balance after the fact (creating offers earns points)."""
    type(user).objects.filter(pk=user.pk).update(points=n)
    user.refresh_from_db()
    return user


def _same_moment(*offers):
    moment = timezone.now() - timedelta(hours=1)
    for offer in offers:
        type(offer).objects.filter(pk=offer.pk).update(created_at=moment)


def test_owners_at_50_points_come_first_among_equally_relevant_offers():
    low, high = UserFactory(), UserFactory()
    placed = OfferFactory(user=high, title="Placed")  # created first: the lower id would lose the tie
    plain = OfferFactory(user=low, title="Plain")
    _same_moment(plain, placed)
    _points(low, 49), _points(high, 50)
    titles = [o.title for o in offers_search(ordering="featured", prefer=priority_placement_q())]
    assert titles.index("Placed") < titles.index("Plain")


def test_priority_placement_never_beats_a_featured_offer_or_a_newer_one():
    featured = OfferFactory(title="Featured", is_featured=True)
    older = OfferFactory(title="Older")
    newer = OfferFactory(title="Newer")
    type(older).objects.filter(pk=older.pk).update(created_at=timezone.now() - timedelta(days=2))
    _points(featured.user, 0), _points(older.user, 900), _points(newer.user, 0)
    titles = [o.title for o in offers_search(ordering="featured", prefer=priority_placement_q())]
    assert titles[0] == "Featured"
    newest = [o.title for o in offers_search(ordering="-created_at", prefer=priority_placement_q())]
    assert newest.index("Newer") < newest.index("Older")


def test_discover_page_and_api_apply_priority_placement(client):
    placed = OfferFactory(title="Zed placed")
    plain = OfferFactory(title="Zed plain")
    _same_moment(plain, placed)
    _points(plain.user, 10), _points(placed.user, 60)
    page = client.get("/discover/offers/").content.decode()
    assert page.index("Zed placed") < page.index("Zed plain")
    # The API's default (newest first) is strict time so its keyset cursor stays exact; its ranked
    # orderings apply the placement.
    api = client.get("/api/v1/offers/", {"ordering": "featured"}).json()
    titles = [o["title"] for o in api["results"]]
    assert titles.index("Zed placed") < titles.index("Zed plain")


# ---------------------------------------------------------------- 150: pinned offers
def test_pinning_needs_150_points_and_at_most_3():
    member = UserFactory()
    offer = OfferFactory(user=member)
    type(member).objects.filter(pk=member.pk).update(points=149)  # offers earn points: set it afterwards
    member.refresh_from_db()
    with pytest.raises(PermissionDenied, match="you need 1 more"):
        services.offer_pin(member=member, offer=offer)
    type(member).objects.filter(pk=member.pk).update(points=150)
    member.refresh_from_db()
    offers = [offer, *OfferFactory.create_batch(3, user=member)]
    member.refresh_from_db()
    for o in offers[:3]:
        services.offer_pin(member=member, offer=o)
    with pytest.raises(ApplicationError, match="up to 3"):
        services.offer_pin(member=member, offer=offers[3])
    assert [o.pk for o in pinned_offers(member)] == [o.pk for o in offers[:3]]


def test_pins_hide_below_150_points_and_come_back():
    member = UserFactory()
    offer = OfferFactory(user=member)
    _points(member, 200)
    services.offer_pin(member=member, offer=offer)
    type(member).objects.filter(pk=member.pk).update(points=100)
    member.refresh_from_db()
    assert pinned_offers(member) == []
    type(member).objects.filter(pk=member.pk).update(points=150)
    member.refresh_from_db()
    assert pinned_offers(member) == [offer]


def test_cannot_pin_someone_elses_offer(client):
    member = UserFactory(points=500)
    offer = OfferFactory(user=UserFactory())
    client.force_login(member)
    assert client.post(f"/my/offers/{offer.pk}/pin/").status_code == 404


# ---------------------------------------------------------------- 300: analytics
def test_analytics_owner_only_and_unlocked_at_300(client):
    owner = UserFactory()
    offer = OfferFactory(user=owner)
    type(owner).objects.filter(pk=owner.pk).update(points=299)
    for n in range(4):
        ViewRecord.objects.create(offer=offer, viewer_key=f"user:{n}", day=timezone.now().date())
    client.force_login(owner)
    locked = client.get(f"/my/offers/{offer.pk}/analytics/")
    assert locked.status_code == 403 and "1 more point" in locked.content.decode()
    type(owner).objects.filter(pk=owner.pk).update(points=300)
    page = client.get(f"/my/offers/{offer.pk}/analytics/").content.decode()
    assert "<svg" in page and 'role="img"' in page and ">4</td>" in page
    client.force_login(UserFactory(points=5000))
    assert client.get(f"/my/offers/{offer.pk}/analytics/").status_code == 404


def test_view_counts_show_only_to_the_owner(client):
    owner = UserFactory()
    offer = OfferFactory(user=owner, title="Counted")
    type(offer).objects.filter(pk=offer.pk).update(view_count=321)
    assert "321" not in client.get("/discover/offers/").content.decode()
    assert client.get(f"/api/v1/offers/{offer.pk}/").json()["view_count"] is None
    client.force_login(owner)
    assert client.get(f"/api/v1/offers/{offer.pk}/").json()["view_count"] == 321


# ---------------------------------------------------------------- 500: early access
def test_challenge_preview_is_gated_to_early_access(client, community_index):
    today = timezone.now().date()
    future = ChallengePage(title="Next week", slug="next-week", week_start=today + timedelta(days=7),
                           week_end=today + timedelta(days=13))
    community_index.add_child(instance=future)
    future.save_revision().publish()
    client.force_login(UserFactory(points=499))
    assert "Next week" not in client.get("/community/challenges/").content.decode()
    assert client.get(future.url).status_code == 404
    early = UserFactory(points=500)
    client.force_login(early)
    assert "Next week" in client.get("/community/challenges/").content.decode()
    assert client.get(future.url).status_code == 200
    flags = FeatureFlags.load()
    flags.challenge_preview = Audience.OFF
    flags.save()
    assert not feature_enabled(early, "challenge_preview")


# ---------------------------------------------------------------- /my/points shows each unlock
def test_my_points_lists_each_unlock_as_unlocked_or_at_n_points(client):
    client.force_login(UserFactory(points=160))
    page = client.get("/my/points/").content.decode()
    for label in ("Priority placement", "Pin featured offers", "Analytics on your offers", "Early access",
                  "Givers Circle", "Host community events"):
        assert label in page


def test_pinned_offers_lead_the_storefront_only_at_150_points(client):
    member = UserFactory(username="pia")
    offer = OfferFactory(user=member, title="Pinned prompt pack")
    _points(member, 150)
    client.force_login(member)
    client.post(f"/my/offers/{offer.pk}/pin/")
    page = client.get(member.get_absolute_url()).content.decode()
    assert 'id="pinned-title"' in page and "Pinned prompt pack" in page
    _points(member, 149)
    assert 'id="pinned-title"' not in client.get(member.get_absolute_url()).content.decode()
