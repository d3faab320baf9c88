"""Template helpers of the community room for pages that other apps render (profile storefront,
/my/offers, the dashboard), so those apps don't import the community room.

    {% pinned_offers_of member as pinned %}   the storefront's pinned offers (empty below 150 points)
    {% my_pinned_offer_ids as pinned_ids %}   ids of the viewer's pins (one query for a whole list)
    {% current_challenge as challenge %}      this week's challenge, or None
    {{ user|feature:"challenge_preview" }}    an early-access feature flag
"""
from django import template

from economy import selectors as economy

from .. import selectors
from ..features import feature_enabled

register = template.Library()


@register.simple_tag
def pinned_offers_of(member):
    return selectors.pinned_offers(member)


@register.simple_tag(takes_context=True)
def my_pinned_offer_ids(context):
    user = context["request"].user
    return selectors.pinned_offer_ids(user) if user.is_authenticated else set()


@register.simple_tag(takes_context=True)
def offer_unlocks(context):
    user = context["request"].user
    return {"pin": economy.can_pin_offers(user), "analytics": economy.can_view_offer_analytics(user)}


@register.simple_tag
def current_challenge():
    return selectors.current_challenge()


@register.filter
def feature(user, name: str) -> bool:
    return feature_enabled(user, name)
