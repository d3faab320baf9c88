"""Writes of the notifications app: notifying members, reading, preferences, phone verification, SMS replies.

`notify` writes the in-app Notification and its email/SMS Delivery rows inside the caller's transaction and
hands the deliveries to Celery with transaction.on_commit, so a rolled-back write notifies no one. The
connection and message events reach it from notifications/receivers.py (the one place with the triggers).
"""
import secrets
from datetime import timedelta

import phonenumbers
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from collective.choices import ConnectionStatus, ConnectionType
from collective.models import Connection
from core.errors import ApplicationError, NotFound
from members import safety
from members.models import User
from members.validators import validate_time_zone

from . import texts
from .choices import EVENT_DEFAULTS, PREFERENCE_EVENTS, SMS_EVENTS, Channel, Event
from .delivery import enqueue_on_commit
from .models import Delivery, Notification, NotificationPreference, PhoneVerification

CODE_TTL = timedelta(minutes=10)
CODE_MAX_ATTEMPTS = 5
CODE_RESEND_AFTER = timedelta(seconds=60)
CODES_PER_HOUR = 5

STOP_WORDS = {"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "OPTOUT", "REVOKE"}
START_WORDS = {"START", "YES", "UNSTOP", "OPTIN"}
HELP_WORDS = {"HELP", "INFO"}


def _points_for_completed_help() -> int:
    try:
        from economy.choices import POINTS_FOR_ACTION, PointsAction
    except ImportError:  # the economy app is optional for notifications
        return 0
    return POINTS_FOR_ACTION.get(PointsAction.COMPLETE_HELP, 0)


def preference_for(user, event: str) -> dict[str, bool]:
    row = NotificationPreference.objects.filter(user=user, event=event).values("email", "sms").first()
    return row or EVENT_DEFAULTS.get(event, {"email": True, "sms": False})


# --- Notify ----------------------------------------------------------------------------------------


def notify(*, recipient, event: str, url: str, actor=None, connection: Connection | None = None, thread=None,
           title: str = "", kind: str = "", status: str = "", rating: int | None = None, points: int = 0,
           excerpt: str = "", dedupe_key: str = "") -> Notification | None:
    """Tell `recipient` about an event: a notification-center entry, plus email and SMS per their settings.

    Nothing for inactive members or their own actions; an event with a `dedupe_key` notifies once.
    """
    if recipient is None or not recipient.is_active or (actor is not None and actor.pk == recipient.pk):
        return None
    if actor is not None and safety.silenced_for(recipient, actor):
        return None  # blocked either way, or muted by the recipient: they hear nothing of each other
    if dedupe_key and Notification.objects.filter(recipient=recipient, dedupe_key=dedupe_key).exists():
        return None
    copy = texts.compose(event, recipient=recipient, actor=actor.username if actor else "someone", url=url,
                         title=title, kind=kind, status=status, rating=rating, points=points, excerpt=excerpt)
    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                recipient=recipient, event=event, actor=actor, connection=connection, thread=thread, text=copy.text,
                url=url, dedupe_key=dedupe_key)
    except IntegrityError:  # the same event, notified by a parallel request a moment ago
        return None
    wants = preference_for(recipient, event)
    deliveries = []
    if wants["email"] and recipient.email:
        deliveries.append(Delivery(channel=Channel.EMAIL, event=event, recipient=recipient, notification=notification,
                                   subject=copy.email_subject, body=copy.email_body,
                                   idempotency_key=f"notification:{notification.pk}:email"))
    # SMS rules are checked again when it is due (a STOP may arrive meanwhile); this skips the obvious.
    if (event in SMS_EVENTS and copy.sms and wants["sms"] and recipient.has_verified_phone
            and recipient.sms_notifications_enabled):
        deliveries.append(Delivery(channel=Channel.SMS, event=event, recipient=recipient, notification=notification,
                                   body=copy.sms, idempotency_key=f"notification:{notification.pk}:sms"))
    if deliveries:
        created = Delivery.objects.bulk_create(deliveries)
        enqueue_on_commit([d.pk for d in created])
    return notification


def _connection_url(connection: Connection) -> str:
    return reverse("messaging:connection_detail", args=[connection.pk])


def notify_connection_created(*, connection: Connection) -> Notification | None:
    """Someone responded to your ask, or wants to connect about your offer or with you.

    A connection created in a later state (seeds, imports, the admin) is history, not news: no one is told.
    """
    if connection.status != ConnectionStatus.INITIATED:
        return None
    responded = connection.connection_type == ConnectionType.ASK_RESPONSE
    return notify(
        recipient=connection.responder, actor=connection.initiator, connection=connection,
        event=Event.ASK_RESPONDED if responded else Event.CONNECTION_REQUESTED,
        url=_connection_url(connection), title=connection.context_title, kind=connection.connection_type,
        excerpt=connection.initial_message, dedupe_key=f"connection:{connection.pk}:created",
    )


def notify_connection_transition(*, connection: Connection, actor, previous_status: str) -> Notification | None:
    """Accepted, completed, declined, cancelled or started: the other participant hears about it."""
    status = connection.status
    if status == ConnectionStatus.DISCUSSING:
        return None  # the reply that moved it there notifies as a message
    recipient = connection.other_participant(actor)
    common = {"recipient": recipient, "actor": actor, "connection": connection, "url": _connection_url(connection),
              "title": connection.context_title, "dedupe_key": f"connection:{connection.pk}:{status}"}
    if status == ConnectionStatus.ACCEPTED:
        return notify(event=Event.CONNECTION_ACCEPTED, **common)
    if status == ConnectionStatus.COMPLETED:
        points = _points_for_completed_help() if recipient.pk == connection.helper_id else 0
        return notify(event=Event.CONNECTION_COMPLETED, points=points, **common)
    return notify(event=Event.CONNECTION_UPDATED, status=status, **common)


def notify_connection_rated(*, connection: Connection, actor) -> Notification | None:
    rating = connection.initiator_rating if actor.pk == connection.initiator_id else connection.responder_rating
    feedback = connection.initiator_feedback if actor.pk == connection.initiator_id else connection.responder_feedback
    return notify(recipient=connection.other_participant(actor), actor=actor, connection=connection,
                  event=Event.RATING_RECEIVED, url=_connection_url(connection), title=connection.context_title,
                  rating=rating, excerpt=feedback, dedupe_key=f"connection:{connection.pk}:rated-by:{actor.pk}")


def notify_message(*, message) -> None:
    """A new message: one unread entry per thread grows ("3 new messages"); only its first one emails."""
    thread = message.thread
    url = reverse("messaging:thread", args=[thread.pk])
    sender = message.sender
    for recipient in thread.participants.exclude(pk=sender.pk):
        updated = 0
        with transaction.atomic():
            entry = (Notification.objects.select_for_update()
                     .filter(recipient=recipient, event=Event.MESSAGE_RECEIVED, thread=thread, read_at__isnull=True)
                     .first())
            if entry is not None:
                count = entry.count + 1
                text = texts.in_app_text(Event.MESSAGE_RECEIVED, actor=sender.username, count=count)
                updated = Notification.objects.filter(pk=entry.pk).update(
                    count=F("count") + 1, text=text, actor=sender, updated_at=timezone.now())
        if not updated:
            notify(recipient=recipient, actor=sender, thread=thread, event=Event.MESSAGE_RECEIVED, url=url,
                   excerpt=message.body)


# --- Reading ---------------------------------------------------------------------------------------


def notifications_mark_read(*, user, ids: list[int] | None = None) -> int:
    """Mark the given notifications (default: all of them) read. Returns how many changed."""
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=ids)
    return unread.update(read_at=timezone.now())


def notification_open(*, user, pk: int) -> Notification:
    notification = Notification.objects.filter(recipient=user, pk=pk).first()
    if notification is None:
        raise NotFound("No such notification.")
    if notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=pk, read_at__isnull=True).update(read_at=notification.read_at)
    return notification


def thread_notifications_read(*, thread, user) -> int:
    """Opening a conversation reads its message notifications too."""
    return Notification.objects.filter(recipient=user, thread=thread, event=Event.MESSAGE_RECEIVED,
                                       read_at__isnull=True).update(read_at=timezone.now())


# --- Settings --------------------------------------------------------------------------------------


def preferences_update(*, user, choices: dict[str, dict[str, bool]]) -> None:
    """Save email/SMS choices per event: {"message_received": {"email": False, "sms": False}, …}."""
    unknown = set(choices) - set(PREFERENCE_EVENTS)
    if unknown:
        raise ApplicationError("Unknown notification type.", fields={"events": sorted(unknown)})
    rows = [NotificationPreference(user=user, event=event, email=bool(c.get("email")),
                                   sms=bool(c.get("sms")) and event in SMS_EVENTS)
            for event, c in choices.items()]
    NotificationPreference.objects.bulk_create(rows, update_conflicts=True, unique_fields=["user", "event"],
                                               update_fields=["email", "sms"])


def sms_settings_update(*, user, sms_enabled: bool, window_start, window_end, time_zone: str) -> None:
    """The SMS switch, the daily sending window and the member's time zone."""
    try:
        validate_time_zone(time_zone)
    except ValidationError as error:
        raise ApplicationError("Choose a time zone from the list.", fields={"time_zone": error.messages}) from error
    if window_start is None or window_end is None:
        raise ApplicationError("Give both ends of the sending window.",
                               fields={"sms_window_start": "Required.", "sms_window_end": "Required."})
    values = {"sms_notifications_enabled": bool(sms_enabled), "sms_window_start": window_start,
              "sms_window_end": window_end, "time_zone": time_zone}
    User.objects.filter(pk=user.pk).update(**values)
    for name, value in values.items():
        setattr(user, name, value)


def phone_normalize(raw: str) -> str:
    """"+1 (415) 555-0123" → "+14155550123"; raises ApplicationError for anything that isn't a real number."""
    raw = (raw or "").strip()
    if not raw:
        raise ApplicationError("Enter your mobile number.", fields={"phone_number": "Enter your mobile number."})
    try:
        number = phonenumbers.parse(raw, None)
    except phonenumbers.NumberParseException as error:
        raise ApplicationError("Use international format.",
                               fields={"phone_number": "Start with + and your country code, e.g. +14155550123."}) from error
    if not phonenumbers.is_valid_number(number):
        raise ApplicationError("That number doesn't look right.",
                               fields={"phone_number": "Check the number, including the country code."})
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _code_hash(user_id: int, phone_number: str, code: str) -> str:
    return salted_hmac("notifications.phone-verification", f"{user_id}:{phone_number}:{code}",
                       algorithm="sha256").hexdigest()


def phone_verification_start(*, user, phone_number: str) -> tuple[PhoneVerification, str]:
    """Text a 6-digit code to the number. The member's number only changes once the code is confirmed.

    At most one code a minute and CODES_PER_HOUR an hour, per member and per number (SMS pumping).
    """
    phone = phone_normalize(phone_number)
    if User.objects.filter(phone_number=phone, phone_verified_at__isnull=False).exclude(pk=user.pk).exists():
        raise ApplicationError("That number is verified on another account.",
                               fields={"phone_number": "That number is verified on another account."})
    now = timezone.now()
    latest = PhoneVerification.objects.filter(user=user).order_by("-created_at").first()
    if latest is not None and now - latest.created_at < CODE_RESEND_AFTER:
        wait = int((CODE_RESEND_AFTER - (now - latest.created_at)).total_seconds()) + 1
        raise ApplicationError(f"We just sent a code. You can ask for a new one in {wait} seconds.",
                               fields={"phone_number": f"Wait {wait} seconds before asking again."},
                               code="throttled", status=429)
    hour_ago = now - timedelta(hours=1)
    if (PhoneVerification.objects.filter(user=user, created_at__gte=hour_ago).count() >= CODES_PER_HOUR
            or PhoneVerification.objects.filter(phone_number=phone, created_at__gte=hour_ago).count() >= CODES_PER_HOUR):
        raise ApplicationError("That's a lot of codes. Try again in an hour.",
                               fields={"phone_number": "Too many codes this hour."}, code="throttled", status=429)
    code = f"{secrets.randbelow(10**6):06d}"
    with transaction.atomic():
        verification = PhoneVerification.objects.create(
            user=user, phone_number=phone, code_hash=_code_hash(user.pk, phone, code), created_at=now,
            expires_at=now + CODE_TTL)
        delivery = Delivery.objects.create(
            channel=Channel.SMS, event=Event.PHONE_VERIFICATION, recipient=user, to=phone, bypass_rules=True,
            body=texts.SMS_VERIFICATION.format(code=code, minutes=int(CODE_TTL.total_seconds() // 60)),
            idempotency_key=f"phone-verification:{verification.pk}")
        enqueue_on_commit([delivery.pk])
    return verification, code


def phone_verification_pending(user) -> PhoneVerification | None:
    """The code the member can still enter, if any."""
    return (PhoneVerification.objects.filter(user=user, verified_at__isnull=True, expires_at__gt=timezone.now(),
                                             attempts__lt=CODE_MAX_ATTEMPTS)
            .order_by("-created_at").first())


def phone_verification_confirm(*, user, code: str) -> str:
    """Check the code of the latest verification; on success the number becomes the member's, verified."""
    code = "".join(ch for ch in (code or "") if ch.isdigit())
    now = timezone.now()
    with transaction.atomic():
        verification = (PhoneVerification.objects.select_for_update()
                        .filter(user=user, verified_at__isnull=True).order_by("-created_at").first())
        if verification is None or verification.expires_at <= now:
            problem = "That code has expired. Send a new one."
        elif verification.attempts >= CODE_MAX_ATTEMPTS:
            problem = "Too many wrong tries. Send a new code."
        elif not constant_time_compare(_code_hash(user.pk, verification.phone_number, code), verification.code_hash):
            PhoneVerification.objects.filter(pk=verification.pk).update(attempts=F("attempts") + 1)
            left = CODE_MAX_ATTEMPTS - verification.attempts - 1
            problem = (f"That code isn't right. {left} {'try' if left == 1 else 'tries'} left." if left
                       else "That code isn't right, and that was the last try. Send a new code.")
        else:
            problem = ""
            PhoneVerification.objects.filter(pk=verification.pk).update(verified_at=now)
            User.objects.filter(pk=user.pk).update(phone_number=verification.phone_number, phone_verified_at=now,
                                                   sms_notifications_enabled=True)
            user.phone_number, user.phone_verified_at = verification.phone_number, now
            user.sms_notifications_enabled = True
    if problem:  # raised after the commit, so a wrong try is counted
        raise ApplicationError(problem, fields={"code": problem}, code="invalid_code")
    return user.phone_number


def phone_verification_cancel(*, user) -> None:
    """Drop the codes waiting to be entered (to verify a different number instead)."""
    PhoneVerification.objects.filter(user=user, verified_at__isnull=True).delete()


def phone_remove(*, user) -> None:
    User.objects.filter(pk=user.pk).update(phone_number="", phone_verified_at=None)
    PhoneVerification.objects.filter(user=user, verified_at__isnull=True).delete()
    user.phone_number, user.phone_verified_at = "", None


def sms_inbound(*, from_number: str, body: str) -> str:
    """A reply to our number (Twilio webhook): STOP turns SMS off, START back on, HELP explains.

    Returns the text to answer with ("" for none: Twilio confirms STOP and START itself).
    """
    words = (body or "").strip().split()
    keyword = words[0].upper().strip(".!") if words else ""
    members = User.objects.filter(phone_number=from_number)
    if keyword in STOP_WORDS:
        members.update(sms_notifications_enabled=False)
        return ""
    if keyword in START_WORDS:
        members.filter(phone_verified_at__isnull=False).update(sms_notifications_enabled=True)
        return ""
    if keyword in HELP_WORDS:
        return texts.SMS_HELP.format(link=texts.absolute("/settings/notifications/"))
    return ""

