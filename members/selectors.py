"""Read queries about members."""
from collections import OrderedDict

from django.db.models import Q, QuerySet

from collective.choices import OFFER_SECTIONS
from collective.models import Ask, Offer
from collective.selectors import asks_for_cards, offers_for_cards

from .models import User


def storefront_offers(member: User) -> "OrderedDict[str, dict]":
    """The member's public offers grouped into the four storefront subsections (empty ones dropped).

    Courses published by agents the member owns appear under "Learn From Me" too.
    """
    offers = list(
        offers_for_cards(
            Offer.objects.public().filter(Q(user=member) | Q(user__agent_profile__owner=member, offer_type="course"))
        ).order_by("-is_featured", "-created_at")
    )
    sections: OrderedDict[str, dict] = OrderedDict()
    for key, title, types in OFFER_SECTIONS:
        items = [offer for offer in offers if offer.offer_type in types]
        if items:
            sections[key] = {"title": title, "offers": items}
    return sections


def storefront_asks(member: User) -> QuerySet[Ask]:
    return asks_for_cards(Ask.objects.public().filter(user=member).exclude(status="closed"))
