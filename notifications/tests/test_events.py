"""Connection and message events become the right notifications for the right member."""
import pytest
from django.db import transaction

from collective.choices import ConnectionStatus
from collective.services import connection_create, connection_rate, connection_transition
from messaging.services import message_send, thread_for_connection, thread_mark_read
from notifications.choices import Channel, DeliveryStatus, Event
from notifications.models import Delivery, Notification, NotificationPreference

pytestmark = pytest.mark.django_db


def texts_of(user) -> list[str]:
    return list(Notification.objects.filter(recipient=user).order_by("id").values_list("text", flat=True))


def test_an_ask_response_from_start_to_rating(helper, asker, ask, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        connection = connection_create(initiator=helper, ask=ask, initial_message="I can help this week.")
    assert texts_of(asker) == ["@abe offered to help with your ask “Feedback on my landing page”"]
    assert texts_of(helper) == []
    assert [m.to for m in mailoutbox] == [["bea@example.com"]]
    assert "I can help this week." in mailoutbox[0].body and "/connections/" in mailoutbox[0].body

    with django_capture_on_commit_callbacks(execute=True):
        connection_transition(connection=connection, actor=asker, status=ConnectionStatus.ACCEPTED)
    assert texts_of(helper) == ["@bea accepted your connection about “Feedback on my landing page”"]

    thread = thread_for_connection(connection=connection)
    with django_capture_on_commit_callbacks(execute=True):
        message_send(thread=thread, sender=asker, body="Great! Here's the link.")
        message_send(thread=thread, sender=asker, body="And the brief.")
    entry = Notification.objects.get(recipient=helper, event=Event.MESSAGE_RECEIVED)
    assert (entry.count, entry.text, entry.read_at) == (2, "@bea sent you 2 new messages", None)
    assert len([m for m in mailoutbox if "sent you" in m.subject]) == 1  # one email per unread run

    thread_mark_read(thread=thread, user=helper)  # opening the conversation reads its notification
    entry.refresh_from_db()
    assert entry.read_at is not None
    with django_capture_on_commit_callbacks(execute=True):
        message_send(thread=thread, sender=asker, body="One more thing")
    assert Notification.objects.filter(recipient=helper, event=Event.MESSAGE_RECEIVED).count() == 2

    with django_capture_on_commit_callbacks(execute=True):
        connection_transition(connection=connection, actor=asker, status=ConnectionStatus.COMPLETED)
    assert texts_of(helper)[-1] == ("@bea marked your help about “Feedback on my landing page” as complete. "
                                    "You earned +25 points!")
    with django_capture_on_commit_callbacks(execute=True):
        connection_rate(connection=connection, actor=asker, rating=5, feedback="Brilliant")
    assert texts_of(helper)[-1] == "@bea rated your connection about “Feedback on my landing page” 5 out of 5"
    # Bea heard only about Abe's response: everything else was her own doing.
    assert texts_of(asker) == ["@abe offered to help with your ask “Feedback on my landing page”"]


def test_offer_inquiries_declines_and_cancellations(helper, asker, offer, third, ask):
    connection = connection_create(initiator=helper, offer=offer, initial_message="Is this still on?")
    assert texts_of(asker) == ["@abe wants to connect about your offer “Landing page reviews”"]
    connection_transition(connection=connection, actor=asker, status=ConnectionStatus.DECLINED)
    assert texts_of(helper) == ["@bea declined the connection about “Landing page reviews”"]

    response = connection_create(initiator=third, ask=ask, initial_message="Me too")
    connection_transition(connection=response, actor=third, status=ConnectionStatus.CANCELLED)
    assert texts_of(asker)[-1] == "@cyd cancelled the connection about “Feedback on my landing page”"

    direct = connection_create(initiator=third, recipient=helper, initial_message="Hi!")
    assert texts_of(helper)[-1] == "@cyd wants to connect with you"
    assert direct.dm_thread_id is not None


def test_saving_a_connection_again_does_not_notify_again(helper, asker, ask):
    connection = connection_create(initiator=helper, ask=ask, initial_message="Hello")
    connection.save()
    connection_transition(connection=connection, actor=asker, status=ConnectionStatus.ACCEPTED)
    connection_transition(connection=connection, actor=asker, status=ConnectionStatus.ACCEPTED)  # no-op
    assert Notification.objects.count() == 2


def test_a_rolled_back_write_notifies_no_one(helper, asker, ask, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        connection_create(initiator=helper, ask=ask, initial_message="Hello")
        raise RuntimeError("something later in the request failed")
    assert not Notification.objects.exists() and not Delivery.objects.exists()
    assert mailoutbox == []


def test_email_follows_the_members_choice_and_the_bell_gets_everything(
        helper, asker, ask, mailoutbox, django_capture_on_commit_callbacks):
    NotificationPreference.objects.create(user=asker, event=Event.ASK_RESPONDED, email=False, sms=False)
    with django_capture_on_commit_callbacks(execute=True):
        connection_create(initiator=helper, ask=ask, initial_message="Hello")
    assert texts_of(asker) == ["@abe offered to help with your ask “Feedback on my landing page”"]
    assert mailoutbox == []
    assert not Delivery.objects.filter(channel=Channel.EMAIL).exists()


def test_members_without_email_get_no_email_row(helper, asker, ask, django_capture_on_commit_callbacks):
    type(asker).objects.filter(pk=asker.pk).update(email="")
    asker.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        connection_create(initiator=helper, ask=ask, initial_message="Hello")
    assert Notification.objects.filter(recipient=asker).exists()
    assert not Delivery.objects.exists()


def test_emails_are_sent_once_even_if_the_task_runs_twice(helper, asker, ask, mailoutbox,
                                                          django_capture_on_commit_callbacks):
    from notifications.tasks import deliver

    with django_capture_on_commit_callbacks(execute=True):
        connection_create(initiator=helper, ask=ask, initial_message="Hello")
    row = Delivery.objects.get()
    assert row.status == DeliveryStatus.SENT and row.attempts == 1 and row.to == "bea@example.com"
    deliver.delay(row.pk)
    deliver.delay(row.pk)
    assert len(mailoutbox) == 1


def test_connections_created_as_history_notify_no_one(helper, asker, ask):
    from collective.models import Connection

    Connection.objects.create(initiator=helper, responder=asker, ask=ask, connection_type="ask_response",
                              context_title=ask.title, initial_message="(imported)", status=ConnectionStatus.COMPLETED)
    assert not Notification.objects.exists()
