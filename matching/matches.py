"""Matching with the same vectors as search: offers and people for an ask, asks for a member's offers,
similar offers, and the candidates of weekly introductions. Only public rows of active members, never the
asker or the member themself; each match carries a one-line reason."""
from dataclasses import dataclass, field

import numpy as np
from django.db.models import QuerySet

from collective import selectors as collective
from collective.choices import AskStatus
from collective.models import Ask, Offer

from . import index
from .choices import Kind

MATCH_MIN_SCORE = 0.35
POOL = 300
OFFERS_CONSIDERED = 20


@dataclass
class Match:
    obj: object
    score: float
    reason: str
    extra: dict = field(default_factory=dict)


def _shared_tools(a, b) -> list[str]:
    names_b = {t.name for t in b.tools.all()}
    return [t.name for t in a.tools.all() if t.name in names_b]


def _reason(source, target, fallback: str) -> str:
    shared = _shared_tools(source, target)
    if shared:
        return f"Both about {', '.join(shared[:2])}"
    return fallback


def _best(kind: str, vector: np.ndarray | None, candidates: QuerySet, *, limit: int,
          min_score: float = MATCH_MIN_SCORE) -> list[tuple[int, float]]:
    if vector is None:
        return []
    pool = index.top(kind, vector, k=POOL, min_score=min_score)
    allowed = set(candidates.filter(pk__in=[pk for pk, _ in pool]).values_list("pk", flat=True))
    return [(pk, score) for pk, score in pool if pk in allowed][:limit]


def _in_order(queryset: QuerySet, scored: list[tuple[int, float]]) -> list:
    rows = {row.pk: row for row in queryset.filter(pk__in=[pk for pk, _ in scored])}
    return [(rows[pk], score) for pk, score in scored if pk in rows]


def offers_for_ask(ask: Ask, *, limit: int = 4) -> list[Match]:
    candidates = collective.offers_public().exclude(user_id=ask.user_id)
    scored = _best(Kind.OFFER, index.vector_of(Kind.ASK, ask.pk), candidates, limit=limit)
    return [Match(offer, score, _reason(ask, offer, "Close to what they need"))
            for offer, score in _in_order(collective.offers_for_cards(), scored)]


def similar_offers(offer: Offer, *, limit: int = 3) -> list[Match]:
    candidates = collective.offers_public().exclude(pk=offer.pk)
    scored = index.cached_ranking(Kind.OFFER, candidates, ("similar", limit), lambda: _best(
        Kind.OFFER, index.vector_of(Kind.OFFER, offer.pk), candidates, limit=limit))
    return [Match(other, score, _reason(offer, other, "Similar offer"))
            for other, score in _in_order(collective.offers_for_cards(), scored)]


def people_for_ask(ask: Ask, *, limit: int = 4) -> list[Match]:
    """Members whose public offers (or profile) meet the ask: the best offer per member, never the asker."""
    vector = index.vector_of(Kind.ASK, ask.pk)
    candidates = collective.offers_public().exclude(user_id=ask.user_id)
    scored = _best(Kind.OFFER, vector, candidates, limit=limit * 5)
    best_per_member: dict[int, tuple[Offer, float]] = {}
    for offer, score in _in_order(collective.offers_for_cards(), scored):
        if offer.user_id not in best_per_member:
            best_per_member[offer.user_id] = (offer, score)
    people = _best(Kind.MEMBER, vector, collective.people_public().exclude(pk=ask.user_id), limit=limit)
    for member_id, score in people:
        if member_id not in best_per_member:
            best_per_member[member_id] = (None, score * 0.9)  # a profile match weighs less than an offer match
    ranked = sorted(best_per_member.items(), key=lambda item: -item[1][1])[:limit]
    members = {m.pk: m for m in collective.people_public().filter(pk__in=[pk for pk, _ in ranked])}
    matches = []
    for member_id, (offer, score) in ranked:
        if member_id not in members:
            continue
        reason = f"Offers “{offer.title}”" if offer is not None else "Their profile fits this ask"
        matches.append(Match(members[member_id], score, reason, {"offer": offer}))
    return matches


def asks_for_offers(member, *, limit: int = 4) -> list[Match]:
    """Open asks by others that the member's public offers could meet, best first, one reason each."""
    mine = list(collective.offers_for_cards(collective.offers_public().filter(user=member))
                .order_by("-created_at")[:OFFERS_CONSIDERED])
    candidates = (collective.asks_public().filter(status=AskStatus.OPEN).exclude(user=member)
                  .exclude(connections__initiator=member))
    pools = []
    for offer in mine:
        vector = index.vector_of(Kind.OFFER, offer.pk)
        if vector is not None:
            pools.append((offer, index.top(Kind.ASK, vector, k=limit * 5, min_score=MATCH_MIN_SCORE)))
    # One query narrows every offer's pool to asks the member may answer, however many offers they have.
    wanted = {pk for _, pool in pools for pk, _ in pool}
    allowed = set(candidates.filter(pk__in=wanted).values_list("pk", flat=True)) if wanted else set()
    best: dict[int, tuple[float, Offer]] = {}
    for offer, pool in pools:
        for pk, score in pool:
            if pk in allowed and score > best.get(pk, (0, None))[0]:
                best[pk] = (score, offer)
    ranked = sorted(best.items(), key=lambda item: -item[1][0])[:limit]
    asks = {a.pk: a for a in collective.asks_for_cards().filter(pk__in=[pk for pk, _ in ranked])}
    found = [Match(asks[pk], score, _reason(offer, asks[pk], f"Your offer “{offer.title}” fits"))
             for pk, (score, offer) in ranked if pk in asks]
    if len(found) < limit:
        # Rows not embedded yet (just saved, or a worker behind): shared categories and tools still match.
        seen = {m.obj.pk for m in found}
        for ask in collective.asks_member_could_help_with(member).exclude(pk__in=seen)[:limit - len(found)]:
            found.append(Match(ask, 0.0, "Shares a category or tool with your offers"))
    return found


def for_you(member, *, per_ask: int = 3, asks: int = 3) -> dict:
    """The dashboard's "For you": for each open ask, matching offers; for the member's offers, asks to help."""
    open_asks = list(collective.asks_for_cards(collective.asks_public().filter(user=member, status=AskStatus.OPEN))
                     .order_by("-created_at")[:asks])
    return {
        "for_asks": [{"ask": ask, "offers": offers_for_ask(ask, limit=per_ask)} for ask in open_asks],
        "asks_to_help": asks_for_offers(member),
    }
