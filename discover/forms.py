"""GET forms of the discovery pages: a natural-language query plus filters and a sort order.

Filter values that don't validate are ignored (the page says so) rather than failing the page.
"""
from django import forms

from collective.choices import OFFER_SECTIONS, AskStatus, AskType, OfferType
from collective.selectors import offer_categories, tools_public

QUERY_MAX_LENGTH = 200


def _category_choices():
    return [("", "All categories"), *[(c.slug, c.name) for c in offer_categories()]]


def _tool_choices():
    return [("", "Any tool"), *tools_public().order_by("name").values_list("slug", "name")]


class SearchForm(forms.Form):
    """/discover/: “What do you need help with?”"""

    q = forms.CharField(
        label="What do you need help with?", required=False, max_length=QUERY_MAX_LENGTH,
        widget=forms.SearchInput(attrs={"placeholder": "e.g. I need help writing blog posts", "autocomplete": "off",
                                        "enterkeyhint": "search", "class": "input input--lg"}),
    )
    category = forms.ChoiceField(label="Category", required=False)

    def __init__(self, *args, categories=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.categories = list(categories if categories is not None else offer_categories())
        self.fields["category"].choices = [("", "All categories"), *[(c.slug, c.name) for c in self.categories]]

    def values(self) -> dict:
        """The valid parts of the query (invalid ones dropped)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {"q": (data.get("q") or "").strip(), "category": data.get("category") or ""}


class ListFilterForm(SearchForm):
    """Shared by /discover/offers|asks|people/: query, category, tool and sort."""

    SORTS: list[tuple[str, str]] = []

    q = forms.CharField(label="Search", required=False, max_length=QUERY_MAX_LENGTH,
                        widget=forms.SearchInput(attrs={"autocomplete": "off", "enterkeyhint": "search",
                                                                "class": "input"}))
    tool = forms.ChoiceField(label="Tool", required=False)
    sort = forms.ChoiceField(label="Sort by", required=False)

    def __init__(self, *args, placeholder: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tool"].choices = _tool_choices()
        self.fields["sort"].choices = self.SORTS
        if placeholder:
            self.fields["q"].widget.attrs["placeholder"] = placeholder

    def values(self) -> dict:
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        values = {name: data.get(name) or "" for name in self.fields}
        values["q"] = values["q"].strip()
        return values

    def active_filters(self) -> bool:
        return any(v for k, v in self.values().items() if k != "sort")


PRICE_CHOICES = [("", "Any price"), ("free", "Free"), ("paid", "Paid")]
RATING_CHOICES = [("", "Any rating"), ("4", "4★ and up"), ("3", "3★ and up")]


def min_rating(value: str) -> int | None:
    return int(value) if value else None


class OfferFilterForm(ListFilterForm):
    # "Recommended" ranks by relevance when there is a query, else featured (offers) or newest (asks) first.
    SORTS = [("", "Recommended"), ("-created_at", "Newest"), ("-view_count", "Most viewed"),
             ("-connection_count", "Most connected"), ("-rating", "Top rated"), ("price_cents", "Price: low to high"),
             ("-price_cents", "Price: high to low")]

    type = forms.ChoiceField(label="Type", required=False, choices=[
        ("", "All types"),
        ("Groups", [(key, title) for key, title, _ in OFFER_SECTIONS]),
        ("Types", list(OfferType.choices)),
    ])
    price = forms.ChoiceField(label="Price", required=False, choices=PRICE_CHOICES)
    rating = forms.ChoiceField(label="Rating", required=False, choices=RATING_CHOICES)

    field_order = ["q", "category", "type", "price", "tool", "rating", "sort"]


class AskFilterForm(ListFilterForm):
    SORTS = [("", "Recommended"), ("-created_at", "Newest"), ("-response_count", "Most responses"),
             ("-budget_max_cents", "Highest budget")]
    STATUSES = [("", "Open"), ("in_progress", "In progress"), ("fulfilled", "Fulfilled"), ("any", "Any status")]

    type = forms.ChoiceField(label="Type", required=False, choices=[("", "All types"), *AskType.choices])
    status = forms.ChoiceField(label="Status", required=False, choices=STATUSES)
    price = forms.ChoiceField(label="Budget", required=False,
                              choices=[("", "Paid or unpaid"), ("paid", "Paid"), ("free", "Unpaid")])

    field_order = ["q", "category", "type", "status", "price", "tool", "sort"]

    def status_filter(self) -> list[str] | None:
        status = self.values().get("status")
        if status == "any":
            return None
        return [status] if status else [AskStatus.OPEN]


class PeopleFilterForm(ListFilterForm):
    SORTS = [("", "Recommended"), ("-rating", "Top rated"), ("-followers_count", "Most followed"),
             ("-points", "Most points"), ("-date_joined", "Newest members")]

    rating = forms.ChoiceField(label="Rating", required=False, choices=RATING_CHOICES)
