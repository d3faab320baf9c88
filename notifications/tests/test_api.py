"""/api/v1/notifications/: yours only, mark read."""
import pytest
from rest_framework.test import APIClient

from members.factories import UserFactory
from notifications.choices import Event
from notifications.services import notify

pytestmark = pytest.mark.django_db


def api(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def make(recipient, n=1):
    return [notify(recipient=recipient, actor=UserFactory(), event=Event.CONNECTION_ACCEPTED, url="/connections/7/",
                   title="Thing") for _ in range(n)]


def test_list_and_mark_read(asker, helper):
    first, second = make(asker, 2)
    make(helper)
    listing = api(asker).get("/api/v1/notifications/").json()
    assert listing["count"] == 2
    item = listing["results"][0]
    assert item["is_read"] is False and item["web_url"] == "http://127.0.0.1:8000/connections/7/"
    assert item["event"] == "connection_accepted" and item["actor"]["username"]

    read = api(asker).post(f"/api/v1/notifications/{first.pk}/read/")
    assert read.status_code == 200 and read.json() == {"marked_read": 1, "unread_count": 1}
    assert api(asker).get("/api/v1/notifications/", {"unread": "true"}).json()["count"] == 1
    assert api(asker).post("/api/v1/notifications/read-all/").json() == {"marked_read": 1, "unread_count": 0}
    bad = api(asker).get("/api/v1/notifications/", {"unread": "maybe"})
    assert bad.status_code == 400 and "unread" in bad.json()["error"]["fields"]
    assert api(asker).get("/api/v1/notifications/?unread=").status_code == 400


def test_others_and_visitors(asker, helper):
    (theirs,) = make(helper)
    assert api(asker).post(f"/api/v1/notifications/{theirs.pk}/read/").status_code == 404
    assert api().get("/api/v1/notifications/").status_code == 401
    assert api(asker).get("/api/v1/notifications/").json()["count"] == 0
