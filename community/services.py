"""Writes of the community room: events and RSVPs, calendar feeds, reminders, host points, weekly
challenges, the Givers Circle, pinned offers, and closing expired asks.

Every rule that depends on points asks `economy.selectors` (the thresholds live there). Side effects on
other rooms (notifications, points) are explicit calls here, queued with `transaction.on_commit` where a
rollback must not leave them behind.
"""
from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from collective.choices import AskStatus, OfferStatus
from collective.models import Ask, Offer, Taxonomy
from core.errors import ApplicationError, NotFound, PermissionDenied
from economy import selectors as economy
from economy.choices import UNLOCK_THRESHOLDS, PointsAction, Unlock
from economy.services import points_award
from members.models import User
from notifications.choices import Event as NotificationEvent
from notifications.services import notify

from .choices import (
    CHALLENGE_MAX_PICKS,
    HOST_POINTS_MIN_ATTENDEES,
    MAX_PINNED_OFFERS,
    REMINDERS,
    EventStatus,
    RSVPStatus,
)
from .models import (
    RSVP,
    Appreciation,
    CalendarFeed,
    ChallengePage,
    ChallengeSubmission,
    CircleInvitation,
    CircleReply,
    CircleThread,
    Event,
    PinnedOffer,
)

EVENT_FIELDS = ("title", "description", "starts_at", "ends_at", "time_zone", "online_url", "location", "capacity",
                "category", "cover_image")


def _is_staff(user) -> bool:
    return bool(user and user.is_authenticated and (user.is_staff or getattr(user, "is_curator", False)))


def points_needed(user, unlock: str) -> int:
    return max(UNLOCK_THRESHOLDS[unlock] - (user.points if user.is_authenticated else 0), 0)


# ------------------------------------------------------------------------------------------- events
def can_host(user) -> bool:
    """Members at 600+ points, and staff. Follows current points: below 600 no new events."""
    return _is_staff(user) or economy.can_host_events(user)


def _validate_event(data: dict[str, Any], *, creating: bool) -> None:
    errors = {}
    starts, ends = data.get("starts_at"), data.get("ends_at")
    if starts and ends and ends <= starts:
        errors["ends_at"] = "The event must end after it starts."
    if creating and starts and starts <= timezone.now():
        errors["starts_at"] = "Pick a time in the future."
    if not data.get("online_url") and not data.get("location"):
        errors["location"] = "Give an online link or a place."
    capacity = data.get("capacity")
    if capacity is not None and (capacity < 1 or capacity > 10000):
        errors["capacity"] = "Between 1 and 10,000 people."
    if errors:
        raise ApplicationError("Check the event's details.", fields=errors)


def event_create(*, host: User, data: dict[str, Any], tools: list[Taxonomy] | None = None) -> Event:
    if not can_host(host):
        need = points_needed(host, Unlock.HOST_EVENTS)
        raise PermissionDenied(f"Hosting events unlocks at {UNLOCK_THRESHOLDS[Unlock.HOST_EVENTS]} points; "
                               f"you need {need} more.")
    _validate_event(data, creating=True)
    with transaction.atomic():
        event = Event(host=host, **{k: v for k, v in data.items() if k in EVENT_FIELDS})
        event.save()
        if tools:
            event.tools.set(tools)
    return event


def _require_manager(user, event: Event) -> None:
    if not (user.is_authenticated and (user.pk == event.host_id or _is_staff(user))):
        raise NotFound("No such event.")


def event_update(*, actor: User, event: Event, data: dict[str, Any], tools: list[Taxonomy] | None = None) -> Event:
    """The host (whatever their points now: attendees rely on the event) or a curator edits it."""
    _require_manager(actor, event)
    if event.is_cancelled:
        raise ApplicationError("This event was cancelled.", code="cancelled")
    merged = {name: getattr(event, name) for name in EVENT_FIELDS} | data
    _validate_event(merged, creating=False)
    with transaction.atomic():
        locked = Event.objects.select_for_update().get(pk=event.pk)
        if merged["capacity"] < locked.going_count:
            raise ApplicationError("Capacity can't go below the members already going.",
                                   fields={"capacity": f"{locked.going_count} members are already going."})
        for name in EVENT_FIELDS:
            setattr(locked, name, merged[name])
        locked.save()
        if tools is not None:
            locked.tools.set(tools)
        _promote_waitlist(locked)
    return locked


def event_cancel(*, actor: User, event: Event) -> Event:
    """Cancel an event; everyone going or waitlisted is notified, once."""
    _require_manager(actor, event)
    with transaction.atomic():
        updated = Event.objects.filter(pk=event.pk, status=EventStatus.SCHEDULED).update(
            status=EventStatus.CANCELLED, cancelled_at=timezone.now())
        event.refresh_from_db()
        if updated:
            members = list(User.objects.filter(event_rsvps__event=event,
                                               event_rsvps__status__in=[RSVPStatus.GOING, RSVPStatus.WAITLISTED]))
            transaction.on_commit(lambda: [
                notify(recipient=m, actor=actor, event=NotificationEvent.EVENT_UPDATED, url=event.get_absolute_url(),
                       text=f"“{event.title}” was cancelled by its host.", dedupe_key=f"event:{event.pk}:cancelled")
                for m in members])
    return event


def _promote_waitlist(event: Event) -> list[RSVP]:
    """Fill free spots from the waitlist, first come first served. Call with the event row locked."""
    promoted = []
    free = event.capacity - event.going_count
    if free <= 0:
        return promoted
    for rsvp in RSVP.objects.select_for_update().filter(event=event, status=RSVPStatus.WAITLISTED).order_by(
            "joined_at", "id")[:free]:
        rsvp.status = RSVPStatus.GOING
        rsvp.save(update_fields=["status"])
        promoted.append(rsvp)
    if promoted:
        Event.objects.filter(pk=event.pk).update(going_count=F("going_count") + len(promoted))
        event.going_count += len(promoted)
        for rsvp in promoted:
            transaction.on_commit(lambda r=rsvp: notify(
                recipient=r.member, event=NotificationEvent.EVENT_UPDATED, url=event.get_absolute_url(),
                text=f"A spot opened up: you're going to “{event.title}”.",
                dedupe_key=f"event:{event.pk}:promoted:{r.pk}:{timezone.now().timestamp()}"))
    return promoted


def rsvp_create(*, member: User, event: Event) -> RSVP:
    """Going if a spot is free, else waitlisted. Concurrent RSVPs serialize on the event's row lock, so
    going never exceeds capacity (and the CHECK on going_count backs that up)."""
    if not member.is_authenticated:
        raise PermissionDenied("Log in to RSVP.")
    with transaction.atomic():
        locked = Event.objects.select_for_update().get(pk=event.pk)
        if locked.is_cancelled:
            raise ApplicationError("This event was cancelled.", code="cancelled")
        if locked.has_ended:
            raise ApplicationError("This event has ended.", code="ended")
        if locked.host_id == member.pk:
            raise ApplicationError("You're hosting this event.", code="host")
        rsvp = RSVP.objects.select_for_update().filter(event=locked, member=member).first()
        if rsvp is not None and rsvp.status != RSVPStatus.CANCELLED:
            return rsvp
        status = RSVPStatus.GOING if locked.going_count < locked.capacity else RSVPStatus.WAITLISTED
        if rsvp is None:
            rsvp = RSVP.objects.create(event=locked, member=member, status=status)
        else:  # coming back after cancelling: to the end of the line
            rsvp.status, rsvp.joined_at, rsvp.reminded_24h, rsvp.reminded_1h = status, timezone.now(), False, False
            rsvp.save()
        if status == RSVPStatus.GOING:
            Event.objects.filter(pk=locked.pk).update(going_count=F("going_count") + 1)
    event.refresh_from_db(fields=["going_count"])
    return rsvp


def rsvp_cancel(*, member: User, event: Event) -> RSVP | None:
    """Cancel an RSVP; a freed spot goes to the first waitlisted member in the same transaction."""
    with transaction.atomic():
        locked = Event.objects.select_for_update().get(pk=event.pk)
        rsvp = RSVP.objects.select_for_update().filter(
            event=locked, member=member, status__in=[RSVPStatus.GOING, RSVPStatus.WAITLISTED]).first()
        if rsvp is None:
            return None
        was_going = rsvp.status == RSVPStatus.GOING
        rsvp.status = RSVPStatus.CANCELLED
        rsvp.save(update_fields=["status"])
        if was_going:
            Event.objects.filter(pk=locked.pk).update(going_count=F("going_count") - 1)
            locked.going_count -= 1
            if not locked.is_cancelled and not locked.has_ended:
                _promote_waitlist(locked)
    event.refresh_from_db(fields=["going_count"])
    return rsvp


def event_message_attendees(*, actor: User, event: Event, message: str) -> int:
    """The host writes to everyone going (a notification with the message, by email per their settings)."""
    _require_manager(actor, event)
    message = (message or "").strip()
    if not message:
        raise ApplicationError("Write a message.", fields={"message": "Write a message."})
    if len(message) > 1000:
        raise ApplicationError("Keep it to 1,000 characters.", fields={"message": "Keep it to 1,000 characters."})
    members = list(User.objects.filter(event_rsvps__event=event, event_rsvps__status=RSVPStatus.GOING))
    for member in members:
        notify(recipient=member, actor=actor, event=NotificationEvent.EVENT_UPDATED, url=event.get_absolute_url(),
               text=f"@{actor.username} wrote to everyone going to “{event.title}”", excerpt=message)
    return len(members)


def event_thank_host(*, member: User, event: Event, amount, message: str = "", idempotency_key: str | None = None):
    """After the event an attendee may gift the host points, through the economy's gift (its rules apply)."""
    from economy.services import points_gift

    if not event.has_ended or event.is_cancelled:
        raise ApplicationError("You can thank the host once the event is over.", code="not_over")
    if not RSVP.objects.filter(event=event, member=member, status=RSVPStatus.GOING).exists():
        raise PermissionDenied("Only attendees can thank the host.")
    return points_gift(sender=member, recipient=event.host, amount=amount,
                       message=message or f"Thanks for hosting “{event.title}”!", idempotency_key=idempotency_key)


def event_award_host_points(*, event: Event):
    """Once the event is over: +HOST_EVENT points to its host if at least 3 members were going. Once per event."""
    if event.is_cancelled or not event.has_ended or event.going_count < HOST_POINTS_MIN_ATTENDEES:
        return None
    return points_award(user=event.host, action=PointsAction.HOST_EVENT, source=event,
                        description=f"You hosted “{event.title}”")


def award_due_host_points(*, now=None) -> int:
    """The beat task: events that ended in the last week with enough attendees (repeats are no-ops)."""
    now = now or timezone.now()
    events = Event.objects.scheduled().filter(ends_at__lte=now, ends_at__gt=now - timedelta(days=7),
                                              going_count__gte=HOST_POINTS_MIN_ATTENDEES).select_related("host")
    return sum(1 for event in events if event_award_host_points(event=event))


# -------------------------------------------------------------------------------------- reminders
def send_due_reminders(*, now=None) -> int:
    """24 h and 1 h before an event, each going member is reminded once: the RSVP row is claimed with a
    conditional UPDATE before the notification (in-app, email, SMS per their settings) is written; the
    notification outbox applies the SMS daily limit and quiet hours."""
    now = now or timezone.now()
    sent = 0
    for key, minutes in REMINDERS:
        flag = f"reminded_{key}"
        due = (RSVP.objects.filter(status=RSVPStatus.GOING, event__status=EventStatus.SCHEDULED,
                                   event__starts_at__gt=now, event__starts_at__lte=now + timedelta(minutes=minutes),
                                   **{flag: False})
               .select_related("event", "member"))
        for rsvp in due:
            with transaction.atomic():
                if not RSVP.objects.filter(pk=rsvp.pk, **{flag: False}).update(**{flag: True}):
                    continue  # another worker claimed it
                if key == "24h" and rsvp.event.starts_at - now <= timedelta(hours=1):
                    continue  # RSVPed in the last hour: the 1 h reminder says it all
                when = "in 1 hour" if key == "1h" else "tomorrow"
                notify(recipient=rsvp.member, event=NotificationEvent.EVENT_REMINDER,
                       url=rsvp.event.get_absolute_url(), text=f"Reminder: “{rsvp.event.title}” starts {when}",
                       dedupe_key=f"event:{rsvp.event_id}:reminder:{key}")
                sent += 1
    return sent


# ---------------------------------------------------------------------------------- calendar feeds
def calendar_feed_for(member: User) -> CalendarFeed:
    feed = CalendarFeed.objects.filter(member=member).first()
    if feed is None:
        try:
            with transaction.atomic():
                feed = CalendarFeed.objects.create(member=member, token=CalendarFeed.new_token())
        except IntegrityError:
            feed = CalendarFeed.objects.get(member=member)
    return feed


def calendar_feed_revoke(*, member: User) -> CalendarFeed:
    """A new secret: the old feed URL stops working at once."""
    feed = calendar_feed_for(member)
    feed.token, feed.created_at = CalendarFeed.new_token(), timezone.now()
    feed.save(update_fields=["token", "created_at"])
    return feed


# -------------------------------------------------------------------------------- weekly challenges
def _clean_submission(text: str, link: str, offer: Offer | None, member: User) -> tuple[str, str]:
    text, link = (text or "").strip(), (link or "").strip()
    if offer is not None and (offer.user_id != member.pk or offer.status != OfferStatus.ACTIVE):
        raise ApplicationError("Choose one of your active offers.", fields={"offer": "Choose one of your offers."})
    if not text and not link and offer is None:
        raise ApplicationError("Describe what you made, add a link, or choose an offer.",
                               fields={"text": "Describe what you made, add a link, or choose an offer."})
    if len(text) > 2000:
        raise ApplicationError("Keep it to 2,000 characters.", fields={"text": "Keep it to 2,000 characters."})
    return text, link


def submission_save(*, member: User, challenge: ChallengePage, text: str = "", link: str = "",
                    offer: Offer | None = None) -> ChallengeSubmission:
    """Submit to a challenge, or edit one's submission, until the week ends. Taking part earns the
    challenge's participation points once."""
    if not member.is_authenticated:
        raise PermissionDenied("Log in to take part.")
    if not challenge.is_open:
        raise ApplicationError("This challenge is closed.", code="closed")
    text, link = _clean_submission(text, link, offer, member)
    with transaction.atomic():
        submission, created = ChallengeSubmission.objects.select_for_update().get_or_create(
            challenge=challenge, member=member, defaults={"text": text, "link": link, "offer": offer})
        if not created:
            submission.text, submission.link, submission.offer = text, link, offer
            submission.save(update_fields=["text", "link", "offer", "updated_at"])
        points_award(user=member, action=PointsAction.CHALLENGE_ENTRY, source=challenge,
                     amount=challenge.participation_points, description=f"You took part in “{challenge.title}”")
    return submission


def submission_appreciate(*, member: User, submission: ChallengeSubmission) -> bool:
    """One appreciation per member, not for one's own; returns False if already appreciated."""
    if not member.is_authenticated:
        raise PermissionDenied("Log in to appreciate.")
    if submission.member_id == member.pk:
        raise ApplicationError("You can't appreciate your own submission.", code="own")
    try:
        with transaction.atomic():
            Appreciation.objects.create(submission=submission, member=member)
            ChallengeSubmission.objects.filter(pk=submission.pk).update(appreciation_count=F("appreciation_count") + 1)
    except IntegrityError:
        return False
    submission.refresh_from_db(fields=["appreciation_count"])
    return True


def submission_pick(*, curator: User, submission: ChallengeSubmission, pick: bool = True) -> ChallengeSubmission:
    """A curator marks (or unmarks) up to 3 picks; the pick's points are awarded once, ever."""
    if not _is_staff(curator):
        raise PermissionDenied("Only curators pick submissions.")
    with transaction.atomic():
        locked = ChallengeSubmission.objects.select_for_update().select_related("challenge", "member").get(
            pk=submission.pk)
        if pick and not locked.is_pick:
            picks = ChallengeSubmission.objects.filter(challenge_id=locked.challenge_id, is_pick=True).count()
            if picks >= CHALLENGE_MAX_PICKS:
                raise ApplicationError(f"A challenge has at most {CHALLENGE_MAX_PICKS} picks.", code="too_many_picks")
        locked.is_pick, locked.picked_at = pick, timezone.now() if pick else None
        locked.save(update_fields=["is_pick", "picked_at"])
        if pick:
            challenge = locked.challenge
            points_award(user=locked.member, action=PointsAction.CHALLENGE_PICK, source=locked,
                         amount=challenge.pick_points, description=f"Curator's pick in “{challenge.title}”")
            transaction.on_commit(lambda: notify(
                recipient=locked.member, actor=curator, event=NotificationEvent.COMMUNITY, url=challenge.url or "",
                text=f"Your submission to “{challenge.title}” is a curator's pick!",
                dedupe_key=f"challenge-pick:{locked.pk}"))
    return locked


# ------------------------------------------------------------------------------------ Givers Circle
def can_enter_circle(user) -> bool:
    return _is_staff(user) or economy.can_join_givers_circle(user)


def _require_circle(user) -> None:
    if not can_enter_circle(user):
        raise NotFound("Not found.")  # members below 400 points don't learn what is inside


def _clean_body(body: str, field: str = "body") -> str:
    body = (body or "").strip()
    if not body:
        raise ApplicationError("Write something first.", fields={field: "Write something first."})
    if len(body) > 5000:
        raise ApplicationError("Keep it to 5,000 characters.", fields={field: "Keep it to 5,000 characters."})
    return body


def circle_thread_create(*, author: User, title: str, body: str) -> CircleThread:
    _require_circle(author)
    title = (title or "").strip()
    if not title:
        raise ApplicationError("Give the thread a title.", fields={"title": "Give the thread a title."})
    return CircleThread.objects.create(author=author, title=title[:140], body=_clean_body(body))


def circle_reply_create(*, author: User, thread: CircleThread, body: str) -> CircleReply:
    _require_circle(author)
    with transaction.atomic():
        reply = CircleReply.objects.create(thread=thread, author=author, body=_clean_body(body))
        CircleThread.objects.filter(pk=thread.pk).update(reply_count=F("reply_count") + 1,
                                                         last_activity_at=reply.created_at)
    return reply


def invite_new_givers() -> int:
    """Members at 400+ points who were never invited get one invitation (the Circle stays open to them
    while their points stay at 400 or more)."""
    threshold = UNLOCK_THRESHOLDS[Unlock.GIVERS_CIRCLE]
    invited = 0
    for member in User.objects.filter(points__gte=threshold, is_active=True).exclude(
            pk__in=CircleInvitation.objects.values("member_id")):
        try:
            with transaction.atomic():
                CircleInvitation.objects.create(member=member)
                notify(recipient=member, event=NotificationEvent.COMMUNITY, url="/community/givers-circle/",
                       text="You're invited to the Givers Circle: 400 points of generosity. Come say hello.",
                       dedupe_key="givers-circle:invited")
        except IntegrityError:
            continue
        invited += 1
    return invited


# ------------------------------------------------------------------------------------ pinned offers
def offer_pin(*, member: User, offer: Offer) -> PinnedOffer:
    if offer.user_id != member.pk:
        raise NotFound("No such offer.")
    if not economy.can_pin_offers(member):
        need = points_needed(member, Unlock.PIN_OFFERS)
        raise PermissionDenied(f"Pinning unlocks at {UNLOCK_THRESHOLDS[Unlock.PIN_OFFERS]} points; "
                               f"you need {need} more.")
    if offer.status != OfferStatus.ACTIVE or offer.is_archived:
        raise ApplicationError("Only active offers can be pinned.", code="not_active")
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=member.pk).first()  # serialize a member's pins
        existing = PinnedOffer.objects.filter(offer=offer).first()
        if existing:
            return existing
        if PinnedOffer.objects.filter(member=member).count() >= MAX_PINNED_OFFERS:
            raise ApplicationError(f"You can pin up to {MAX_PINNED_OFFERS} offers. Unpin one first.",
                                   code="too_many_pins")
        return PinnedOffer.objects.create(member=member, offer=offer)


def offer_unpin(*, member: User, offer: Offer) -> None:
    """Unpinning always works, whatever the member's points."""
    if offer.user_id != member.pk:
        raise NotFound("No such offer.")
    PinnedOffer.objects.filter(offer=offer, member=member).delete()


# -------------------------------------------------------------------------------------- asks expiry
def expire_asks(*, now=None) -> int:
    """Open asks past their expires_at close by themselves, and their owners are told once."""
    now = now or timezone.now()
    closed = 0
    for ask in Ask.objects.filter(status__in=[AskStatus.OPEN, AskStatus.IN_PROGRESS], expires_at__lte=now,
                                  is_archived=False).select_related("user"):
        with transaction.atomic():
            if not Ask.objects.filter(pk=ask.pk, status=ask.status).update(status=AskStatus.CLOSED, updated_at=now):
                continue
            notify(recipient=ask.user, event=NotificationEvent.ASK_EXPIRED, url=ask.get_absolute_url(),
                   text=f"Your ask “{ask.title}” reached its end date and is now closed. Repost it if you still need help.",
                   dedupe_key=f"ask:{ask.pk}:expired")
        closed += 1
    return closed
