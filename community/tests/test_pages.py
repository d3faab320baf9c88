"""The community pages as members see them: hub, events, RSVP, .ics, calendar feed, circle, challenges."""
from datetime import timedelta

import pytest
from django.utils import timezone
from icalendar import Calendar

from community import services
from community.factories import EventFactory
from community.models import RSVP, CircleThread
from members.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_connect_tabs_on_all_four_pages_with_pending_and_unread_counts(client, member):
    from collective.factories import ConnectionFactory

    ConnectionFactory(responder=member, status="initiated")
    client.force_login(member)
    for url in ("/home/", "/connections/", "/messages/", "/community/"):
        page = client.get(url).content.decode()
        assert 'aria-label="Connect"' in page, url
        for label in ("Dashboard", "Connections", "Messages", "Community"):
            assert label in page
        assert '<span class="tabs__count">1</span>' in page, url  # one request waiting for an answer


def test_hub_shows_upcoming_events_and_the_current_challenge(client, member, challenge):
    EventFactory(title="Agents office hours")
    client.force_login(member)
    page = client.get("/community/").content.decode()
    assert "Agents office hours" in page and "Ship a tiny agent" in page


def test_host_form_is_locked_below_600_points_with_points_to_go(client):
    client.force_login(UserFactory(points=450))
    response = client.get("/community/events/new/")
    assert response.status_code == 403
    assert "Hosting unlocks at 600 points" in response.content.decode()
    assert "150 more points" in response.content.decode()


def test_host_creates_an_event_in_their_time_zone_stored_in_utc(client, host):
    host.time_zone = "America/New_York"
    host.save()
    client.force_login(host)
    day = (timezone.now() + timedelta(days=10)).date()
    response = client.post("/community/events/new/", {
        "title": "Evals night", "description": "Bring your evals.", "starts_at": f"{day}T18:00",
        "ends_at": f"{day}T20:00", "location": "Brooklyn", "capacity": "5"})
    assert response.status_code == 302
    event = host.hosted_events.get()
    assert event.starts_at.hour in (22, 23)  # 18:00 in New York is 22:00/23:00 UTC
    viewer = UserFactory(time_zone="Europe/Paris")
    client.force_login(viewer)
    page = client.get(event.get_absolute_url()).content.decode()
    assert "12:00 AM" in page or "11:00 PM" in page  # shown in Paris time


def test_bad_event_form_shows_errors_not_500(client, host):
    client.force_login(host)
    response = client.post("/community/events/new/", {"title": "", "capacity": "0"})
    assert response.status_code == 400


def test_rsvp_page_flow_and_ics_download(client, member):
    event = EventFactory(capacity=1)
    client.force_login(member)
    client.post(f"/community/events/{event.pk}/rsvp/")
    assert "You&#x27;re going" in client.get(event.get_absolute_url()).content.decode()
    response = client.get(f"/community/events/{event.pk}/event.ics")
    assert response["Content-Type"].startswith("text/calendar")
    cal = Calendar.from_ical(response.content)
    (item,) = cal.walk("VEVENT")
    assert str(item["summary"]) == event.title
    other = UserFactory()
    client.force_login(other)
    client.post(f"/community/events/{event.pk}/rsvp/")
    assert "#1 on the waitlist" in client.get(event.get_absolute_url()).content.decode()


def test_personal_feed_lists_my_events_and_revoking_kills_the_old_url(client, member):
    mine, other = EventFactory(title="Mine"), EventFactory(title="Not mine")
    services.rsvp_create(member=member, event=mine)
    feed = services.calendar_feed_for(member)
    url = f"/community/calendar/{feed.token}.ics"
    body = client.get(url).content.decode()
    assert "Mine" in body and "Not mine" not in body
    client.force_login(member)
    client.post("/community/calendar/")
    assert client.get(url).status_code == 404
    new = services.calendar_feed_for(member)
    assert client.get(f"/community/calendar/{new.token}.ics").status_code == 200
    assert other  # listed nowhere


def test_events_list_scopes(client, member):
    EventFactory(title="Future thing")
    past = EventFactory(title="Old thing")
    past.starts_at, past.ends_at = timezone.now() - timedelta(days=3), timezone.now() - timedelta(days=3, hours=-1)
    past.save()
    assert "Future thing" in client.get("/community/events/").content.decode()
    assert "Old thing" in client.get("/community/events/?scope=past").content.decode()
    client.force_login(member)
    assert "Nothing on your calendar" in client.get("/community/events/?scope=mine").content.decode()


def test_events_list_query_count_is_constant(client, django_assert_max_num_queries):
    EventFactory.create_batch(12)
    with django_assert_max_num_queries(8):
        assert client.get("/community/events/").status_code == 200


def test_givers_circle_is_404_below_400_points_and_open_at_400(client):
    thread = CircleThread.objects.create(author=UserFactory(points=500), title="Hello givers", body="Hi")
    client.force_login(UserFactory(points=399))
    assert client.get("/community/givers-circle/").status_code == 404
    assert client.get(f"/community/givers-circle/{thread.pk}/").status_code == 404
    assert client.post("/community/givers-circle/", {"title": "x", "body": "y"}).status_code == 404
    giver = UserFactory(points=400)
    client.force_login(giver)
    assert "Hello givers" in client.get("/community/givers-circle/").content.decode()
    response = client.post(f"/community/givers-circle/{thread.pk}/", {"body": "Welcome! https://example.com"})
    assert response.status_code == 302
    page = client.get(f"/community/givers-circle/{thread.pk}/").content.decode()
    assert 'href="https://example.com"' in page and 'rel="nofollow ugc noopener"' in page


def test_givers_circle_closes_when_points_drop_below_400(client):
    giver = UserFactory(points=400)
    client.force_login(giver)
    assert client.get("/community/givers-circle/").status_code == 200
    type(giver).objects.filter(pk=giver.pk).update(points=350)  # e.g. after converting points to credits
    assert client.get("/community/givers-circle/").status_code == 404


def test_crossing_400_points_invites_once(django_capture_on_commit_callbacks):
    from notifications.models import Notification

    giver = UserFactory(points=420)
    UserFactory(points=399)
    assert services.invite_new_givers() == 1
    assert services.invite_new_givers() == 0
    assert Notification.objects.filter(recipient=giver, text__contains="Givers Circle").count() == 1


def test_host_messages_and_cancels_from_the_page(client, host):
    event = EventFactory(host=host)
    attendee = UserFactory()
    services.rsvp_create(member=attendee, event=event)
    client.force_login(host)
    assert client.post(f"/community/events/{event.pk}/message/", {"message": "See you!"}).status_code == 302
    assert client.post(f"/community/events/{event.pk}/message/", {"message": ""}).status_code == 400
    client.force_login(attendee)
    assert client.post(f"/community/events/{event.pk}/cancel/").status_code == 404
    client.force_login(host)
    client.post(f"/community/events/{event.pk}/cancel/")
    assert "This event was cancelled" in client.get(event.get_absolute_url()).content.decode()


def test_attendee_thanks_the_host_with_points_after_the_event(client, host):
    event = EventFactory(host=host)
    attendee = UserFactory(points=100)
    services.rsvp_create(member=attendee, event=event)
    event.starts_at, event.ends_at = timezone.now() - timedelta(hours=2), timezone.now() - timedelta(hours=1)
    event.save()
    client.force_login(attendee)
    assert "Thank @hana" in client.get(event.get_absolute_url()).content.decode()
    client.post(f"/community/events/{event.pk}/thank/", {"amount": "20", "message": "", "idempotency_key": "k1"})
    host.refresh_from_db()
    assert host.points == 620
    assert RSVP.objects.filter(member=attendee).exists()
