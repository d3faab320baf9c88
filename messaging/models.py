"""Messages in the private threads between connected members, and who has read how far."""
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from collective.models import DirectMessageThread

from .choices import MessageKind


class Message(models.Model):
    """One message in a DirectMessageThread. The body is plain text; templates escape it and link URLs."""

    thread = models.ForeignKey(DirectMessageThread, on_delete=models.CASCADE, related_name="messages")
    sender = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="messages_sent")
    body = models.TextField()
    kind = models.CharField(max_length=10, choices=MessageKind.choices, default=MessageKind.TEXT)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["thread", "id"], name="message_thread_id_idx")]
        constraints = [
            models.CheckConstraint(condition=~Q(body=""), name="message_body_not_empty",
                                   violation_error_message="Please write a message."),
        ]

    def __str__(self) -> str:
        return f"{self.sender} in thread #{self.thread_id}: {self.body[:40]}"


class ThreadReadState(models.Model):
    """How far a participant has read a thread: messages with a higher id are unread for them."""

    thread = models.ForeignKey(DirectMessageThread, on_delete=models.CASCADE, related_name="read_states")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="thread_read_states")
    last_read_message_id = models.PositiveBigIntegerField(default=0)
    last_read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["thread", "user"], name="unique_thread_read_state")]

    def __str__(self) -> str:
        return f"{self.user} read thread #{self.thread_id} up to message {self.last_read_message_id}"
