"""Reads of the generosity economy: histories, leaderboards, recognition and unlocks (spec 8.4, 8.9).

Unlocks follow the member's current points (`User.points`). Other apps ask here rather than
comparing numbers themselves: `can_pin_offers(user)`, `can_view_offer_analytics(user)`,
`has_early_access(user)`, `with_priority_placement(offers)` for Discover's ordering, and so on.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.core.paginator import Page, Paginator
from django.db.models import BooleanField, Case, Count, Q, QuerySet, Sum, Value, When
from django.utils import timezone

from members.choices import Role
from members.models import User
from members.selectors import members_visible_to

from .choices import (
    EARNING_ACTIONS,
    GIVING_ACTIONS,
    UNLOCK_GROUPS,
    UNLOCK_THRESHOLDS,
    CreditTransactionType,
    PointsAction,
    Unlock,
)
from .models import CreditTransaction, Endorsement, PeerBadgeAward, PeerBadgeType, PointsTransaction

LEADERBOARD_WINDOW = timedelta(days=7)
FEATURED_HELPER_POINTS = UNLOCK_THRESHOLDS[Unlock.FEATURED_HELPER]

POINTS_KINDS = {
    "earned": ("Earned", Q(action__in=EARNING_ACTIONS, reverses__isnull=True)),
    "gifts": ("Gifts", Q(action__in=[PointsAction.GIFT_SENT, PointsAction.GIFT_RECEIVED], reverses__isnull=True)),
    "conversions": ("Conversions", Q(action=PointsAction.POINTS_CONVERSION, reverses__isnull=True)),
    "reversals": ("Reversals", Q(reverses__isnull=False)),
}
CREDIT_KINDS = {
    "added": (
        "Added",
        Q(
            transaction_type__in=[
                CreditTransactionType.PURCHASE,
                CreditTransactionType.BONUS,
                CreditTransactionType.POINTS_CONVERSION,
            ],
            amount__gt=0,
        ),
    ),
    "used": ("Used", Q(transaction_type=CreditTransactionType.USAGE)),
    "gifts": ("Gifts", Q(transaction_type__in=[CreditTransactionType.GIFT_SENT, CreditTransactionType.GIFT_RECEIVED])),
    "refunds": ("Refunds", Q(transaction_type=CreditTransactionType.REFUND)),
    "reversals": ("Reversals", Q(reverses__isnull=False)),
}
PERIODS = {
    "7d": ("Last 7 days", timedelta(days=7)),
    "30d": ("Last 30 days", timedelta(days=30)),
    "365d": ("Last year", timedelta(days=365)),
}


def _since(period: str | None):
    return timezone.now() - PERIODS[period][1] if period in PERIODS else None


# ---------------------------------------------------------------------------------------- history
def points_history(*, member: User, kind: str | None = None, period: str | None = None) -> QuerySet[PointsTransaction]:
    """The member's points ledger, newest first, filtered by kind (see POINTS_KINDS) and period."""
    rows = PointsTransaction.objects.filter(member=member).select_related("related_user")
    if kind in POINTS_KINDS:
        rows = rows.filter(POINTS_KINDS[kind][1])
    since = _since(period)
    if since is not None:
        rows = rows.filter(created_at__gte=since)
    return rows.order_by("-created_at", "-id")


def credit_history(*, member: User, kind: str | None = None, period: str | None = None) -> QuerySet[CreditTransaction]:
    rows = CreditTransaction.objects.filter(user=member).select_related("related_user")
    if kind in CREDIT_KINDS:
        rows = rows.filter(CREDIT_KINDS[kind][1])
    since = _since(period)
    if since is not None:
        rows = rows.filter(created_at__gte=since)
    return rows.order_by("-created_at", "-id")


# ------------------------------------------------------------------------------------ leaderboards
@dataclass(frozen=True)
class LeaderboardRow:
    rank: int
    member: User
    score: int  # giving points this week, or helped count all-time
    featured: bool


def giving_points_since(since) -> QuerySet:
    """(member_id, total) of points from giving actions since `since`, best first (reversals net out)."""
    return (
        PointsTransaction.objects.filter(action__in=GIVING_ACTIONS, created_at__gte=since)
        .values("member_id")
        .annotate(total=Sum("amount"))
        .filter(total__gt=0)
        .order_by("-total", "member_id")
    )


def _members_in_bulk(ids) -> dict[int, User]:
    return (
        members_visible_to()
        .only("id", "username", "display_name", "avatar", "avatar_frame", "role", "points", "helped_count")
        .in_bulk(ids)
    )


def leaderboard_page(*, period: str = "week", page_number=1, per_page: int = 20) -> Page:
    """One page of the Top Helpers leaderboard; `page.object_list` holds LeaderboardRow items.

    "week": points from giving actions in the last 7 days (from the ledger).
    "all": helped count, then points (cached counters on User, indexed).
    Three queries at most (count, page, members) whatever the size.
    """
    if period == "all":
        page = Paginator(all_time_helpers(), per_page).get_page(page_number)
        page.object_list = [
            LeaderboardRow(
                rank=page.start_index() + i, member=m, score=m.helped_count, featured=m.points >= FEATURED_HELPER_POINTS
            )
            for i, m in enumerate(page.object_list)
        ]
        return page
    page = Paginator(giving_points_since(timezone.now() - LEADERBOARD_WINDOW), per_page).get_page(page_number)
    totals = list(page.object_list)
    members = _members_in_bulk([row["member_id"] for row in totals])
    page.object_list = [
        LeaderboardRow(
            rank=page.start_index() + i,
            member=members[row["member_id"]],
            score=row["total"],
            featured=members[row["member_id"]].points >= FEATURED_HELPER_POINTS,
        )
        for i, row in enumerate(totals)
        if row["member_id"] in members
    ]
    return page


def all_time_helpers() -> QuerySet[User]:
    """Humans who have helped or earned, by people helped, then points (both indexed counters on User)."""
    return (
        members_visible_to()
        .exclude(role=Role.AGENT)
        .filter(Q(helped_count__gt=0) | Q(points__gt=0))
        .only("id", "username", "display_name", "avatar", "avatar_frame", "role", "points", "helped_count")
        .order_by("-helped_count", "-points", "id")
    )


def featured_helpers_this_week(*, limit: int = 5, look_at: int = 50) -> list[LeaderboardRow]:
    """The dashboard's "Top Helpers This Week": only members at 200+ points are featured (spec 8.9).

    Reads the week's top `look_at` givers (the same cheap aggregate as the leaderboard's first page)
    and keeps those at 200+ points, rather than joining every member into the aggregate.
    """
    totals = list(giving_points_since(timezone.now() - LEADERBOARD_WINDOW)[:look_at])
    members = _members_in_bulk([row["member_id"] for row in totals])
    featured = [
        (members[row["member_id"]], row["total"])
        for row in totals
        if row["member_id"] in members
        and members[row["member_id"]].points >= FEATURED_HELPER_POINTS
        and members[row["member_id"]].role != Role.AGENT
    ][:limit]
    return [
        LeaderboardRow(rank=i + 1, member=member, score=total, featured=True)
        for i, (member, total) in enumerate(featured)
    ]


# ------------------------------------------------------------------------------------ recognition
@dataclass(frozen=True)
class Recognition:
    badges: list[dict]  # [{"slug", "name", "icon", "description", "count"}], most received first
    badge_total: int
    endorsements: list[Endorsement]
    endorsement_count: int
    hidden_count: int


def recognition_for(member: User, *, viewer: User | None = None, endorsement_limit: int = 6) -> Recognition:
    """Badges received (counted per type) and endorsements for a profile; 3 queries.

    The member sees their hidden endorsements too (to show them again); everyone else sees the
    approved, unhidden ones.
    """
    badges = [
        {
            "slug": row["badge_type__slug"],
            "name": row["badge_type__name"],
            "icon": row["badge_type__icon"],
            "description": row["badge_type__description"],
            "count": row["count"],
        }
        for row in PeerBadgeAward.objects.filter(recipient=member)
        .values("badge_type__slug", "badge_type__name", "badge_type__icon", "badge_type__description")
        .annotate(count=Count("id"))
        .order_by("-count", "badge_type__name")
    ]
    is_self = viewer is not None and viewer.is_authenticated and viewer.pk == member.pk
    mine = Endorsement.objects.filter(endorsee=member, is_approved=True)
    counts = mine.aggregate(
        visible=Count("id", filter=Q(is_hidden=False)), hidden=Count("id", filter=Q(is_hidden=True))
    )
    shown = mine if is_self else mine.filter(is_hidden=False)
    endorsements = list(
        shown.select_related("endorser").order_by("is_hidden", "-is_featured", "-created_at")[:endorsement_limit]
    )
    return Recognition(
        badges=badges,
        badge_total=sum(b["count"] for b in badges),
        endorsements=endorsements,
        endorsement_count=counts["visible"],
        hidden_count=counts["hidden"] if is_self else 0,
    )


def active_badge_types() -> QuerySet[PeerBadgeType]:
    return PeerBadgeType.objects.filter(is_active=True).order_by("pk")


def flagged_endorsements() -> QuerySet[Endorsement]:
    return Endorsement.objects.filter(flagged_at__isnull=False).select_related("endorser", "endorsee", "flagged_by")


# ---------------------------------------------------------------------------------------- unlocks
@dataclass(frozen=True)
class UnlockStatus:
    key: str
    label: str
    threshold: int
    group: str
    unlocked: bool
    points: int  # the member's current points
    points_to_go: int
    percent: int  # progress towards it, 0–100

    @property
    def progress_text(self) -> str:
        return f"{self.points:,} / {self.threshold:,}"


def unlocks_for(points: int) -> list[UnlockStatus]:
    """Every unlock of spec 8.9 with the member's progress, by threshold."""
    group_of = {key: group for group, keys in UNLOCK_GROUPS.items() for key in keys}
    return [
        UnlockStatus(
            key=key,
            label=Unlock(key).label,
            threshold=threshold,
            group=group_of[key],
            unlocked=points >= threshold,
            points=points,
            points_to_go=max(threshold - points, 0),
            percent=min(100, points * 100 // threshold),
        )
        for key, threshold in sorted(UNLOCK_THRESHOLDS.items(), key=lambda item: (item[1], item[0]))
    ]


def whats_next(points: int, *, limit: int = 3) -> list[UnlockStatus]:
    return [u for u in unlocks_for(points) if not u.unlocked][:limit]


def has_unlock(user, unlock: str) -> bool:
    return bool(user is not None and user.is_authenticated and user.points >= UNLOCK_THRESHOLDS[unlock])


def can_pin_offers(user) -> bool:
    return has_unlock(user, Unlock.PIN_OFFERS)


def can_view_offer_analytics(user) -> bool:
    return has_unlock(user, Unlock.OFFER_ANALYTICS)


def has_early_access(user) -> bool:
    return has_unlock(user, Unlock.EARLY_ACCESS)


def is_featured_helper(user) -> bool:
    return has_unlock(user, Unlock.FEATURED_HELPER)


def can_join_givers_circle(user) -> bool:
    return has_unlock(user, Unlock.GIVERS_CIRCLE)


def can_host_events(user) -> bool:
    return has_unlock(user, Unlock.HOST_EVENTS)


def priority_placement_q(*, owner_field: str = "user") -> Q:
    """The 50-point unlock as a filter on rows owned by `owner_field`: the tie-break key of Discover and
    the API (`collective.selectors.offers_search(prefer=priority_placement_q())`)."""
    return Q(**{f"{owner_field}__points__gte": UNLOCK_THRESHOLDS[Unlock.PRIORITY_PLACEMENT]})


def with_priority_placement(queryset: QuerySet, *, owner_field: str = "user") -> QuerySet:
    """Annotate `priority_placement` (the owner has 50+ points) so Discover can order by it first:
    `with_priority_placement(offers).order_by("-priority_placement", "-created_at")`."""
    threshold = UNLOCK_THRESHOLDS[Unlock.PRIORITY_PLACEMENT]
    return queryset.annotate(
        priority_placement=Case(
            When(**{f"{owner_field}__points__gte": threshold}, then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )
    )
