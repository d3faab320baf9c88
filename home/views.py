"""Site-level pages that are not Wagtail pages: the member dashboard and placeholders."""
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.shortcuts import render

from collective.choices import AskStatus, OfferStatus
from collective.models import Ask, Offer
from collective.selectors import (
    asks_for_cards,
    asks_member_could_help_with,
    dashboard_activity,
    offers_for_cards,
    status_counts,
)
from core.cache import cache_health


@login_required
def dashboard(request):
    """/home/ (spec 4.1): my offers and asks at a glance, what happened lately, asks I could help with."""
    user = request.user
    my_offers = Offer.objects.filter(user=user, is_archived=False)
    my_asks = Ask.objects.filter(user=user, is_archived=False)
    offer_counts, ask_counts = status_counts(my_offers), status_counts(my_asks)
    has_offers, has_asks = bool(sum(offer_counts.values())), bool(sum(ask_counts.values()))
    return render(request, "home/dashboard.html", {
        "offers": list(offers_for_cards(my_offers).order_by("-updated_at")[:3]) if has_offers else [],
        "asks": list(asks_for_cards(my_asks).order_by("-updated_at")[:3]) if has_asks else [],
        "active_offer_count": offer_counts.get(OfferStatus.ACTIVE, 0),
        "draft_offer_count": offer_counts.get(OfferStatus.DRAFT, 0),
        "paused_offer_count": offer_counts.get(OfferStatus.PAUSED, 0),
        "open_ask_count": ask_counts.get(AskStatus.OPEN, 0) + ask_counts.get(AskStatus.IN_PROGRESS, 0),
        "is_new": not has_offers and not has_asks,
        "activity": dashboard_activity(user),
        "could_help": list(asks_member_could_help_with(user)[:4]) if has_offers else [],
    })


def coming_soon(request, title: str, blurb: str):
    """An honest placeholder for a destination whose feature has not landed yet."""
    return render(request, "home/coming_soon.html", {"title": title, "blurb": blurb})


def health(request):
    """/health/ for load balancers and monitoring: 200 while the site can serve; "degraded" names what is down.

    The cache is touched once so an outage is noticed even on a quiet instance (core/cache.py).
    """
    cache.get("health-probe")
    checks = {"cache": "down" if cache_health() else "ok"}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except DatabaseError:
        checks["database"] = "down"
    degraded = any(state != "ok" for state in checks.values())
    status = 503 if checks["database"] != "ok" else 200
    return JsonResponse({"status": "degraded" if degraded else "ok", "checks": checks}, status=status)
