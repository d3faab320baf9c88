"""Writes for conversations: each connection's thread, messages, read markers, and starting a connection.

The connection workflow itself (who may accept, complete, rate…) lives in collective.services; the pages
here call it and never change a connection's status on their own.
"""
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import F
from django.db.models.functions import Greatest
from django.utils import timezone

from collective.choices import ConnectionStatus
from collective.models import Connection, DirectMessageThread
from collective.services import MESSAGE_MAX_LENGTH, connection_create, connection_transition
from core.errors import ApplicationError, NotFound
from members import safety
from members.choices import LimitedAction
from members.trust import action_consume

from . import selectors
from .choices import THREAD_CLOSED_STATUSES, MessageKind
from .models import Message, ThreadReadState
from .signals import thread_read

# A flood guard, not a quota: people chatting never get near it.
MESSAGES_PER_MINUTE = 20


def thread_for_connection(*, connection: Connection) -> DirectMessageThread:
    """The connection's private thread between its two participants, made with its first message when
    missing. Safe to call again (and from the post_save receiver of every new connection)."""
    with transaction.atomic():
        if connection.dm_thread_id is None:
            thread = DirectMessageThread.objects.create()
            claimed = Connection.objects.filter(pk=connection.pk, dm_thread__isnull=True).update(dm_thread=thread)
            if not claimed:  # someone else gave it a thread a moment ago
                thread.delete()
                connection.refresh_from_db(fields=["dm_thread"])
            else:
                connection.dm_thread = thread
        thread = connection.dm_thread
        thread.participants.add(connection.initiator_id, connection.responder_id)
        if connection.initial_message and not Message.objects.filter(thread=thread).exists():
            Message.objects.create(thread=thread, sender_id=connection.initiator_id, body=connection.initial_message,
                                   kind=MessageKind.REQUEST, created_at=connection.created_at or timezone.now())
    return thread


def _clean_body(body: str) -> str:
    body = (body or "").strip()
    if not body:
        raise ApplicationError("Please write a message.", fields={"body": "Write something first."})
    if len(body) > MESSAGE_MAX_LENGTH:
        raise ApplicationError("That message is too long.",
                               fields={"body": f"Keep it under {MESSAGE_MAX_LENGTH} characters."})
    return body


def message_send(*, thread: DirectMessageThread, sender, body: str) -> Message:
    """Post a message to a thread the sender takes part in.

    The first reply of the member who received a connection moves it from "initiated" to "discussing"
    (through the one workflow in collective.services). Declined and cancelled connections' threads are
    closed to new messages.
    """
    if not thread.participants.filter(pk=sender.pk).exists():
        raise NotFound("No such conversation.")
    body = _clean_body(body)
    connection = selectors.thread_connection(thread)
    if connection is not None and connection.status in THREAD_CLOSED_STATUSES:
        raise ApplicationError(f"This connection was {connection.status}, so the conversation is closed.",
                               fields={"body": "Start a new connection to write again."}, code="thread_closed")
    for other in thread.participants.exclude(pk=sender.pk):
        if safety.blocked_between(sender, other):
            raise ApplicationError("You can't send messages in this conversation.", code="blocked",
                                   fields={"body": "One of you has blocked the other."})
    now = timezone.now()
    if Message.objects.filter(sender=sender, created_at__gte=now - timedelta(minutes=1)).count() >= MESSAGES_PER_MINUTE:
        raise ApplicationError("You're sending messages very fast. Take a breath and try again in a minute.",
                               code="throttled", status=429)
    with transaction.atomic():
        action_consume(user=sender, action=LimitedAction.MESSAGE, now=now)
        message = Message.objects.create(thread=thread, sender=sender, body=body, created_at=now)
        DirectMessageThread.objects.filter(pk=thread.pk).update(updated_at=now)
        _mark_read(thread, sender, message.pk, now)
        if (connection is not None and connection.status == ConnectionStatus.INITIATED
                and sender.pk == connection.responder_id):
            connection_transition(connection=connection, actor=sender, status=ConnectionStatus.DISCUSSING)
    return message


def _mark_read(thread: DirectMessageThread, user, up_to: int, now) -> None:
    updated = ThreadReadState.objects.filter(thread=thread, user=user).update(
        last_read_message_id=Greatest(F("last_read_message_id"), up_to), last_read_at=now)
    if not updated:
        try:
            with transaction.atomic():
                ThreadReadState.objects.create(thread=thread, user=user, last_read_message_id=up_to, last_read_at=now)
        except IntegrityError:  # a parallel request (another tab) created it first
            _mark_read(thread, user, up_to, now)


def thread_mark_read(*, thread: DirectMessageThread, user, up_to: int | None = None) -> int:
    """Mark the thread read for `user` up to message `up_to` (default: its latest). Returns that id."""
    up_to = selectors.last_message_id(thread) if up_to is None else up_to
    if up_to:
        _mark_read(thread, user, up_to, timezone.now())
        thread_read.send(sender=DirectMessageThread, thread=thread, user=user, up_to=up_to)
    return up_to


def connection_start(*, initiator, message: str, offer=None, ask=None, recipient=None) -> Connection:
    """Start a connection from the pages ("Connect", "Respond", "Message").

    A "Message" to someone you already have an open direct conversation with (whoever started it) goes
    into that conversation instead of starting a second one.
    """
    if recipient is not None and recipient.pk != initiator.pk:
        existing = selectors.active_direct_connection(initiator, recipient)
        if existing is not None:
            message_send(thread=thread_for_connection(connection=existing), sender=initiator, body=message)
            return existing
    with transaction.atomic():
        connection = connection_create(initiator=initiator, initial_message=message, offer=offer, ask=ask,
                                       recipient=recipient)
        thread_for_connection(connection=connection)
    return connection
