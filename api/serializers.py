"""Representations of the API. Thin: input is parsed and type-checked here, rules live in collective.services."""
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from collective.choices import AskStatus, AskType, ConnectionStatus, OfferType, PricingType
from collective.models import Ask, Connection, Offer, Taxonomy
from collective.selectors import asks_public, offers_public, people_public
from collective.services import MESSAGE_MAX_LENGTH, OFFER_SETTABLE_STATUSES, connection_allowed_transitions
from core.serializers import (
    BODY_MAX_LENGTH,
    MAX_INT,
    TEXT_MAX_LENGTH,
    LinkField,
    SafeURLField,
    SlugLookupField,
    StrictBooleanField,
    StrictCharField,
    StrictIntegerField,
    absolute_url,
)
from members.serializers import MemberSerializer, MemberSummarySerializer

# --- Members --------------------------------------------------------------------------------


class FollowResultSerializer(serializers.Serializer):
    following = serializers.BooleanField(help_text="Whether you now follow the member.")
    followers_count = serializers.IntegerField()


# --- Taxonomy and tools ---------------------------------------------------------------------


class TermSerializer(serializers.ModelSerializer):
    """A category or tag."""

    class Meta:
        model = Taxonomy
        fields = ["slug", "name", "taxonomy_type", "description", "color"]


class ToolSummarySerializer(serializers.ModelSerializer):
    logo_url = LinkField(allow_null=True)
    website_url = LinkField(allow_null=True)

    class Meta:
        model = Taxonomy
        fields = ["slug", "name", "logo_url", "website_url"]


class ToolSerializer(serializers.ModelSerializer):
    logo_url = LinkField(allow_null=True)
    website_url = LinkField(allow_null=True)
    web_url = serializers.SerializerMethodField()

    class Meta:
        model = Taxonomy
        fields = ["slug", "name", "description", "logo_url", "website_url", "best_for", "usage_tips", "web_url"]

    def get_web_url(self, tool) -> str:
        return absolute_url(self, tool.get_absolute_url())


class CategorySummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = Taxonomy
        fields = ["slug", "name"]


# --- Offers ---------------------------------------------------------------------------------


class OfferSerializer(serializers.ModelSerializer):
    owner = MemberSummarySerializer(source="user")
    category = CategorySummarySerializer(allow_null=True)
    tags = CategorySummarySerializer(many=True)
    tools = ToolSummarySerializer(many=True)
    price_display = serializers.CharField()
    external_url = LinkField()
    featured_image_url = LinkField()
    banner_url = LinkField()
    web_url = serializers.SerializerMethodField()

    class Meta:
        model = Offer
        fields = [
            "id", "slug", "title", "description", "offer_type", "status", "owner", "category", "tags", "tools",
            "pricing_type", "price_cents", "currency", "is_paid", "price_display", "external_url",
            "featured_image_url", "banner_url", "is_featured", "is_archived", "view_count", "connection_count",
            "created_at", "updated_at", "published_at", "web_url",
        ]
        read_only_fields = fields

    def get_web_url(self, offer) -> str:
        return absolute_url(self, offer.get_absolute_url())


class OfferDetailSerializer(OfferSerializer):
    content = serializers.SerializerMethodField(help_text="The offer page's content blocks: [{type, value, id}].")
    cta_label = serializers.CharField()

    class Meta(OfferSerializer.Meta):
        fields = [*OfferSerializer.Meta.fields, "body", "body_html", "content", "cta_label"]
        read_only_fields = fields

    @extend_schema_field({"type": "array", "items": {"type": "object", "additionalProperties": True}})
    def get_content(self, offer) -> list:
        return offer.content.stream_block.get_api_representation(offer.content, self.context)


def _terms_field(queryset, help_text: str) -> serializers.ListField:
    # A ListField (not many=True) so that an object in place of the list is refused, not read as its keys.
    return serializers.ListField(child=SlugLookupField(slug_field="slug", queryset=queryset),
                                 required=False, max_length=20, help_text=help_text)


def active_terms(*types: str):
    return Taxonomy.objects.filter(taxonomy_type__in=types, is_active=True)


class OfferWriteSerializer(serializers.Serializer):
    """Create (POST) or change (PATCH, any subset) an offer."""

    title = StrictCharField(max_length=200)
    description = StrictCharField(max_length=TEXT_MAX_LENGTH, help_text="Markdown supported.")
    offer_type = serializers.ChoiceField(choices=OfferType.choices)
    status = serializers.ChoiceField(choices=[(s.value, s.label) for s in OFFER_SETTABLE_STATUSES], required=False,
                                     help_text="New offers are drafts unless you say otherwise. "
                                               "DELETE archives an offer.")
    category = SlugLookupField(slug_field="slug", queryset=active_terms("offer_category"), required=False,
                               allow_null=True, help_text="Slug of an offer category (see /api/v1/categories/).")
    tags = _terms_field(active_terms("skill", "topic"), "Slugs of skill or topic tags (see /api/v1/tags/).")
    tools = _terms_field(active_terms("tool"), "Slugs of tools it's built with (see /api/v1/tools/).")
    pricing_type = serializers.ChoiceField(choices=PricingType.choices, required=False)
    price_cents = StrictIntegerField(min_value=0, max_value=MAX_INT, required=False,
                                     help_text="Required for one_time, hourly and monthly pricing; 0 when free.")
    currency = serializers.RegexField(r"^[a-zA-Z]{3}$", required=False, help_text="ISO 4217 code, e.g. usd.")
    external_url = SafeURLField(max_length=200, required=False, allow_blank=True)
    featured_image_url = SafeURLField(max_length=200, required=False, allow_blank=True)
    banner_url = SafeURLField(max_length=200, required=False, allow_blank=True)
    body = StrictCharField(max_length=BODY_MAX_LENGTH, required=False, allow_blank=True,
                           help_text="Post content (markdown), for offers of type post.")


# --- Asks -----------------------------------------------------------------------------------


class AskSerializer(serializers.ModelSerializer):
    owner = MemberSummarySerializer(source="user")
    category = CategorySummarySerializer(allow_null=True)
    tags = CategorySummarySerializer(many=True)
    tools = ToolSummarySerializer(many=True)
    budget_display = serializers.CharField()
    featured_image_url = LinkField()
    web_url = serializers.SerializerMethodField()

    class Meta:
        model = Ask
        fields = [
            "id", "slug", "title", "description", "ask_type", "status", "owner", "category", "tags", "tools",
            "is_paid_opportunity", "budget_min_cents", "budget_max_cents", "currency", "budget_display",
            "featured_image_url", "is_archived", "view_count", "response_count", "created_at", "updated_at",
            "fulfilled_at", "expires_at", "web_url",
        ]
        read_only_fields = fields

    def get_web_url(self, ask) -> str:
        return absolute_url(self, ask.get_absolute_url())


class AskWriteSerializer(serializers.Serializer):
    """Create (POST) or change (PATCH, any subset) an ask. The status changes through /asks/{id}/status/."""

    title = StrictCharField(max_length=200)
    description = StrictCharField(max_length=TEXT_MAX_LENGTH)
    ask_type = serializers.ChoiceField(choices=AskType.choices)
    category = SlugLookupField(slug_field="slug", queryset=active_terms("offer_category"), required=False,
                               allow_null=True)
    tags = _terms_field(active_terms("skill", "topic"), "Slugs of skill or topic tags.")
    tools = _terms_field(active_terms("tool"), "Slugs of the tools this ask is about.")
    is_paid_opportunity = StrictBooleanField(required=False)
    budget_min_cents = StrictIntegerField(min_value=0, max_value=MAX_INT, required=False, allow_null=True)
    budget_max_cents = StrictIntegerField(min_value=0, max_value=MAX_INT, required=False, allow_null=True)
    currency = serializers.RegexField(r"^[a-zA-Z]{3}$", required=False)
    featured_image_url = SafeURLField(max_length=200, required=False, allow_blank=True)
    expires_at = serializers.DateTimeField(required=False, allow_null=True)


class AskStatusSerializer(serializers.Serializer):
    status = serializers.ChoiceField(
        choices=AskStatus.choices,
        help_text="open → in_progress, fulfilled or closed; in_progress → open, fulfilled or closed; "
                  "fulfilled or closed → open (reopen).")


class ViewResultSerializer(serializers.Serializer):
    counted = serializers.BooleanField(help_text="False when you already viewed it today, or it's yours.")
    view_count = serializers.IntegerField()


# --- Connections ----------------------------------------------------------------------------


class ConnectionContextSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    web_url = serializers.SerializerMethodField()

    def get_web_url(self, obj) -> str:
        return absolute_url(self, obj.get_absolute_url())


class ConnectionSerializer(serializers.ModelSerializer):
    initiator = MemberSummarySerializer()
    responder = MemberSummarySerializer()
    ask = ConnectionContextSerializer(allow_null=True)
    offer = ConnectionContextSerializer(allow_null=True)
    my_role = serializers.SerializerMethodField(help_text="Your side: initiator or responder.")
    allowed_transitions = serializers.SerializerMethodField(
        help_text="The statuses you may move this connection to now.")

    class Meta:
        model = Connection
        fields = [
            "id", "connection_type", "status", "initiator", "responder", "ask", "offer", "context_title",
            "initial_message", "agreed_price_cents", "my_role", "allowed_transitions", "initiator_rating",
            "initiator_feedback", "responder_rating", "responder_feedback", "created_at", "updated_at",
            "completed_at",
        ]
        read_only_fields = fields

    def _user(self):
        request = self.context.get("request")
        return request.user if request is not None else None

    @extend_schema_field(serializers.ChoiceField(choices=["initiator", "responder"]))
    def get_my_role(self, connection) -> str:
        user = self._user()
        return "initiator" if user is not None and user.pk == connection.initiator_id else "responder"

    @extend_schema_field(serializers.ListField(child=serializers.ChoiceField(choices=ConnectionStatus.choices)))
    def get_allowed_transitions(self, connection) -> list[str]:
        user = self._user()
        return connection_allowed_transitions(connection=connection, user=user) if user is not None else []


class ConnectionCreateSerializer(serializers.Serializer):
    """Give exactly one of `ask` (respond to it), `offer` (inquire about it) or `recipient` (reach out)."""

    ask = serializers.PrimaryKeyRelatedField(queryset=asks_public(), required=False,
                                             help_text="Id of an open ask to respond to.")
    offer = serializers.PrimaryKeyRelatedField(queryset=offers_public(), required=False,
                                               help_text="Id of an active offer to inquire about.")
    recipient = SlugLookupField(slug_field="username", queryset=people_public(), required=False,
                                help_text="Username of the member to reach out to directly.")
    initial_message = StrictCharField(max_length=MESSAGE_MAX_LENGTH)

    def validate(self, attrs):
        given = [name for name in ("ask", "offer", "recipient") if attrs.get(name) is not None]
        if len(given) != 1:
            raise serializers.ValidationError("Give exactly one of ask, offer or recipient.")
        return attrs


class ConnectionUpdateSerializer(serializers.Serializer):
    status = serializers.ChoiceField(
        choices=ConnectionStatus.choices,
        help_text="initiated → discussing/accepted/declined (responder) or cancelled (initiator); "
                  "discussing → accepted/declined (responder) or cancelled (initiator); "
                  "accepted → in_progress (either), completed (the member who received help) or cancelled "
                  "(either); in_progress → completed (the member who received help) or cancelled (either). "
                  "completed, declined and cancelled are final.")


class ConnectionRateSerializer(serializers.Serializer):
    rating = StrictIntegerField(min_value=1, max_value=5)
    feedback = StrictCharField(max_length=MESSAGE_MAX_LENGTH, required=False, allow_blank=True)



# --- Discovery ------------------------------------------------------------------------------


class _Section(serializers.Serializer):
    count = serializers.IntegerField()
    more_url = serializers.CharField(help_text="The paginated list with every match.")


class DiscoverOffersSection(_Section):
    results = OfferSerializer(many=True)


class DiscoverAsksSection(_Section):
    results = AskSerializer(many=True)


class DiscoverPeopleSection(_Section):
    results = MemberSerializer(many=True)


class DiscoverToolsSection(_Section):
    results = ToolSerializer(many=True)


class DiscoverParamsSerializer(serializers.Serializer):
    q = serializers.CharField(required=False, allow_blank=True, max_length=200)
    limit = serializers.IntegerField(required=False, min_value=1, max_value=20)


class DiscoverSerializer(serializers.Serializer):
    query = serializers.CharField(allow_blank=True)
    offers = DiscoverOffersSection()
    asks = DiscoverAsksSection()
    people = DiscoverPeopleSection()
    tools = DiscoverToolsSection()


class ToolDetailSerializer(ToolSerializer):
    offers = serializers.SerializerMethodField(help_text="The newest public offers built with this tool.")
    asks = serializers.SerializerMethodField(help_text="The newest open asks about this tool.")
    offer_count = serializers.IntegerField()
    ask_count = serializers.IntegerField()

    class Meta(ToolSerializer.Meta):
        fields = [*ToolSerializer.Meta.fields, "offers", "asks", "offer_count", "ask_count"]

    @extend_schema_field(OfferSerializer(many=True))
    def get_offers(self, tool) -> list:
        return OfferSerializer(tool.recent_offers, many=True, context=self.context).data

    @extend_schema_field(AskSerializer(many=True))
    def get_asks(self, tool) -> list:
        return AskSerializer(tool.recent_asks, many=True, context=self.context).data

