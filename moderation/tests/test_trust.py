"""Trust levels and the one limiter: the same limits on the pages and in the API."""
import datetime

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from collective.factories import OfferFactory
from collective.models import Ask, Offer
from members import trust
from members.choices import LimitedAction, TrustLevel
from members.factories import UserFactory

from .conftest import seasoned

pytestmark = pytest.mark.django_db

OFFER = {"title": "MeetingBot", "offer_type": "app", "description": "AI meeting summaries.", "category": "",
         "pricing_type": "free", "price": "", "external_url": "", "status": "active"}


def test_levels_grow_with_age_points_and_help():
    member = UserFactory()
    assert trust.trust_level(member) == TrustLevel.NEW
    member.date_joined = timezone.now() - datetime.timedelta(days=2)
    member.points = 10
    assert trust.trust_level(member) == TrustLevel.BASIC
    assert trust.trust_level(seasoned("seasoned")) == TrustLevel.MEMBER
    assert trust.trust_level(UserFactory(role="curator")) == TrustLevel.LEADER
    path = trust.next_level(UserFactory())
    assert path["level"] == TrustLevel.BASIC and path["points"] == 10


def test_new_member_hits_the_daily_offer_limit_on_the_page(client):
    member = UserFactory()
    client.force_login(member)
    limit = trust.DAILY_LIMITS[TrustLevel.NEW][LimitedAction.OFFER]
    for n in range(limit):
        assert client.post("/my/offers/new/", {**OFFER, "title": f"Bot {n}"}).status_code == 302
    response = client.post("/my/offers/new/", {**OFFER, "title": "One too many"})
    assert response.status_code == 200
    assert "you&#x27;ve reached today&#x27;s limit" in response.content.decode()
    assert Offer.objects.filter(user=member).count() == limit


def test_the_api_shares_the_same_limit():
    member = UserFactory()
    api = APIClient()
    api.force_authenticate(member)
    limit = trust.DAILY_LIMITS[TrustLevel.NEW][LimitedAction.ASK]
    body = {"title": "Beta testers", "description": "One week.", "ask_type": "beta_tester"}
    for n in range(limit):
        assert api.post("/api/v1/asks/", {**body, "title": f"Testers {n}"}, format="json").status_code == 201
    response = api.post("/api/v1/asks/", body, format="json")
    assert response.status_code == 429 and response.json()["error"]["code"] == "rate_limited"
    assert Ask.objects.filter(user=member).count() == limit


def test_pages_and_api_count_together():
    member = UserFactory()
    for _ in range(trust.DAILY_LIMITS[TrustLevel.NEW][LimitedAction.OFFER]):
        trust.action_consume(user=member, action=LimitedAction.OFFER)
    api = APIClient()
    api.force_authenticate(member)
    response = api.post("/api/v1/offers/", {"title": "x", "description": "y", "offer_type": "app"}, format="json")
    assert response.status_code == 429


def test_everyone_has_a_per_minute_cap_so_a_script_cant_post_a_hundred_offers(client):
    member = seasoned("fastposter")
    client.force_login(member)
    statuses = [client.post("/my/offers/new/", {**OFFER, "title": f"Bot {n}"}).status_code for n in range(8)]
    assert statuses.count(302) == trust.PER_MINUTE_LIMITS[LimitedAction.OFFER]
    later = timezone.now() + datetime.timedelta(minutes=2)
    trust.action_consume(user=member, action=LimitedAction.OFFER, now=later)  # a minute on, it works again


def test_limits_reset_after_a_day():
    member = UserFactory()
    start = timezone.now() - datetime.timedelta(days=2)
    for n in range(3):
        trust.action_consume(user=member, action=LimitedAction.OFFER, now=start + datetime.timedelta(minutes=n))
    trust.action_consume(user=member, action=LimitedAction.OFFER)  # yesterday's don't count today


def test_links_from_new_members_are_nofollow(client):
    member = UserFactory()
    offer = OfferFactory(user=member, body="<p>See <a href=\"https://example.com\">my site</a></p>",
                         external_url="https://example.com")
    html = client.get(offer.get_absolute_url()).content.decode()
    links = [part for part in html.split("<a ") if "example.com" in part.split(">")[0]]
    assert links and all("nofollow" in link.split(">")[0] for link in links)


def test_privacy_page_shows_the_level_and_the_path_up(client):
    client.force_login(UserFactory())
    html = client.get("/settings/privacy/").content.decode()
    assert "Trust level 0: New" in html and "Next: Basic." in html and "3 offers a day" in html
