"""Site-level pages that are not Wagtail pages: the member dashboard and placeholders."""
import datetime

from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from assistant.selectors import onboarding_progress, unfinished_onboarding
from assistant.services import onboarding_reminder_dismiss
from collective.choices import AskStatus, OfferStatus
from collective.models import Ask, Offer
from collective.selectors import asks_for_cards, dashboard_activity, offers_for_cards, status_counts
from core.cache import cache_health
from matching import introductions, matches

FIRST_SESSION_LOGIN_WINDOW = datetime.timedelta(minutes=2)


def in_first_session(user) -> bool:
    """Signed in by signing up (allauth logs the new member in at once), not yet signed in again: say "Welcome",
    not "Welcome back". Every later log-in moves `last_login` past the window."""
    return user.last_login is None or user.last_login - user.date_joined < FIRST_SESSION_LOGIN_WINDOW


@login_required
def dashboard(request):
    """/home/ (spec 4.1): my offers and asks at a glance, what happened lately, asks I could help with."""
    user = request.user
    my_offers = Offer.objects.filter(user=user, is_archived=False)
    my_asks = Ask.objects.filter(user=user, is_archived=False)
    offer_counts, ask_counts = status_counts(my_offers), status_counts(my_asks)
    onboarding = unfinished_onboarding(user)
    has_offers, has_asks = bool(sum(offer_counts.values())), bool(sum(ask_counts.values()))
    return render(request, "home/dashboard.html", {
        "offers": list(offers_for_cards(my_offers).order_by("-updated_at")[:3]) if has_offers else [],
        "asks": list(asks_for_cards(my_asks).order_by("-updated_at")[:3]) if has_asks else [],
        "active_offer_count": offer_counts.get(OfferStatus.ACTIVE, 0),
        "draft_offer_count": offer_counts.get(OfferStatus.DRAFT, 0),
        "paused_offer_count": offer_counts.get(OfferStatus.PAUSED, 0),
        "open_ask_count": ask_counts.get(AskStatus.OPEN, 0) + ask_counts.get(AskStatus.IN_PROGRESS, 0),
        "is_new": not has_offers and not has_asks,
        "first_session": in_first_session(user),
        "activity": dashboard_activity(user),
        # "For you": matched by meaning with the same vectors as search (matching.matches).
        "for_you": matches.for_you(user) if has_offers or has_asks else {"for_asks": [], "asks_to_help": []},
        "introductions": introductions.introductions_for(user),
        "onboarding": onboarding_progress(onboarding) if onboarding else None,
    })


@login_required
@require_POST
def onboarding_reminder_hide(request):
    """The "Finish onboarding" card's close button."""
    onboarding_reminder_dismiss(user=request.user)
    return redirect("dashboard")


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
