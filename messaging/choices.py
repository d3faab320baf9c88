from django.db import models


class MessageKind(models.TextChoices):
    TEXT = "text", "Message"
    # The connection's initial message, shown with what the connection is about.
    REQUEST = "request", "Connection request"


# Connections in these states keep their thread readable but closed to new messages.
THREAD_CLOSED_STATUSES = ("declined", "cancelled")
