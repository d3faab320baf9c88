"""The one place where connection and message events become notifications.

Why signals and not calls from collective.services: collective keeps no knowledge of notifications (its
services module promises no side effects), and the API, the member pages, seeds and the admin all reach
the same events. Connection creation and new messages arrive as post_save; the moves of the workflow and
ratings as collective's domain signals, which carry who acted. Everything here runs inside the write's
transaction; email and SMS leave only after commit (notifications.delivery.enqueue_on_commit).
"""
from django.db.models.signals import post_save
from django.dispatch import receiver

from collective.models import Connection
from collective.signals import connection_rated, connection_transitioned
from messaging.choices import MessageKind
from messaging.models import Message
from messaging.signals import thread_read

from . import services


@receiver(post_save, sender=Connection, dispatch_uid="notifications_connection_created")
def connection_created(sender, instance: Connection, created: bool, raw: bool = False, **kwargs) -> None:
    if created and not raw:
        services.notify_connection_created(connection=instance)


@receiver(connection_transitioned, dispatch_uid="notifications_connection_transitioned")
def connection_moved(sender, connection: Connection, actor, previous_status: str, **kwargs) -> None:
    services.notify_connection_transition(connection=connection, actor=actor, previous_status=previous_status)


@receiver(connection_rated, dispatch_uid="notifications_connection_rated")
def connection_rated_by(sender, connection: Connection, actor, **kwargs) -> None:
    services.notify_connection_rated(connection=connection, actor=actor)


@receiver(post_save, sender=Message, dispatch_uid="notifications_message_sent")
def message_sent(sender, instance: Message, created: bool, raw: bool = False, **kwargs) -> None:
    # The first message of a connection is its request, which notifies as the connection itself.
    if created and not raw and instance.kind == MessageKind.TEXT:
        services.notify_message(message=instance)


@receiver(thread_read, dispatch_uid="notifications_thread_read")
def thread_was_read(sender, thread, user, **kwargs) -> None:
    services.thread_notifications_read(thread=thread, user=user)
