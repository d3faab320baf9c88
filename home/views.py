"""Site-level pages that are not Wagtail pages: the member dashboard and placeholders."""
from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from collective.models import Ask, Offer
from collective.selectors import asks_for_cards, offers_for_cards


@login_required
def dashboard(request):
    user = request.user
    my_offers = Offer.objects.filter(user=user, is_archived=False)
    my_asks = Ask.objects.filter(user=user, is_archived=False)
    return render(request, "home/dashboard.html", {
        "offers": offers_for_cards(my_offers)[:3],
        "asks": asks_for_cards(my_asks)[:3],
        "active_offer_count": my_offers.filter(status="active").count(),
        "open_ask_count": my_asks.filter(status="open").count(),
    })


def coming_soon(request, title: str, blurb: str):
    """An honest placeholder for a destination whose feature has not landed yet."""
    return render(request, "home/coming_soon.html", {"title": title, "blurb": blurb})
