"""Community: events with RSVPs and a waitlist, calendar feeds, weekly challenges (Wagtail pages),
the Givers Circle, and pinned offers (the 150-point unlock).

Times are stored in UTC; an event keeps the time zone its host entered it in, and each viewer sees it
in their own (`User.time_zone`).
"""
import secrets
from datetime import UTC

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from collective.choices import TaxonomyType
from collective.models import Offer, Taxonomy
from collective.text_format import markdown_to_html
from core.pages import hand_off
from members.validators import validate_time_zone

from .blocks import ChallengeBriefBlocks
from .choices import EventStatus, RSVPStatus


# ------------------------------------------------------------------------------------------- events
class EventQuerySet(models.QuerySet):
    def scheduled(self):
        return self.filter(status=EventStatus.SCHEDULED)

    def upcoming(self, now=None):
        return self.scheduled().filter(ends_at__gt=now or timezone.now())

    def past(self, now=None):
        return self.filter(ends_at__lte=now or timezone.now())


class Event(models.Model):
    host = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="hosted_events")
    title = models.CharField(max_length=140)
    description = models.TextField(help_text="Markdown, like an offer's body.")
    description_html = models.TextField(blank=True, editable=False)
    starts_at = models.DateTimeField(db_index=True)
    ends_at = models.DateTimeField()
    time_zone = models.CharField(max_length=64, default="UTC", validators=[validate_time_zone],
                                 help_text="The time zone the host entered the times in.")
    online_url = models.URLField(blank=True, help_text="A video call link, for an online event.")
    location = models.CharField(max_length=200, blank=True, help_text="A place, for an in-person event.")
    capacity = models.PositiveIntegerField(help_text="How many members can attend; others join the waitlist.")
    category = models.ForeignKey(Taxonomy, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                                 limit_choices_to={"taxonomy_type": TaxonomyType.OFFER_CATEGORY})
    tools = models.ManyToManyField(Taxonomy, blank=True, related_name="events",
                                   limit_choices_to={"taxonomy_type": TaxonomyType.TOOL})
    cover_image = models.ForeignKey("wagtailimages.Image", on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+")
    status = models.CharField(max_length=12, choices=EventStatus.choices, default=EventStatus.SCHEDULED)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    going_count = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = EventQuerySet.as_manager()

    panels = [
        FieldPanel("title"), FieldPanel("host"), FieldPanel("description"),
        MultiFieldPanel([FieldPanel("starts_at"), FieldPanel("ends_at"), FieldPanel("time_zone")], heading="When"),
        MultiFieldPanel([FieldPanel("online_url"), FieldPanel("location")], heading="Where"),
        FieldPanel("capacity"), FieldPanel("category"), FieldPanel("tools"), FieldPanel("cover_image"),
        FieldPanel("status"),
    ]

    class Meta:
        ordering = ["starts_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="event_ends_after_start",
                                   violation_error_message="The event must end after it starts."),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="event_capacity_positive",
                                   violation_error_message="Capacity must be at least 1."),
            models.CheckConstraint(condition=Q(going_count__lte=F("capacity")), name="event_not_overbooked"),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        self.description_html = markdown_to_html(self.description)
        if kwargs.get("update_fields") is not None and "description" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "description_html"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return f"/community/events/{self.pk}/"

    def clean(self):
        if not self.online_url and not self.location:
            raise ValidationError({"location": "Give an online link or a place."})

    @property
    def is_cancelled(self) -> bool:
        return self.status == EventStatus.CANCELLED

    @property
    def has_ended(self) -> bool:
        return self.ends_at <= timezone.now()

    @property
    def spots_left(self) -> int:
        return max(self.capacity - self.going_count, 0)


class RSVP(models.Model):
    """One member's answer to one event. Going rows never exceed the event's capacity (counted under the
    event's row lock, mirrored in Event.going_count with a CHECK); the waitlist is served by `joined_at`."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="rsvps")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="event_rsvps")
    status = models.CharField(max_length=12, choices=RSVPStatus.choices)
    joined_at = models.DateTimeField(default=timezone.now)
    reminded_24h = models.BooleanField(default=False, editable=False)
    reminded_1h = models.BooleanField(default=False, editable=False)

    class Meta:
        ordering = ["joined_at", "id"]
        constraints = [models.UniqueConstraint(fields=["event", "member"], name="one_rsvp_per_member")]
        indexes = [models.Index(fields=["event", "status", "joined_at"], name="rsvp_event_status_idx")]

    def __str__(self) -> str:
        return f"{self.member} → {self.event}: {self.status}"


class CalendarFeed(models.Model):
    """A member's personal calendar feed: a secret URL their calendar app polls. Revoking rotates it."""

    member = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed")
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Calendar feed of {self.member}"

    @staticmethod
    def new_token() -> str:
        return secrets.token_urlsafe(32)


# ------------------------------------------------------------------------------- weekly challenges
class CommunityIndexPage(Page):
    """The curators' home for weekly challenges. /community/ itself is the hub view (community.views)."""

    intro = models.CharField(max_length=255, blank=True)
    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["community.ChallengePage"]
    max_count = 1

    class Meta:
        verbose_name = "Community index"


class ChallengePage(Page):
    brief = StreamField(ChallengeBriefBlocks(), use_json_field=True, blank=True)
    week_start = models.DateField()
    week_end = models.DateField(help_text="Submissions close at the end of this day (UTC).")
    participation_points = models.PositiveIntegerField(default=10)
    pick_points = models.PositiveIntegerField(default=50)
    tool = models.ForeignKey(Taxonomy, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                             limit_choices_to={"taxonomy_type": TaxonomyType.TOOL})

    content_panels = [
        *Page.content_panels, FieldPanel("brief"),
        MultiFieldPanel([FieldPanel("week_start"), FieldPanel("week_end")], heading="Week"),
        MultiFieldPanel([FieldPanel("participation_points"), FieldPanel("pick_points")], heading="Points"),
        FieldPanel("tool"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("brief")]
    parent_page_types = ["community.CommunityIndexPage"]
    subpage_types: list[str] = []
    template = "community/challenge_page.html"

    class Meta:
        verbose_name = "Weekly challenge"

    def clean(self):
        super().clean()
        from economy.choices import CHALLENGE_POINTS_MAX

        if self.week_start and self.week_end and self.week_end < self.week_start:
            raise ValidationError({"week_end": "The week must end on or after its start."})
        for name in ("participation_points", "pick_points"):
            if (getattr(self, name) or 0) > CHALLENGE_POINTS_MAX:
                raise ValidationError({name: f"At most {CHALLENGE_POINTS_MAX} points."})

    @property
    def closes_at(self):
        from datetime import datetime, time, timedelta

        return datetime.combine(self.week_end + timedelta(days=1), time.min, tzinfo=UTC)

    @property
    def has_started(self) -> bool:
        return self.week_start <= timezone.now().date()

    @property
    def is_open(self) -> bool:
        today = timezone.now().date()
        return self.week_start <= today and timezone.now() < self.closes_at

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(hand_off(self, "context", request))  # community/views.py
        return context

    def serve(self, request, *args, **kwargs):
        return hand_off(self, "serve", request, serve=super().serve)  # community/views.py


class ChallengeSubmission(models.Model):
    challenge = models.ForeignKey(ChallengePage, on_delete=models.CASCADE, related_name="submissions")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                               related_name="challenge_submissions")
    text = models.TextField(blank=True)
    link = models.URLField(blank=True)
    offer = models.ForeignKey(Offer, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    is_pick = models.BooleanField(default=False)
    picked_at = models.DateTimeField(null=True, blank=True)
    appreciation_count = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    panels = [FieldPanel("is_pick")]

    class Meta:
        ordering = ["-is_pick", "-appreciation_count", "created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["challenge", "member"], name="one_submission_per_member"),
            models.CheckConstraint(condition=~Q(text="") | ~Q(link="") | Q(offer__isnull=False),
                                   name="submission_has_content"),
        ]

    def __str__(self) -> str:
        return f"{self.member} in {self.challenge}"


class Appreciation(models.Model):
    submission = models.ForeignKey(ChallengeSubmission, on_delete=models.CASCADE, related_name="appreciations")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["submission", "member"], name="one_appreciation_per_member")]

    def __str__(self) -> str:
        return f"{self.member} appreciates {self.submission}"


# ---------------------------------------------------------------------------------- Givers Circle
class CircleThread(models.Model):
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    title = models.CharField(max_length=140)
    body = models.TextField(max_length=5000)
    reply_count = models.PositiveIntegerField(default=0, editable=False)
    last_activity_at = models.DateTimeField(default=timezone.now, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-last_activity_at", "-id"]
        verbose_name = "Givers Circle thread"

    def __str__(self) -> str:
        return self.title


class CircleReply(models.Model):
    thread = models.ForeignKey(CircleThread, on_delete=models.CASCADE, related_name="replies")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    body = models.TextField(max_length=5000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name_plural = "Givers Circle replies"

    def __str__(self) -> str:
        return f"Reply by {self.author} in {self.thread}"


class CircleInvitation(models.Model):
    """The first time a member reaches 400 points they are invited, once (a beat sweep writes these)."""

    member = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Invitation of {self.member}"


# ------------------------------------------------------------------------------------ pinned offers
class PinnedOffer(models.Model):
    """An offer its owner pinned to the top of their storefront (at most 3, the 150-point unlock).

    Pins stay stored when the owner's points drop below 150 but are not shown until they are back."""

    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="pinned_offers")
    offer = models.OneToOneField(Offer, on_delete=models.CASCADE, related_name="pin")
    pinned_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["pinned_at", "id"]

    def __str__(self) -> str:
        return f"{self.offer} pinned by {self.member}"


# ------------------------------------------------------------------------------------ feature flags
class Audience(models.TextChoices):
    OFF = "off", "Nobody (off)"
    EARLY_ACCESS = "early_access", "Early access: members at 500+ points, and staff"
    EVERYONE = "everyone", "Everyone"


@register_setting(icon="pick")
class FeatureFlags(BaseGenericSetting):
    """Who sees features that are still new (spec 8.9 early access, the 500-point unlock). Settings →
    Feature flags in the admin; community.features.feature_enabled(user, name) reads them."""

    challenge_preview = models.CharField(
        max_length=20, choices=Audience.choices, default=Audience.EARLY_ACCESS,
        help_text="Next week's challenges, readable before they open.")

    panels = [FieldPanel("challenge_preview")]

    class Meta:
        verbose_name = "Feature flags"
