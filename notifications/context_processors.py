"""Unread counts for the header: `request.user.unread_notifications_count` (the bell's dot) and
`request.user.unread_messages_count` (the badge on Connect).

Both are lazy: each costs one COUNT query, and only on pages whose template actually reads it.
"""
from django.utils.functional import SimpleLazyObject

from messaging.selectors import unread_messages_count

from .selectors import unread_notifications_count


def unread_counts(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    # SimpleLazyObject proxies bool() and str(), so {% if %} and {{ }} work on it as on an int.
    if not hasattr(user, "unread_notifications_count"):
        user.unread_notifications_count = SimpleLazyObject(lambda: unread_notifications_count(user))
        user.unread_messages_count = SimpleLazyObject(lambda: unread_messages_count(user))
    return {"unread_notifications_count": user.unread_notifications_count,
            "unread_messages_count": user.unread_messages_count}
