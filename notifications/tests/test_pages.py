"""The notification center (/notifications/), the bell, and /settings/notifications/."""
from datetime import time

import pytest

from members.factories import UserFactory
from notifications.choices import Event
from notifications.models import Notification, NotificationPreference
from notifications.services import notify

from .conftest import verified

pytestmark = pytest.mark.django_db


def make(recipient, n=1, actor=None, **kwargs):
    return [notify(recipient=recipient, actor=actor or UserFactory(), event=kwargs.get("event", Event.CONNECTION_ACCEPTED),
                   url=kwargs.get("url", "/connections/1/"), title=f"Thing {i}") for i in range(n)]


def test_the_bell_shows_a_dot_while_something_is_unread(client, asker):
    client.force_login(asker)
    assert "icon-btn__dot" not in client.get("/notifications/").content.decode()
    make(asker)
    assert "icon-btn__dot" in client.get("/notifications/").content.decode()


def test_the_list_shows_mine_marks_read_and_opens_links(client, asker, helper):
    mine = make(asker, 2, actor=helper)
    make(helper, 1)
    client.force_login(asker)
    html = client.get("/notifications/").content.decode()
    assert html.count('<li class="ntf-item') == 2 and html.count("is-unread") == 2
    assert "@abe accepted your connection" in html

    response = client.get(f"/notifications/{mine[0].pk}/open/")
    assert response.status_code == 302 and response.url == "/connections/1/"
    unread = client.get("/notifications/?show=unread").content.decode()
    assert unread.count('<li class="ntf-item') == 1

    client.post(f"/notifications/{mine[1].pk}/read/", {"next": "/notifications/"})
    assert not Notification.objects.filter(recipient=asker, read_at__isnull=True).exists()
    assert "all caught up" in client.get("/notifications/?show=unread").content.decode()


def test_mark_one_read_with_htmx_returns_the_item(client, asker):
    (entry,) = make(asker)
    client.force_login(asker)
    response = client.post(f"/notifications/{entry.pk}/read/", HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200 and html.startswith('<li class="ntf-item"') and "Mark as read" not in html


def test_mark_all_read(client, asker, helper):
    make(asker, 3)
    (theirs,) = make(helper)
    client.force_login(asker)
    client.post("/notifications/read-all/")
    assert not Notification.objects.filter(recipient=asker, read_at__isnull=True).exists()
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_someone_elses_notification_is_404(client, asker, helper):
    (theirs,) = make(helper)
    client.force_login(asker)
    assert client.get(f"/notifications/{theirs.pk}/open/").status_code == 404
    client.post(f"/notifications/{theirs.pk}/read/")
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_stored_links_only_lead_inside_the_site(client, asker):
    entry = Notification.objects.create(recipient=asker, event=Event.CONNECTION_ACCEPTED, text="x",
                                        url="//evil.example.com/")
    client.force_login(asker)
    assert client.get(f"/notifications/{entry.pk}/open/").url == "/notifications/"


def test_notifications_page_query_count_is_constant(client, asker, django_assert_max_num_queries):
    client.force_login(asker)
    make(asker, 2)
    with django_assert_max_num_queries(30) as small:
        client.get("/notifications/")
    make(asker, 15)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get("/notifications/")


def test_settings_page_saves_channel_choices(client, asker):
    client.force_login(asker)
    page = client.get("/settings/notifications/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "What we tell you about" in html
    data = {"action": "preferences", "email_connection_requested": "on", "sms_connection_requested": "on",
            "email_ask_responded": "on"}
    response = client.post("/settings/notifications/", data)
    assert response.status_code == 302
    prefs = {p.event: (p.email, p.sms) for p in NotificationPreference.objects.filter(user=asker)}
    assert prefs[Event.CONNECTION_REQUESTED] == (True, True)
    assert prefs[Event.ASK_RESPONDED] == (True, False)
    assert prefs[Event.MESSAGE_RECEIVED] == (False, False)


def test_settings_page_saves_the_sending_window_and_time_zone(client, asker):
    client.force_login(asker)
    response = client.post("/settings/notifications/", {
        "action": "sms", "sms_notifications_enabled": "on", "sms_window_start": "08:30",
        "sms_window_end": "21:00", "time_zone": "Europe/Berlin"})
    assert response.status_code == 302
    asker.refresh_from_db()
    assert (asker.sms_window_start, asker.sms_window_end, asker.time_zone) == (time(8, 30), time(21, 0),
                                                                               "Europe/Berlin")
    bad = client.post("/settings/notifications/", {"action": "sms", "sms_window_start": "8",
                                                   "sms_window_end": "21:00", "time_zone": "Mars/Olympus"})
    assert bad.status_code == 400
    assert "Select a valid choice" in bad.content.decode()


def test_settings_page_verifies_a_phone(client, asker, settings, clock):
    settings.TWILIO_ACCOUNT_SID = ""
    settings.DEBUG = True  # the simulated code is shown on the page in development
    client.force_login(asker)
    response = client.post("/settings/notifications/", {"action": "phone_start", "phone_number": "+1 415 555 0123"},
                           follow=True)
    html = response.content.decode()
    assert "We texted a 6-digit code to +14155550123." in html
    code = html.split("Your code is ")[1][:6]
    client.post("/settings/notifications/", {"action": "phone_cancel"})  # a typo? start again
    assert "Mobile number" in client.get("/settings/notifications/").content.decode()
    clock.advance(seconds=61)
    html = client.post("/settings/notifications/", {"action": "phone_start", "phone_number": "+14155550123"},
                       follow=True).content.decode()
    code = html.split("Your code is ")[1][:6]
    wrong = client.post("/settings/notifications/", {"action": "phone_confirm", "code": "999999" if code != "999999" else "111111"})
    assert wrong.status_code == 400 and "That code isn" in wrong.content.decode()
    client.post("/settings/notifications/", {"action": "phone_confirm", "code": code})
    asker.refresh_from_db()
    assert asker.has_verified_phone
    assert "Verified" in client.get("/settings/notifications/").content.decode()
    client.post("/settings/notifications/", {"action": "phone_remove"})
    asker.refresh_from_db()
    assert not asker.phone_number


def test_settings_page_shows_phone_errors(client, asker):
    client.force_login(asker)
    response = client.post("/settings/notifications/", {"action": "phone_start", "phone_number": "12"})
    assert response.status_code == 400
    assert "Start with + and your country code" in response.content.decode()
    verified(asker)
    assert client.get("/settings/notifications/").status_code == 200


def test_visitors_are_sent_to_log_in(client):
    assert client.get("/notifications/").url.startswith("/accounts/login/")
    assert client.get("/settings/notifications/").url.startswith("/accounts/login/")
