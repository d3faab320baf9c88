"""Reads about members that need no other app, and THE rule of whose things others may see."""
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.db.models import Q, QuerySet

from .models import User
from .safety import visible_owner_q


def member_visible_q(viewer=None, *, via: str = "") -> Q:
    """Whose profile and things (offers, asks, courses, paths…) `viewer` may see: members who are active,
    not suspended, not awaiting deletion, and not blocked or muted between them and `viewer`
    (members.safety.visible_owner_q).

    Every content type's visibility rule is built on this one, so a condition added here hides a
    member's things everywhere at once: pages, the API, discovery, checkout, connecting, messaging,
    enrolling. Conditions on the row and its owner, never `id IN (…all public rows…)`.

    `via` is the lookup path from the queried model to the member: "" for User, "user__" for Offer.
    The conditions themselves (deactivated, suspended, leaving; blocked or muted for `viewer`) are
    members.safety's.
    """
    return visible_owner_q(viewer, field=via[:-2] if via.endswith("__") else via)


def members_visible_to(viewer=None) -> QuerySet[User]:
    return User.objects.filter(member_visible_q(viewer))


def member_zone(user) -> ZoneInfo:
    """The member's time zone (UTC when unset or unknown): quiet hours, message days, local dates."""
    try:
        return ZoneInfo(user.time_zone or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")
