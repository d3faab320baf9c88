"""The notification center, members' channel preferences, the email/SMS outbox and phone verification."""
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from collective.models import Connection, DirectMessageThread

from .choices import Channel, DeliveryStatus, Event, SkipReason


class Notification(models.Model):
    """One entry of a member's notification center (the bell). Email and SMS copies go through Delivery."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    event = models.CharField(max_length=32, choices=Event.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="+")
    connection = models.ForeignKey(Connection, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    # Message notifications of one thread are folded into one unread entry ("3 new messages").
    thread = models.ForeignKey(DirectMessageThread, on_delete=models.CASCADE, null=True, blank=True,
                               related_name="+")
    text = models.CharField(max_length=300)
    url = models.CharField(max_length=500, blank=True)
    count = models.PositiveIntegerField(default=1)
    # Makes an event notify once however often its model is saved, e.g. "connection:12:accepted".
    dedupe_key = models.CharField(max_length=120, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-updated_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "-updated_at"], name="notif_recipient_updated_idx"),
            models.Index(fields=["recipient", "read_at"], name="notif_recipient_read_idx"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "dedupe_key"], condition=~Q(dedupe_key=""),
                                    name="unique_notification_dedupe_key"),
            models.CheckConstraint(condition=Q(count__gte=1), name="notification_count_positive"),
        ]

    def __str__(self) -> str:
        return f"To {self.recipient}: {self.text}"

    @property
    def is_unread(self) -> bool:
        return self.read_at is None


class NotificationPreference(models.Model):
    """A member's choice of email and SMS for one event; without a row the defaults of EVENT_DEFAULTS apply."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="notification_preferences")
    event = models.CharField(max_length=32, choices=Event.choices)
    email = models.BooleanField(default=True)
    sms = models.BooleanField(default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "event"], name="unique_notification_preference")]

    def __str__(self) -> str:
        return f"{self.user} · {self.event}: email={self.email} sms={self.sms}"


class Delivery(models.Model):
    """The outbox: one email or SMS to send. Written in the same transaction as its notification, then
    sent by a Celery task that claims the row, so a delivery is never lost and never sent twice."""

    channel = models.CharField(max_length=10, choices=Channel.choices)
    event = models.CharField(max_length=32, choices=Event.choices)
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                  related_name="notification_deliveries")
    notification = models.ForeignKey(Notification, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="deliveries")
    # The address used, filled in when the delivery is sent (a member may change it meanwhile).
    to = models.CharField(max_length=254, blank=True)
    subject = models.CharField(max_length=200, blank=True)
    body = models.TextField()
    status = models.CharField(max_length=12, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING)
    skip_reason = models.CharField(max_length=32, choices=SkipReason.choices, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    last_error = models.TextField(blank=True)
    provider_message_id = models.CharField(max_length=64, blank=True)
    idempotency_key = models.CharField(max_length=120, unique=True)
    # Verification codes go out even outside the sending window and to a not-yet-verified number.
    bypass_rules = models.BooleanField(default=False)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "deliveries"
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="delivery_due_idx"),
            models.Index(fields=["recipient", "channel", "claimed_at"], name="delivery_recipient_day_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} to {self.recipient} ({self.get_status_display()})"


class PhoneVerification(models.Model):
    """A one-time code sent to a phone number; only its salted hash is stored."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="phone_verifications")
    phone_number = models.CharField(max_length=16)
    code_hash = models.CharField(max_length=128)
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    verified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "-created_at"], name="phone_verif_user_idx"),
                   models.Index(fields=["phone_number", "-created_at"], name="phone_verif_number_idx")]

    def __str__(self) -> str:
        return f"Code for {self.user} at {self.phone_number}"
