"""Connections made before messaging existed get their thread, with the initial message as its first message."""
from django.db import migrations


def backfill(apps, schema_editor):
    Connection = apps.get_model("collective", "Connection")
    Thread = apps.get_model("collective", "DirectMessageThread")
    Message = apps.get_model("messaging", "Message")
    for connection in Connection.objects.order_by("id").iterator():
        thread = connection.dm_thread
        if thread is None:
            thread = Thread.objects.create()
            Thread.objects.filter(pk=thread.pk).update(created_at=connection.created_at,
                                                       updated_at=connection.updated_at)
            Connection.objects.filter(pk=connection.pk).update(dm_thread=thread)
        thread.participants.add(connection.initiator_id, connection.responder_id)
        if connection.initial_message and not Message.objects.filter(thread=thread).exists():
            Message.objects.create(thread=thread, sender_id=connection.initiator_id, body=connection.initial_message,
                                   kind="request", created_at=connection.created_at)


class Migration(migrations.Migration):

    dependencies = [
        ("messaging", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
