"""Reads of the public storefront: a member's offers by section, their open asks, their recent activity."""
from collections import OrderedDict

from django.db.models import Q, QuerySet

from collective.choices import OFFER_SECTIONS, ConnectionStatus, ConnectionType
from collective.models import Ask, Connection, Offer
from collective.selectors import asks_for_cards, offers_for_cards
from members.models import User
from members.safety import not_hidden_q


def storefront_offers(member: User) -> "OrderedDict[str, dict]":
    """The member's public offers grouped into the four storefront subsections (empty ones dropped).

    Courses published by agents the member owns appear under "Learn From Me" too.
    """
    offers = list(
        offers_for_cards(
            Offer.objects.public().filter(not_hidden_q(Offer)).filter(Q(user=member) | Q(user__agent_profile__owner=member, offer_type="course"))
        ).order_by("-is_featured", "-created_at")
    )
    sections: OrderedDict[str, dict] = OrderedDict()
    for key, title, types in OFFER_SECTIONS:
        items = [offer for offer in offers if offer.offer_type in types]
        if items:
            sections[key] = {"title": title, "offers": items}
    return sections


def storefront_asks(member: User) -> QuerySet[Ask]:
    return asks_for_cards(Ask.objects.public().filter(not_hidden_q(Ask), user=member).exclude(status="closed"))


def profile_activity(member: User, *, limit: int = 6) -> list[dict]:
    """Recent public things the member did, newest first: offers shared, asks posted, people helped.

    Three queries whatever the history; the other member of a completed connection is not named (private).
    """
    items = []
    for offer in Offer.objects.public().filter(not_hidden_q(Offer), user=member).select_related("user").order_by("-created_at")[:limit]:
        items.append({"icon": "gift", "verb": "Shared", "title": offer.title, "url": offer.get_absolute_url(),
                      "when": offer.published_at or offer.created_at})
    for ask in Ask.objects.public().filter(not_hidden_q(Ask), user=member).select_related("user").order_by("-created_at")[:limit]:
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
