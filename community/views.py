"""Community pages: the hub (/community/), events, calendar feeds, weekly challenges, the Givers Circle,
pinned offers and offer analytics. Views stay thin: selectors read, services write."""
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from collective.models import Offer
from core.errors import ApplicationError, NotFound
from core.pages import page_hand_off
from economy import selectors as economy
from economy.choices import UNLOCK_THRESHOLDS, Unlock

from . import selectors, services
from .calendar import calendar_bytes
from .choices import RSVPStatus
from .features import feature_enabled
from .forms import (
    CircleReplyForm,
    CircleThreadForm,
    EventForm,
    MessageAttendeesForm,
    SubmissionForm,
    ThankHostForm,
)
from .models import CalendarFeed, ChallengePage, ChallengeSubmission, Event

PER_PAGE = 12


def _zone(user) -> ZoneInfo:
    try:
        return ZoneInfo(user.time_zone if user.is_authenticated else "UTC")
    except Exception:  # noqa: BLE001 — a bad stored zone shows times in UTC rather than failing
        return ZoneInfo("UTC")


def _refuse(request, error: ApplicationError):
    if error.status == 404:
        raise Http404(error.message)
    messages.error(request, error.message)


# -------------------------------------------------------------------------------------------- hub
def hub(request):
    """/community/: this week's challenge, upcoming events, top helpers, and what giving unlocks."""
    user = request.user
    points = user.points if user.is_authenticated else 0
    return render(request, "community/hub.html", {
        "challenge": selectors.current_challenge(),
        "events": list(selectors.events_list(scope="upcoming")[:3]),
        "helpers": economy.leaderboard_page(period="week", per_page=5).object_list,
        "unlocks": [u for u in economy.unlocks_for(points) if u.group == "social"],
        "in_circle": services.can_enter_circle(user),
        "can_host": services.can_host(user),
        "zone": _zone(user),
    })


# ----------------------------------------------------------------------------------------- events
def events(request):
    scope = request.GET.get("scope", "upcoming")
    if scope not in ("upcoming", "past", "mine"):
        scope = "upcoming"
    if scope == "mine" and not request.user.is_authenticated:
        return redirect(f"{reverse('account_login')}?next={request.get_full_path()}")
    page = Paginator(selectors.events_list(scope=scope, member=request.user), PER_PAGE).get_page(
        request.GET.get("page"))
    tabs = [{"label": label, "url": f"?scope={key}", "active": scope == key, "icon": icon}
            for key, label, icon in (("upcoming", "Upcoming", "calendar"), ("past", "Past", "clock"),
                                     ("mine", "Mine", "user"))]
    return render(request, "community/events.html", {
        "page_obj": page, "events": page.object_list, "scope": scope, "tabs": tabs,
        "can_host": services.can_host(request.user), "zone": _zone(request.user)})


def _event_form_page(request, *, event: Event | None):
    user = request.user
    zone = _zone(user)
    if event is None and not services.can_host(user):
        return render(request, "community/event_form.html", {
            "locked": True, "threshold": UNLOCK_THRESHOLDS[Unlock.HOST_EVENTS],
            "points_to_go": services.points_needed(user, Unlock.HOST_EVENTS)}, status=403)
    initial = {}
    if event is not None:
        initial = {name: getattr(event, name) for name in ("title", "description", "online_url", "location",
                                                           "capacity", "category")}
        initial["starts_at"] = timezone.localtime(event.starts_at, zone)
        initial["ends_at"] = timezone.localtime(event.ends_at, zone)
        initial["tools"] = list(event.tools.all())
    with timezone.override(zone):  # entered in the host's time zone, stored in UTC
        form = EventForm(request.POST or None, request.FILES or None, initial=initial)
        if request.method == "POST":
            def save(data):
                data["time_zone"] = str(zone)
                tools = data.pop("tools")
                if event is None:
                    return services.event_create(host=user, data=data, tools=tools)
                if not data.get("cover_image"):
                    data.pop("cover_image", None)
                return services.event_update(actor=user, event=event, data=data, tools=tools)
            saved = form.submit(save)
            if saved is not None:
                messages.success(request, "Event saved." if event else "Your event is live. Share the link!")
                return redirect(saved.get_absolute_url())
    return render(request, "community/event_form.html", {"form": form, "event": event, "zone": zone},
                  status=400 if form.errors else 200)


@login_required
def event_new(request):
    return _event_form_page(request, event=None)


@login_required
def event_edit(request, pk: int):
    event = get_object_or_404(Event, pk=pk)
    if not (request.user.pk == event.host_id or request.user.is_staff):
        raise Http404("No such event")
    return _event_form_page(request, event=event)


def event_detail(request, pk: int, *, thank_form=None, message_form=None, status=200):
    try:
        event = selectors.event_for_viewer(pk=pk)
    except NotFound as error:
        raise Http404(error.message) from None
    user = request.user
    rsvp = selectors.rsvp_of(event, user)
    manages = user.is_authenticated and (user.pk == event.host_id or user.is_staff)
    attended = rsvp is not None and rsvp.status == RSVPStatus.GOING
    return render(request, "community/event_detail.html", {
        "event": event, "rsvp": rsvp, "zone": _zone(user), "manages": manages,
        "is_host": user.is_authenticated and user.pk == event.host_id,
        "position": selectors.waitlist_position(rsvp),
        "going": list(selectors.attendees(event)) if manages else [],
        "waitlist": list(selectors.attendees(event, status=RSVPStatus.WAITLISTED)) if manages else [],
        "message_form": message_form or MessageAttendeesForm(),
        "can_thank": attended and event.has_ended and not event.is_cancelled,
        "thank_form": thank_form or ThankHostForm(initial={"idempotency_key": f"thank-host:{event.pk}:{user.pk}"}),
    }, status=status)


@login_required
@require_POST
def event_rsvp(request, pk: int):
    event = get_object_or_404(Event, pk=pk)
    try:
        rsvp = services.rsvp_create(member=request.user, event=event)
    except ApplicationError as error:
        _refuse(request, error)
    else:
        if rsvp.status == RSVPStatus.GOING:
            messages.success(request, "You're going! Add it to your calendar.")
        else:
            messages.info(request, "It's full, so you're on the waitlist. We'll tell you if a spot opens.")
    return redirect(event.get_absolute_url())


@login_required
@require_POST
def event_rsvp_cancel(request, pk: int):
    event = get_object_or_404(Event, pk=pk)
    if services.rsvp_cancel(member=request.user, event=event):
        messages.success(request, "You're no longer on the list.")
    return redirect(event.get_absolute_url())


@login_required
@require_POST
def event_cancel(request, pk: int):
    event = get_object_or_404(Event, pk=pk)
    try:
        services.event_cancel(actor=request.user, event=event)
    except ApplicationError as error:
        _refuse(request, error)
    else:
        messages.success(request, "Event cancelled. Everyone who RSVPed has been told.")
    return redirect(event.get_absolute_url())


@login_required
@require_POST
def event_message(request, pk: int):
    event = get_object_or_404(Event, pk=pk)
    if not (request.user.pk == event.host_id or request.user.is_staff):
        raise Http404("No such event")
    form = MessageAttendeesForm(request.POST)
    sent = form.submit(lambda data: services.event_message_attendees(actor=request.user, event=event, **data))
    if sent is None:
        return event_detail(request, pk, message_form=form, status=400)
    messages.success(request, f"Sent to {sent} attendee{'s' if sent != 1 else ''}.")
    return redirect(event.get_absolute_url())


@login_required
@require_POST
def event_thank(request, pk: int):
    event = get_object_or_404(Event, pk=pk)
    form = ThankHostForm(request.POST)
    gift = form.submit(lambda data: services.event_thank_host(member=request.user, event=event, **data))
    if gift is None:
        return event_detail(request, pk, thank_form=form, status=400)
    messages.success(request, f"You sent @{event.host.username} {gift.amount} points. Thank you for saying thanks!")
    return redirect(event.get_absolute_url())


def event_ics(request, pk: int):
    event = get_object_or_404(Event.objects.select_related("host"), pk=pk)
    response = HttpResponse(calendar_bytes([event], name=event.title), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="event-{event.pk}.ics"'
    return response


# ---------------------------------------------------------------------------------- calendar feed
@login_required
def calendar_settings(request):
    if request.method == "POST":
        services.calendar_feed_revoke(member=request.user)
        messages.success(request, "New feed address made. The old one no longer works.")
        return redirect("community:calendar")
    feed = services.calendar_feed_for(request.user)
    url = request.build_absolute_uri(reverse("community:calendar_feed", args=[feed.token]))
    return render(request, "community/calendar.html", {"feed_url": url,
                                                       "webcal_url": url.replace("https://", "webcal://", 1)
                                                       .replace("http://", "webcal://", 1)})


def calendar_feed(request, token: str):
    """The secret feed URL a calendar app polls (no login: the token is the key; revoking rotates it)."""
    feed = CalendarFeed.objects.select_related("member").filter(token=token).first()
    if feed is None or not feed.member.is_active:
        raise Http404("No such feed")
    body = calendar_bytes(selectors.events_for_feed(feed.member), name="All Thrive events")
    return HttpResponse(body, content_type="text/calendar; charset=utf-8")


# -------------------------------------------------------------------------------- weekly challenges
def challenges(request):
    today = timezone.now().date()
    live = selectors.challenges_live()
    return render(request, "community/challenges.html", {
        "current": selectors.current_challenge(),
        "past": list(live.filter(week_end__lt=today)[:30]),
        "upcoming": list(live.filter(week_start__gt=today).order_by("week_start"))
        if feature_enabled(request.user, "challenge_preview") else [],
    })


@page_hand_off(ChallengePage)
def challenge_context(page, request) -> dict:
    return selectors.challenge_context(page, request.user)


@page_hand_off(ChallengePage, "serve")
def challenge_serve(page, request, serve):
    """ChallengePage.serve: early-access preview of future weeks; POSTs to submit and to appreciate."""
    if page.week_start > timezone.now().date() and not feature_enabled(request.user, "challenge_preview"):
        raise Http404("Not open yet")
    if request.method != "POST":
        return serve(request)
    if not request.user.is_authenticated:
        return redirect(f"{reverse('account_login')}?next={page.url}")
    action = request.POST.get("action")
    try:
        if action == "appreciate":
            submission = get_object_or_404(ChallengeSubmission, pk=request.POST.get("submission"), challenge=page)
            services.submission_appreciate(member=request.user, submission=submission)
        elif action == "submit":
            context = page.get_context(request)  # the challenge's context, also for the page with the errors
            form = SubmissionForm(request.POST, offers=context["my_offers"])
            if form.submit(lambda data: services.submission_save(member=request.user, challenge=page, **data)) is None:
                return render(request, page.get_template(request), {**context, "form": form}, status=400)
            messages.success(request, "Submitted. You can edit it until the week ends.")
        else:
            raise Http404("No such action")
    except ApplicationError as error:
        _refuse(request, error)
    return redirect(page.url)


# ------------------------------------------------------------------------------------ Givers Circle
def _circle_or_404(request):
    if not services.can_enter_circle(request.user):
        raise Http404("Not found")


def circle(request):
    _circle_or_404(request)
    form = CircleThreadForm(request.POST or None)
    if request.method == "POST":
        thread = form.submit(lambda data: services.circle_thread_create(author=request.user, **data))
        if thread is not None:
            return redirect("community:circle_thread", pk=thread.pk)
    page = Paginator(selectors.circle_threads(request.user), 20).get_page(request.GET.get("page"))
    return render(request, "community/circle.html", {"page_obj": page, "threads": page.object_list, "form": form},
                  status=400 if form.errors else 200)


def circle_thread(request, pk: int):
    _circle_or_404(request)
    try:
        thread = selectors.circle_thread(request.user, pk)
    except NotFound:
        raise Http404("Not found") from None
    form = CircleReplyForm(request.POST or None)
    if request.method == "POST" and form.submit(
            lambda data: services.circle_reply_create(author=request.user, thread=thread, **data)):
        return redirect("community:circle_thread", pk=thread.pk)
    return render(request, "community/circle_thread.html", {"thread": thread, "form": form},
                  status=400 if form.errors else 200)


# --------------------------------------------------------------------------- pins and analytics
@login_required
@require_POST
def offer_pin(request, pk: int):
    offer = get_object_or_404(Offer, pk=pk, user=request.user)
    try:
        if request.POST.get("pin") == "0":
            services.offer_unpin(member=request.user, offer=offer)
            messages.success(request, "Unpinned.")
        else:
            services.offer_pin(member=request.user, offer=offer)
            messages.success(request, "Pinned to the top of your storefront.")
    except ApplicationError as error:
        _refuse(request, error)
    return redirect(request.POST.get("next") if str(request.POST.get("next", "")).startswith("/") else "/my/offers/")


@login_required
def offer_analytics(request, pk: int):
    offer = get_object_or_404(Offer, pk=pk, user=request.user)  # owner only; anyone else gets a 404
    if not economy.can_view_offer_analytics(request.user):
        return render(request, "community/offer_analytics.html", {
            "offer": offer, "locked": True, "threshold": UNLOCK_THRESHOLDS[Unlock.OFFER_ANALYTICS],
            "points_to_go": services.points_needed(request.user, Unlock.OFFER_ANALYTICS)}, status=403)
    rows = selectors.offer_analytics(offer)
    peak = max([r["views"] for r in rows] + [r["connections"] for r in rows] + [1])
    for r in rows:
        r["views_pct"] = round(r["views"] * 100 / peak)
        r["conn_pct"] = round(r["connections"] * 100 / peak)
    totals = {"views": sum(r["views"] for r in rows), "connections": sum(r["connections"] for r in rows)}
    totals["conversion"] = round(totals["connections"] * 100 / totals["views"], 1) if totals["views"] else 0.0
    return render(request, "community/offer_analytics.html", {"offer": offer, "rows": rows, "totals": totals,
                                                              "peak": peak})
