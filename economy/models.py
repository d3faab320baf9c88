"""The generosity economy's records: two append-only ledgers (points, credits), gifts, endorsements, peer badges.

`User.points` and `User.credit_balance` are caches of the ledgers, changed only by `economy.services` in the
same transaction as the ledger row. Ledger rows are never edited or deleted: a mistake or a fraud is undone
with a compensating row that points at the entry it reverses.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from .choices import GIVING_ACTIONS, CreditTransactionType, PeerBadgeCategory, PointsAction


class AppendOnlyError(Exception):
    """Raised when code tries to edit or delete a ledger row."""


class AppendOnlyModel(models.Model):
    """Rows can be inserted, never updated or deleted one by one (compensate instead)."""

    # Ledger rows are not content: keep them out of Wagtail's reference index (a row per entry, per write).
    wagtail_reference_index_ignore = True

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError(f"{type(self).__name__} rows are append-only; add a compensating row instead.")
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError(f"{type(self).__name__} rows are append-only; add a compensating row instead.")


class PointsTransaction(AppendOnlyModel):
    """One change of a member's points: an earning, a gift, a conversion or a reversal."""

    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="points_transactions")
    action = models.CharField(max_length=30, choices=PointsAction.choices)
    amount = models.IntegerField(help_text="Positive when earned or received, negative when spent or gifted.")
    balance_after = models.PositiveIntegerField()
    description = models.CharField(max_length=255, blank=True)
    # What earned it (a connection, an ask, an offer, a follow…), when there is one.
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    source = GenericForeignKey("content_type", "object_id")
    related_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # One row per event: "respond_to_ask:collective.ask:42:user:7". A repeated event hits the unique index.
    idempotency_key = models.CharField(max_length=200, unique=True)
    # A compensating row keeps the reversed entry's action (so weekly sums net out) and points back at it.
    reverses = models.OneToOneField("self", on_delete=models.PROTECT, null=True, blank=True, related_name="reversed_by")
    metadata = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["member", "-created_at"], name="pts_member_created_idx"),
            models.Index(fields=["member", "action", "created_at"], name="pts_member_action_idx"),
            # Covers "Top Helpers This Week": a range scan over the last week's giving rows only.
            models.Index(
                fields=["created_at", "member", "amount"],
                condition=Q(action__in=GIVING_ACTIONS),
                name="pts_giving_created_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(amount=0), name="pts_amount_not_zero"),
        ]

    def __str__(self) -> str:
        return f"{self.amount:+d} {self.get_action_display()} → {self.member_id}"


class CreditTransaction(AppendOnlyModel):
    """Every credit change is logged here (spec 8.11), with a unique key so retries never double-count."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="credit_transactions")
    amount = models.IntegerField(help_text="Positive for additions, negative for usage.")
    transaction_type = models.CharField(max_length=20, choices=CreditTransactionType.choices)
    related_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="related_credit_transactions",
    )
    stripe_payment_intent_id = models.CharField(max_length=255, blank=True)
    points_converted = models.PositiveIntegerField(null=True, blank=True)
    description = models.CharField(max_length=255, blank=True)
    metadata = models.JSONField(default=dict, blank=True)
    balance_after = models.PositiveIntegerField()
    idempotency_key = models.CharField(max_length=200, unique=True)
    reverses = models.OneToOneField("self", on_delete=models.PROTECT, null=True, blank=True, related_name="reversed_by")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["user", "-created_at"], name="credit_user_created_idx"),
            models.Index(fields=["transaction_type", "-created_at"], name="credit_type_created_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(amount=0), name="credit_amount_not_zero"),
        ]

    def __str__(self) -> str:
        return f"{self.amount:+d} {self.get_transaction_type_display()} → {self.user_id}"


class PointGift(models.Model):
    """A member gifting points to another member."""

    wagtail_reference_index_ignore = True

    sender = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="points_sent")
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="points_received")
    amount = models.PositiveIntegerField()
    message = models.CharField(max_length=280, blank=True)
    connection = models.ForeignKey(
        "collective.Connection", on_delete=models.SET_NULL, null=True, blank=True, related_name="point_gifts"
    )
    # The form's one-time key: a double click or a retried request sends the gift once.
    idempotency_key = models.CharField(max_length=200, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["sender", "-created_at"], name="pointgift_sender_idx"),
            models.Index(fields=["recipient", "-created_at"], name="pointgift_recipient_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="pointgift_amount_positive"),
            models.CheckConstraint(condition=~Q(sender=F("recipient")), name="pointgift_not_to_self"),
        ]

    def __str__(self) -> str:
        return f"{self.sender_id} → {self.recipient_id}: {self.amount} points"


class EndorsementQuerySet(models.QuerySet):
    def visible(self):
        """What profiles show: approved by moderation and not hidden by the member endorsed."""
        return self.filter(is_approved=True, is_hidden=False)


class Endorsement(models.Model):
    """A public testimonial from one member to another, written after a completed connection."""

    wagtail_reference_index_ignore = True

    endorser = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="endorsements_given")
    endorsee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="endorsements_received"
    )
    content = models.TextField(max_length=500)
    connection = models.ForeignKey(
        "collective.Connection", on_delete=models.SET_NULL, null=True, blank=True, related_name="endorsements"
    )
    # Moderation: auto-approved; curators un-approve after a report.
    is_approved = models.BooleanField(default=True)
    is_featured = models.BooleanField(default=False, help_text="Pinned by the endorsee on their profile.")
    is_hidden = models.BooleanField(default=False, help_text="Hidden from the profile by the endorsee.")
    flagged_at = models.DateTimeField(null=True, blank=True)
    flagged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    flag_reason = models.CharField(max_length=280, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = EndorsementQuerySet.as_manager()

    class Meta:
        ordering = ["-is_featured", "-created_at"]
        indexes = [
            models.Index(fields=["endorsee", "-created_at"], name="endorsement_endorsee_idx"),
            models.Index(fields=["flagged_at"], condition=Q(flagged_at__isnull=False), name="endorsement_flagged_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["endorser", "endorsee", "connection"],
                name="unique_endorsement_per_connection",
                violation_error_message="You already endorsed this member for this connection.",
            ),
            models.CheckConstraint(condition=~Q(endorser=F("endorsee")), name="endorsement_not_self"),
        ]

    def __str__(self) -> str:
        return f"{self.endorser_id} endorses {self.endorsee_id}"


class PeerBadgeType(models.Model):
    """A kind of badge members award each other (seeded by `manage.py seed_peer_badges`)."""

    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=50)
    description = models.CharField(max_length=200)
    icon = models.CharField(max_length=50, help_text="An emoji.")
    category = models.CharField(max_length=20, choices=PeerBadgeCategory.choices)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.icon} {self.name}"


class PeerBadgeAward(models.Model):
    """One badge awarded by one participant of a connection to the other."""

    wagtail_reference_index_ignore = True

    badge_type = models.ForeignKey(PeerBadgeType, on_delete=models.CASCADE, related_name="awards")
    awarder = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="badges_awarded")
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="badges_received")
    connection = models.ForeignKey(
        "collective.Connection", on_delete=models.SET_NULL, null=True, blank=True, related_name="badge_awards"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="badgeaward_recipient_idx"),
            models.Index(fields=["badge_type", "recipient"], name="badgeaward_type_recipient_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["badge_type", "awarder", "connection"],
                name="unique_badge_per_connection",
                violation_error_message="You already gave this badge for this connection.",
            ),
            models.CheckConstraint(condition=~Q(awarder=F("recipient")), name="badgeaward_not_self"),
        ]

    def __str__(self) -> str:
        return f"{self.badge_type} → {self.recipient_id}"
