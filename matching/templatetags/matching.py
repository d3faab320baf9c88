"""Matching on the storefront pages: "Similar offers" beside an offer, "Members who could help" beside an ask.
Template tags so the pages' own views (a lower room) needn't know about matching."""
from django import template

from matching import matches

register = template.Library()


@register.inclusion_tag("matching/partials/similar_offers.html")
def similar_offers(offer):
    return {"matches": matches.similar_offers(offer) if offer.is_public else []}


@register.inclusion_tag("matching/partials/members_who_could_help.html", takes_context=True)
def members_who_could_help(context, ask):
    user = context.get("user")
    if ask.is_archived or ask.status != "open":
        return {"matches": []}
    found = [m for m in matches.people_for_ask(ask) if user is None or m.obj.pk != getattr(user, "pk", None)]
    return {"matches": found}
