"""The collective's data: taxonomy, offers, asks, connections and message threads."""
from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Greatest, Least
from django.urls import reverse
from django.utils import timezone
from wagtail.fields import StreamField
from wagtail.search import index

from core.brand_logos import brand_logo_url
from core.models import ProtectedCountersMixin
from core.money import format_cents
from core.slugs import unique_slug
from members.models import User

from .choices import (
    CLOSED_CONNECTION_STATUSES,
    PUBLIC_OFFER_STATUSES,
    AskStatus,
    AskType,
    ConnectionStatus,
    ConnectionType,
    OfferStatus,
    OfferType,
    PricingType,
    TaxonomyType,
)
from .content_blocks import OfferContentBlock
from .text_format import markdown_to_html

# Slugs that would collide with sub-paths of /@username/.
RESERVED_OFFER_SLUGS = {"asks", "offers", "followers", "following", "activity"}


class Taxonomy(index.Indexed, models.Model):
    """One vocabulary for categories, tags, tools and other classifications."""

    taxonomy_type = models.CharField(max_length=20, choices=TaxonomyType.choices, default=TaxonomyType.TOOL)
    parent = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="children")
    name = models.CharField(max_length=100)
    slug = models.SlugField(max_length=120, unique=True, blank=True)
    description = models.TextField(blank=True)
    is_active = models.BooleanField(default=True)
    color = models.CharField(max_length=50, blank=True)
    # Tool-specific fields (kept in sync from the tool's page in the tools directory)
    website_url = models.URLField(null=True, blank=True)
    logo_url = models.URLField(null=True, blank=True)
    usage_tips = models.JSONField(default=list, blank=True)
    best_for = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    # Indexed so tools (and tags) can be found by natural-language queries like offers and asks.
    search_fields = [
        index.SearchField("name", boost=4),
        index.AutocompleteField("name"),
        index.SearchField("description"),
        index.SearchField("best_for", boost=2),
        index.FilterField("id"),
        index.FilterField("taxonomy_type"),
        index.FilterField("is_active"),
        index.FilterField("name"),
        index.FilterField("created_at"),
    ]

    class Meta:
        verbose_name_plural = "taxonomy"
        ordering = ["taxonomy_type", "name"]
        indexes = [models.Index(fields=["taxonomy_type", "is_active"])]
        constraints = [
            models.CheckConstraint(condition=~Q(parent=F("id")), name="taxonomy_not_own_parent"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = self._unique_slug()
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        if self.taxonomy_type == TaxonomyType.TOOL:
            return f"/discover/tools/{self.slug}/"  # the tool's Wagtail page (tools_directory keeps the slugs equal)
        return f"{reverse('discover:index')}?category={self.slug}"

    @property
    def logo_src(self) -> str:
        """What a tool badge shows: the tool page's uploaded logo, else the vendored brand logo, else ''."""
        if self.taxonomy_type != TaxonomyType.TOOL:
            return ""
        return self.logo_url or brand_logo_url(self.slug)

    def _unique_slug(self) -> str:
        return unique_slug(self.name, Taxonomy.objects.exclude(pk=self.pk), max_length=110, fallback="term")

    @property
    def url(self) -> str:
        return self.get_absolute_url()


CATEGORY_CHOICES = {"taxonomy_type": TaxonomyType.OFFER_CATEGORY, "is_active": True}
TAG_CHOICES = {"taxonomy_type__in": [TaxonomyType.SKILL, TaxonomyType.TOPIC], "is_active": True}
TOOL_CHOICES = {"taxonomy_type": TaxonomyType.TOOL, "is_active": True}


class SearchVectorDeferringManager(models.Manager):
    """Rows without their search vector: only collective.search reads it, in SQL."""

    def get_queryset(self):
        return super().get_queryset().defer("search_vector")


# The row half of the public-offer rule (selectors.offer_public_q); the partial indexes repeat it exactly.
OFFER_PUBLIC = Q(status__in=[OfferStatus.ACTIVE, OfferStatus.PAUSED], is_archived=False)


class Offer(ProtectedCountersMixin, models.Model):
    """What a member provides: apps, courses, services, skills, feedback capacity."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="offers")
    slug = models.SlugField(max_length=220, blank=True)
    title = models.CharField(max_length=200)
    description = models.TextField(help_text="Markdown supported.")
    offer_type = models.CharField(max_length=20, choices=OfferType.choices)
    featured_image_url = models.URLField(blank=True)
    banner_url = models.URLField(blank=True)
    external_url = models.URLField(blank=True)
    # Content
    body = models.TextField(blank=True, help_text="Post content (markdown), for type=post.")
    body_html = models.TextField(blank=True, editable=False)
    content = StreamField(OfferContentBlock(), blank=True, default=list)
    # Source tracking
    source_type = models.CharField(max_length=20, blank=True)
    source_url = models.URLField(blank=True)
    source_metadata = models.JSONField(default=dict, blank=True)
    # Categorization
    category = models.ForeignKey(Taxonomy, on_delete=models.SET_NULL, null=True, blank=True,
                                 limit_choices_to=CATEGORY_CHOICES, related_name="offers")
    tags = models.ManyToManyField(Taxonomy, blank=True, limit_choices_to=TAG_CHOICES, related_name="tagged_offers")
    tools = models.ManyToManyField(Taxonomy, blank=True, limit_choices_to=TOOL_CHOICES, related_name="tool_offers",
                                   help_text="Tools used to build this (shows a “Built with …” badge).")
    # Pricing
    is_paid = models.BooleanField(default=False)
    price_cents = models.PositiveIntegerField(default=0)
    currency = models.CharField(max_length=3, default="usd")
    pricing_type = models.CharField(max_length=20, choices=PricingType.choices, default=PricingType.FREE)
    stripe_product_id = models.CharField(max_length=255, blank=True)
    stripe_price_id = models.CharField(max_length=255, blank=True)
    # Status
    status = models.CharField(max_length=20, choices=OfferStatus.choices, default=OfferStatus.DRAFT)
    is_featured = models.BooleanField(default=False)
    is_archived = models.BooleanField(default=False)
    # Metrics
    view_count = models.PositiveIntegerField(default=0)
    connection_count = models.PositiveIntegerField(default=0)
    # Timestamps
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    published_at = models.DateTimeField(null=True, blank=True)

    # Lexical search (collective/search.py): weighted words of the offer and its terms; GIN-indexed on PostgreSQL.
    search_vector = SearchVectorField(null=True, editable=False)

    objects = SearchVectorDeferringManager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["user", "status"], name="offer_user_status_idx"),
            models.Index(fields=["status", "offer_type"], name="offer_status_type_idx"),
            models.Index(fields=["category", "status"], name="offer_category_status_idx"),
            models.Index(fields=["-created_at"], name="offer_created_idx"),
            # Public lists: newest first (keyset pages) and featured first, both only over public rows
            # (the predicate of OfferQuerySet.public, so the planner can use them).
            models.Index(fields=["-created_at", "-id"], condition=OFFER_PUBLIC, name="offer_public_created_idx"),
            models.Index(fields=["-is_featured", "-created_at", "-id"], condition=OFFER_PUBLIC,
                         name="offer_public_featured_idx"),
            models.Index(fields=["user", "-created_at", "-id"], condition=OFFER_PUBLIC,
                         name="offer_public_user_idx"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["user", "slug"], name="unique_offer_slug_per_user",
                                    violation_error_message="You already have an offer with this slug."),
            models.CheckConstraint(condition=~Q(slug=""), name="offer_slug_not_empty"),
            models.CheckConstraint(condition=~Q(slug__in=sorted(RESERVED_OFFER_SLUGS)), name="offer_slug_not_reserved",
                                   violation_error_message="This address is reserved; choose another slug."),
            models.CheckConstraint(
                condition=~Q(pricing_type=PricingType.FREE) | Q(price_cents=0, is_paid=False),
                name="offer_free_has_no_price",
                violation_error_message="A free offer can't have a price.",
            ),
            models.CheckConstraint(condition=Q(currency__regex=r"^[a-z]{3}$"), name="offer_currency_iso"),
        ]

    def __str__(self) -> str:
        return self.title

    protected_counter_fields = ("view_count", "connection_count")

    def save(self, *args, **kwargs):
        self._fill_slug()
        self.currency = (self.currency or "usd").lower()
        if kwargs.get("update_fields") is not None and "status" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "is_archived", "published_at", "updated_at"}
        # `is_archived` mirrors the archived status so either field can be filtered on.
        self.is_archived = self.status == OfferStatus.ARCHIVED
        if self.status in (OfferStatus.ACTIVE, OfferStatus.PAUSED) and self.published_at is None:
            self.published_at = timezone.now()
        self.body_html = markdown_to_html(self.body)
        if kwargs.get("update_fields") is not None and "body" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "body_html"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("storefront:offer_detail", kwargs={"username": self.user.username, "slug": self.slug})

    def _fill_slug(self) -> None:
        if not self.slug and self.user_id:
            self.slug = unique_slug(self.title, Offer.objects.filter(user_id=self.user_id).exclude(pk=self.pk),
                                    reserved=RESERVED_OFFER_SLUGS)

    def clean(self) -> None:
        self._fill_slug()  # so full_clean() accepts a new offer whose slug is generated from its title
        if self.slug in RESERVED_OFFER_SLUGS:
            raise ValidationError({"slug": "This address is reserved; choose another slug."})
        if self.pricing_type == PricingType.FREE and (self.price_cents or self.is_paid):
            raise ValidationError({"price_cents": "A free offer can't have a price."})
        if self.pricing_type in (PricingType.ONE_TIME, PricingType.HOURLY, PricingType.MONTHLY) and not self.price_cents:
            raise ValidationError({"price_cents": "Set a price for a paid offer."})

    @property
    def is_public(self) -> bool:
        """The offer's own state lets others see it (who may see it: collective.selectors.offer_visible_q)."""
        return self.status in PUBLIC_OFFER_STATUSES and not self.is_archived

    @property
    def price_display(self) -> str:
        if self.pricing_type == PricingType.FREE:
            return "Free"
        if self.pricing_type == PricingType.CUSTOM:
            return "Contact"
        suffix = {PricingType.HOURLY: "/hr", PricingType.MONTHLY: "/mo"}.get(self.pricing_type, "")
        return format_cents(self.price_cents, self.currency) + suffix

    @property
    def cta_label(self) -> str:
        if self.offer_type == OfferType.COURSE:
            return "Enroll"
        if self.offer_type in (OfferType.SERVICE, OfferType.MENTORSHIP):
            return "Book"
        if self.offer_type in (OfferType.APP, OfferType.LINK) and self.external_url:
            return "Try it"
        if self.offer_type in (OfferType.SKILL, OfferType.FEEDBACK):
            return "Request"
        return "Connect"


class Ask(ProtectedCountersMixin, models.Model):
    """What a member needs: beta testers, feedback, collaborators, advice…"""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="asks")
    slug = models.SlugField(max_length=220, blank=True)
    title = models.CharField(max_length=200)
    description = models.TextField()
    ask_type = models.CharField(max_length=20, choices=AskType.choices)
    featured_image_url = models.URLField(blank=True)
    category = models.ForeignKey(Taxonomy, on_delete=models.SET_NULL, null=True, blank=True,
                                 limit_choices_to=CATEGORY_CHOICES, related_name="asks")
    tags = models.ManyToManyField(Taxonomy, blank=True, limit_choices_to=TAG_CHOICES, related_name="tagged_asks")
    tools = models.ManyToManyField(Taxonomy, blank=True, limit_choices_to=TOOL_CHOICES, related_name="tool_asks",
                                   help_text="Tools this ask is about (shows “Help wanted with …”).")
    is_paid_opportunity = models.BooleanField(default=False)
    budget_min_cents = models.PositiveIntegerField(null=True, blank=True)
    budget_max_cents = models.PositiveIntegerField(null=True, blank=True)
    currency = models.CharField(max_length=3, default="usd")
    status = models.CharField(max_length=20, choices=AskStatus.choices, default=AskStatus.OPEN)
    is_archived = models.BooleanField(default=False)
    view_count = models.PositiveIntegerField(default=0)
    response_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    fulfilled_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)

    search_vector = SearchVectorField(null=True, editable=False)  # see Offer.search_vector

    objects = SearchVectorDeferringManager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["-created_at", "-id"], condition=Q(is_archived=False), name="ask_public_created_idx"),
            models.Index(fields=["user", "status"], name="ask_user_status_idx"),
            models.Index(fields=["status", "ask_type"], name="ask_status_type_idx"),
            models.Index(fields=["category", "status"], name="ask_category_status_idx"),
            models.Index(fields=["status", "-created_at"], name="ask_status_created_idx"),
            models.Index(fields=["is_paid_opportunity", "status"], name="ask_paid_status_idx"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["user", "slug"], name="unique_ask_slug_per_user",
                                    violation_error_message="You already have an ask with this slug."),
            models.CheckConstraint(condition=~Q(slug=""), name="ask_slug_not_empty"),
            models.CheckConstraint(
                condition=Q(budget_min_cents__isnull=True) | Q(budget_max_cents__isnull=True)
                | Q(budget_min_cents__lte=F("budget_max_cents")),
                name="ask_budget_min_lte_max",
                violation_error_message="Minimum budget cannot exceed maximum budget.",
            ),
            models.CheckConstraint(condition=Q(currency__regex=r"^[a-z]{3}$"), name="ask_currency_iso"),
        ]

    def __str__(self) -> str:
        return self.title

    protected_counter_fields = ("view_count", "response_count")

    def save(self, *args, **kwargs):
        self._fill_slug()
        self.currency = (self.currency or "usd").lower()
        if kwargs.get("update_fields") is not None and "status" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "fulfilled_at", "updated_at"}
        if self.status == AskStatus.FULFILLED and self.fulfilled_at is None:
            self.fulfilled_at = timezone.now()
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("storefront:ask_detail", kwargs={"username": self.user.username, "slug": self.slug})

    def _fill_slug(self) -> None:
        if not self.slug and self.user_id:
            self.slug = unique_slug(self.title, Ask.objects.filter(user_id=self.user_id).exclude(pk=self.pk),
                                    reserved=RESERVED_OFFER_SLUGS)

    def clean(self) -> None:
        self._fill_slug()
        if (self.budget_min_cents is not None and self.budget_max_cents is not None
                and self.budget_min_cents > self.budget_max_cents):
            raise ValidationError({"budget_min_cents": "Minimum budget cannot exceed maximum budget."})

    @property
    def budget_display(self) -> str:
        low, high = self.budget_min_cents, self.budget_max_cents
        if low is None and high is None:
            return ""
        if low is not None and high is not None and low != high:
            return f"{format_cents(low, self.currency)}–{format_cents(high, self.currency)}"
        return ("Up to " if low is None else "") + format_cents(high if low is None else low, self.currency)


class DirectMessageThread(models.Model):
    """A private conversation between members (each connection gets one)."""

    participants = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="dm_threads")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at"]

    def __str__(self) -> str:
        return f"Thread #{self.pk}"


ACTIVE_CONNECTION = ~Q(status__in=CLOSED_CONNECTION_STATUSES)


class Connection(ProtectedCountersMixin, models.Model):
    """Links two members: a response to an ask, an inquiry about an offer, or direct outreach."""

    initiator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="connections_initiated")
    responder = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="connections_received")
    ask = models.ForeignKey(Ask, on_delete=models.SET_NULL, null=True, blank=True, related_name="connections")
    offer = models.ForeignKey(Offer, on_delete=models.SET_NULL, null=True, blank=True, related_name="connections")
    connection_type = models.CharField(max_length=20, choices=ConnectionType.choices)
    # Title of the ask/offer when the connection was made, so history survives its deletion.
    context_title = models.CharField(max_length=200, blank=True)
    context_removed = models.BooleanField(default=False, editable=False)
    initial_message = models.TextField()
    dm_thread = models.ForeignKey(DirectMessageThread, on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="connections")
    status = models.CharField(max_length=20, choices=ConnectionStatus.choices, default=ConnectionStatus.INITIATED)
    agreed_price_cents = models.PositiveIntegerField(null=True, blank=True)
    stripe_payment_intent_id = models.CharField(max_length=255, blank=True)
    paid_at = models.DateTimeField(null=True, blank=True)
    initiator_rating = models.PositiveSmallIntegerField(null=True, blank=True)
    responder_rating = models.PositiveSmallIntegerField(null=True, blank=True)
    initiator_feedback = models.TextField(blank=True)
    responder_feedback = models.TextField(blank=True)
    # Set once, atomically, when the helper's helped_count has been incremented for this completion.
    helped_counted = models.BooleanField(default=False, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-updated_at"]
        indexes = [
            models.Index(fields=["initiator", "status"], name="conn_initiator_status_idx"),
            models.Index(fields=["responder", "status"], name="conn_responder_status_idx"),
            models.Index(fields=["ask", "status"], name="conn_ask_status_idx"),
            models.Index(fields=["offer", "status"], name="conn_offer_status_idx"),
            models.Index(fields=["status", "-created_at"], name="conn_status_created_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["initiator", "responder", "ask"], condition=Q(ask__isnull=False) & ACTIVE_CONNECTION,
                name="unique_active_connection_per_ask",
                violation_error_message="You already have an open connection about this ask.",
            ),
            models.UniqueConstraint(
                fields=["initiator", "responder", "offer"], condition=Q(offer__isnull=False) & ACTIVE_CONNECTION,
                name="unique_active_connection_per_offer",
                violation_error_message="You already have an open connection about this offer.",
            ),
            # One open direct conversation per pair, whoever started it (A→B and B→A are the same pair).
            models.UniqueConstraint(
                Least("initiator", "responder"), Greatest("initiator", "responder"),
                condition=Q(connection_type=ConnectionType.DIRECT) & ACTIVE_CONNECTION,
                name="unique_active_direct_connection",
                violation_error_message="You already have an open conversation with this member.",
            ),
            models.CheckConstraint(condition=~Q(initiator=F("responder")), name="connection_not_self",
                                   violation_error_message="Cannot create a connection with yourself."),
            models.CheckConstraint(condition=Q(ask__isnull=True) | Q(offer__isnull=True),
                                   name="connection_not_ask_and_offer",
                                   violation_error_message="Connection cannot be for both an ask and an offer."),
            models.CheckConstraint(
                condition=Q(connection_type=ConnectionType.DIRECT) | Q(ask__isnull=False) | Q(offer__isnull=False)
                | Q(context_removed=True),
                name="connection_has_context_unless_direct",
                violation_error_message="Non-direct connection must reference an ask or offer.",
            ),
            models.CheckConstraint(condition=Q(initiator_rating__isnull=True) | Q(initiator_rating__range=(1, 5)),
                                   name="connection_initiator_rating_1_5",
                                   violation_error_message="Ratings are from 1 to 5."),
            models.CheckConstraint(condition=Q(responder_rating__isnull=True) | Q(responder_rating__range=(1, 5)),
                                   name="connection_responder_rating_1_5",
                                   violation_error_message="Ratings are from 1 to 5."),
        ]

    # Only the helped-count signal's conditional UPDATE may set `helped_counted`.
    protected_counter_fields = ("helped_counted",)

    def __str__(self) -> str:
        return f"{self.initiator} → {self.responder} ({self.get_connection_type_display()})"

    def clean(self) -> None:
        if self.ask_id and self.offer_id:
            raise ValidationError("Connection cannot be for both an ask and an offer.")
        if not self.ask_id and not self.offer_id and self.connection_type != ConnectionType.DIRECT and not self.context_removed:
            raise ValidationError("Non-direct connection must reference an ask or offer.")
        if self.initiator_id and self.initiator_id == self.responder_id:
            raise ValidationError("Cannot create a connection with yourself.")

    @property
    def helper_id(self) -> int:
        """The member who gives help: the one who answered an ask, or the owner of the offer."""
        return self.initiator_id if self.connection_type == ConnectionType.ASK_RESPONSE else self.responder_id

    @property
    def helped_id(self) -> int:
        return self.responder_id if self.helper_id == self.initiator_id else self.initiator_id

    def other_participant(self, user):
        return self.responder if user.pk == self.initiator_id else self.initiator

    def is_participant(self, user) -> bool:
        return user.is_authenticated and user.pk in (self.initiator_id, self.responder_id)


class ViewRecord(models.Model):
    """One counted view of an offer or ask per viewer per day, so reloads don't inflate view_count.

    `viewer_key` is "user:<pk>" for members and a salted hash of the client's address for anonymous
    visitors (no raw IP addresses are stored).
    """

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, null=True, blank=True, related_name="view_records")
    ask = models.ForeignKey(Ask, on_delete=models.CASCADE, null=True, blank=True, related_name="view_records")
    viewer_key = models.CharField(max_length=80)
    day = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["offer", "viewer_key", "day"], condition=Q(offer__isnull=False),
                                    name="unique_offer_view_per_viewer_day"),
            models.UniqueConstraint(fields=["ask", "viewer_key", "day"], condition=Q(ask__isnull=False),
                                    name="unique_ask_view_per_viewer_day"),
            models.CheckConstraint(condition=Q(offer__isnull=False, ask__isnull=True)
                                   | Q(offer__isnull=True, ask__isnull=False),
                                   name="view_record_offer_xor_ask"),
        ]
        indexes = [models.Index(fields=["day"], name="view_record_day_idx")]

    def __str__(self) -> str:
        return f"{self.offer or self.ask} viewed by {self.viewer_key} on {self.day}"


class SearchableMember(index.Indexed, User):
    """Members as the search index sees them (people search), without the members app knowing about search.

    A proxy: no table of its own. collective/signals.py re-indexes a member whenever their User row is saved.
    """

    search_fields = [
        index.SearchField("username", boost=4),
        index.SearchField("display_name", boost=4),
        index.AutocompleteField("username"),
        index.AutocompleteField("display_name"),
        index.SearchField("tagline", boost=2),
        index.SearchField("bio"),
        index.FilterField("id"),
        index.FilterField("is_active"),
        index.FilterField("role"),
        index.FilterField("username"),
        index.FilterField("helped_count"),
        index.FilterField("followers_count"),
        index.FilterField("points"),
        index.FilterField("date_joined"),
    ]

    class Meta:
        proxy = True
        verbose_name = "member (search)"
