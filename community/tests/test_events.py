"""Events: who may host, RSVPs with capacity and a waitlist, cancelling, host points, reminders."""
from datetime import time, timedelta

import pytest
from django.utils import timezone

from community import services
from community.choices import RSVPStatus
from community.factories import EventFactory
from community.models import RSVP, Event
from core.errors import ApplicationError, NotFound, PermissionDenied
from economy.models import PointsTransaction
from members.factories import UserFactory
from notifications.models import Delivery, Notification

pytestmark = pytest.mark.django_db


def _data(**overrides):
    start = timezone.now() + timedelta(days=2)
    data = {"title": "Prompt clinic", "description": "Bring a prompt.", "starts_at": start,
            "ends_at": start + timedelta(hours=1), "online_url": "https://meet.example.com/x", "capacity": 2}
    return data | overrides


def test_member_at_600_points_hosts_and_599_cannot():
    event = services.event_create(host=UserFactory(points=600), data=_data())
    assert Event.objects.filter(pk=event.pk).exists()
    with pytest.raises(PermissionDenied, match="you need 1 more"):
        services.event_create(host=UserFactory(points=599), data=_data())


def test_staff_host_whatever_their_points(staff_user):
    assert services.event_create(host=staff_user, data=_data()).host == staff_user


def test_event_needs_a_place_or_link_and_to_end_after_it_starts(host):
    with pytest.raises(ApplicationError) as error:
        services.event_create(host=host, data=_data(online_url="", ends_at=timezone.now() + timedelta(days=1)))
    assert set(error.value.fields) == {"location", "ends_at"}


def test_rsvps_fill_capacity_then_waitlist_and_cancel_promotes_the_first_waitlisted(
        django_capture_on_commit_callbacks):
    event = EventFactory(capacity=2)
    a, b, c, d = UserFactory.create_batch(4)
    assert services.rsvp_create(member=a, event=event).status == RSVPStatus.GOING
    assert services.rsvp_create(member=b, event=event).status == RSVPStatus.GOING
    assert services.rsvp_create(member=c, event=event).status == RSVPStatus.WAITLISTED
    assert services.rsvp_create(member=d, event=event).status == RSVPStatus.WAITLISTED
    with django_capture_on_commit_callbacks(execute=True):
        services.rsvp_cancel(member=b, event=event)
    assert RSVP.objects.get(member=c).status == RSVPStatus.GOING
    assert RSVP.objects.get(member=d).status == RSVPStatus.WAITLISTED
    event.refresh_from_db()
    assert event.going_count == 2
    assert Notification.objects.filter(recipient=c, text__contains="A spot opened up").exists()


def test_rsvp_twice_changes_nothing_and_host_cannot_rsvp(host):
    event = EventFactory(host=host, capacity=1)
    member = UserFactory()
    first = services.rsvp_create(member=member, event=event)
    assert services.rsvp_create(member=member, event=event).pk == first.pk
    event.refresh_from_db()
    assert event.going_count == 1
    with pytest.raises(ApplicationError, match="hosting"):
        services.rsvp_create(member=host, event=event)


def test_cancelling_an_event_notifies_everyone_going_or_waitlisted_once(host, django_capture_on_commit_callbacks):
    event = EventFactory(host=host, capacity=1)
    going, waiting = UserFactory(), UserFactory()
    services.rsvp_create(member=going, event=event)
    services.rsvp_create(member=waiting, event=event)
    with django_capture_on_commit_callbacks(execute=True):
        services.event_cancel(actor=host, event=event)
        services.event_cancel(actor=host, event=event)
    assert Notification.objects.filter(text__contains="was cancelled").count() == 2
    with pytest.raises(ApplicationError):
        services.rsvp_create(member=UserFactory(), event=event)


def test_only_host_or_staff_manage_an_event(host, staff_user):
    event = EventFactory(host=host)
    with pytest.raises(NotFound):
        services.event_cancel(actor=UserFactory(points=5000), event=event)
    services.event_cancel(actor=staff_user, event=event)


def test_host_below_600_keeps_upcoming_events_but_cannot_create_new_ones(host):
    event = services.event_create(host=host, data=_data())
    type(host).objects.filter(pk=host.pk).update(points=100)
    host.refresh_from_db()
    services.event_update(actor=host, event=event, data={"title": "Still on"})
    assert Event.objects.get(pk=event.pk).title == "Still on"
    with pytest.raises(PermissionDenied):
        services.event_create(host=host, data=_data())


def _ended_event_with(n: int, host) -> Event:
    event = EventFactory(host=host, capacity=10)
    for member in UserFactory.create_batch(n):
        services.rsvp_create(member=member, event=event)
    Event.objects.filter(pk=event.pk).update(starts_at=timezone.now() - timedelta(hours=3),
                                             ends_at=timezone.now() - timedelta(hours=1))
    event.refresh_from_db()
    return event


def test_host_earns_points_once_for_a_completed_event_with_3_attendees(host):
    _ended_event_with(3, host)
    assert services.award_due_host_points() == 1
    assert services.award_due_host_points() == 0
    assert PointsTransaction.objects.filter(member=host, action="host_event").count() == 1
    host.refresh_from_db()
    assert host.points == 640


def test_no_host_points_with_2_attendees_or_a_cancelled_event(host):
    _ended_event_with(2, host)
    cancelled = _ended_event_with(3, host)
    Event.objects.filter(pk=cancelled.pk).update(status="cancelled")
    assert services.award_due_host_points() == 0
    assert not PointsTransaction.objects.filter(member=host, action="host_event").exists()


def test_reminders_24h_and_1h_each_sent_once(host, django_capture_on_commit_callbacks):
    event = EventFactory(host=host, starts_at=timezone.now() + timedelta(hours=20))
    member = UserFactory()
    services.rsvp_create(member=member, event=event)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_due_reminders() == 1
        assert services.send_due_reminders() == 0
    later = event.starts_at - timedelta(minutes=50)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_due_reminders(now=later) == 1
        assert services.send_due_reminders(now=later) == 0
    texts = list(Notification.objects.filter(recipient=member, event="event_reminder").values_list("text", flat=True))
    assert texts == [f"Reminder: “{event.title}” starts in 1 hour", f"Reminder: “{event.title}” starts tomorrow"]
    assert Delivery.objects.filter(recipient=member, event="event_reminder", channel="email").count() == 2


def _sms_member(**extra):
    return UserFactory(phone_number="+15005550006", phone_verified_at=timezone.now(),
                       sms_notifications_enabled=True, time_zone="UTC", **extra)


def test_reminder_sms_waits_for_the_members_quiet_hours_to_end(host, django_capture_on_commit_callbacks):
    member = _sms_member(sms_window_start=time(9), sms_window_end=time(20))
    night = timezone.now().replace(hour=2, minute=0, second=0, microsecond=0) + timedelta(days=1)
    event = EventFactory(host=host, starts_at=night + timedelta(minutes=30))
    services.rsvp_create(member=member, event=event)
    with django_capture_on_commit_callbacks(execute=True):
        services.send_due_reminders(now=night)
    from notifications import delivery

    sms = Delivery.objects.get(recipient=member, channel="sms")
    assert delivery.sms_window_opens_at(member, night) == night.replace(hour=9)
    assert sms.status in ("pending", "simulated")
    delivery.deliver(sms.pk)
    sms.refresh_from_db()
    assert sms.status in ("pending", "simulated")


def test_reminder_sms_respects_the_daily_limit(host, settings, django_capture_on_commit_callbacks):
    settings.NOTIFICATIONS_SMS_DAILY_LIMIT = 0
    # Equal window ends mean "any time", so the wall clock (quiet hours) can't decide this test.
    member = _sms_member(sms_window_start=time(0), sms_window_end=time(0))
    event = EventFactory(host=host, starts_at=timezone.now() + timedelta(minutes=30))
    services.rsvp_create(member=member, event=event)
    with django_capture_on_commit_callbacks(execute=True):
        services.send_due_reminders()
    sms = Delivery.objects.get(recipient=member, channel="sms")
    from notifications import delivery

    delivery.deliver(sms.pk)
    sms.refresh_from_db()
    assert sms.status == "skipped" and sms.skip_reason == "daily_limit"
