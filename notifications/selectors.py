"""Reads of the notifications app."""
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.functional import SimpleLazyObject

from .choices import EVENT_DEFAULTS, PREFERENCE_EVENTS, SMS_EVENTS, Event
from .models import Notification, NotificationPreference

EVENT_ICONS = {
    Event.CONNECTION_REQUESTED: "user-plus",
    Event.ASK_RESPONDED: "hand-heart",
    Event.CONNECTION_ACCEPTED: "circle-check",
    Event.CONNECTION_COMPLETED: "party-popper",
    Event.CONNECTION_UPDATED: "info",
    Event.MESSAGE_RECEIVED: "message-circle",
    Event.RATING_RECEIVED: "star",
}


def attach_unread_notifications_count(user):
    """Give the signed-in member a lazy `unread_notifications_count` (idempotent; one COUNT, only when read).

    The header's bell (home.context_processors) and /notifications/ share it, so a page counts at most once.
    """
    if user is not None and user.is_authenticated and not hasattr(user, "unread_notifications_count"):
        # SimpleLazyObject proxies bool(), str() and comparisons, so templates use it like an int.
        user.unread_notifications_count = SimpleLazyObject(lambda: unread_notifications_count(user))
    return user


def unread_notifications_count(user) -> int:
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def notifications_for(user, *, unread_only: bool = False) -> QuerySet[Notification]:
    queryset = Notification.objects.filter(recipient=user).select_related("actor")
    if unread_only:
        queryset = queryset.filter(read_at__isnull=True)
    return queryset.order_by("-updated_at", "-id")


@dataclass
class PreferenceRow:
    event: str
    label: str
    email: bool
    sms: bool
    sms_available: bool


def preference_rows(user) -> list[PreferenceRow]:
    saved = {p.event: p for p in NotificationPreference.objects.filter(user=user)}
    rows = []
    for event in PREFERENCE_EVENTS:
        choice = saved.get(event)
        default = EVENT_DEFAULTS[event]
        rows.append(PreferenceRow(
            event=event, label=Event(event).label,
            email=choice.email if choice else default["email"],
            sms=(choice.sms if choice else default["sms"]) and event in SMS_EVENTS,
            sms_available=event in SMS_EVENTS,
        ))
    return rows
