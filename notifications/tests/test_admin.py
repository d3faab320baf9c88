"""Staff read the outbox (simulated SMS included) in the Wagtail admin; nobody edits it there."""
import pytest

from notifications.choices import Event
from notifications.models import Delivery
from notifications.services import notify

from .conftest import verified

pytestmark = pytest.mark.django_db


def test_staff_can_list_and_inspect_simulated_sms(client, staff_user, asker, settings, clock,
                                                 django_capture_on_commit_callbacks):
    settings.TWILIO_ACCOUNT_SID = ""
    verified(asker)
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipient=asker, event=Event.CONNECTION_ACCEPTED, url="/connections/3/", title="Thing")
    sms = Delivery.objects.get(channel="sms")
    client.force_login(staff_user)
    listing = client.get("/admin/notifications/delivery/")
    assert listing.status_code == 200
    assert "Simulated" in listing.content.decode()
    inspect = client.get(f"/admin/notifications/delivery/inspect/{sms.pk}/")
    assert inspect.status_code == 200
    assert "accepted! Start chatting" in inspect.content.decode()
    assert client.get("/admin/notifications/delivery/create/").status_code in (302, 403)
    assert client.get(f"/admin/notifications/delivery/edit/{sms.pk}/").status_code in (302, 403)


def test_members_cannot_read_the_outbox(client, asker):
    client.force_login(asker)
    response = client.get("/admin/notifications/delivery/")
    assert response.status_code in (302, 403)
