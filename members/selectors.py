"""Reads about members that need no other app."""
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


def member_zone(user) -> ZoneInfo:
    """The member's time zone (UTC when unset or unknown): quiet hours, message days, local dates."""
    try:
        return ZoneInfo(user.time_zone or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")
