from django.db import models


class Event(models.TextChoices):
    CONNECTION_REQUESTED = "connection_requested", "New connection request"
    ASK_RESPONDED = "ask_responded", "Someone responds to your ask"
    CONNECTION_ACCEPTED = "connection_accepted", "Your connection is accepted"
    CONNECTION_COMPLETED = "connection_completed", "Your help is marked complete"
    CONNECTION_UPDATED = "connection_updated", "A connection is declined, cancelled or started"
    MESSAGE_RECEIVED = "message_received", "New message"
    RATING_RECEIVED = "rating_received", "Someone rates your connection"
    # Moderation (not member preferences): the outcome of a report, and a curator's notice to a member.
    REPORT_RESOLVED = "report_resolved", "Your report was reviewed"
    MODERATION_NOTICE = "moderation_notice", "A notice from the curators"
    # Not a member preference: the one-time code of phone verification.
    PHONE_VERIFICATION = "phone_verification", "Phone verification code"


# The four SMS triggers of the spec (Sprint 7.2); every other event is in-app and email only.
SMS_EVENTS = (Event.CONNECTION_REQUESTED, Event.ASK_RESPONDED, Event.CONNECTION_ACCEPTED, Event.CONNECTION_COMPLETED)

# Events a member can tune on /settings/notifications/, in display order.
PREFERENCE_EVENTS = (
    Event.CONNECTION_REQUESTED, Event.ASK_RESPONDED, Event.CONNECTION_ACCEPTED, Event.CONNECTION_COMPLETED,
    Event.CONNECTION_UPDATED, Event.MESSAGE_RECEIVED, Event.RATING_RECEIVED,
)


# Without a preference row: email for everything, SMS for the four SMS events (once a phone is verified).
EVENT_DEFAULTS = {event: {"email": True, "sms": event in SMS_EVENTS} for event in PREFERENCE_EVENTS}


class Channel(models.TextChoices):
    EMAIL = "email", "Email"
    SMS = "sms", "SMS"


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", "Pending"          # waiting for its turn (next_attempt_at): new, retrying or quiet hours
    SENDING = "sending", "Sending"          # claimed by one worker
    SENT = "sent", "Sent"
    SIMULATED = "simulated", "Simulated"    # SMS without Twilio keys: recorded here instead of sent
    SKIPPED = "skipped", "Skipped"          # a rule said no when it was due (see skip_reason)
    FAILED = "failed", "Failed"             # permanent provider error, or out of attempts
    # A worker stopped between calling the provider and recording the answer. Not retried, so it can't
    # go out twice; staff can see it here.
    UNKNOWN = "unknown", "Outcome unknown"


class SkipReason(models.TextChoices):
    DAILY_LIMIT = "daily_limit", "Daily SMS limit reached"
    PHONE_NOT_VERIFIED = "phone_not_verified", "Phone number not verified"
    SMS_DISABLED = "sms_disabled", "SMS turned off by the member"
    NO_EMAIL = "no_email", "No email address"
    INACTIVE = "inactive", "Account inactive"


FINISHED_STATUSES = (DeliveryStatus.SENT, DeliveryStatus.SIMULATED, DeliveryStatus.SKIPPED, DeliveryStatus.FAILED,
                     DeliveryStatus.UNKNOWN)
