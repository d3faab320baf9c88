"""Payments in templates.

`{% offer_purchase_cta offer %}`: the Buy / Subscribe / "You own this" button of an offer page; nothing for
free or price-on-request offers.
`{% has_payout_account viewer as flag %}`: whether the avatar menu shows My Earnings.
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


@register.simple_tag
def has_payout_account(user) -> bool:
    """Creators who set up payouts (Stripe Connect) see My Earnings; remembered on the user for the request."""
    if not getattr(user, "is_authenticated", False) or getattr(user, "pk", None) is None:
        return False  # visitors, and the style guide's stand-in member
    if not hasattr(user, "_has_payout_account"):
        user._has_payout_account = selectors.has_payout_account(user)
    return user._has_payout_account
