"""/api/v1/community/events/: list, detail, create, RSVP, cancel RSVP; documented in the schema."""
from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from community.factories import EventFactory
from members.factories import UserFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/community/events/"


def _client(user=None) -> APIClient:
    client = APIClient()
    if user:
        client.force_authenticate(user)
    return client


def test_list_and_detail(django_assert_max_num_queries):
    EventFactory.create_batch(5)
    with django_assert_max_num_queries(6):
        body = _client().get(URL).json()
    assert body["count"] == 5
    event_id = body["results"][0]["id"]
    detail = _client().get(f"{URL}{event_id}/").json()
    assert detail["my_rsvp"] is None and detail["online_url"] == ""
    assert _client().get(f"{URL}999999/").status_code == 404
    assert _client().get(f"{URL}?scope=nonsense").status_code == 400


def test_create_needs_600_points_and_valid_data():
    start = timezone.now() + timedelta(days=1)
    payload = {"title": "API night", "description": "Hi", "starts_at": start.isoformat(),
               "ends_at": (start + timedelta(hours=1)).isoformat(), "location": "Lisbon", "capacity": 3}
    assert _client(UserFactory(points=599)).post(URL, payload, format="json").status_code == 403
    host = UserFactory(points=600)
    response = _client(host).post(URL, payload, format="json")
    assert response.status_code == 201 and response.json()["title"] == "API night"
    bad = _client(host).post(URL, {**payload, "capacity": 0, "location": ""}, format="json")
    assert bad.status_code == 400
    assert _client().post(URL, payload, format="json").status_code in (401, 403)


def test_rsvp_waitlist_and_cancel_promotes():
    event = EventFactory(capacity=1)
    a, b = UserFactory(), UserFactory()
    assert _client(a).post(f"{URL}{event.pk}/rsvp/").json()["status"] == "going"
    waiting = _client(b).post(f"{URL}{event.pk}/rsvp/").json()
    assert waiting == {**waiting, "status": "waitlisted", "waitlist_position": 1}
    assert _client(a).post(f"{URL}{event.pk}/rsvp/cancel/").status_code == 204
    assert _client(b).get(f"{URL}{event.pk}/").json()["my_rsvp"]["status"] == "going"
    assert _client(b).get(f"{URL}{event.pk}/").json()["online_url"] == event.online_url


def test_schema_documents_the_community_endpoints():
    schema = _client().get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    text = schema.content.decode()
    for path in ("/api/v1/community/events/", "/api/v1/community/events/{id}/rsvp/"):
        assert path in text
