"""Member pages of connections and conversations. Thin: selectors read, services write.

/connections/new/?offer=<id> | ?ask=<id> | ?to=<username>  start a connection with a first message
/connections/                                              my connections, tabs by status
/connections/<id>/                                         → the connection's thread
/messages/, /messages/<thread_id>/                         conversations; a thread is also the
                                                           connection's page (status actions, rating)
"""
from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from collective.choices import AskStatus, ConnectionStatus, ConnectionType, OfferStatus
from collective.models import Ask, Connection, Offer
from collective.selectors import connection_for_participant
from collective.services import connection_allowed_transitions, connection_rate, connection_transition
from core.errors import ApplicationError, NotFound
from members.models import User
from members.selectors import member_zone

from . import selectors, services
from .choices import THREAD_CLOSED_STATUSES
from .forms import ConnectionStartForm, MessageForm, RatingForm, TransitionForm

PAGE_SIZE = 20

# How each move reads as a button, and what the member is told after it.
TRANSITION_ACTIONS = {
    ConnectionStatus.ACCEPTED: {"label": "Accept", "style": "btn--primary", "icon": "circle-check",
                                "done": "Accepted! Say hello and agree on the next step."},
    ConnectionStatus.DISCUSSING: {"label": "Discuss first", "style": "", "icon": "message-circle",
                                  "done": "Marked as discussing."},
    ConnectionStatus.IN_PROGRESS: {"label": "Start working", "style": "", "icon": "play",
                                   "done": "Marked in progress. Good luck!"},
    ConnectionStatus.COMPLETED: {"label": "Mark complete", "style": "btn--accent", "icon": "party-popper",
                                 "done": "Marked complete. Thank you for closing the loop!"},
    ConnectionStatus.DECLINED: {"label": "Decline", "style": "btn--quiet", "icon": "x",
                                "confirm": "Decline this connection? The conversation closes.",
                                "done": "Declined. Thanks for letting them know."},
    ConnectionStatus.CANCELLED: {"label": "Cancel connection", "style": "btn--quiet", "icon": "x",
                                 "confirm": "Cancel this connection? The conversation closes.",
                                 "done": "Connection cancelled."},
}
ACTION_ORDER = (ConnectionStatus.ACCEPTED, ConnectionStatus.COMPLETED, ConnectionStatus.IN_PROGRESS,
                ConnectionStatus.DISCUSSING, ConnectionStatus.DECLINED, ConnectionStatus.CANCELLED)


def connect_tabs(active: str, request) -> list[dict]:
    """The Connect section's tabs (spec navigation: Dashboard, Connections, Messages, Community)."""
    return [
        {"label": "Dashboard", "url": "/home/", "active": active == "dashboard", "icon": "layout-grid"},
        {"label": "Connections", "url": reverse("messaging:connections"), "active": active == "connections",
         "icon": "users"},
        {"label": "Messages", "url": reverse("messaging:threads"), "active": active == "messages",
         "icon": "message-circle", "count": selectors.attach_unread_messages_count(request.user).unread_messages_count or None},
        {"label": "Community", "url": "/community/", "active": active == "community", "icon": "flame"},
    ]


def _thanks_url(connection: Connection) -> str | None:
    try:
        return reverse("economy:connection_thanks", args=[connection.pk])
    except NoReverseMatch:
        return None


def _int_param(value) -> int | None:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if number > 0 else None


# --- Start a connection ------------------------------------------------------------------------


def _start_target(request) -> dict:
    """What the member is connecting about, from ?offer=, ?ask= or ?to= (exactly one)."""
    given = [key for key in ("offer", "ask", "to") if request.GET.get(key)]
    if len(given) != 1:
        raise Http404("Connect about one offer, one ask or one member.")
    key = given[0]
    viewer = request.user
    if key == "offer":
        offer = Offer.objects.public().select_related("user").filter(pk=_int_param(request.GET["offer"])).first()
        if offer is None:
            raise Http404("No such offer.")
        action = offer.cta_label if offer.cta_label in ("Book", "Enroll", "Request") else "Connect"
        heading = {"Book": "Book with", "Enroll": "Enroll with", "Request": "Request from"}.get(action, "Connect with")
        problem = ("This is your own offer." if offer.user_id == viewer.pk else
                   "This offer is paused and not taking new connections." if offer.status != OfferStatus.ACTIVE
                   else "")
        return {"kind": "offer", "offer": offer, "recipient": offer.user, "action": action,
                "title": f"{heading} {offer.user.get_display_name}", "problem": problem,
                "existing": selectors.active_connection_about(initiator=viewer, offer=offer),
                "label": f"Your message to @{offer.user.username}",
                "placeholder": "Say hello, what you'd like and when. They'll get it right away."}
    if key == "ask":
        ask = Ask.objects.public().select_related("user").filter(pk=_int_param(request.GET["ask"])).first()
        if ask is None:
            raise Http404("No such ask.")
        problem = ("This is your own ask." if ask.user_id == viewer.pk else
                   "This ask isn't taking responses any more." if ask.status != AskStatus.OPEN else "")
        return {"kind": "ask", "ask": ask, "recipient": ask.user, "action": "Respond",
                "title": f"Offer to help {ask.user.get_display_name}", "problem": problem,
                "existing": selectors.active_connection_about(initiator=viewer, ask=ask),
                "label": "How you can help",
                "placeholder": "What you'd do, how you've done it before, and when you could start."}
    member = User.objects.filter(username__iexact=request.GET["to"], is_active=True).first()
    if member is None:
        raise Http404("No such member.")
    return {"kind": "direct", "recipient": member, "action": "Message",
            "title": f"Message {member.get_display_name}",
            "problem": "That's you!" if member.pk == viewer.pk else "",
            "existing": selectors.active_direct_connection(viewer, member) if member.pk != viewer.pk else None,
            "label": f"Your message to @{member.username}",
            "placeholder": "Introduce yourself and say what you'd like to talk about."}


@login_required
def connection_new(request):
    target = _start_target(request)
    existing = target["existing"]
    if existing is not None and target["kind"] != "direct":
        messages.info(request, "You're already connected about this. Pick up the conversation here.")
        return redirect("messaging:connection_detail", pk=existing.pk)
    if existing is not None and request.method == "GET":
        # A direct conversation is already open: write there.
        return redirect("messaging:connection_detail", pk=existing.pk)
    form = ConnectionStartForm(request.POST or None)
    status = 200
    if request.method == "POST" and not target["problem"]:
        if form.is_valid():
            try:
                connection = services.connection_start(
                    initiator=request.user, message=form.cleaned_data["message"], offer=target.get("offer"),
                    ask=target.get("ask"), recipient=target["recipient"] if target["kind"] == "direct" else None)
            except NotFound as error:
                raise Http404(error.message) from error
            except ApplicationError as error:
                form.add_application_error(error)
            else:
                sent = {"ask": "Your offer to help is on its way", "offer": "Your request is on its way",
                        "direct": "Message sent"}[target["kind"]]
                messages.success(request, f"{sent} to @{target['recipient'].username}.")
                return redirect("messaging:connection_detail", pk=connection.pk)
        status = 400
    form.fields["message"].label = target["label"]
    form.fields["message"].widget.attrs["placeholder"] = target["placeholder"]
    return render(request, "messaging/connection_new.html", {"target": target, "form": form}, status=status)


# --- My connections ----------------------------------------------------------------------------


@login_required
@require_GET
def connection_list(request):
    user = request.user
    tab = request.GET.get("tab", "all")
    if tab not in {slug for slug, _, _ in selectors.CONNECTION_TABS}:
        tab = "all"
    counts = selectors.connection_tab_counts(user)
    page = Paginator(selectors.connections_for_tab(user, tab), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = []
    for connection in page.object_list:
        allowed = connection_allowed_transitions(connection=connection, user=user)
        rows.append({
            "connection": connection,
            "other": connection.other_participant(user),
            "sent": connection.initiator_id == user.pk,
            # Accepting or completing is waiting on this member.
            "your_move": bool({ConnectionStatus.ACCEPTED, ConnectionStatus.COMPLETED} & set(allowed)),
            "unread": connection.unread_count,
        })
    return render(request, "messaging/connection_list.html", {
        "connect_tabs": connect_tabs("connections", request),
        "status_tabs": [{"label": label, "url": f"?tab={slug}", "active": slug == tab, "count": counts[slug]}
                        for slug, label, _ in selectors.CONNECTION_TABS],
        "tab": tab,
        "page_obj": page,
        "rows": rows,
        "total": counts["all"],
    })


@login_required
@require_GET
def connection_detail(request, pk: int):
    """A connection's page is its conversation (links in notifications and emails point here)."""
    thread = services.thread_for_connection(connection=_participant_connection(request, pk))
    return redirect("messaging:thread", pk=thread.pk)


def _participant_connection(request, pk: int) -> Connection:
    try:
        return connection_for_participant(pk=pk, user=request.user)
    except NotFound as error:
        raise Http404(error.message) from error


@login_required
@require_POST
def connection_status(request, pk: int):
    connection = _participant_connection(request, pk)
    form = TransitionForm(request.POST)
    anchor = ""
    if not form.is_valid():
        messages.error(request, "Choose what to do with this connection.")
    else:
        status = form.cleaned_data["status"]
        try:
            connection_transition(connection=connection, actor=request.user, status=status)
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, TRANSITION_ACTIONS.get(status, {}).get("done", "Updated."))
            if status == ConnectionStatus.COMPLETED:
                anchor = "#rate"
    thread = services.thread_for_connection(connection=connection)
    return redirect(reverse("messaging:thread", args=[thread.pk]) + anchor)


@login_required
@require_POST
def connection_rating(request, pk: int):
    connection = _participant_connection(request, pk)
    thread = services.thread_for_connection(connection=connection)
    form = RatingForm(request.POST)
    if form.submit(lambda data: connection_rate(connection=connection, actor=request.user, **data)) is not None:
        other = connection.other_participant(request.user)
        messages.success(request, f"Thanks! Your rating is on @{other.username}'s profile.")
        return redirect(_thanks_url(connection) or reverse("messaging:thread", args=[thread.pk]))
    thread = selectors.thread_for_participant(pk=thread.pk, user=request.user)
    with timezone.override(member_zone(request.user)):
        return render(request, "messaging/thread.html", _thread_context(request, thread, rating_form=form),
                      status=400)


# --- Conversations -----------------------------------------------------------------------------


@login_required
@require_GET
def thread_list(request):
    page = Paginator(selectors.threads_of(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "messaging/thread_list.html", {
        "connect_tabs": connect_tabs("messages", request),
        "page_obj": page,
        "rows": selectors.thread_rows(page.object_list, request.user),
    })


def _thread_or_404(request, pk: int):
    try:
        return selectors.thread_for_participant(pk=pk, user=request.user)
    except NotFound as error:
        raise Http404(error.message) from error


def _next_step(connection: Connection, user, other) -> str:
    """One sentence on what happens next, from the viewer's side."""
    them = f"@{other.username}" if other else "they"
    status, responder = connection.status, user.pk == connection.responder_id
    helped = user.pk == connection.helped_id
    if status == ConnectionStatus.INITIATED:
        return (f"{them} wants to connect. Accept to go ahead, or reply to talk it through first." if responder
                else f"Waiting for {them} to reply. You can keep writing below.")
    if status == ConnectionStatus.DISCUSSING:
        return ("Accept when you're ready to go ahead." if responder
                else f"You're talking it through. {them} accepts when you're both ready.")
    if status in (ConnectionStatus.ACCEPTED, ConnectionStatus.IN_PROGRESS):
        if connection.connection_type == ConnectionType.DIRECT:
            return "You're connected. Mark it complete when you're done."
        return ("Once you've received the help, mark it complete: it counts toward their helped total." if helped
                else f"Once {them} has received your help, they'll mark it complete.")
    if status == ConnectionStatus.COMPLETED:
        return "Completed. Thank you for helping each other!"
    if status == ConnectionStatus.DECLINED:
        return "You declined this connection." if responder else f"{them} declined this connection."
    return "This connection was cancelled."


def _panel_context(request, thread, connection: Connection | None, rating_form=None) -> dict:
    """The connection side panel: status, the viewer's allowed moves, and the rating step."""
    user = request.user
    context = {"thread": thread, "connection": connection, "other": selectors.thread_other(thread, user)}
    if connection is None:
        return context
    allowed = connection_allowed_transitions(connection=connection, user=user)
    is_initiator = connection.initiator_id == user.pk
    actions = []
    for status in ACTION_ORDER:
        if status in allowed:
            action = dict(TRANSITION_ACTIONS[status], status=status)
            if status == ConnectionStatus.CANCELLED and connection.status in (ConnectionStatus.INITIATED,
                                                                             ConnectionStatus.DISCUSSING):
                action.update(label="Withdraw", confirm="Withdraw your request? The conversation closes.")
            if status == ConnectionStatus.COMPLETED:
                action["label"] = ("I received the help" if connection.connection_type != ConnectionType.DIRECT
                                   else "Mark complete")
            actions.append(action)
    my_rating = connection.initiator_rating if is_initiator else connection.responder_rating
    their_rating = connection.responder_rating if is_initiator else connection.initiator_rating
    completed = connection.status == ConnectionStatus.COMPLETED
    context.update({
        "actions": actions,
        "is_initiator": is_initiator,
        "is_helped": user.pk == connection.helped_id,
        "my_rating": my_rating,
        "their_rating": their_rating,
        "can_rate": completed and my_rating is None,
        "rating_form": rating_form or (RatingForm() if completed and my_rating is None else None),
        "thanks_url": _thanks_url(connection) if completed else None,
        "closed": connection.status in THREAD_CLOSED_STATUSES,
        "next_step": _next_step(connection, user, context["other"]),
    })
    return context


def _day_label(day, today) -> str:
    if day == today:
        return "Today"
    if day == today - timedelta(days=1):
        return "Yesterday"
    return f"{day:%A} {day.day} {day:%B}" if day.year == today.year else f"{day.day} {day:%B %Y}"


def _mark_days(items, zone, *, previous=None) -> None:
    """Give the first message of each day a .day_label (in the viewer's time zone)."""
    today = timezone.now().astimezone(zone).date()
    last_day = previous.astimezone(zone).date() if previous else None
    for item in items:
        day = item.created_at.astimezone(zone).date()
        item.day_label = _day_label(day, today) if day != last_day else ""
        item.day_key = day.isoformat()
        last_day = day


def _thread_context(request, thread, *, message_form=None, rating_form=None, before: int | None = None) -> dict:
    connection = selectors.thread_connection(thread)
    items, has_earlier = selectors.thread_messages(thread, before=before)
    _mark_days(items, member_zone(request.user))
    if not before and items:
        services.thread_mark_read(thread=thread, user=request.user, up_to=items[-1].pk)
    context = _panel_context(request, thread, connection, rating_form=rating_form)
    context.update({
        "connect_tabs": connect_tabs("messages", request),
        "items": items,
        "has_earlier": has_earlier,
        "earliest_id": items[0].pk if items else None,
        "last_id": items[-1].pk if items else 0,
        "message_form": message_form or MessageForm(),
        "status": connection.status if connection else "",
    })
    return context


@login_required
@require_GET
def thread_detail(request, pk: int):
    thread = _thread_or_404(request, pk)
    with timezone.override(member_zone(request.user)):
        return render(request, "messaging/thread.html",
                      _thread_context(request, thread, before=_int_param(request.GET.get("before"))))


def _updates_response(request, thread, *, after: int, known_status: str | None, form_error: str = "") -> HttpResponse:
    """New messages after `after` (appended by htmx), plus the panel when the connection's status changed."""
    items = selectors.messages_after(thread, after=after)
    connection = selectors.thread_connection(thread, fresh=True)  # a message just sent may have moved it
    status_changed = connection is not None and known_status is not None and known_status != connection.status
    if not items and not status_changed and not form_error:
        return HttpResponse(status=204)
    zone = member_zone(request.user)
    if items:
        services.thread_mark_read(thread=thread, user=request.user, up_to=items[-1].pk)
        previous = selectors.message_created_at(thread, after)
        _mark_days(items, zone, previous=previous)
    context = {"items": items, "thread": thread, "form_error": form_error}
    if status_changed:
        context.update(_panel_context(request, thread, connection))
        context.update({"status_changed": True, "status": connection.status, "message_form": MessageForm(),
                        "last_id": items[-1].pk if items else after})
    with timezone.override(zone):
        return render(request, "messaging/partials/thread_updates.html", context)


@login_required
@require_GET
def thread_updates(request, pk: int):
    thread = _thread_or_404(request, pk)
    return _updates_response(request, thread, after=_int_param(request.GET.get("after")) or 0,
                             known_status=request.GET.get("seen_status"))


@login_required
@require_POST
def thread_send(request, pk: int):
    thread = _thread_or_404(request, pk)
    form = MessageForm(request.POST)
    if form.is_valid():
        try:
            services.message_send(thread=thread, sender=request.user, body=form.cleaned_data["body"])
        except NotFound as error:
            raise Http404(error.message) from error
        except ApplicationError as error:
            form.add_application_error(error)
    if request.htmx:
        error = "" if form.is_valid() else (form.errors.get("body") or form.non_field_errors() or [""])[0]
        response = _updates_response(request, thread, after=_int_param(request.POST.get("after")) or 0,
                                     known_status=request.POST.get("seen_status"), form_error=error or "")
        if not error:
            response["HX-Trigger"] = "messageSent"  # messaging.js clears the composer
        return response
    if form.is_valid():
        return redirect(reverse("messaging:thread", args=[thread.pk]) + "#latest")
    with timezone.override(member_zone(request.user)):
        return render(request, "messaging/thread.html", _thread_context(request, thread, message_form=form),
                      status=400)
