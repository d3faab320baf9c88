"""Member pages of the economy: /my/points/, /community/, /community/leaderboard/, the post-connection
thanks page and endorsement actions. Views stay thin: selectors read, services write."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Sum
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from collective.choices import ConnectionStatus
from collective.models import Connection
from core.errors import ApplicationError

from . import selectors, services
from .choices import FEATURE_COSTS, GIVING_ACTIONS, CreditFeature
from .forms import BadgeForm, ConvertForm, EndorsementForm, GiftCreditsForm, GiftPointsForm, ReportForm
from .models import Endorsement, PeerBadgeAward, PointsTransaction

HISTORY_PAGE_SIZE = 20
LEADERBOARD_PAGE_SIZE = 20


def _querystring(**params) -> str:
    return "?" + "&".join(f"{k}={v}" for k, v in params.items() if v)


# ------------------------------------------------------------------------------------ /my/points/
@login_required
def my_points(request, convert_form: ConvertForm | None = None, status: int = 200):
    member = request.user
    ledger = "credits" if request.GET.get("ledger") == "credits" else "points"
    kinds = selectors.CREDIT_KINDS if ledger == "credits" else selectors.POINTS_KINDS
    kind = request.GET.get("kind") if request.GET.get("kind") in kinds else ""
    period = request.GET.get("period") if request.GET.get("period") in selectors.PERIODS else ""
    history = (selectors.credit_history if ledger == "credits" else selectors.points_history)(
        member=member, kind=kind or None, period=period or None
    )
    page = Paginator(history, HISTORY_PAGE_SIZE).get_page(request.GET.get("page"))
    convertible = member.points // 100 * 100
    return render(
        request,
        "economy/my_points.html",
        {
            "member": member,
            "ledger": ledger,
            "ledger_tabs": [
                {
                    "label": "Points",
                    "url": _querystring(ledger="points"),
                    "active": ledger == "points",
                    "icon": "coins",
                },
                {
                    "label": "Credits",
                    "url": _querystring(ledger="credits"),
                    "active": ledger == "credits",
                    "icon": "wallet",
                },
            ],
            "kind_filters": [{"label": "All", "url": _querystring(ledger=ledger, period=period), "selected": not kind}]
            + [
                {"label": label, "url": _querystring(ledger=ledger, kind=key, period=period), "selected": kind == key}
                for key, (label, _) in kinds.items()
            ],
            "period_filters": [
                {"label": "Any time", "url": _querystring(ledger=ledger, kind=kind), "selected": not period}
            ]
            + [
                {"label": label, "url": _querystring(ledger=ledger, kind=kind, period=key), "selected": period == key}
                for key, (label, _) in selectors.PERIODS.items()
            ],
            "filtered": bool(kind or period),
            "page_obj": page,
            "convert_form": convert_form or ConvertForm(initial={"points": convertible or 100}),
            "convertible": convertible,
            "convertible_credits": services.conversion_preview(convertible)[1],
            "points_to_first_conversion": max(0, 100 - member.points),
            "next_unlocks": selectors.whats_next(member.points),
            "unlocks": selectors.unlocks_for(member.points),
            "feature_costs": [(CreditFeature(key).label, cost) for key, cost in FEATURE_COSTS.items()],
        },
        status=status,
    )


@login_required
@require_POST
def convert_points(request):
    form = ConvertForm(request.POST)
    entry = form.submit(lambda data: services.points_convert(user=request.user, **data))
    if entry is not None:
        kept = form.cleaned_data["points"] - entry.points_converted
        messages.success(
            request,
            f"Converted {entry.points_converted} points into {entry.amount} credits."
            + (f" {kept} points stay as points." if kept else ""),
        )
        return redirect(reverse("economy:my_points") + "?ledger=credits")
    return my_points(request, convert_form=form, status=400)


def leaderboard(request):
    period = "all" if request.GET.get("period") == "all" else "week"
    page = selectors.leaderboard_page(
        period=period, page_number=request.GET.get("page"), per_page=LEADERBOARD_PAGE_SIZE
    )
    my_week = None
    if request.user.is_authenticated and period == "week":
        my_week = (
            PointsTransaction.objects.filter(
                member=request.user,
                action__in=GIVING_ACTIONS,
                created_at__gte=timezone.now() - selectors.LEADERBOARD_WINDOW,
            ).aggregate(total=Sum("amount"))["total"]
            or 0
        )
    return render(
        request,
        "economy/leaderboard.html",
        {
            "period": period,
            "page_obj": page,
            "rows": page.object_list,
            "period_tabs": [
                {"label": "This week", "url": "?period=week", "active": period == "week", "icon": "flame"},
                {"label": "All time", "url": "?period=all", "active": period == "all", "icon": "trophy"},
            ],
            "my_week": my_week,
            "featured_threshold": selectors.FEATURED_HELPER_POINTS,
        },
    )


# ------------------------------------------------------------------------- post-connection thanks
THANKS_FORMS = {"points": GiftPointsForm, "credits": GiftCreditsForm, "badge": BadgeForm, "endorse": EndorsementForm}


@login_required
def connection_thanks(request, pk: int, action: str | None = None):
    """Spec 8.8's "Want to show extra appreciation?": gifts, a badge, an endorsement. Participants only."""
    connection = get_object_or_404(Connection.objects.select_related("initiator", "responder"), pk=pk)
    if not connection.is_participant(request.user):
        raise Http404("No such connection")
    if action is not None and (request.method != "POST" or action not in THANKS_FORMS):
        raise Http404("No such action")
    other = connection.other_participant(request.user)
    badge_types = list(selectors.active_badge_types())
    given = set(
        PeerBadgeAward.objects.filter(awarder=request.user, connection=connection).values_list(
            "badge_type__slug", flat=True
        )
    )
    forms = {
        "points": GiftPointsForm(prefix="points"),
        "credits": GiftCreditsForm(prefix="credits"),
        "badge": BadgeForm(prefix="badge", badge_types=badge_types, given=given),
        "endorse": EndorsementForm(prefix="endorse"),
    }
    status = 200
    if action is not None:
        form_class = THANKS_FORMS[action]
        kwargs = {"badge_types": badge_types, "given": given} if action == "badge" else {}
        form = form_class(request.POST, prefix=action, **kwargs)
        forms[action] = form
        if form.is_valid():
            try:
                done = _thank(action, request.user, other, connection, form.cleaned_data)
            except ApplicationError as error:
                form.add_application_error(error)
            else:
                messages.success(request, done)
                return redirect("economy:connection_thanks", pk=connection.pk)
        status = 400
    my_rating = (
        connection.initiator_rating if request.user.pk == connection.initiator_id else connection.responder_rating
    )
    return render(
        request,
        "economy/connection_thanks.html",
        {
            "connection": connection,
            "other": other,
            "completed": connection.status == ConnectionStatus.COMPLETED,
            "my_rating": my_rating,
            "forms": forms,
            "given_badges": [b for b in badge_types if b.slug in given],
            "badge_choices": [
                {"slug": b.slug, "name": b.name, "checked": forms["badge"]["badge"].value() == b.slug}
                for b in badge_types
                if b.slug not in given
            ],
            "all_badges_given": len(given) >= len(badge_types),
            "endorsed": Endorsement.objects.filter(endorser=request.user, connection=connection).first(),
            "open_action": action,
            "action_error": next(iter(forms[action].non_field_errors()), "") if action else "",
        },
        status=status,
    )


def _thank(action: str, user, other, connection: Connection, data: dict) -> str:
    if action == "points":
        gift = services.points_gift(
            sender=user,
            recipient=other,
            amount=data["amount"],
            message=data["message"],
            connection=connection,
            idempotency_key=data["idempotency_key"],
        )
        return f"You sent @{other.username} {gift.amount} points. Generosity looks good on you."
    if action == "credits":
        entry = services.credits_gift(
            sender=user,
            recipient=other,
            amount=data["amount"],
            message=data["message"],
            connection=connection,
            idempotency_key=data["idempotency_key"],
        )
        return f"You sent @{other.username} {-entry.amount} credits."
    if action == "badge":
        award = services.badge_award(awarder=user, connection=connection, badge_slug=data["badge"])
        return f"You gave @{other.username} the {award.badge_type.name} badge."
    services.endorsement_create(endorser=user, connection=connection, content=data["content"])
    return f"Your endorsement is on @{other.username}'s profile."


# ------------------------------------------------------------------------------ endorsement actions
ENDORSEMENT_ACTIONS = {
    "hide": {"hidden": True},
    "show": {"hidden": False},
    "pin": {"featured": True},
    "unpin": {"featured": False},
}


@login_required
@require_POST
def endorsement_action(request, pk: int, action: str):
    endorsement = get_object_or_404(Endorsement.objects.select_related("endorsee"), pk=pk, is_approved=True)
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        back = endorsement.endorsee.get_absolute_url()
    try:
        if action in ENDORSEMENT_ACTIONS:
            services.endorsement_set_visibility(
                user=request.user, endorsement=endorsement, **ENDORSEMENT_ACTIONS[action]
            )
            messages.success(
                request,
                {
                    "hide": "Hidden from your profile.",
                    "show": "Shown on your profile again.",
                    "pin": "Pinned to the top of your endorsements.",
                    "unpin": "Unpinned.",
                }[action],
            )
        elif action == "report":
            form = ReportForm(request.POST)
            reason = form.cleaned_data["reason"] if form.is_valid() else ""
            services.endorsement_report(reporter=request.user, endorsement=endorsement, reason=reason)
            messages.success(request, "Thanks for telling us. A curator will take a look.")
        else:
            raise Http404("No such action")
    except ApplicationError as error:
        messages.error(request, error.message)
    return redirect(back)
