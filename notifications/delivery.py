"""Sending the outbox (Delivery rows): claim a due row, apply the SMS rules, call the provider, record the outcome.

Exactly once: a row is claimed under a row lock (`select_for_update(skip_locked=True)`) with a conditional
UPDATE pending → sending, so two workers never both send it; the provider is called outside any
transaction; a failure puts the row back to pending with an exponential backoff (retried by the Celery
task and by the every-minute sweeper), never dropping it. If a worker dies between the provider's answer
and recording it, the sweeper marks the row "unknown" instead of sending it again.

SMS rules, checked when the SMS is due (a member may reply STOP meanwhile): a verified phone with SMS
enabled; at most NOTIFICATIONS_SMS_DAILY_LIMIT per member per local day; inside the member's sending
window (User.sms_window_start/end in User.time_zone), otherwise the row waits until the window opens.
"""
import logging
import smtplib
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import requests
from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from twilio.base.exceptions import TwilioException, TwilioRestException
from twilio.http.http_client import TwilioHttpClient
from twilio.rest import Client

from members.models import User
from members.selectors import member_zone

from .choices import Channel, DeliveryStatus, SkipReason
from .models import Delivery

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 6
BACKOFF_BASE_SECONDS = 30
BACKOFF_MAX_SECONDS = 60 * 60
STALE_SENDING_AFTER = timedelta(minutes=15)
TWILIO_TIMEOUT_SECONDS = 10
# Twilio error 21610: the recipient replied STOP to our number, so Twilio refuses to send to them.
TWILIO_UNSUBSCRIBED = 21610
# Counted against the daily SMS limit: everything that went out or may have.
SMS_COUNTED_STATUSES = (DeliveryStatus.SENT, DeliveryStatus.SIMULATED, DeliveryStatus.SENDING,
                        DeliveryStatus.UNKNOWN)


class RetryableError(Exception):
    """The provider may succeed later (timeouts, 5xx, 429)."""


class PermanentError(Exception):
    """Retrying won't help (an invalid number, an unsubscribed recipient)."""

    def __init__(self, message: str, *, code: int | None = None) -> None:
        super().__init__(message)
        self.code = code


@dataclass
class Outcome:
    status: str  # a DeliveryStatus, or "retry", "waiting", "not_due", "not_pending"
    retry_in: int | None = None


def backoff_seconds(attempts: int) -> int:
    """30 s, 1 min, 2 min, 4 min… after the 1st, 2nd, 3rd, 4th failed attempt, capped at an hour."""
    return min(BACKOFF_BASE_SECONDS * 2 ** max(attempts - 1, 0), BACKOFF_MAX_SECONDS)


# --- The member's clock -------------------------------------------------------------------------


def sms_window_opens_at(user, now: datetime) -> datetime | None:
    """None while `now` is inside the member's sending window, else the next moment the window opens.

    A window whose start is after its end runs overnight (e.g. 18:00–08:00); equal ends mean any time.
    """
    start, end = user.sms_window_start, user.sms_window_end
    if start == end:
        return None
    zone = member_zone(user)
    local = now.astimezone(zone)
    clock = local.time().replace(tzinfo=None)
    inside = start <= clock < end if start < end else (clock >= start or clock < end)
    if inside:
        return None
    day = local.date() if clock < start else local.date() + timedelta(days=1)
    return datetime.combine(day, start, tzinfo=zone).astimezone(ZoneInfo("UTC"))


def local_day_start(user, now: datetime) -> datetime:
    zone = member_zone(user)
    return datetime.combine(now.astimezone(zone).date(), datetime.min.time(), tzinfo=zone)


def sms_count_today(user, now: datetime) -> int:
    return Delivery.objects.filter(
        recipient=user, channel=Channel.SMS, bypass_rules=False, status__in=SMS_COUNTED_STATUSES,
        claimed_at__gte=local_day_start(user, now),
    ).count()


# --- Providers ---------------------------------------------------------------------------------


def twilio_configured() -> bool:
    return bool(settings.TWILIO_ACCOUNT_SID and settings.TWILIO_AUTH_TOKEN and settings.TWILIO_FROM_NUMBER)


def send_sms(*, to: str, body: str) -> tuple[str, str]:
    """Send through Twilio's SDK; without TWILIO_* settings the SMS is only recorded ("simulated")."""
    if not twilio_configured():
        logger.info("Simulated SMS to %s: %s", to, body)
        return DeliveryStatus.SIMULATED, ""
    client = Client(settings.TWILIO_ACCOUNT_SID, settings.TWILIO_AUTH_TOKEN,
                    http_client=TwilioHttpClient(timeout=TWILIO_TIMEOUT_SECONDS))
    try:
        message = client.messages.create(to=to, from_=settings.TWILIO_FROM_NUMBER, body=body)
    except TwilioRestException as error:
        detail = f"Twilio {error.status} (code {error.code}): {error.msg}"
        if error.status == 429 or error.status >= 500:
            raise RetryableError(detail) from error
        raise PermanentError(detail, code=error.code) from error
    except (TwilioException, requests.RequestException, OSError) as error:
        raise RetryableError(f"Twilio unreachable: {error}") from error
    return DeliveryStatus.SENT, message.sid or ""


def send_email(*, to: str, subject: str, body: str) -> tuple[str, str]:
    try:
        EmailMessage(subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=[to]).send()
    except (smtplib.SMTPException, OSError) as error:
        raise RetryableError(f"Email not accepted: {error}") from error
    return DeliveryStatus.SENT, ""


# --- One delivery ------------------------------------------------------------------------------


def _rules(delivery: Delivery, user: User, now: datetime) -> tuple[str, str] | datetime | None:
    """None to send now, a datetime to wait until, or ("skip", reason)."""
    if not user.is_active:
        return ("skip", SkipReason.INACTIVE)
    if delivery.channel == Channel.EMAIL:
        return None if user.email else ("skip", SkipReason.NO_EMAIL)
    if delivery.bypass_rules:
        return None
    if not user.has_verified_phone:
        return ("skip", SkipReason.PHONE_NOT_VERIFIED)
    if not user.sms_notifications_enabled:
        return ("skip", SkipReason.SMS_DISABLED)
    opens_at = sms_window_opens_at(user, now)
    if opens_at is not None:
        return opens_at
    if sms_count_today(user, now) >= settings.NOTIFICATIONS_SMS_DAILY_LIMIT:
        return ("skip", SkipReason.DAILY_LIMIT)
    return None


def deliver(delivery_id: int) -> Outcome:
    """Send one outbox row if it is pending and due. Safe to call any number of times, concurrently."""
    now = timezone.now()
    with transaction.atomic():
        delivery = (Delivery.objects.select_for_update(skip_locked=True, of=("self",))
                    .filter(pk=delivery_id).first())
        if delivery is None or delivery.status != DeliveryStatus.PENDING:
            return Outcome("not_pending")
        if delivery.next_attempt_at > now:
            return Outcome("not_due")
        user_rows = User.objects.filter(pk=delivery.recipient_id)
        if delivery.channel == Channel.SMS:
            # One member's SMS go one at a time, so two workers can't both send the day's last allowed one.
            user_rows = user_rows.select_for_update()
        user = user_rows.get()
        rule = _rules(delivery, user, now)
        if isinstance(rule, datetime):
            Delivery.objects.filter(pk=delivery.pk, status=DeliveryStatus.PENDING).update(next_attempt_at=rule)
            return Outcome("waiting")
        if rule is not None:
            Delivery.objects.filter(pk=delivery.pk, status=DeliveryStatus.PENDING).update(
                status=DeliveryStatus.SKIPPED, skip_reason=rule[1])
            return Outcome(DeliveryStatus.SKIPPED)
        if delivery.bypass_rules and delivery.to:
            address = delivery.to  # a verification code goes to the number being verified
        else:
            address = user.phone_number if delivery.channel == Channel.SMS else user.email
        claimed = Delivery.objects.filter(pk=delivery.pk, status=DeliveryStatus.PENDING).update(
            status=DeliveryStatus.SENDING, attempts=F("attempts") + 1, claimed_at=now, to=address)
        if not claimed:
            return Outcome("not_pending")
    attempts = delivery.attempts + 1
    sending = Delivery.objects.filter(pk=delivery.pk, status=DeliveryStatus.SENDING)
    try:
        if delivery.channel == Channel.SMS:
            status, provider_id = send_sms(to=address, body=delivery.body)
        else:
            status, provider_id = send_email(to=address, subject=delivery.subject, body=delivery.body)
    except RetryableError as error:
        if attempts >= MAX_ATTEMPTS:
            logger.error("Delivery %s failed after %s attempts: %s", delivery.pk, attempts, error)
            sending.update(status=DeliveryStatus.FAILED, last_error=str(error)[:2000])
            return Outcome(DeliveryStatus.FAILED)
        delay = backoff_seconds(attempts)
        logger.warning("Delivery %s attempt %s failed, retrying in %ss: %s", delivery.pk, attempts, delay, error)
        sending.update(status=DeliveryStatus.PENDING, next_attempt_at=timezone.now() + timedelta(seconds=delay),
                       last_error=str(error)[:2000])
        return Outcome("retry", retry_in=delay)
    except PermanentError as error:
        logger.error("Delivery %s failed for good: %s", delivery.pk, error)
        sending.update(status=DeliveryStatus.FAILED, last_error=str(error)[:2000])
        if error.code == TWILIO_UNSUBSCRIBED:
            User.objects.filter(pk=delivery.recipient_id).update(sms_notifications_enabled=False)
        return Outcome(DeliveryStatus.FAILED)
    done = {"status": status, "provider_message_id": provider_id, "sent_at": timezone.now(), "last_error": ""}
    if delivery.bypass_rules and status == DeliveryStatus.SENT:
        done["body"] = "(verification code sent; not kept)"  # the code only ever lives in the member's phone
    sending.update(**done)
    return Outcome(status)


def stale_sending_mark_unknown() -> int:
    """Rows a worker claimed but never finished: don't guess, don't resend; leave them for staff."""
    return Delivery.objects.filter(status=DeliveryStatus.SENDING,
                                   claimed_at__lt=timezone.now() - STALE_SENDING_AFTER).update(
        status=DeliveryStatus.UNKNOWN,
        last_error="The worker stopped while sending; not retried so it can't go out twice.")


def due_delivery_ids(*, limit: int = 500) -> list[int]:
    return list(Delivery.objects.filter(status=DeliveryStatus.PENDING, next_attempt_at__lte=timezone.now())
                .order_by("next_attempt_at", "id").values_list("id", flat=True)[:limit])


def enqueue(delivery_id: int) -> None:
    """Hand a row to Celery (runs inline when CELERY_TASK_ALWAYS_EAGER)."""
    from .tasks import deliver as deliver_task

    deliver_task.delay(delivery_id)


def enqueue_on_commit(delivery_ids: list[int]) -> None:
    """After the surrounding transaction commits (never for a rolled-back write), send these rows.

    robust=True: a broker hiccup is logged instead of failing the member's request; the row stays
    pending and the every-minute sweeper sends it.
    """
    for delivery_id in delivery_ids:
        transaction.on_commit(lambda pk=delivery_id: enqueue(pk), robust=True)
