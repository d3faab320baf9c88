"""Weekly introductions (Lunchclub-style): each active member gets up to 3 members whose public offers meet
their open asks, or who write about the same things, as a notification and on /home.

The run is idempotent per ISO week (a member with introductions dated this week is skipped), a pair is
suggested at most once ever (a unique constraint: "Not now" is forever), and members who turned
introductions off, deactivated members and agents are never suggested nor suggested to.
"""
import datetime

import numpy as np
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from collective import selectors as collective
from collective.choices import AskStatus
from core.errors import ApplicationError, NotFound
from members.choices import Role
from members.safety import hidden_owner_ids_for
from messaging.services import connection_start
from notifications.choices import Event
from notifications.services import notify

from . import index
from .choices import IntroductionStatus, Kind
from .models import Introduction

PER_WEEK = 3
ASK_MATCH_MIN = 0.35
PROFILE_MATCH_MIN = 0.55
PROFILE_WEIGHT = 0.8  # sharing goals is a weaker reason to meet than an offer that meets your ask


def week_of(day: datetime.date | None = None) -> datetime.date:
    day = day or timezone.localdate()
    return day - datetime.timedelta(days=day.weekday())


def _members_who_take_part():
    """Active, not suspended, human members who left introductions on."""
    return (collective.people_public().filter(introductions_enabled=True).exclude(role=Role.AGENT)
            .order_by("pk"))


def _blocked_ids(member) -> set[int]:
    """Members either side has blocked, or whom `member` muted (members.safety)."""
    return set(hidden_owner_ids_for(member).values_list("pk", flat=True)) - {member.pk}


class _OfferOwners:
    """Public offers of members who take part, as rows of the offer matrix and their owners (built once a run)."""

    def __init__(self, taking_part: set[int]) -> None:
        owners = dict(collective.offers_public().filter(user_id__in=taking_part).values_list("pk", "user_id"))
        titles = dict(collective.offers_public().filter(pk__in=owners).values_list("pk", "title"))
        loaded = index.matrix_for(Kind.OFFER)
        keep = np.isin(loaded.ids, np.fromiter(owners, dtype=np.int64, count=len(owners)))
        self.ids, self.matrix = loaded.ids[keep], loaded.matrix[keep]
        self.owner = np.array([owners[int(pk)] for pk in self.ids], dtype=np.int64)
        self.titles = titles


def suggestions_for(member, *, offers: _OfferOwners, taking_part: set[int], limit: int = PER_WEEK) -> list[dict]:
    """Best members to introduce to `member`, with a reason, leaving out pairs ever suggested and blocks."""
    excluded = set(Introduction.objects.filter(Q(member=member) | Q(suggested=member))
                   .values_list("member_id", "suggested_id").iterator()) or set()
    excluded = {pk for pair in excluded for pk in pair} | _blocked_ids(member) | {member.pk}
    best: dict[int, tuple[float, str]] = {}
    asks = list(collective.asks_public().filter(user=member, status=AskStatus.OPEN).values_list("pk", "title"))
    for ask_id, ask_title in asks:
        vector = index.vector_of(Kind.ASK, ask_id)
        if vector is None or not len(offers.ids):
            continue
        sims = offers.matrix @ vector
        for position in np.argsort(-sims)[:50]:
            score, owner = float(sims[position]), int(offers.owner[position])
            if score < ASK_MATCH_MIN:
                break
            if owner in excluded or score <= best.get(owner, (0.0, ""))[0]:
                continue
            title = offers.titles.get(int(offers.ids[position]), "")
            best[owner] = (score, f"Their offer “{title}” could help with your ask “{ask_title}”")
    mine = index.vector_of(Kind.MEMBER, member.pk)
    if mine is not None:
        for other, score in index.top(Kind.MEMBER, mine, k=50, min_score=PROFILE_MATCH_MIN):
            weighted = score * PROFILE_WEIGHT
            if other in excluded or other not in taking_part or weighted <= best.get(other, (0.0, ""))[0]:
                continue
            best[other] = (weighted, "You write about the same things")
    ranked = sorted(best.items(), key=lambda item: -item[1][0])[:limit]
    return [{"member_id": pk, "score": score, "reason": reason} for pk, (score, reason) in ranked]


def introductions_weekly_run(*, today: datetime.date | None = None) -> int:
    """Suggest introductions to every member who has none dated this week. Returns how many were made."""
    week = week_of(today)
    taking_part = set(_members_who_take_part().values_list("pk", flat=True))
    if not taking_part:
        return 0
    offers = _OfferOwners(taking_part)
    done_this_week = set(Introduction.objects.filter(week=week).values_list("member_id", flat=True))
    made = 0
    for member in _members_who_take_part().exclude(pk__in=done_this_week).iterator():
        suggestions = suggestions_for(member, offers=offers, taking_part=taking_part)
        created = []
        for suggestion in suggestions:
            try:
                with transaction.atomic():
                    created.append(Introduction.objects.create(
                        member=member, suggested_id=suggestion["member_id"], week=week,
                        reason=suggestion["reason"][:200], score=suggestion["score"]))
            except IntegrityError:  # the pair was suggested meanwhile (a parallel run)
                continue
        if created:
            made += len(created)
            names = ", ".join(f"@{i.suggested.username}" for i in created)
            notify(recipient=member, event=Event.INTRODUCTION, url=reverse("dashboard") + "#introductions",
                   title=names, dedupe_key=f"introductions:{week.isoformat()}")
    return made


def introductions_for(member, *, week: datetime.date | None = None) -> list[Introduction]:
    """This week's open suggestions for /home (suggested members still active)."""
    return list(Introduction.objects.filter(member=member, week=week or week_of(), status=IntroductionStatus.SUGGESTED,
                                            suggested__is_active=True)
                .select_related("suggested").order_by("-score", "id"))


def _own_introduction(member, pk: int) -> Introduction:
    introduction = Introduction.objects.select_related("suggested").filter(pk=pk, member=member).first()
    if introduction is None:
        raise NotFound("No such introduction.")
    return introduction


def introduction_message(introduction: Introduction) -> str:
    return (f"Hi @{introduction.suggested.username}! All Thrive suggested we meet: {introduction.reason}. "
            f"— @{introduction.member.username}")


def introduction_accept(*, member, pk: int):
    """"Introduce us": a direct conversation with the introduction as its first message (both see it)."""
    introduction = _own_introduction(member, pk)
    if introduction.status == IntroductionStatus.DISMISSED:
        raise ApplicationError("You said “Not now” to this introduction.", code="invalid_transition", status=409)
    if not introduction.suggested.is_active:
        raise NotFound("No such introduction.")
    with transaction.atomic():
        if introduction.status == IntroductionStatus.ACCEPTED and introduction.thread_id:
            return introduction
        connection = connection_start(initiator=member, message=introduction_message(introduction),
                                      recipient=introduction.suggested)
        introduction.status, introduction.decided_at = IntroductionStatus.ACCEPTED, timezone.now()
        introduction.thread_id = connection.dm_thread_id
        introduction.save(update_fields=["status", "decided_at", "thread_id"])
    return introduction


def introduction_dismiss(*, member, pk: int) -> Introduction:
    """"Not now": this pair is never suggested again (the row stays, and pairs are unique)."""
    introduction = _own_introduction(member, pk)
    if introduction.status == IntroductionStatus.SUGGESTED:
        introduction.status, introduction.decided_at = IntroductionStatus.DISMISSED, timezone.now()
        introduction.save(update_fields=["status", "decided_at"])
    return introduction
