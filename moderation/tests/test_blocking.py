"""Blocking and muting: nothing passes between blocked members, and their content disappears for each other."""
import pytest
from rest_framework.test import APIClient

from collective.factories import AskFactory, OfferFactory
from collective.models import Connection
from core.errors import ApplicationError, NotFound
from members import services as member_services
from members.factories import FollowFactory, UserFactory
from messaging import services as messaging_services
from notifications.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(db):
    ada = UserFactory(username="ada")
    bob = UserFactory(username="bob")
    offer = OfferFactory(user=bob, title="Bob's prompt pack")
    ask = AskFactory(user=bob, title="Bob needs beta testers")
    return ada, bob, offer, ask


def _sees(client, path: str, text: str) -> bool:
    return text in client.get(path).content.decode()


def test_block_hides_both_members_from_each_other_in_pages_search_and_api(client, pair):
    ada, bob, offer, ask = pair
    OfferFactory(user=ada, title="Ada's notebook")
    client.force_login(ada)
    assert _sees(client, "/discover/offers/", "Bob&#x27;s prompt pack")
    member_services.block_create(blocker=ada, blocked=bob)

    for path in ("/discover/offers/", "/discover/asks/", "/discover/people/", "/discover/?q=prompt",
                 "/discover/offers/?q=prompt"):
        assert not _sees(client, path, "Bob"), path
    assert client.get("/@bob/").status_code == 404
    assert client.get(offer.get_absolute_url()).status_code == 404
    api = APIClient()
    api.force_authenticate(ada)
    assert [o["title"] for o in api.get("/api/v1/offers/").json()["results"]] == ["Ada's notebook"]
    assert api.get(f"/api/v1/offers/{offer.pk}/").status_code == 404
    assert api.get("/api/v1/members/bob/").status_code == 404

    # …and the other way round: Bob no longer sees Ada, though he was never told.
    client.force_login(bob)
    assert client.get("/@ada/").status_code == 404
    assert not _sees(client, "/discover/offers/", "Ada&#x27;s notebook")
    # Everyone else still sees both.
    client.logout()
    assert _sees(client, "/discover/offers/", "Bob&#x27;s prompt pack")


def test_block_stops_connection_requests_and_messages_both_ways(pair):
    ada, bob, offer, _ = pair
    connection = messaging_services.connection_start(initiator=ada, message="Hi Bob", recipient=bob)
    thread = connection.dm_thread
    member_services.block_create(blocker=bob, blocked=ada)

    with pytest.raises(NotFound):  # Ada isn't told she was blocked
        messaging_services.connection_start(initiator=ada, message="Hello?", offer=offer)
    with pytest.raises(ApplicationError, match="blocked"):
        messaging_services.connection_start(initiator=bob, message="Hello?", ask=AskFactory(user=ada))
    for sender in (ada, bob):
        with pytest.raises(ApplicationError):
            messaging_services.message_send(thread=thread, sender=sender, body="Still there?")
    assert Connection.objects.count() == 1


def test_block_silences_notifications_and_ends_follows(pair):
    ada, bob, offer, _ = pair
    FollowFactory(follower=ada, following=bob)
    FollowFactory(follower=bob, following=ada)
    member_services.block_create(blocker=ada, blocked=bob)
    assert not ada.following_set.exists() and not bob.following_set.exists()
    from notifications.services import notify

    assert notify(recipient=ada, event="message_received", url="/", actor=bob) is None
    assert notify(recipient=bob, event="message_received", url="/", actor=ada) is None
    assert not Notification.objects.exists()


def test_mute_hides_silently_and_only_for_the_muter(client, pair):
    ada, bob, offer, _ = pair
    member_services.mute_create(muter=ada, muted=bob)
    client.force_login(ada)
    assert not _sees(client, "/discover/offers/", "Bob&#x27;s prompt pack")
    # Bob sees nothing different and can still reach Ada (muting isn't blocking).
    client.force_login(bob)
    assert _sees(client, "/@ada/", "ada")
    messaging_services.connection_start(initiator=bob, message="Hi Ada", recipient=ada)
    assert not Notification.objects.filter(recipient=ada).exists()  # …but Ada isn't disturbed


def test_settings_page_blocks_and_unblocks(client, pair):
    ada, bob, *_ = pair
    client.force_login(ada)
    response = client.post("/settings/privacy/people/", {"username": "bob", "action": "block"}, follow=True)
    assert "You blocked @bob" in response.content.decode()
    assert "@bob" in client.get("/settings/privacy/").content.decode()
    assert client.get("/@bob/").status_code == 404
    client.post("/settings/privacy/people/", {"username": "bob", "action": "unblock"})
    assert client.get("/@bob/").status_code == 200


def test_blocking_yourself_is_refused(pair):
    ada, *_ = pair
    with pytest.raises(ApplicationError):
        member_services.block_create(blocker=ada, blocked=ada)


def test_relation_endpoint_needs_sign_in_and_post(client, pair):
    assert client.post("/settings/privacy/people/", {"username": "bob", "action": "block"}).status_code == 302
    client.force_login(pair[0])
    assert client.get("/settings/privacy/people/").status_code == 405
    assert client.post("/settings/privacy/people/", {"username": "nobody", "action": "block"}).status_code == 404
    assert client.post("/settings/privacy/people/", {"username": "bob", "action": "explode"}).status_code == 404
