"""Unread counts for the header: `request.user.unread_notifications_count` (the bell's dot) and
`request.user.unread_messages_count` (the badge on Connect).

Both are lazy: each costs one COUNT query, only on pages that read it, and at most once per request
(views that show the same number call `attach_unread_counts` and share the object).
"""
from django.utils.functional import SimpleLazyObject

from messaging.selectors import unread_messages_count

from .selectors import unread_notifications_count


def attach_unread_counts(user):
    """Give the signed-in member lazy unread counts (idempotent). Returns the user."""
    if user is not None and user.is_authenticated and not hasattr(user, "unread_notifications_count"):
        # SimpleLazyObject proxies bool(), str() and comparisons, so templates use it like an int.
        user.unread_notifications_count = SimpleLazyObject(lambda: unread_notifications_count(user))
        user.unread_messages_count = SimpleLazyObject(lambda: unread_messages_count(user))
    return user


def unread_counts(request) -> dict:
    user = attach_unread_counts(getattr(request, "user", None))
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications_count": user.unread_notifications_count,
            "unread_messages_count": user.unread_messages_count}
