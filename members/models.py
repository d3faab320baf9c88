"""Members: the custom User, agent ownership, follows, and the safety records every room reads
(blocks, mutes, content held back by moderation, the action log of the trust-level limiter)."""
import datetime

from django.contrib.auth.models import AbstractUser, UserManager
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower, Upper
from django.urls import reverse

from core.models import ProtectedCountersMixin

from .choices import AgentHosting, AvatarFrame, Role, Tier
from .validators import (
    E164_PATTERN,
    RESERVED_USERNAMES_PATTERN,
    USERNAME_PATTERN,
    username_format_validator,
    validate_e164_phone,
    validate_time_zone,
    validate_username_not_reserved,
)


class MemberManager(UserManager):
    def get_by_natural_key(self, username):
        # Usernames are unique case-insensitively, so log-ins are too.
        return self.get(username__iexact=username)


class User(ProtectedCountersMixin, AbstractUser):
    username = models.CharField(
        max_length=30,
        unique=True,
        validators=[username_format_validator, validate_username_not_reserved],
        help_text="Your public handle, used in /@username. 3–30 letters, numbers, _ or -.",
        error_messages={"unique": "That username is taken."},
    )
    email = models.EmailField("email address", blank=True)
    display_name = models.CharField(max_length=80, blank=True)
    bio = models.TextField(max_length=500, blank=True)
    tagline = models.CharField(max_length=140, blank=True)
    avatar = models.ImageField(upload_to="avatars/", blank=True)
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.MEMBER)
    tier = models.CharField(max_length=20, choices=Tier.choices, default=Tier.SEEDLING)

    # Cached counters: only ever changed with F() updates (see signals and services).
    helped_count = models.PositiveIntegerField(default=0)
    followers_count = models.PositiveIntegerField(default=0)
    following_count = models.PositiveIntegerField(default=0)
    points = models.PositiveIntegerField(default=0)
    credit_balance = models.PositiveIntegerField(default=0)
    points_gifted_total = models.PositiveIntegerField(default=0)
    credits_gifted_total = models.PositiveIntegerField(default=0)
    avatar_frame = models.CharField(max_length=20, choices=AvatarFrame.choices, default=AvatarFrame.NONE)

    # SMS notifications (Sprint 7)
    phone_number = models.CharField(max_length=16, blank=True, validators=[validate_e164_phone],
                                    help_text="International format, e.g. +14155550123.")
    phone_verified_at = models.DateTimeField(null=True, blank=True)
    sms_notifications_enabled = models.BooleanField(default=True)
    # Weekly introductions to members who could help (matching/); off from /settings/notifications/.
    introductions_enabled = models.BooleanField(default=True)
    # Messages outside this local-time window are queued until it opens again.
    sms_window_start = models.TimeField(default=datetime.time(9, 0))
    sms_window_end = models.TimeField(default=datetime.time(20, 0))
    time_zone = models.CharField(max_length=64, default="UTC", validators=[validate_time_zone])

    onboarding_completed_at = models.DateTimeField(null=True, blank=True)

    # Moderation: a suspended member can't act and their content is hidden until this moment
    # (members.safety.SUSPENDED_FOR_GOOD for a permanent suspension).
    suspended_until = models.DateTimeField(null=True, blank=True)
    # Privacy: deletion asked for at this moment; carried out after the grace period unless they sign in.
    deletion_requested_at = models.DateTimeField(null=True, blank=True)
    # Who may see each optional profile field: {"bio": "members", ...}; see members.choices.FieldVisibility.
    field_visibility = models.JSONField(default=dict, blank=True)

    objects = MemberManager()

    # Maintained only with F() updates (signals and ledgers); a stale full save must not overwrite them.
    protected_counter_fields = (
        "helped_count", "followers_count", "following_count", "points", "credit_balance",
        "points_gifted_total", "credits_gifted_total",
    )

    class Meta:
        ordering = ["username"]
        constraints = [
            models.UniqueConstraint(Lower("username"), name="unique_username_case_insensitive",
                                    violation_error_message="That username is taken."),
            models.CheckConstraint(condition=Q(username__regex=USERNAME_PATTERN),
                                   name="username_format",
                                   violation_error_message="Use 3–30 letters, numbers, _ or -."),
            models.CheckConstraint(condition=~Q(username__iregex=RESERVED_USERNAMES_PATTERN),
                                   name="username_not_reserved",
                                   violation_error_message="That username is reserved."),
            # allauth logs people in by e-mail too, so an address may belong to one account only.
            models.UniqueConstraint(Lower("email"), condition=~Q(email=""), name="unique_email_case_insensitive",
                                    violation_error_message="An account with this e-mail address already exists."),
            models.CheckConstraint(condition=Q(phone_number="") | Q(phone_number__regex=E164_PATTERN),
                                   name="phone_number_e164",
                                   violation_error_message="Phone numbers must be in E.164 form."),
        ]
        indexes = [
            models.Index(fields=["-helped_count"], name="user_helped_idx"),
            models.Index(fields=["-points"], name="user_points_idx"),
            # username__iexact (every /@username/ page) compiles to UPPER(username) = UPPER(%s) on PostgreSQL.
            models.Index(Upper("username"), name="user_username_upper_idx"),
        ]

    def __str__(self) -> str:
        return f"@{self.username}"

    def clean(self) -> None:
        super().clean()
        # Reported on the field (the database constraint alone would give a form-wide error).
        if self.username and User.objects.filter(username__iexact=self.username).exclude(pk=self.pk).exists():
            raise ValidationError({"username": "That username is taken."})

    def get_absolute_url(self) -> str:
        return reverse("storefront:profile", kwargs={"username": self.username})

    @property
    def get_display_name(self) -> str:
        return self.display_name or f"@{self.username}"

    @property
    def initials(self) -> str:
        words = (self.display_name or self.username).replace("_", " ").replace("-", " ").split()
        return "".join(w[0] for w in words[:2]).upper() or "?"

    @property
    def avatar_url(self) -> str:
        return self.avatar.url if self.avatar else ""

    @property
    def is_agent(self) -> bool:
        return self.role == Role.AGENT

    @property
    def is_curator(self) -> bool:
        return self.role in (Role.CURATOR, Role.ADMIN) or self.is_staff

    @property
    def has_verified_phone(self) -> bool:
        return bool(self.phone_number and self.phone_verified_at)

    def increment_helped_count(self) -> None:
        """Called once per completed connection in which this member helped."""
        type(self).objects.filter(pk=self.pk).update(helped_count=F("helped_count") + 1)
        self.refresh_from_db(fields=["helped_count"])


class AgentProfile(models.Model):
    """Links an agent account (role=agent) to the human who owns and answers for it."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="agent_profile",
                                limit_choices_to={"role": Role.AGENT})
    owner = models.ForeignKey(User, on_delete=models.CASCADE, related_name="owned_agents",
                              limit_choices_to=~Q(role=Role.AGENT))
    tagline = models.CharField(max_length=200, blank=True)
    # Sprint 9: what it does, how it runs, what it costs (see README "Agents for hire").
    description = models.TextField(max_length=3000, blank=True)
    capabilities = models.JSONField(default=list, blank=True, help_text="AgentCapability values.")
    instructions = models.TextField(max_length=4000, blank=True, help_text="The owner's system prompt.")
    knowledge = models.TextField(max_length=20000, blank=True, help_text="Text the agent may quote from.")
    hosting = models.CharField(max_length=10, choices=AgentHosting.choices, default=AgentHosting.PLATFORM)
    byok_base_url = models.URLField(blank=True, help_text="OpenAI-compatible base URL, e.g. https://api.example.com/v1")
    byok_model = models.CharField(max_length=100, blank=True)
    byok_key_encrypted = models.TextField(blank=True, editable=False, help_text="Fernet token; never shown.")
    price_cents = models.PositiveIntegerField(default=0, help_text="0 = free; else the price of a pass.")
    pass_messages = models.PositiveSmallIntegerField(default=20, help_text="Messages in one pass.")
    is_listed = models.BooleanField(default=False, help_text="Shown on /agents/.")
    is_active = models.BooleanField(default=True, help_text="Off: the agent doesn't answer.")
    suspended_at = models.DateTimeField(null=True, blank=True, help_text="Set by curators.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=~Q(user=F("owner")), name="agent_not_own_owner",
                                   violation_error_message="An agent cannot own itself."),
            models.CheckConstraint(
                condition=~Q(hosting=AgentHosting.BYOK) | (~Q(byok_key_encrypted="") & ~Q(byok_base_url="")
                                                          & ~Q(byok_model="")),
                name="agent_byok_has_key", violation_error_message="A bring-your-own-key agent needs a URL, model and key.",
            ),
            models.CheckConstraint(condition=Q(pass_messages__gte=1), name="agent_pass_has_messages"),
        ]

    def __str__(self) -> str:
        return f"{self.user} (owned by {self.owner})"

    def clean(self) -> None:
        errors = {}
        if self.user_id and self.user.role != Role.AGENT:
            errors["user"] = "Only accounts with the agent role can have an agent profile."
        if self.owner_id and self.owner.role == Role.AGENT:
            errors["owner"] = "An agent cannot own agents; the owner must be a human member."
        if errors:
            raise ValidationError(errors)


class Follow(models.Model):
    follower = models.ForeignKey(User, on_delete=models.CASCADE, related_name="following_set")
    following = models.ForeignKey(User, on_delete=models.CASCADE, related_name="follower_set")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["follower", "following"], name="unique_follow",
                                    violation_error_message="You already follow this member."),
            models.CheckConstraint(condition=~Q(follower=F("following")), name="no_self_follow",
                                   violation_error_message="You can't follow yourself."),
        ]
        indexes = [
            models.Index(fields=["follower", "-created_at"], name="follow_follower_idx"),
            models.Index(fields=["following", "-created_at"], name="follow_following_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.follower} → {self.following}"


class Block(models.Model):
    """`blocker` never hears from `blocked` again, and neither sees the other's content."""

    blocker = models.ForeignKey(User, on_delete=models.CASCADE, related_name="blocks_made")
    blocked = models.ForeignKey(User, on_delete=models.CASCADE, related_name="blocks_received")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["blocker", "blocked"], name="unique_block"),
            models.CheckConstraint(condition=~Q(blocker=F("blocked")), name="no_self_block",
                                   violation_error_message="You can't block yourself."),
        ]

    def __str__(self) -> str:
        return f"{self.blocker} blocks {self.blocked}"


class Mute(models.Model):
    """`muter` no longer sees `muted`'s content; `muted` is never told."""

    muter = models.ForeignKey(User, on_delete=models.CASCADE, related_name="mutes_made")
    muted = models.ForeignKey(User, on_delete=models.CASCADE, related_name="mutes_received")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["muter", "muted"], name="unique_mute"),
            models.CheckConstraint(condition=~Q(muter=F("muted")), name="no_self_mute",
                                   violation_error_message="You can't mute yourself."),
        ]

    def __str__(self) -> str:
        return f"{self.muter} mutes {self.muted}"


class HiddenContent(models.Model):
    """A piece of content (any model) held back from everyone but its owner and staff.

    Generic, so the moderation room can hide content of rooms it doesn't import, and every room's
    visibility rule can exclude it (members.safety.not_hidden_q).
    """

    class Reason(models.TextChoices):
        MODERATOR = "moderator", "Hidden by a curator"
        PENDING_REVIEW = "pending_review", "Reported by several trusted members; pending review"

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    reason = models.CharField(max_length=20, choices=Reason.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "hidden content"
        constraints = [models.UniqueConstraint(fields=["content_type", "object_id"], name="unique_hidden_content")]

    def __str__(self) -> str:
        return f"{self.content_type.model} #{self.object_id} ({self.get_reason_display()})"


class ActionRecord(models.Model):
    """One rate-limited action (an offer, an ask, a connection request, a message): the limiter's memory.

    Kept in the database, not the cache, so the limit holds for pages and API alike and survives a
    Redis outage. Rows older than a day are pruned as new ones are written.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    action = models.CharField(max_length=30)
    created_at = models.DateTimeField(db_index=True)

    class Meta:
        indexes = [models.Index(fields=["user", "action", "created_at"], name="action_record_window_idx")]

    def __str__(self) -> str:
        return f"{self.user} {self.action} at {self.created_at:%Y-%m-%d %H:%M}"
