"""Reads of the community room. One visibility rule per thing:
- events: everyone sees scheduled and cancelled events (cancelled ones say so); the RSVP lists are
  shown to the host and curators only;
- the Givers Circle: members at 400+ points and staff; anyone else gets a 404;
- pinned offers: shown only while their owner has 150+ points.
"""
from __future__ import annotations

from datetime import timedelta

from django.db.models import Count, Exists, OuterRef, Prefetch, QuerySet
from django.db.models.functions import TruncWeek
from django.utils import timezone

from collective.models import Connection, Offer, ViewRecord
from collective.selectors import offers_for_cards
from core.errors import NotFound
from economy import selectors as economy

from .choices import RSVPStatus
from .models import (
    RSVP,
    Appreciation,
    ChallengePage,
    ChallengeSubmission,
    CircleReply,
    CircleThread,
    Event,
    PinnedOffer,
)
from .services import can_enter_circle


# ------------------------------------------------------------------------------------------- events
def events_for_list(queryset: QuerySet[Event] | None = None) -> QuerySet[Event]:
    queryset = Event.objects.all() if queryset is None else queryset
    return queryset.select_related("host", "category", "cover_image").prefetch_related("tools")


def events_list(*, scope: str = "upcoming", member=None) -> QuerySet[Event]:
    """upcoming (soonest first), past (latest first), or mine (hosting or RSVPed, soonest first)."""
    now = timezone.now()
    if scope == "past":
        return events_for_list(Event.objects.past(now)).order_by("-starts_at", "-id")
    if scope == "mine" and member is not None and member.is_authenticated:
        mine = Event.objects.filter(host=member) | Event.objects.filter(
            rsvps__member=member, rsvps__status__in=[RSVPStatus.GOING, RSVPStatus.WAITLISTED])
        return events_for_list(mine.distinct()).order_by("-ends_at", "-id")
    return events_for_list(Event.objects.upcoming(now)).order_by("starts_at", "id")


def event_for_viewer(*, pk: int) -> Event:
    event = events_for_list().filter(pk=pk).first()
    if event is None:
        raise NotFound("No such event.")
    return event


def rsvp_of(event: Event, member) -> RSVP | None:
    if not member.is_authenticated:
        return None
    return RSVP.objects.filter(event=event, member=member).exclude(status=RSVPStatus.CANCELLED).first()


def waitlist_position(rsvp: RSVP) -> int | None:
    if rsvp is None or rsvp.status != RSVPStatus.WAITLISTED:
        return None
    return RSVP.objects.filter(event_id=rsvp.event_id, status=RSVPStatus.WAITLISTED,
                               joined_at__lte=rsvp.joined_at).exclude(joined_at=rsvp.joined_at, id__gt=rsvp.id).count()


def attendees(event: Event, *, status: str = RSVPStatus.GOING) -> QuerySet[RSVP]:
    return RSVP.objects.filter(event=event, status=status).select_related("member").order_by("joined_at", "id")


def events_for_feed(member) -> QuerySet[Event]:
    """A member's calendar: events they host or are going to, from a month ago on (cancelled ones too,
    so calendar apps remove them)."""
    since = timezone.now() - timedelta(days=30)
    going = RSVP.objects.filter(member=member, status=RSVPStatus.GOING).values("event_id")
    return (Event.objects.filter(ends_at__gte=since).filter(pk__in=going) | Event.objects.filter(
        ends_at__gte=since, host=member)).select_related("host").distinct().order_by("starts_at")


# -------------------------------------------------------------------------------- weekly challenges
def challenges_live() -> QuerySet[ChallengePage]:
    return ChallengePage.objects.live().public().order_by("-week_start", "-id")


def current_challenge() -> ChallengePage | None:
    today = timezone.now().date()
    return challenges_live().filter(week_start__lte=today, week_end__gte=today).first()


def challenge_context(challenge: ChallengePage, user) -> dict:
    submissions = ChallengeSubmission.objects.filter(challenge=challenge).select_related(
        "member", "offer", "offer__user")
    if user.is_authenticated:
        submissions = submissions.annotate(appreciated=Exists(
            Appreciation.objects.filter(submission=OuterRef("pk"), member=user)))
    submissions = list(submissions)
    mine = next((s for s in submissions if user.is_authenticated and s.member_id == user.pk), None)
    my_offers = list(Offer.objects.filter(user=user, status="active", is_archived=False).order_by("title")
                     ) if user.is_authenticated else []
    return {"submissions": submissions, "picks": [s for s in submissions if s.is_pick], "my_submission": mine,
            "my_offers": my_offers}


# ------------------------------------------------------------------------------------ Givers Circle
def circle_threads(user) -> QuerySet[CircleThread]:
    if not can_enter_circle(user):
        raise NotFound("Not found.")
    return CircleThread.objects.select_related("author").order_by("-last_activity_at", "-id")


def circle_thread(user, pk: int) -> CircleThread:
    thread = circle_threads(user).filter(pk=pk).prefetch_related(
        Prefetch("replies", queryset=CircleReply.objects.select_related("author").order_by("created_at", "id"))
    ).first()
    if thread is None:
        raise NotFound("Not found.")
    return thread


# ------------------------------------------------------------------------------------ pinned offers
def pinned_offers(member) -> list[Offer]:
    """The storefront's pinned offers (at most 3), only while the owner has the 150-point unlock."""
    if not economy.can_pin_offers(member):
        return []
    ids = list(PinnedOffer.objects.filter(member=member, offer__status="active", offer__is_archived=False)
               .values_list("offer_id", flat=True)[:3])
    offers = {o.pk: o for o in offers_for_cards(Offer.objects.filter(pk__in=ids))}
    return [offers[pk] for pk in ids if pk in offers]


def pinned_offer_ids(member) -> set[int]:
    return set(PinnedOffer.objects.filter(member=member).values_list("offer_id", flat=True))


# ---------------------------------------------------------------------------------- offer analytics
def offer_analytics(offer: Offer, *, weeks: int = 12) -> list[dict]:
    """Views, connections and conversion (connections per 100 views) per week, oldest first; weeks
    without activity are listed with zeros so the chart has no gaps."""
    today = timezone.now().date()
    this_monday = today - timedelta(days=today.weekday())
    first = this_monday - timedelta(weeks=weeks - 1)
    views = dict(ViewRecord.objects.filter(offer=offer, day__gte=first).annotate(week=TruncWeek("day"))
                 .values("week").annotate(n=Count("id")).values_list("week", "n"))
    conns = dict(Connection.objects.filter(offer=offer, created_at__date__gte=first)
                 .annotate(week=TruncWeek("created_at")).values("week").annotate(n=Count("id")).values_list("week", "n"))

    def as_date(value):
        return value.date() if hasattr(value, "date") else value

    views = {as_date(k): v for k, v in views.items()}
    conns = {as_date(k): v for k, v in conns.items()}
    rows = []
    for i in range(weeks):
        week = first + timedelta(weeks=i)
        v, c = views.get(week, 0), conns.get(week, 0)
        rows.append({"week": week, "views": v, "connections": c,
                     "conversion": round(c * 100 / v, 1) if v else 0.0})
    return rows
