"""Reads of the public storefront: a member's offers by section, their open asks, their recent activity."""
from collections import OrderedDict

from django.db.models import Case, CharField, Count, F, Q, QuerySet, Value, When, Window
from django.db.models.functions import RowNumber

from collective.choices import OFFER_SECTIONS, AskStatus, ConnectionStatus, ConnectionType, OfferType
from collective.models import Ask, Connection, Offer
from collective.selectors import asks_for_cards, asks_public, offers_for_cards, offers_public
from members.models import AgentProfile, User

STOREFRONT_SECTION_SIZE = 12


def _storefront_offers_queryset(member: User, section: str | None = None, viewer=None) -> QuerySet[Offer]:
    """The member's public offers, plus courses published by agents they own; optionally one section's."""
    agent_ids = list(AgentProfile.objects.filter(owner=member).values_list("user_id", flat=True))
    # Two index-friendly branches (user = X, or an owned agent's course) rather than a join inside an OR.
    offers = offers_public(viewer).filter(Q(user=member) | Q(user_id__in=agent_ids, offer_type=OfferType.COURSE))
    if section is not None:
        offers = offers.filter(offer_type__in=next(types for key, _, types in OFFER_SECTIONS if key == section))
    return offers


def _section_of():
    return Case(*[When(offer_type__in=types, then=Value(key)) for key, _, types in OFFER_SECTIONS],
                default=Value(""), output_field=CharField())


def storefront_offers(member: User, viewer=None, *, per_section: int = STOREFRONT_SECTION_SIZE) -> "OrderedDict[str, dict]":
    """The member's public offers in the four storefront subsections (empty ones dropped), at most
    `per_section` each (featured, then newest), with each section's full `count` for its "See all" link.

    Courses published by agents the member owns appear under "Learn From Me" too. Four queries (agents,
    counts, offers, tools) however many offers the member has.
    """
    offers_qs = _storefront_offers_queryset(member, viewer=viewer)
    counts = dict(offers_qs.annotate(section=_section_of()).order_by().values_list("section").annotate(n=Count("id")))
    newest = [F("is_featured").desc(), F("created_at").desc(), F("id").desc()]
    top = offers_qs.annotate(position=Window(RowNumber(), partition_by=[_section_of()], order_by=newest))
    offers = list(offers_for_cards(top.filter(position__lte=per_section)).order_by(*newest))
    sections: OrderedDict[str, dict] = OrderedDict()
    for key, title, types in OFFER_SECTIONS:
        items = [offer for offer in offers if offer.offer_type in types]
        if items:
            sections[key] = {"title": title, "offers": items, "count": counts.get(key, len(items)),
                             "more": counts.get(key, 0) > len(items)}
    return sections


def storefront_section_offers(member: User, section: str, viewer=None) -> QuerySet[Offer]:
    """All of one storefront section's offers ("See all"), featured then newest."""
    return offers_for_cards(_storefront_offers_queryset(member, section, viewer)).order_by("-is_featured", "-created_at", "-id")


def storefront_asks(member: User, viewer=None) -> QuerySet[Ask]:
    return asks_for_cards(asks_public(viewer).filter(user=member).exclude(status=AskStatus.CLOSED))


def profile_activity(member: User, *, viewer=None, limit: int = 6) -> list[dict]:
    """Recent public things the member did, newest first: offers shared, asks posted, people helped.

    Three queries whatever the history; the other member of a completed connection is not named (private).
    """
    items = []
    for offer in offers_public(viewer).filter(user=member).select_related("user").order_by("-created_at")[:limit]:
        items.append({"icon": "gift", "verb": "Shared", "title": offer.title, "url": offer.get_absolute_url(),
                      "when": offer.published_at or offer.created_at})
    for ask in asks_public(viewer).filter(user=member).select_related("user").order_by("-created_at")[:limit]:
        items.append({"icon": "hand-heart", "verb": "Asked for", "title": ask.title, "url": ask.get_absolute_url(),
                      "when": ask.created_at})
    helped = Connection.objects.filter(
        Q(initiator=member, connection_type=ConnectionType.ASK_RESPONSE)
        | (Q(responder=member) & ~Q(connection_type=ConnectionType.ASK_RESPONSE)),
        status=ConnectionStatus.COMPLETED, completed_at__isnull=False,
    ).order_by("-completed_at")[:limit]
    for connection in helped:
        items.append({"icon": "heart-handshake", "verb": "Helped with", "title": connection.context_title or "a request",
                      "url": "", "when": connection.completed_at})
    items.sort(key=lambda item: item["when"], reverse=True)
    return items[:limit]
