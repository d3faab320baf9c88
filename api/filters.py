"""Query parameters of the list endpoints (django-filter).

The FilterSets only parse and validate parameters (bad values → 400) and describe them in the OpenAPI
schema; the querying itself is done by the collective selectors that the member pages use too.
Multi-valued parameters take comma-separated values and match any of them: `?type=app,course`.
"""
from datetime import UTC, timedelta

from django import forms
from django_filters import rest_framework as filters
from django_filters.fields import IsoDateTimeField
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from collective import selectors
from collective.choices import AskStatus, AskType, ConnectionStatus, ConnectionType, OfferStatus, OfferType, PricingType
from collective.models import Ask, Connection, Offer, SearchableMember, Taxonomy
from core.serializers import SLUG_PATTERN
from economy.selectors import priority_placement_q
from matching import selectors as matching
from members.choices import Role

Q_HELP = ("Natural-language search, e.g. “I need help writing blog posts”: stemmed, weighted "
          "(title above tags, tools and category, above description) and ranked by relevance unless "
          "`ordering` says otherwise; short queries also match word prefixes.")


class ChoiceInFilter(filters.BaseInFilter, filters.ChoiceFilter):
    pass


class SlugListField(forms.CharField):
    def to_python(self, value):
        text = super().to_python(value)
        slugs = [slug.strip() for slug in text.split(",") if slug.strip()]
        if any(not SLUG_PATTERN.fullmatch(slug) for slug in slugs):
            raise forms.ValidationError("Use slugs: letters, digits, - and _, separated by commas.", code="invalid")
        return slugs[:20]


@extend_schema_field({"type": "string", "description": "Comma-separated slugs."})
class SlugInFilter(filters.CharFilter):
    """`?tool=figma,claude`. Documented as one string rather than an array: any text is a valid list of slugs."""

    field_class = SlugListField


class StrictBooleanField(forms.Field):
    """`true`/`false` (or 1/0); anything else is a 400 rather than being ignored."""

    def to_python(self, value):
        if value in (None, ""):
            return None
        lowered = str(value).lower()
        if lowered in ("true", "1"):
            return True
        if lowered in ("false", "0"):
            return False
        raise forms.ValidationError("Use true or false.", code="invalid")


@extend_schema_field(OpenApiTypes.BOOL)
class StrictBooleanFilter(filters.Filter):
    field_class = StrictBooleanField


# PostgreSQL accepts offsets up to ±15:59; anything wider used to reach the database and fail there (500).
MAX_UTC_OFFSET = timedelta(hours=15, minutes=59)


class UTCDateTimeField(IsoDateTimeField):
    """An ISO 8601 date-time with a sane offset, handed on in UTC (so the database never sees the offset)."""

    def to_python(self, value):
        parsed = super().to_python(value)
        if parsed is None:
            return None
        offset = parsed.utcoffset()
        if offset is not None and abs(offset) > MAX_UTC_OFFSET:
            raise forms.ValidationError("Use a time-zone offset between -15:59 and +15:59.", code="invalid")
        try:
            return parsed.astimezone(UTC)
        except (OverflowError, ValueError):
            raise forms.ValidationError("That date is out of range.", code="invalid") from None


@extend_schema_field(OpenApiTypes.DATETIME)
class UTCDateTimeFilter(filters.IsoDateTimeFilter):
    field_class = UTCDateTimeField


@extend_schema_field({"type": "integer", "minimum": 0, "maximum": 2_147_483_647})
class CentsFilter(filters.Filter):
    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("max_value", 2_147_483_647)
        super().__init__(*args, **kwargs)


def _choices(enum, values=None):
    return [(v, label) for v, label in enum.choices if values is None or v in values]


class SelectorFilterSet(filters.FilterSet):
    """Validates the declared parameters, then hands them to `search` (a collective selector)."""

    # FilterSet parameter name → selector keyword.
    parameters: dict[str, str] = {}
    default_ordering: str = ""

    def search(self, queryset, **kwargs):
        raise NotImplementedError

    def selector_kwargs(self) -> dict:
        data = self.form.cleaned_data
        return {kw: data[name] for name, kw in self.parameters.items() if data.get(name) not in (None, "", [])}

    def is_valid(self) -> bool:
        valid = super().is_valid()
        # `?created_after=` is not a date: only free-text parameters may be present but empty.
        for name, declared in self.filters.items():
            if self.data.get(name, None) == "" and not isinstance(declared, filters.CharFilter):
                self.form.add_error(name, "Give a value, or leave the parameter out.")
                valid = False
        return valid

    def filter_queryset(self, queryset):
        kwargs = self.selector_kwargs()
        if self.default_ordering:
            kwargs["default_ordering"] = self.default_ordering
        return self.search(queryset, **kwargs)


def _ordering_filter(names) -> filters.ChoiceFilter:
    return filters.ChoiceFilter(
        choices=[(selectors.RELEVANCE, "relevance (with q)"), *[(n, n) for n in names]],
        help_text="Sort order; by default results with `q` are ranked by relevance.")


class OfferFilter(SelectorFilterSet):
    q = filters.CharFilter(max_length=selectors.QUERY_MAX_LENGTH, help_text=Q_HELP)
    type = ChoiceInFilter(choices=OfferType.choices, help_text="Offer types, e.g. app,course.")
    status = ChoiceInFilter(choices=_choices(OfferStatus, (OfferStatus.ACTIVE, OfferStatus.PAUSED)),
                            help_text="active or paused (drafts and archived offers are never listed publicly).")
    category = SlugInFilter(help_text="Category slugs.")
    tool = SlugInFilter(help_text="Tool slugs (offers built with any of them).")
    tag = SlugInFilter(help_text="Tag slugs.")
    pricing_type = ChoiceInFilter(choices=PricingType.choices)
    is_paid = StrictBooleanFilter()
    price_min = CentsFilter(help_text="Lowest price in cents.")
    price_max = CentsFilter(help_text="Highest price in cents.")
    owner = filters.CharFilter(max_length=30, help_text="Username of the member who posted it.")
    created_after = UTCDateTimeFilter()
    created_before = UTCDateTimeFilter()
    featured = StrictBooleanFilter()
    min_rating = filters.NumberFilter(min_value=1, max_value=5,
                                      help_text="Only offers rated at least this on average (1–5).")
    ordering = _ordering_filter(selectors.OFFER_ORDERINGS)

    parameters = {
        "q": "query", "type": "offer_type", "status": "status", "category": "category", "tool": "tool",
        "tag": "tag", "pricing_type": "pricing_type", "is_paid": "is_paid", "price_min": "price_min",
        "price_max": "price_max", "owner": "owner", "created_after": "created_after",
        "created_before": "created_before", "featured": "featured", "min_rating": "min_rating",
        "ordering": "ordering",
    }
    default_ordering = "-created_at"

    class Meta:
        model = Offer
        fields: list[str] = []

    def search(self, queryset, **kwargs):
        # Priority placement (the 50-point unlock) breaks ties of the ORM orderings but newest-first.
        return matching.offers_search(queryset=queryset, prefer=priority_placement_q(), **kwargs)


class DiscoverOfferFilter(OfferFilter):
    default_ordering = "featured"


class MyOfferFilter(OfferFilter):
    status = ChoiceInFilter(choices=OfferStatus.choices)
    archived = StrictBooleanFilter(help_text="Show your archived offers instead (default false).")

    def filter_queryset(self, queryset):
        return super().filter_queryset(queryset.filter(is_archived=bool(self.form.cleaned_data.get("archived"))))


class AskFilter(SelectorFilterSet):
    q = filters.CharFilter(max_length=selectors.QUERY_MAX_LENGTH, help_text=Q_HELP)
    type = ChoiceInFilter(choices=AskType.choices, help_text="Ask types, e.g. feedback,advice.")
    status = ChoiceInFilter(choices=AskStatus.choices)
    category = SlugInFilter(help_text="Category slugs.")
    tool = SlugInFilter(help_text="Tool slugs.")
    tag = SlugInFilter(help_text="Tag slugs.")
    is_paid_opportunity = StrictBooleanFilter()
    budget_min = CentsFilter(help_text="Keep asks whose budget reaches at least this (cents).")
    budget_max = CentsFilter(help_text="Keep asks whose budget starts at most at this (cents).")
    owner = filters.CharFilter(max_length=30, help_text="Username of the member who asked.")
    created_after = UTCDateTimeFilter()
    created_before = UTCDateTimeFilter()
    ordering = _ordering_filter(selectors.ASK_ORDERINGS)

    parameters = {
        "q": "query", "type": "ask_type", "status": "status", "category": "category", "tool": "tool", "tag": "tag",
        "is_paid_opportunity": "is_paid_opportunity", "budget_min": "budget_min", "budget_max": "budget_max",
        "owner": "owner", "created_after": "created_after", "created_before": "created_before",
        "ordering": "ordering",
    }
    default_ordering = "-created_at"

    class Meta:
        model = Ask
        fields: list[str] = []

    def search(self, queryset, **kwargs):
        return matching.asks_search(queryset=queryset, **kwargs)


class MyAskFilter(AskFilter):
    archived = StrictBooleanFilter(help_text="Show your archived asks instead (default false).")

    def filter_queryset(self, queryset):
        return super().filter_queryset(queryset.filter(is_archived=bool(self.form.cleaned_data.get("archived"))))


class PeopleFilter(SelectorFilterSet):
    q = filters.CharFilter(max_length=selectors.QUERY_MAX_LENGTH,
                           help_text="Search usernames, names, taglines and bios.")
    role = ChoiceInFilter(choices=Role.choices)
    has_offers = StrictBooleanFilter(help_text="Only members with (true) or without (false) "
                                                                "public offers.")
    tool = SlugInFilter(help_text="Members with public offers built with any of these tools.")
    category = SlugInFilter(help_text="Members with public offers in any of these categories.")
    min_rating = filters.NumberFilter(min_value=1, max_value=5,
                                      help_text="Only members rated at least this on average (1–5).")
    ordering = _ordering_filter(selectors.PEOPLE_ORDERINGS)

    parameters = {"q": "query", "role": "role", "has_offers": "has_offers", "tool": "tool", "category": "category",
                  "min_rating": "min_rating", "ordering": "ordering"}
    default_ordering = "-helped_count"

    class Meta:
        model = SearchableMember
        fields: list[str] = []

    def search(self, queryset, **kwargs):
        viewer = self.request.user if self.request is not None else None
        return matching.people_search(queryset=queryset, viewer=viewer, **kwargs)


class ToolFilter(SelectorFilterSet):
    q = filters.CharFilter(max_length=selectors.QUERY_MAX_LENGTH,
                           help_text="Search tool names, descriptions and what they're best for.")
    ordering = _ordering_filter(selectors.TOOL_ORDERINGS)

    parameters = {"q": "query", "ordering": "ordering"}

    class Meta:
        model = Taxonomy
        fields: list[str] = []

    def search(self, queryset, **kwargs):
        return matching.tools_search(**kwargs)


class TagFilter(SelectorFilterSet):
    q = filters.CharFilter(max_length=100, help_text="Find tags by name (prefixes match).")
    type = ChoiceInFilter(choices=[("skill", "Skill"), ("topic", "Topic")])

    parameters = {"q": "query", "type": "taxonomy_type"}

    class Meta:
        model = Taxonomy
        fields: list[str] = []

    def search(self, queryset, **kwargs):
        return selectors.tags_search(**kwargs)


class ConnectionFilter(SelectorFilterSet):
    role = filters.ChoiceFilter(choices=[("sent", "Sent (you initiated)"), ("received", "Received")])
    status = ChoiceInFilter(choices=ConnectionStatus.choices)
    type = ChoiceInFilter(choices=ConnectionType.choices)

    parameters = {"role": "role", "status": "status", "type": "connection_type"}

    class Meta:
        model = Connection
        fields: list[str] = []

    def search(self, queryset, **kwargs):
        return selectors.connections_of(self.request.user, **kwargs)
