"""The directory's filter form: a plain GET form that htmx also submits in place."""
from django import forms

from .choices import ToolPricing, ToolSort

DEFAULT_FILTERS = {"q": "", "category": "", "pricing": "", "sort": ToolSort.POPULAR}


class ToolFilterForm(forms.Form):
    q = forms.CharField(required=False, max_length=100, label="Search tools",
                        widget=forms.TextInput(attrs={"type": "search", "class": "input", "autocomplete": "off",
                                                      "placeholder": "Search by name, e.g. Claude"}))
    category = forms.ChoiceField(required=False, label="Category")
    pricing = forms.ChoiceField(required=False, label="Pricing", choices=[("", "Any pricing"), *ToolPricing.choices],
                                widget=forms.Select(attrs={"class": "input"}))
    sort = forms.ChoiceField(required=False, label="Sort by", choices=ToolSort.choices,
                             widget=forms.Select(attrs={"class": "input"}))

    def __init__(self, *args, categories=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.categories = list(categories)
        self.fields["category"].choices = [("", "All categories"), *((c.slug, c.name) for c in self.categories)]

    def cleaned_filters(self) -> dict:
        """The filters to apply: valid values as given, defaults for anything missing or invalid."""
        if not self.is_bound:
            return dict(DEFAULT_FILTERS)
        self.is_valid()
        return {name: self.cleaned_data.get(name) or default for name, default in DEFAULT_FILTERS.items()}
