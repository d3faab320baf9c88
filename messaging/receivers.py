"""Every new connection gets its private thread with the initial message as the first message, whichever
code path created it (member pages, the API, seeds, the admin)."""
from django.db.models.signals import post_save
from django.dispatch import receiver

from collective.models import Connection

from .services import thread_for_connection


@receiver(post_save, sender=Connection, dispatch_uid="messaging_connection_thread")
def give_connection_a_thread(sender, instance: Connection, created: bool, raw: bool = False, **kwargs) -> None:
    if raw or not created:
        return
    thread_for_connection(connection=instance)
