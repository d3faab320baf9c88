"""SMS: the spec's four triggers and texts, the rules (verified phone, daily limit, sending window, STOP),
and delivery through Twilio's SDK exactly once, with retries. Twilio's HTTP layer is faked below the SDK."""
from datetime import UTC, datetime, time, timedelta

import pytest

from collective.choices import ConnectionStatus
from collective.services import connection_create, connection_transition
from members.selectors import member_zone
from notifications import delivery
from notifications.choices import Channel, DeliveryStatus, Event, SkipReason
from notifications.models import Delivery, NotificationPreference
from notifications.services import notify
from notifications.tasks import deliver, dispatch_due

from .conftest import verified

pytestmark = pytest.mark.django_db


def sms_rows():
    return Delivery.objects.filter(channel=Channel.SMS).order_by("id")


def test_the_four_triggers_text_what_the_spec_says(helper, asker, ask, offer, twilio, clock,
                                                   django_capture_on_commit_callbacks):
    verified(asker)
    verified(helper, phone="+14155550199")
    with django_capture_on_commit_callbacks(execute=True):
        response = connection_create(initiator=helper, ask=ask, initial_message="I can help")
        inquiry = connection_create(initiator=helper, offer=offer, initial_message="Still available?")
        connection_transition(connection=response, actor=asker, status=ConnectionStatus.ACCEPTED)
        connection_transition(connection=response, actor=asker, status=ConnectionStatus.COMPLETED)
    assert twilio.sent_bodies == [
        f"Someone offered to help with your ask: Feedback on my landing page. See it: http://127.0.0.1:8000/connections/{response.pk}/",
        f"@abe wants to connect about your Landing page reviews. Reply in app: http://127.0.0.1:8000/connections/{inquiry.pk}/",
        f"@bea accepted! Start chatting: http://127.0.0.1:8000/connections/{response.pk}/",
        "@bea marked your help as complete. You earned +25 points!",
    ]
    assert [c["data"]["To"] for c in twilio.calls] == ["+14155550123", "+14155550123", "+14155550199", "+14155550199"]
    assert all(c["data"]["From"] == "+15005550006" for c in twilio.calls)
    assert all(r.status == DeliveryStatus.SENT and r.provider_message_id.startswith("SM") for r in sms_rows())


def test_messages_and_other_events_never_text(helper, asker, ask, twilio, clock, django_capture_on_commit_callbacks):
    verified(asker)
    verified(helper, phone="+14155550199")
    with django_capture_on_commit_callbacks(execute=True):
        connection = connection_create(initiator=helper, ask=ask, initial_message="I can help")
        connection_transition(connection=connection, actor=asker, status=ConnectionStatus.DECLINED)
    assert len(twilio.calls) == 1  # only the ask response


@pytest.mark.parametrize("who", ["unverified", "sms_off", "preference_off"])
def test_no_text_without_a_verified_phone_sms_on_and_the_event_chosen(who, helper, asker, ask, twilio, clock,
                                                                       django_capture_on_commit_callbacks):
    verified(asker)
    if who == "unverified":
        type(asker).objects.filter(pk=asker.pk).update(phone_verified_at=None)
    elif who == "sms_off":
        type(asker).objects.filter(pk=asker.pk).update(sms_notifications_enabled=False)
    else:
        NotificationPreference.objects.create(user=asker, event=Event.ASK_RESPONDED, email=True, sms=False)
    asker.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        connection_create(initiator=helper, ask=ask, initial_message="I can help")
    assert twilio.calls == [] and not sms_rows().exists()


def _notify_sms(recipient, n: int, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        for i in range(n):
            notify(recipient=recipient, event=Event.CONNECTION_ACCEPTED, url=f"/connections/{i}/",
                   title=f"Thing {i}", dedupe_key=f"test:{i}")


def test_the_sixth_text_of_a_day_is_not_sent(asker, twilio, clock, django_capture_on_commit_callbacks):
    verified(asker)
    _notify_sms(asker, 6, django_capture_on_commit_callbacks)
    assert len(twilio.calls) == 5
    statuses = list(sms_rows().values_list("status", "skip_reason"))
    assert statuses[:5] == [(DeliveryStatus.SENT, "")] * 5
    assert statuses[5] == (DeliveryStatus.SKIPPED, SkipReason.DAILY_LIMIT)

    # A new day in the member's time zone starts a new count.
    clock.advance(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipient=asker, event=Event.CONNECTION_ACCEPTED, url="/connections/99/", dedupe_key="test:next-day")
    assert len(twilio.calls) == 6


def test_a_text_during_quiet_hours_waits_and_is_sent_when_the_window_opens(
        asker, twilio, clock, django_capture_on_commit_callbacks):
    # Bea lives in New York and takes texts from 9:00 to 20:00 there.
    verified(asker, zone="America/New_York", start=time(9, 0), end=time(20, 0))
    day = clock.now.date()
    clock.set(datetime(day.year, day.month, day.day, 3, 30, tzinfo=UTC))  # 22:30 or 23:30 in New York
    _notify_sms(asker, 1, django_capture_on_commit_callbacks)

    row = sms_rows().get()
    assert twilio.calls == []
    assert row.status == DeliveryStatus.PENDING
    opens = row.next_attempt_at.astimezone(member_zone(asker))
    assert (opens.hour, opens.minute) == (9, 0) and opens > clock.now

    clock.set(row.next_attempt_at - timedelta(minutes=1))
    dispatch_due()
    assert twilio.calls == []  # still quiet
    clock.set(row.next_attempt_at + timedelta(seconds=30))
    assert dispatch_due() == 1
    row.refresh_from_db()
    assert row.status == DeliveryStatus.SENT and len(twilio.calls) == 1
    dispatch_due()
    assert len(twilio.calls) == 1


def test_an_overnight_window_and_an_always_open_window(asker, clock):
    verified(asker, start=time(18, 0), end=time(8, 0))
    noon = clock.now.replace(hour=12, minute=0)
    assert delivery.sms_window_opens_at(asker, noon) == noon.replace(hour=18)
    assert delivery.sms_window_opens_at(asker, noon.replace(hour=23)) is None
    assert delivery.sms_window_opens_at(asker, noon.replace(hour=7)) is None
    verified(asker, start=time(0, 0), end=time(0, 0))
    assert delivery.sms_window_opens_at(asker, noon.replace(hour=3)) is None


def test_a_provider_failure_is_retried_and_sent_once(asker, twilio, clock, django_capture_on_commit_callbacks):
    verified(asker)
    twilio.fail_next(500)
    _notify_sms(asker, 1, django_capture_on_commit_callbacks)
    row = sms_rows().get()
    assert row.status == DeliveryStatus.PENDING and row.attempts == 1
    assert "Twilio 500" in row.last_error
    assert row.next_attempt_at == clock.now + timedelta(seconds=delivery.backoff_seconds(1))

    dispatch_due()  # not due yet: nothing happens
    assert len(twilio.calls) == 1
    twilio.fail_next(429, code=20429, message="Too Many Requests")
    clock.advance(seconds=31)
    dispatch_due()
    row.refresh_from_db()
    assert row.attempts == 2 and row.status == DeliveryStatus.PENDING
    assert row.next_attempt_at == clock.now + timedelta(seconds=60)  # exponential backoff

    clock.advance(seconds=61)
    dispatch_due()
    row.refresh_from_db()
    assert row.status == DeliveryStatus.SENT and row.attempts == 3 and row.last_error == ""
    assert len(twilio.calls) == 3 and twilio.calls[-1]["data"]["To"] == "+14155550123"
    # However often the task runs again, the text went out once.
    deliver.delay(row.pk)
    dispatch_due()
    assert len(twilio.calls) == 3


def test_after_the_last_attempt_the_row_is_failed_not_lost(asker, twilio, clock, django_capture_on_commit_callbacks):
    verified(asker)
    for _ in range(delivery.MAX_ATTEMPTS):
        twilio.fail_next(503)
    _notify_sms(asker, 1, django_capture_on_commit_callbacks)
    for _ in range(delivery.MAX_ATTEMPTS):
        clock.advance(seconds=delivery.BACKOFF_MAX_SECONDS)
        dispatch_due()
    row = sms_rows().get()
    assert row.status == DeliveryStatus.FAILED and row.attempts == delivery.MAX_ATTEMPTS
    assert len(twilio.calls) == delivery.MAX_ATTEMPTS


def test_a_permanent_error_is_not_retried_and_an_unsubscribed_number_turns_sms_off(
        asker, twilio, clock, django_capture_on_commit_callbacks):
    verified(asker)
    twilio.fail_next(400, code=21610, message="Attempt to send to unsubscribed recipient")
    _notify_sms(asker, 1, django_capture_on_commit_callbacks)
    clock.advance(hours=2)
    dispatch_due()
    row = sms_rows().get()
    assert row.status == DeliveryStatus.FAILED and len(twilio.calls) == 1
    asker.refresh_from_db()
    assert asker.sms_notifications_enabled is False


def test_a_stop_between_queueing_and_sending_skips_the_text(asker, twilio, clock, django_capture_on_commit_callbacks):
    verified(asker, start=time(13, 0), end=time(20, 0))  # it's noon: the text waits
    _notify_sms(asker, 1, django_capture_on_commit_callbacks)
    type(asker).objects.filter(pk=asker.pk).update(sms_notifications_enabled=False)
    clock.advance(hours=1, minutes=1)
    dispatch_due()
    row = sms_rows().get()
    assert (row.status, row.skip_reason) == (DeliveryStatus.SKIPPED, SkipReason.SMS_DISABLED)
    assert twilio.calls == []


def test_without_twilio_keys_texts_are_simulated_and_kept_for_staff(asker, settings, clock,
                                                                      django_capture_on_commit_callbacks):
    settings.TWILIO_ACCOUNT_SID = settings.TWILIO_AUTH_TOKEN = settings.TWILIO_FROM_NUMBER = ""
    verified(asker)
    _notify_sms(asker, 1, django_capture_on_commit_callbacks)
    row = sms_rows().get()
    assert row.status == DeliveryStatus.SIMULATED and row.body.startswith("@someone accepted!")
    assert row.to == "+14155550123" and row.sent_at == clock.now


def test_a_worker_that_died_mid_send_is_flagged_not_resent(asker, twilio, clock, django_capture_on_commit_callbacks):
    verified(asker, start=time(13, 0), end=time(20, 0))
    _notify_sms(asker, 1, django_capture_on_commit_callbacks)
    row = sms_rows().get()
    Delivery.objects.filter(pk=row.pk).update(status=DeliveryStatus.SENDING, claimed_at=clock.now)
    clock.advance(minutes=20)
    dispatch_due()
    row.refresh_from_db()
    assert row.status == DeliveryStatus.UNKNOWN and twilio.calls == []
