"""`{% load payments %}{% offer_purchase_cta offer %}`: the Buy / Subscribe / Open button for an offer page.

The offer page (members app) can drop this in beside Connect: it shows "Pay $49" or "Subscribe $15/mo"
to a member who can buy, "Open" to one who already has access, and nothing for free or
price-on-request offers.
"""
from django import template

from .. import selectors

register = template.Library()


@register.inclusion_tag("payments/partials/purchase_cta.html", takes_context=True)
def offer_purchase_cta(context, offer, block=True):
    request = context.get("request")
    user = getattr(request, "user", None)
    sold_here = selectors.offer_sold_here(offer)
    has_access = sold_here and user is not None and selectors.member_has_access(user=user, offer=offer)
    return {"offer": offer, "sold_here": sold_here, "has_access": has_access, "block": block,
            "is_owner": user is not None and user.is_authenticated and user.pk == offer.user_id}
