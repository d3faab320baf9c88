"""Writes of the generosity economy. Pages, the API, signal receivers and other apps call these.

Rules that hold for every function here:
- A balance changes only together with its ledger row, inside one `transaction.atomic()`, with the
  member's row locked (`select_for_update`, rows locked in primary-key order when there are two), so
  concurrent requests on PostgreSQL serialize per member: no lost update, no double spend, and
  `User.points` / `User.credit_balance` always equal the sum of the member's ledger.
- Every ledger row has a unique idempotency key. Replaying an event, a retried request or a double
  click finds the key and does nothing (or returns the first result).
- Balances never go below zero: the check happens under the lock, and the columns are
  PositiveIntegerFields (a CHECK constraint) as a last line of defence.
- Failures raise `core.errors.ApplicationError` with a message the member can act on.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, models, transaction
from django.db.models import F, Q, Sum
from django.utils import timezone

from collective.choices import ConnectionStatus
from collective.models import Connection
from core.errors import ApplicationError, NotFound, PermissionDenied
from members.choices import Role
from members.models import AgentProfile, User
from members.selectors import members_visible_to

from . import toasts
from .choices import (
    CREDITS_PER_CONVERSION_BLOCK,
    DAILY_POINTS_CAP,
    EARNING_ACTIONS,
    FEATURE_COSTS,
    GIVING_ACTIONS,
    HELPED_MILESTONES,
    MAX_CREDITS_GIFT,
    MAX_POINTS_GIFT,
    PEER_BADGES,
    POINTS_FOR_ACTION,
    POINTS_PER_CONVERSION_BLOCK,
    STREAK_MILESTONES,
    VARIABLE_POINTS_ACTIONS,
    CreditFeature,
    CreditTransactionType,
    PointsAction,
    frame_for_points,
)
from .models import CreditTransaction, Endorsement, PeerBadgeAward, PeerBadgeType, PointGift, PointsTransaction

BALANCE_FIELDS = ("id", "username", "role", "is_active", "date_joined", "points", "credit_balance")


# --------------------------------------------------------------------------------------- helpers
def _lock(*user_ids: int) -> dict[int, User]:
    """Lock the members' rows for this transaction, always in pk order so two transfers can't deadlock."""
    rows = User.objects.select_for_update().filter(pk__in=set(user_ids)).order_by("pk").only(*BALANCE_FIELDS)
    locked = {user.pk: user for user in rows}
    missing = set(user_ids) - set(locked)
    if missing:
        raise NotFound("That member doesn't exist.")
    return locked


def are_related(a_id: int | None, b_id: int | None) -> bool:
    """The same account, or an agent and its owner: points between them would be farming."""
    if a_id is None or b_id is None:
        return False
    if a_id == b_id:
        return True
    return AgentProfile.objects.filter(Q(user_id=a_id, owner_id=b_id) | Q(user_id=b_id, owner_id=a_id)).exists()


def _source_label(source: models.Model | None) -> str:
    if source is None:
        return ""
    return f"{source._meta.label_lower}:{source.pk}"


def _whole_number(value, field: str, *, minimum: int = 1, maximum: int | None = None, noun: str = "points") -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise ApplicationError("Enter a whole number.", fields={field: "Enter a whole number."}) from None
    if isinstance(value, float) and value != number:
        raise ApplicationError("Enter a whole number.", fields={field: "Enter a whole number."})
    if number < minimum:
        message = f"Enter at least {minimum} {noun}."
        raise ApplicationError(message, fields={field: message})
    if maximum is not None and number > maximum:
        message = f"You can send at most {maximum} {noun} at a time."
        raise ApplicationError(message, fields={field: message})
    return number


def _post_points(
    *,
    member: User,
    delta: int,
    action: str,
    key: str,
    description: str = "",
    source: models.Model | None = None,
    related_user_id: int | None = None,
    reverses: PointsTransaction | None = None,
    metadata: dict | None = None,
) -> PointsTransaction:
    """Append a points row and move the cached balance; `member` must be locked by the caller."""
    new_balance = member.points + delta
    if new_balance < 0:
        raise ApplicationError(
            f"You have {member.points} points; that needs {-delta}.",
            fields={"amount": f"You have {member.points} points."},
            code="insufficient_points",
        )
    entry = PointsTransaction(
        member_id=member.pk,
        action=action,
        amount=delta,
        balance_after=new_balance,
        description=description[:255],
        content_type=ContentType.objects.get_for_model(source) if source is not None else None,
        object_id=source.pk if source is not None else None,
        related_user_id=related_user_id,
        idempotency_key=key,
        reverses=reverses,
        metadata=metadata or {},
    )
    with transaction.atomic():  # a savepoint: a duplicate key leaves the outer transaction usable
        entry.save()
    # F() as well as the lock: the UPDATE is right even if a caller forgot to lock.
    User.objects.filter(pk=member.pk).update(points=F("points") + delta, avatar_frame=frame_for_points(new_balance))
    member.points = new_balance
    return entry


def _post_credits(
    *,
    user: User,
    delta: int,
    transaction_type: str,
    key: str,
    description: str = "",
    related_user_id: int | None = None,
    points_converted: int | None = None,
    stripe_payment_intent_id: str = "",
    metadata: dict | None = None,
    reverses: CreditTransaction | None = None,
) -> CreditTransaction:
    """Append a credits row and move the cached balance; `user` must be locked by the caller."""
    new_balance = user.credit_balance + delta
    if new_balance < 0:
        raise ApplicationError(
            f"You have {user.credit_balance} credits; that needs {-delta}.",
            fields={"amount": f"You have {user.credit_balance} credits."},
            code="insufficient_credits",
            status=402,
        )
    entry = CreditTransaction(
        user_id=user.pk,
        amount=delta,
        transaction_type=transaction_type,
        balance_after=new_balance,
        description=description[:255],
        related_user_id=related_user_id,
        points_converted=points_converted,
        stripe_payment_intent_id=stripe_payment_intent_id,
        metadata=metadata or {},
        idempotency_key=key,
        reverses=reverses,
    )
    with transaction.atomic():
        entry.save()
    User.objects.filter(pk=user.pk).update(credit_balance=F("credit_balance") + delta)
    user.credit_balance = new_balance
    return entry


def _announce_points(member: User, entry: PointsTransaction, message: str) -> None:
    transaction.on_commit(
        lambda: toasts.announce(member, toasts.Toast(message=message, points=entry.amount, total=entry.balance_after))
    )


# ----------------------------------------------------------------------------------------- points
def points_award(
    *,
    user: User,
    action: str,
    source: models.Model | None = None,
    related_user: User | None = None,
    description: str = "",
    idempotency_key: str | None = None,
    amount: int | None = None,
) -> PointsTransaction | None:
    """Award the points of an earning action (spec 8.2) once per event; returns the row, or None if not awarded.

    `amount` overrides the price list only for VARIABLE_POINTS_ACTIONS (a challenge's own points).

    Nothing is awarded to agents (points measure human generosity), between a member and themself or
    their own agent, past the action's daily cap, or a second time for the same event. The default
    event key is action + source + member, e.g. "add_offer:collective.offer:42:user:7"; pass
    `idempotency_key` when one source can earn the action several times (or once for many sources).
    Onboarding calls `points_award(user=member, action="complete_onboarding", source=member)`.
    """
    if action not in EARNING_ACTIONS:
        raise ApplicationError(f"“{action}” is not an action that earns points.", code="invalid_action")
    if user is None or user.pk is None or not user.is_active or user.role == Role.AGENT:
        return None
    related_id = related_user.pk if related_user is not None else None
    if related_id is not None and are_related(user.pk, related_id):
        return None
    key = idempotency_key or ":".join(filter(None, [action, _source_label(source), f"user:{user.pk}"]))
    if PointsTransaction.objects.filter(idempotency_key=key).exists():  # cheap exit for replays, no lock
        return None
    if amount is not None and action not in VARIABLE_POINTS_ACTIONS:
        raise ApplicationError(f"“{action}” has a fixed price.", code="invalid_action")
    amount = POINTS_FOR_ACTION[action] if amount is None else int(amount)
    if amount <= 0:
        return None
    with transaction.atomic():
        member = _lock(user.pk)[user.pk]
        if PointsTransaction.objects.filter(idempotency_key=key).exists():
            return None
        cap = DAILY_POINTS_CAP.get(action)
        if cap is not None:
            day_start = timezone.now().replace(hour=0, minute=0, second=0, microsecond=0)
            earned_today = (
                PointsTransaction.objects.filter(
                    member_id=member.pk, action=action, created_at__gte=day_start
                ).aggregate(s=Sum("amount"))["s"]
                or 0
            )
            if earned_today + amount > cap:
                return None
        text = description or PointsAction(action).label
        try:
            entry = _post_points(
                member=member,
                delta=amount,
                action=action,
                key=key,
                description=text,
                source=source,
                related_user_id=related_id,
            )
        except IntegrityError:  # the same event, committed by a concurrent request
            return None
        _announce_points(member, entry, text)
        if action in GIVING_ACTIONS:
            _announce_giving_streak(member)
    user.points = member.points
    return entry


def _announce_giving_streak(member: User) -> None:
    """Spec 8.3 streak toasts ("3 days of giving! 🔥"), on the first giving award of a day that makes one."""
    today = timezone.localdate()
    since = timezone.now() - timedelta(days=max(STREAK_MILESTONES) + 1)
    dates = [
        timezone.localdate(created)
        for created in PointsTransaction.objects.filter(
            member_id=member.pk, action__in=GIVING_ACTIONS, amount__gt=0, created_at__gte=since
        ).values_list("created_at", flat=True)
    ]
    if dates.count(today) != 1:  # only the day's first giving award can start or extend a streak
        return
    days = set(dates)
    streak = 0
    while today - timedelta(days=streak) in days:
        streak += 1
    if streak in STREAK_MILESTONES:
        transaction.on_commit(
            lambda: toasts.announce(
                member, toasts.Toast(title=f"{streak} days of giving! 🔥", message="Keep the streak going.")
            )
        )


def helped_milestone_announce(*, helper: User) -> None:
    """After a completion counted for the helper: "You've helped 10 people! 🌟" at the milestones."""
    helped = User.objects.filter(pk=helper.pk).values_list("helped_count", flat=True).first()
    if helped in HELPED_MILESTONES:
        people = "person" if helped == 1 else "people"
        transaction.on_commit(
            lambda: toasts.announce(
                helper,
                toasts.Toast(
                    title=f"You've helped {helped} {people}! 🌟", message="Thank you for giving back to the collective."
                ),
            )
        )


def points_gift(
    *,
    sender: User,
    recipient: User,
    amount,
    message: str = "",
    connection: Connection | None = None,
    idempotency_key: str | None = None,
) -> PointGift:
    """Gift points to another member ("Thanks for the feedback! Here's 50 points")."""
    amount = _whole_number(amount, "amount", maximum=MAX_POINTS_GIFT)
    message = _gift_checks(sender=sender, recipient=recipient, message=message, connection=connection, noun="points")
    key = f"{sender.pk}:{idempotency_key or uuid.uuid4().hex}"
    with transaction.atomic():
        locked = _lock(sender.pk, recipient.pk)
        existing = PointGift.objects.filter(idempotency_key=key).first()
        if existing is not None:
            return existing
        giver = locked[sender.pk]
        if giver.points < amount:
            text = (
                f"You have {giver.points} points, so you can gift up to {giver.points}."
                if giver.points
                else "You don't have any points to gift yet."
            )
            raise ApplicationError(text, fields={"amount": text}, code="insufficient_points")
        gift = PointGift.objects.create(
            sender_id=sender.pk,
            recipient_id=recipient.pk,
            amount=amount,
            message=message,
            connection=connection,
            idempotency_key=key,
        )
        _post_points(
            member=giver,
            delta=-amount,
            action=PointsAction.GIFT_SENT,
            key=f"gift_sent:pointgift:{gift.pk}",
            description=f"Gift to @{recipient.username}",
            source=gift,
            related_user_id=recipient.pk,
        )
        received = _post_points(
            member=locked[recipient.pk],
            delta=amount,
            action=PointsAction.GIFT_RECEIVED,
            key=f"gift_received:pointgift:{gift.pk}",
            description=f"Gift from @{sender.username}",
            source=gift,
            related_user_id=sender.pk,
        )
        User.objects.filter(pk=sender.pk).update(points_gifted_total=F("points_gifted_total") + amount)
        _announce_points(
            locked[recipient.pk],
            received,
            f"@{sender.username} sent you a gift" + (f": “{message}”" if message else ""),
        )
    sender.points = giver.points
    return gift


def credits_gift(
    *,
    sender: User,
    recipient: User,
    amount,
    message: str = "",
    connection: Connection | None = None,
    idempotency_key: str | None = None,
) -> CreditTransaction:
    """Gift credits: a gift_sent / gift_received pair in the credits ledger. Returns the sender's row."""
    amount = _whole_number(amount, "amount", maximum=MAX_CREDITS_GIFT, noun="credits")
    message = _gift_checks(sender=sender, recipient=recipient, message=message, connection=connection, noun="credits")
    key = f"credit_gift:{sender.pk}:{idempotency_key or uuid.uuid4().hex}"
    with transaction.atomic():
        locked = _lock(sender.pk, recipient.pk)
        existing = CreditTransaction.objects.filter(idempotency_key=f"{key}:sent").first()
        if existing is not None:
            return existing
        giver = locked[sender.pk]
        if giver.credit_balance < amount:
            text = (
                f"You have {giver.credit_balance} credits, so you can gift up to {giver.credit_balance}."
                if giver.credit_balance
                else "You don't have any credits to gift."
            )
            raise ApplicationError(text, fields={"amount": text}, code="insufficient_credits")
        meta = {"message": message, "connection_id": connection.pk if connection else None}
        sent = _post_credits(
            user=giver,
            delta=-amount,
            transaction_type=CreditTransactionType.GIFT_SENT,
            key=f"{key}:sent",
            description=f"Gift to @{recipient.username}",
            related_user_id=recipient.pk,
            metadata=meta,
        )
        _post_credits(
            user=locked[recipient.pk],
            delta=amount,
            transaction_type=CreditTransactionType.GIFT_RECEIVED,
            key=f"{key}:received",
            description=f"Gift from @{sender.username}",
            related_user_id=sender.pk,
            metadata=meta,
        )
        User.objects.filter(pk=sender.pk).update(credits_gifted_total=F("credits_gifted_total") + amount)
        transaction.on_commit(
            lambda: toasts.announce(
                recipient,
                toasts.Toast(title=f"+{amount} credits!", message=f"@{sender.username} sent you {amount} credits"),
            )
        )
    sender.credit_balance = giver.credit_balance
    return sent


def _gift_checks(*, sender: User, recipient: User, message: str, connection: Connection | None, noun: str) -> str:
    if recipient is None or not members_visible_to(sender).filter(pk=recipient.pk).exists():
        raise ApplicationError("That member doesn't exist.", fields={"recipient": "That member doesn't exist."})
    if recipient.pk == sender.pk:
        raise ApplicationError(
            f"You can't gift {noun} to yourself.", fields={"recipient": f"You can't gift {noun} to yourself."}
        )
    if recipient.role == Role.AGENT:
        text = f"Agents can't receive {noun}; thank the member who owns it instead."
        raise ApplicationError(text, fields={"recipient": text})
    if connection is not None and {sender.pk, recipient.pk} != {connection.initiator_id, connection.responder_id}:
        raise NotFound("No such connection.")
    message = (message or "").strip()
    if len(message) > 280:
        raise ApplicationError(
            "Keep the note to 280 characters.", fields={"message": "Keep the note to 280 characters."}
        )
    return message


def points_convert(*, user: User, points, idempotency_key: str | None = None) -> CreditTransaction:
    """Convert points to credits, one way, in whole blocks: 100 points → 10 credits.

    The request is rounded *down* to a multiple of 100 and only that much is spent (ask for 250,
    convert 200 into 20 credits, keep 50 points). Credits never turn back into points.
    """
    requested = _whole_number(points, "points", minimum=POINTS_PER_CONVERSION_BLOCK)
    blocks = requested // POINTS_PER_CONVERSION_BLOCK
    spent, credits = blocks * POINTS_PER_CONVERSION_BLOCK, blocks * CREDITS_PER_CONVERSION_BLOCK
    key = f"conversion:{user.pk}:{idempotency_key or uuid.uuid4().hex}"
    with transaction.atomic():
        member = _lock(user.pk)[user.pk]
        existing = CreditTransaction.objects.filter(idempotency_key=f"{key}:credits").first()
        if existing is not None:
            return existing
        if member.points < spent:
            text = (
                f"You have {member.points} points; you can convert up to "
                f"{member.points // POINTS_PER_CONVERSION_BLOCK * POINTS_PER_CONVERSION_BLOCK}."
                if member.points >= POINTS_PER_CONVERSION_BLOCK
                else f"You need at least {POINTS_PER_CONVERSION_BLOCK} points to convert; you have {member.points}."
            )
            raise ApplicationError(text, fields={"points": text}, code="insufficient_points")
        description = f"Converted {spent} points to {credits} credits"
        _post_points(
            member=member,
            delta=-spent,
            action=PointsAction.POINTS_CONVERSION,
            key=f"{key}:points",
            description=description,
        )
        entry = _post_credits(
            user=member,
            delta=credits,
            transaction_type=CreditTransactionType.POINTS_CONVERSION,
            key=f"{key}:credits",
            description=description,
            points_converted=spent,
            metadata={"points_requested": requested},
        )
    user.points, user.credit_balance = member.points, member.credit_balance
    return entry


def conversion_preview(points: int) -> tuple[int, int]:
    """(points spent, credits received) for a request of `points`."""
    blocks = max(int(points), 0) // POINTS_PER_CONVERSION_BLOCK
    return blocks * POINTS_PER_CONVERSION_BLOCK, blocks * CREDITS_PER_CONVERSION_BLOCK


# ---------------------------------------------------------------------------------------- credits
def credits_spend(
    *, user: User, feature: str, idempotency_key: str | None = None, metadata: dict | None = None
) -> CreditTransaction:
    """Charge the price of an AI feature (`FEATURE_COSTS`). Raises `ApplicationError` (402) if short.

    Pass the feature run's id as `idempotency_key` so a retried request is charged once.
    """
    if feature not in FEATURE_COSTS:
        raise ApplicationError("That feature isn't priced in credits.", fields={"feature": "Unknown feature."})
    cost = FEATURE_COSTS[feature]
    key = f"usage:{user.pk}:{idempotency_key or uuid.uuid4().hex}"
    with transaction.atomic():
        member = _lock(user.pk)[user.pk]
        existing = CreditTransaction.objects.filter(idempotency_key=key).first()
        if existing is not None:
            return existing
        if member.credit_balance < cost:
            text = f"This needs {cost} credit{'s' if cost != 1 else ''}; you have {member.credit_balance}."
            raise ApplicationError(text, fields={"feature": text}, code="insufficient_credits", status=402)
        entry = _post_credits(
            user=member,
            delta=-cost,
            transaction_type=CreditTransactionType.USAGE,
            key=key,
            description=CreditFeature(feature).label,
            metadata={"feature": feature, **(metadata or {})},
        )
    user.credit_balance = member.credit_balance
    return entry


ADDITION_TYPES = (CreditTransactionType.PURCHASE, CreditTransactionType.REFUND, CreditTransactionType.BONUS)


def credits_add(
    *,
    user: User,
    amount: int,
    transaction_type: str,
    idempotency_key: str,
    description: str = "",
    stripe_payment_intent_id: str = "",
    metadata: dict | None = None,
) -> tuple[CreditTransaction, bool]:
    """Add credits: a purchase (payments app), a refund of a failed feature run, or a platform bonus.

    `idempotency_key` is required (e.g. the Stripe event or payment intent id): the same key credits
    once. Returns (row, created).
    """
    if transaction_type not in ADDITION_TYPES:
        raise ApplicationError(
            "Credits can only be added by a purchase, a refund or a bonus.",
            fields={"transaction_type": "Use purchase, refund or bonus."},
        )
    amount = _whole_number(amount, "amount", noun="credits")
    if not idempotency_key:
        raise ApplicationError("An idempotency key is required.", fields={"idempotency_key": "Required."})
    key = f"{transaction_type}:{idempotency_key}"
    with transaction.atomic():
        member = _lock(user.pk)[user.pk]
        existing = CreditTransaction.objects.filter(idempotency_key=key).first()
        if existing is not None:
            return existing, False
        entry = _post_credits(
            user=member,
            delta=amount,
            transaction_type=transaction_type,
            key=key,
            description=description or CreditTransactionType(transaction_type).label,
            stripe_payment_intent_id=stripe_payment_intent_id,
            metadata=metadata,
        )
    user.credit_balance = member.credit_balance
    return entry, True


@dataclass(frozen=True)
class RevokeResult:
    transaction: CreditTransaction | None
    taken: int
    shortfall: int  # credits already spent, so not taken back
    created: bool


def credits_revoke(
    *,
    user: User,
    amount: int,
    idempotency_key: str,
    description: str = "",
    stripe_payment_intent_id: str = "",
    metadata: dict | None = None,
) -> RevokeResult:
    """Take back credits after a payment is refunded or disputed (a negative `refund` row).

    The balance never goes below zero: credits already spent are not taken, and the shortfall is
    recorded on the row (and returned) for the payments app to handle.
    """
    amount = _whole_number(amount, "amount", noun="credits")
    if not idempotency_key:
        raise ApplicationError("An idempotency key is required.", fields={"idempotency_key": "Required."})
    key = f"revoke:{idempotency_key}"
    with transaction.atomic():
        member = _lock(user.pk)[user.pk]
        existing = CreditTransaction.objects.filter(idempotency_key=key).first()
        if existing is not None:
            return RevokeResult(existing, -existing.amount, existing.metadata.get("shortfall", 0), False)
        taken = min(amount, member.credit_balance)
        if taken == 0:
            return RevokeResult(None, 0, amount, False)
        entry = _post_credits(
            user=member,
            delta=-taken,
            transaction_type=CreditTransactionType.REFUND,
            key=key,
            description=description or "Credits taken back after a refund",
            stripe_payment_intent_id=stripe_payment_intent_id,
            metadata={**(metadata or {}), "requested": amount, "shortfall": amount - taken},
        )
    user.credit_balance = member.credit_balance
    return RevokeResult(entry, taken, amount - taken, True)


# -------------------------------------------------------------------------------------- reversals
def points_reverse(*, entry: PointsTransaction, curator: User, reason: str) -> PointsTransaction:
    """A curator undoes a points entry with a compensating row (history is never edited).

    If the member has already spent the points, only what's left is taken back; the row records
    how much was requested.
    """
    _require_curator(curator)
    reason = _reason(reason)
    if entry.reverses_id is not None:
        raise ApplicationError("This entry is itself a reversal and can't be reversed.")
    with transaction.atomic():
        member = _lock(entry.member_id)[entry.member_id]
        if PointsTransaction.objects.filter(reverses_id=entry.pk).exists():
            raise ApplicationError("This entry has already been reversed.", code="already_reversed")
        delta = -entry.amount if entry.amount < 0 else -min(entry.amount, member.points)
        if delta == 0:
            raise ApplicationError("The member has no points left to take back.", code="nothing_to_reverse")
        try:
            return _post_points(
                member=member,
                delta=delta,
                action=entry.action,
                key=f"reversal:points:{entry.pk}",
                description=f"Reversed: {entry.description or entry.get_action_display()}"[:255],
                related_user_id=entry.related_user_id,
                reverses=entry,
                metadata={"reason": reason, "curator_id": curator.pk, "requested": -entry.amount},
            )
        except IntegrityError:
            raise ApplicationError("This entry has already been reversed.", code="already_reversed") from None


def credits_reverse(*, entry: CreditTransaction, curator: User, reason: str) -> CreditTransaction:
    """A curator undoes a credits entry with a compensating row of the same type and the opposite amount."""
    _require_curator(curator)
    reason = _reason(reason)
    if entry.reverses_id is not None:
        raise ApplicationError("This entry is itself a reversal and can't be reversed.")
    with transaction.atomic():
        member = _lock(entry.user_id)[entry.user_id]
        if CreditTransaction.objects.filter(reverses_id=entry.pk).exists():
            raise ApplicationError("This entry has already been reversed.", code="already_reversed")
        delta = -entry.amount if entry.amount < 0 else -min(entry.amount, member.credit_balance)
        if delta == 0:
            raise ApplicationError("The member has no credits left to take back.", code="nothing_to_reverse")
        try:
            return _post_credits(
                user=member,
                delta=delta,
                transaction_type=entry.transaction_type,
                key=f"reversal:credits:{entry.pk}",
                description=f"Reversed: {entry.description or entry.get_transaction_type_display()}"[:255],
                related_user_id=entry.related_user_id,
                reverses=entry,
                metadata={"reason": reason, "curator_id": curator.pk, "requested": -entry.amount},
            )
        except IntegrityError:
            raise ApplicationError("This entry has already been reversed.", code="already_reversed") from None


def _require_curator(user: User) -> None:
    if user is None or not user.is_authenticated or not user.is_curator:
        raise PermissionDenied("Only curators can reverse ledger entries.")


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError("Say why you're reversing this entry.", fields={"reason": "Say why."})
    return reason[:280]


# ------------------------------------------------------------------------ peer rewards (spec 8.8)
def _thanks_connection(user: User, connection: Connection) -> int:
    """The other participant's id, if `user` may thank them for `connection` (404 for outsiders)."""
    if connection is None or not connection.is_participant(user):
        raise NotFound("No such connection.")
    if connection.status != ConnectionStatus.COMPLETED:
        raise ApplicationError("You can thank them once the connection is completed.", code="not_completed")
    return connection.responder_id if user.pk == connection.initiator_id else connection.initiator_id


def endorsement_create(*, endorser: User, connection: Connection, content: str) -> Endorsement:
    endorsee_id = _thanks_connection(endorser, connection)
    content = (content or "").strip()
    if not content:
        raise ApplicationError(
            "Write a sentence or two about how they helped.",
            fields={"content": "Write a sentence or two about how they helped."},
        )
    if len(content) > 500:
        raise ApplicationError("Keep it to 500 characters.", fields={"content": "Keep it to 500 characters."})
    try:
        with transaction.atomic():
            return Endorsement.objects.create(
                endorser_id=endorser.pk, endorsee_id=endorsee_id, content=content, connection=connection
            )
    except IntegrityError:
        text = "You already endorsed them for this connection."
        raise ApplicationError(text, fields={"content": text}, code="duplicate") from None


def endorsement_set_visibility(
    *, user: User, endorsement: Endorsement, hidden: bool | None = None, featured: bool | None = None
) -> Endorsement:
    """The member endorsed may hide an endorsement from their profile or pin it to the top."""
    if endorsement.endorsee_id != user.pk:
        raise PermissionDenied("Only the member endorsed can change how it shows.")
    changed = []
    if hidden is not None:
        endorsement.is_hidden = hidden
        changed.append("is_hidden")
        if hidden:
            endorsement.is_featured = False
            changed.append("is_featured")
    if featured is not None and not endorsement.is_hidden:
        endorsement.is_featured = featured
        changed.append("is_featured")
    if changed:
        endorsement.save(update_fields=sorted(set(changed)))
    return endorsement


def endorsement_report(*, reporter: User, endorsement: Endorsement, reason: str = "") -> Endorsement:
    """Flag an endorsement for curators. It stays up until a curator decides (reports alone don't hide)."""
    if not reporter.is_authenticated:
        raise PermissionDenied("Log in to report.")
    if reporter.pk == endorsement.endorser_id:
        raise ApplicationError("You wrote this endorsement; you can't report it.")
    reason = (reason or "").strip()[:280]
    if endorsement.flagged_at is None:
        Endorsement.objects.filter(pk=endorsement.pk, flagged_at__isnull=True).update(
            flagged_at=timezone.now(), flagged_by=reporter, flag_reason=reason
        )
        endorsement.refresh_from_db(fields=["flagged_at", "flagged_by", "flag_reason"])
    return endorsement


def endorsement_moderate(*, curator: User, endorsement: Endorsement, approve: bool) -> Endorsement:
    """A curator keeps (approve) or removes (reject) a flagged endorsement; either way the flag is cleared."""
    if not curator.is_curator:
        raise PermissionDenied("Only curators can moderate endorsements.")
    endorsement.is_approved = approve
    endorsement.flagged_at = None
    endorsement.save(update_fields=["is_approved", "flagged_at"])
    return endorsement


def badge_award(*, awarder: User, connection: Connection, badge_slug: str) -> PeerBadgeAward:
    recipient_id = _thanks_connection(awarder, connection)
    badge = PeerBadgeType.objects.filter(slug=badge_slug, is_active=True).first()
    if badge is None:
        raise ApplicationError("Choose one of the badges.", fields={"badge": "Choose one of the badges."})
    try:
        with transaction.atomic():
            award = PeerBadgeAward.objects.create(
                badge_type=badge, awarder_id=awarder.pk, recipient_id=recipient_id, connection=connection
            )
    except IntegrityError:
        text = f"You already gave “{badge.name}” for this connection."
        raise ApplicationError(text, fields={"badge": text}, code="duplicate") from None
    recipient = connection.other_participant(awarder)
    transaction.on_commit(
        lambda: toasts.announce(
            recipient,
            toasts.Toast(title=f"{badge.icon} {badge.name}", message=f"@{awarder.username} gave you a badge"),
        )
    )
    return award


def peer_badges_seed() -> int:
    """Create or refresh the 8 badge types of spec 8.11; returns how many were created."""
    created = 0
    with transaction.atomic():
        for badge in PEER_BADGES:
            _, was_created = PeerBadgeType.objects.update_or_create(
                slug=badge["slug"],
                defaults={key: badge[key] for key in ("name", "icon", "category", "description")} | {"is_active": True},
            )
            created += was_created
    return created
