"""Matching on the pages: "Similar offers", "Members who could help", the dashboard's "For you", ratings."""
import pytest
from rest_framework.test import APIClient

from collective.choices import AskStatus, ConnectionStatus
from collective.factories import AskFactory, ConnectionFactory, OfferFactory
from members.factories import UserFactory

pytestmark = pytest.mark.django_db

REVIEW = "I review your sign-up page and homepage copy and layout, and tell you what to fix."


@pytest.fixture
def community(embed_all):
    asker, helper, baker = UserFactory(username="asker"), UserFactory(username="helper"), UserFactory(username="baker")
    ask = AskFactory(user=asker, title="Why does nobody sign up on my homepage?", status=AskStatus.OPEN,
                     description="People visit my site and leave. I want someone to review the page.")
    teardown = OfferFactory(user=helper, title="Landing page teardown", description=REVIEW)
    audit = OfferFactory(user=baker, title="Homepage review", description="A review of your homepage layout.")
    soup = OfferFactory(user=baker, title="Grandma's soup recipe", description="Soup for cold evenings.")
    mine = OfferFactory(user=asker, title="My own website review offer", description=REVIEW)
    embed_all()
    return {"asker": asker, "helper": helper, "ask": ask, "teardown": teardown, "audit": audit, "soup": soup,
            "mine": mine}


def test_an_offer_page_shows_similar_offers(client, community):
    html = client.get(community["teardown"].get_absolute_url()).content.decode()
    assert "Similar offers" in html
    similar = html.split("Similar offers", 1)[1]
    assert "Homepage review" in similar and "soup" not in similar


def test_an_ask_page_shows_members_who_could_help_but_never_the_asker(client, community):
    html = client.get(community["ask"].get_absolute_url()).content.decode()
    assert "Members who could help" in html
    section = html.split("Members who could help", 1)[1]
    assert "@helper" in section or "helper" in section
    assert "/@asker/" not in section


def test_for_you_matches_my_asks_by_meaning(client, community):
    client.force_login(community["asker"])
    html = client.get("/home/").content.decode()
    assert "For you" in html
    section = html.split("For you", 1)[1]
    assert "Landing page teardown" in section
    assert "My own website review offer" not in section.split("Asks you could help with")[0]


def test_offers_and_people_filter_and_sort_by_rating(community):
    good, meh = community["teardown"], community["audit"]
    for offer, stars in ((good, 5), (good, 4), (meh, 2)):
        ConnectionFactory(offer=offer, status=ConnectionStatus.COMPLETED, initiator_rating=stars)
    api = APIClient()
    rows = api.get("/api/v1/offers/", {"ordering": "-rating"}).json()["results"]
    assert [r["title"] for r in rows[:2]] == ["Landing page teardown", "Homepage review"]
    assert rows[0]["rating_avg"] == 4.5 and rows[0]["rating_count"] == 2
    assert [r["title"] for r in api.get("/api/v1/offers/", {"min_rating": 4}).json()["results"]] == [
        "Landing page teardown"]
    people = api.get("/api/v1/discover/people/", {"ordering": "-rating"}).json()["results"]
    assert people[0]["username"] == "helper" and people[0]["rating_avg"] == 4.5
    assert api.get("/api/v1/offers/", {"min_rating": 9}).status_code == 400


def test_introductions_can_be_turned_off_in_notification_settings(client, community):
    asker = community["asker"]
    client.force_login(asker)
    response = client.post("/settings/notifications/", {"action": "introductions"})
    assert response.status_code == 302
    asker.refresh_from_db()
    assert asker.introductions_enabled is False
    client.post("/settings/notifications/", {"action": "introductions", "introductions_enabled": "on"})
    asker.refresh_from_db()
    assert asker.introductions_enabled is True
