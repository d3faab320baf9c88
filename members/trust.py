"""Trust levels and the one limiter of member actions.

Levels (Discourse-style) come from account age, points and completed help; see README "Trust levels".
`action_consume` is called by the services that create offers, asks, connection requests and messages,
so the same daily and per-minute limits hold on the pages and in the API. Its memory is a database table
(ActionRecord), not the cache: a Redis outage neither lifts nor breaks the limit.
"""
import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from core.errors import ApplicationError

from .choices import LimitedAction, TrustLevel
from .models import ActionRecord, User


@dataclass(frozen=True)
class Requirement:
    days: int
    points: int
    helped: int


# What each level needs (all three); curators and staff are Leaders.
REQUIREMENTS = {
    TrustLevel.BASIC: Requirement(days=1, points=10, helped=0),
    TrustLevel.MEMBER: Requirement(days=14, points=100, helped=1),
    TrustLevel.REGULAR: Requirement(days=60, points=500, helped=5),
}

# Actions per rolling 24 hours by level; None = no daily limit.
DAILY_LIMITS = {
    TrustLevel.NEW: {LimitedAction.OFFER: 3, LimitedAction.ASK: 3, LimitedAction.CONNECTION_REQUEST: 5,
                     LimitedAction.MESSAGE: 50},
    TrustLevel.BASIC: {LimitedAction.OFFER: 10, LimitedAction.ASK: 10, LimitedAction.CONNECTION_REQUEST: 20,
                       LimitedAction.MESSAGE: 300},
    TrustLevel.MEMBER: {LimitedAction.OFFER: 30, LimitedAction.ASK: 30, LimitedAction.CONNECTION_REQUEST: 60,
                        LimitedAction.MESSAGE: 1000},
}
# Everyone, whatever their level: a burst cap per rolling minute (a script can't post 100 offers in 34 s).
PER_MINUTE_LIMITS = {LimitedAction.OFFER: 5, LimitedAction.ASK: 5, LimitedAction.CONNECTION_REQUEST: 10,
                     LimitedAction.MESSAGE: 30}
DAY = datetime.timedelta(days=1)
MINUTE = datetime.timedelta(minutes=1)


class RateLimited(ApplicationError):
    def __init__(self, message: str) -> None:
        super().__init__(message, code="rate_limited", status=429)


def trust_level(user, *, now: datetime.datetime | None = None) -> int:
    if user.is_staff or user.is_superuser or getattr(user, "is_curator", False):
        return TrustLevel.LEADER
    age = (now or timezone.now()) - user.date_joined
    level = TrustLevel.NEW
    for candidate, need in REQUIREMENTS.items():
        if age >= datetime.timedelta(days=need.days) and user.points >= need.points and user.helped_count >= need.helped:
            level = candidate
    return level


def next_level(user) -> dict | None:
    """The next level and what is still missing, for the path shown on /settings/privacy/."""
    level = trust_level(user)
    following = REQUIREMENTS.get(level + 1) if level < TrustLevel.REGULAR else None
    if following is None:
        return None
    age_days = (timezone.now() - user.date_joined).days
    return {
        "level": TrustLevel(level + 1),
        "days": max(0, following.days - age_days),
        "points": max(0, following.points - user.points),
        "helped": max(0, following.helped - user.helped_count),
    }


def limits_for(user) -> dict[str, int | None]:
    daily = DAILY_LIMITS.get(trust_level(user), {})
    return {action: daily.get(action) for action in LimitedAction.values}


def action_consume(*, user, action: str, now: datetime.datetime | None = None) -> None:
    """Count one `action` by `user`, or raise RateLimited (429) when a limit is reached."""
    now = now or timezone.now()
    label = LimitedAction(action).label
    with transaction.atomic():
        # One member's actions are counted one at a time, so parallel requests can't all slip under the limit.
        User.objects.select_for_update().filter(pk=user.pk).values_list("pk", flat=True).first()
        records = ActionRecord.objects.filter(user=user, action=action)
        if records.filter(created_at__gt=now - MINUTE).count() >= PER_MINUTE_LIMITS[action]:
            raise RateLimited(f"You're posting {label} very fast. Take a breath and try again in a minute.")
        level = trust_level(user, now=now)
        daily = DAILY_LIMITS.get(level, {}).get(action)
        if daily is not None and records.filter(created_at__gt=now - DAY).count() >= daily:
            raise RateLimited(f"At trust level {level} ({TrustLevel(level).label}) you can post {daily} {label} a day, "
                              "and you've reached today's limit. It grows as you take part "
                              "(see Settings → Privacy & safety).")
        ActionRecord.objects.filter(user=user, created_at__lte=now - DAY).delete()
        ActionRecord.objects.create(user=user, action=action, created_at=now)
