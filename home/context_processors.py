"""Site-wide template context: the header's unread counts.

`unread_notifications_count` (the bell's dot) and `unread_messages_count` (the badge on Connect) are
lazy: each costs one COUNT query, only on pages that read it, and at most once per request (the
notifications and messaging pages that show the same number share the object on `request.user`).
The header composes two rooms, so this lives at the web edge rather than in either of them.
"""
from messaging.selectors import attach_unread_messages_count
from notifications.selectors import attach_unread_notifications_count


def unread_counts(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    attach_unread_notifications_count(user)
    attach_unread_messages_count(user)
    return {"unread_notifications_count": user.unread_notifications_count,
            "unread_messages_count": user.unread_messages_count}
