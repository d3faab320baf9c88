"""/my/offers/ and /my/asks/: a member creates, edits, pauses and archives their own offers and asks.

Someone else's offer or ask doesn't exist here (404). Writes go through collective.services; their
ApplicationError messages land on the form fields, and the form keeps everything that was typed.
"""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from core.errors import ApplicationError

from .. import selectors, services
from ..choices import AskStatus, OfferStatus
from ..forms import AskForm, AskStatusForm, OfferForm, OfferStatusForm
from ..models import Ask, Offer

PER_PAGE = 20

OFFER_TABS = (
    ("active", "Active", {"status": OfferStatus.ACTIVE}),
    ("paused", "Paused", {"status": OfferStatus.PAUSED}),
    ("draft", "Drafts", {"status": OfferStatus.DRAFT}),
    ("archived", "Archived", {"status": OfferStatus.ARCHIVED}),
)
ASK_TABS = (
    ("open", "Open", {"status__in": [AskStatus.OPEN, AskStatus.IN_PROGRESS]}),
    ("done", "Fulfilled & closed", {"status__in": [AskStatus.FULFILLED, AskStatus.CLOSED]}),
    ("archived", "Archived", {}),
)


def _own_offer(request, pk: int):
    offer = selectors.offers_with_details(selectors.offers_owned_by(request.user)).filter(pk=pk).first()
    if offer is None:
        raise Http404("No such offer")
    return offer


def _own_ask(request, pk: int):
    ask = selectors.asks_with_details(selectors.asks_owned_by(request.user)).filter(pk=pk).first()
    if ask is None:
        raise Http404("No such ask")
    return ask


def _tabs(request, tabs, counts: dict[str, int], current: str, url: str) -> list[dict]:
    return [{"label": label, "url": f"{url}?show={key}", "active": key == current, "count": counts.get(key, 0)}
            for key, label, _ in tabs]


def _back(request, default: str) -> str:
    """Where to return after a list action: the page it came from, if it's one of ours."""
    target = request.POST.get("next", "")
    return target if target.startswith("/my/") else default


# --- Offers -----------------------------------------------------------------------------------------


@login_required
def offers(request):
    show = request.GET.get("show", "active")
    tab = next((t for t in OFFER_TABS if t[0] == show), OFFER_TABS[0])
    counts = selectors.status_counts(Offer.objects.filter(user=request.user))
    rows = selectors.offers_for_cards(Offer.objects.filter(user=request.user, **tab[2]))
    page = Paginator(rows.order_by("-updated_at", "-id"), PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "collective/my/offers.html", {
        "tabs": _tabs(request, OFFER_TABS, counts, tab[0], reverse("mine:offers")),
        "show": tab[0], "page_obj": page, "offers": page.object_list, "total": sum(counts.values()),
    })


@login_required
def offer_create(request):
    form = OfferForm(request.POST or None, initial={"offer_type": request.GET.get("type")} if request.GET.get("type") else None)
    offer = form.submit(lambda data: services.offer_create(user=request.user, **data))
    if offer is not None:
        messages.success(request, "Your offer is saved. Now add a few blocks to make its page shine.")
        return redirect("mine:offer_content", pk=offer.pk)
    return render(request, "collective/my/offer_form.html", {"form": form, "offer": None})


@login_required
def offer_edit(request, pk: int):
    offer = _own_offer(request, pk)
    if offer.is_archived:
        raise Http404("Archived offers can't be edited")
    form = OfferForm(request.POST or None, offer=offer)
    if form.submit(lambda data: services.offer_update(offer=offer, actor=request.user, data=data)) is not None:
        messages.success(request, "Offer updated.")
        return redirect("mine:offers")
    return render(request, "collective/my/offer_form.html", {"form": form, "offer": offer})


@login_required
@require_POST
def offer_status(request, pk: int):
    offer = _own_offer(request, pk)
    form = OfferStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose active, paused or draft.")
    else:
        try:
            services.offer_update(offer=offer, actor=request.user, data={"status": form.cleaned_data["status"]})
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            done = {"active": "is live", "paused": "is paused: still visible, taking no new connections",
                    "draft": "is now a draft, visible only to you"}[offer.status]
            messages.success(request, f"“{offer.title}” {done}.")
    return redirect(_back(request, reverse("mine:offers")))


@login_required
@require_POST
def offer_archive(request, pk: int):
    offer = _own_offer(request, pk)
    services.offer_archive(offer=offer, actor=request.user)
    messages.success(request, f"“{offer.title}” is archived. Only you can see it now.")
    return redirect(_back(request, reverse("mine:offers")))


# --- Asks -------------------------------------------------------------------------------------------


@login_required
def asks(request):
    show = request.GET.get("show", "open")
    tab = next((t for t in ASK_TABS if t[0] == show), ASK_TABS[0])
    mine = Ask.objects.filter(user=request.user)
    by_status = selectors.status_counts(mine.filter(is_archived=False))
    counts = {
        "open": by_status.get(AskStatus.OPEN, 0) + by_status.get(AskStatus.IN_PROGRESS, 0),
        "done": by_status.get(AskStatus.FULFILLED, 0) + by_status.get(AskStatus.CLOSED, 0),
        "archived": mine.filter(is_archived=True).count(),
    }
    rows = mine.filter(is_archived=tab[0] == "archived", **tab[2])
    page = Paginator(selectors.asks_for_cards(rows).order_by("-updated_at", "-id"), PER_PAGE).get_page(
        request.GET.get("page"))
    rows = list(page.object_list)
    for ask in rows:
        # The statuses this ask can move to from where it is (the current one first).
        ask.status_options = [(s, AskStatus(s).label) for s in (ask.status, *services.ASK_STATUS_TRANSITIONS[ask.status])]
    return render(request, "collective/my/asks.html", {
        "tabs": _tabs(request, ASK_TABS, counts, tab[0], reverse("mine:asks")),
        "show": tab[0], "page_obj": page, "asks": rows,
    })


@login_required
def ask_create(request):
    form = AskForm(request.POST or None, initial={"title": request.GET.get("title", "")[:200]})
    ask = form.submit(lambda data: services.ask_create(user=request.user, **data))
    if ask is not None:
        messages.success(request, "Your ask is posted. We'll let you know when someone offers help.")
        return redirect(ask.get_absolute_url())
    return render(request, "collective/my/ask_form.html", {"form": form, "ask": None})


@login_required
def ask_edit(request, pk: int):
    ask = _own_ask(request, pk)
    if ask.is_archived:
        raise Http404("Archived asks can't be edited")
    form = AskForm(request.POST or None, ask=ask)
    if form.submit(lambda data: services.ask_update(ask=ask, actor=request.user, data=data)) is not None:
        messages.success(request, "Ask updated.")
        return redirect("mine:asks")
    return render(request, "collective/my/ask_form.html", {"form": form, "ask": ask})


@login_required
@require_POST
def ask_status(request, pk: int):
    ask = _own_ask(request, pk)
    form = AskStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose a status.")
    else:
        try:
            services.ask_status_change(ask=ask, actor=request.user, status=form.cleaned_data["status"])
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, f"“{ask.title}” is now {ask.get_status_display().lower()}.")
    return redirect(_back(request, reverse("mine:asks")))


@login_required
@require_POST
def ask_archive(request, pk: int):
    ask = _own_ask(request, pk)
    services.ask_archive(ask=ask, actor=request.user)
    messages.success(request, f"“{ask.title}” is archived. Only you can see it now.")
    return redirect(_back(request, reverse("mine:asks")))
