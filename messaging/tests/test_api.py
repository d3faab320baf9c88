"""/api/v1/connections/<id>/messages/: participants only, the API's error shape."""
import pytest
from rest_framework.test import APIClient

from collective.choices import ConnectionStatus
from messaging.models import Message
from messaging.selectors import unread_messages_count

from .helpers import make_connection

pytestmark = pytest.mark.django_db


def api(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


@pytest.fixture
def connection(helper, asker, ask):
    return make_connection(initiator=helper, responder=asker, ask=ask, message="I can help!")


def test_participants_list_and_send_messages(connection, helper, asker):
    url = f"/api/v1/connections/{connection.pk}/messages/"
    listing = api(asker).get(url)
    assert listing.status_code == 200
    assert [m["body"] for m in listing.json()["results"]] == ["I can help!"]
    assert listing.json()["results"][0]["kind"] == "request"

    created = api(asker).post(url, {"body": "When can you start?"}, format="json")
    assert created.status_code == 201
    assert created.json()["is_mine"] is True and created.json()["sender"]["username"] == "bea"
    connection.refresh_from_db()
    assert connection.status == ConnectionStatus.DISCUSSING

    newer = api(helper).get(url, {"after": listing.json()["results"][0]["id"]}).json()["results"]
    assert [(m["body"], m["is_mine"]) for m in newer] == [("When can you start?", False)]
    assert unread_messages_count(helper) == 1
    read = api(helper).post(f"{url}read/")
    assert read.status_code == 200 and read.json()["last_read_message_id"] == newer[0]["id"]
    assert unread_messages_count(helper) == 0


def test_others_get_404_and_visitors_401(connection, third):
    url = f"/api/v1/connections/{connection.pk}/messages/"
    assert api(third).get(url).status_code == 404
    assert api(third).post(url, {"body": "hi"}, format="json").status_code == 404
    assert api(third).post(f"{url}read/").status_code == 404
    assert api().get(url).status_code == 401
    assert api(third).get("/api/v1/connections/999999/messages/").json()["error"]["code"] == "not_found"
    assert Message.objects.count() == 1


def test_bad_messages_are_400_with_field_errors(connection, asker):
    url = f"/api/v1/connections/{connection.pk}/messages/"
    for body in ({"body": "  "}, {"body": 42}, {}, {"body": "x" * 2001}):
        response = api(asker).post(url, body, format="json")
        assert response.status_code == 400, body
        assert "body" in response.json()["error"]["fields"]
    assert api(asker).get(url, {"after": "abc"}).status_code == 400
