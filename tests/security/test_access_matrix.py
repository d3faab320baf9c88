"""Cross-member access: one member's private things, tried by an outsider, a visitor and (for reference) the
owner. Outsiders get a 404 (never a 403 that confirms the thing exists), visitors are sent to sign in."""
import pytest
from rest_framework.test import APIClient

from collective.choices import OfferStatus
from collective.factories import AskFactory, ConnectionFactory, OfferFactory
from members.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    owner, helper, outsider = (UserFactory(username=name) for name in ("owner", "helper", "outsider"))
    draft = OfferFactory(user=owner, status=OfferStatus.DRAFT, title="Secret draft")
    ask = AskFactory(user=owner)
    connection = ConnectionFactory(offer=OfferFactory(user=owner), initiator=helper)
    return {"owner": owner, "helper": helper, "outsider": outsider, "draft": draft, "ask": ask,
            "connection": connection}


def _pages(world) -> list[str]:
    draft, ask, connection = world["draft"], world["ask"], world["connection"]
    return [f"/my/offers/{draft.pk}/edit/", f"/my/offers/{draft.pk}/content/", f"/my/asks/{ask.pk}/edit/",
            f"/messages/{connection.pk}/"]


def test_outsiders_get_404_on_every_private_page(client, world):
    client.force_login(world["outsider"])
    for path in _pages(world):
        assert client.get(path).status_code == 404, path
        assert client.post(path, {}).status_code in (404, 405), path


def test_visitors_are_sent_to_sign_in(client, world):
    for path in _pages(world):
        response = client.get(path)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], path


def test_owners_open_their_own(client, world):
    client.force_login(world["owner"])
    for path in _pages(world):
        assert client.get(path).status_code == 200, path


def test_the_api_hides_others_drafts_and_refuses_their_changes(world):
    draft, ask = world["draft"], world["ask"]
    anonymous, outsider = APIClient(), APIClient()
    outsider.force_authenticate(world["outsider"])
    assert anonymous.get(f"/api/v1/offers/{draft.pk}/").status_code == 404
    assert outsider.get(f"/api/v1/offers/{draft.pk}/").status_code == 404
    assert outsider.patch(f"/api/v1/offers/{draft.pk}/", {"title": "Mine now"}, format="json").status_code == 404
    assert outsider.patch(f"/api/v1/asks/{ask.pk}/", {"title": "Mine now"}, format="json").status_code in (403, 404)
    assert outsider.get(f"/api/v1/connections/{world['connection'].pk}/").status_code == 404
    draft.refresh_from_db()
    ask.refresh_from_db()
    assert draft.title == "Secret draft" and ask.title != "Mine now"
