"""Page forms for a member's own offers and asks (/my/offers/, /my/asks/).

They check shapes and turn dollars into cents; collective.services decides what is allowed and
reports problems as ApplicationError, which `add_application_error` puts on the right field.
"""
from decimal import Decimal

from django import forms

from core.forms import AsciiDecimalField, ServiceFormMixin

from .choices import AskStatus, AskType, OfferStatus, OfferType, PricingType
from .selectors import offer_categories, tools_public

MAX_PRICE = Decimal("100000")

OFFER_TYPE_HELP = {
    OfferType.APP: "Something you built people can use",
    OfferType.TEMPLATE: "A prompt pack, workflow or starter kit",
    OfferType.COURSE: "Lessons that teach a skill",
    OfferType.POST: "A write-up, guide or story",
    OfferType.LINK: "Something great you recommend",
    OfferType.SERVICE: "Work you do for others",
    OfferType.MENTORSHIP: "Guidance over time",
    OfferType.SKILL: "Quick help with something you know",
    OfferType.FEEDBACK: "Honest feedback on someone's work",
}

ASK_TYPE_HELP = {
    AskType.BETA_TESTER: "People to try what you built",
    AskType.FEEDBACK: "Honest eyes on your work",
    AskType.COLLABORATOR: "Someone to build with",
    AskType.LEARNING: "Something you want to learn",
    AskType.HIRE: "Paid help for a job",
    AskType.ADVICE: "A second opinion or direction",
    AskType.INTRODUCTION: "Meet the right person",
}


def _money_field(label: str, help_text: str = "") -> forms.DecimalField:
    return AsciiDecimalField(
        label=label, required=False, min_value=Decimal("0"), max_value=MAX_PRICE, decimal_places=2, max_digits=9,
        help_text=help_text, widget=forms.NumberInput(attrs={"step": "0.01", "inputmode": "decimal", "placeholder": "0"}),
    )


def _cents(amount: Decimal | None) -> int | None:
    return None if amount is None else int((amount * 100).to_integral_value())


def _dollars(cents: int | None) -> Decimal | None:
    return None if cents is None else (Decimal(cents) / 100).quantize(Decimal("0.01"))


class _TermsMixin:
    """Category and tools choices, read when the form is built (they change in the admin)."""

    def _setup_terms(self) -> None:
        self.fields["category"].queryset = offer_categories()
        self.fields["tools"].queryset = tools_public().order_by("name")


class OfferForm(ServiceFormMixin, _TermsMixin, forms.Form):
    title = forms.CharField(label="Title", max_length=200,
                            widget=forms.TextInput(attrs={"placeholder": "e.g. MeetingBot: AI meeting summaries"}))
    offer_type = forms.ChoiceField(label="What are you offering?", choices=OfferType.choices, widget=forms.RadioSelect)
    description = forms.CharField(
        label="Short description", max_length=2000, widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What it is and who it helps, in a sentence or two. It shows on cards and in search.",
    )
    category = forms.ModelChoiceField(label="Category", queryset=None, required=False, empty_label="Choose a category")
    tools = forms.ModelMultipleChoiceField(
        label="Built with", queryset=None, required=False, widget=forms.CheckboxSelectMultiple,
        help_text="Tools you used or teach. They show as “Built with …” badges and help people find you.",
    )
    body = forms.CharField(
        label="Post", required=False, max_length=20000, widget=forms.Textarea(attrs={"rows": 10}),
        help_text="For posts: the article itself. Markdown works: ## headings, **bold**, *italic*, lists, [links](https://…).",
    )
    pricing_type = forms.ChoiceField(label="Pricing", choices=PricingType.choices, initial=PricingType.FREE)
    price = _money_field("Price (USD)", "For one-time, hourly or monthly pricing.")
    external_url = forms.URLField(label="Link", required=False, assume_scheme="https",
                                  help_text="Where people can try it, book you or read more (optional).",
                                  widget=forms.URLInput(attrs={"placeholder": "https://"}))
    status = forms.ChoiceField(label="Visibility", choices=[(s.value, s.label) for s in
                                                            (OfferStatus.ACTIVE, OfferStatus.PAUSED, OfferStatus.DRAFT)],
                               initial=OfferStatus.ACTIVE,
                               help_text="Active offers are public. Paused ones stay visible but take no new "
                                         "connections. Drafts are only visible to you.")

    service_field_map = {"price_cents": "price", "is_paid": "pricing_type"}

    def __init__(self, *args, offer=None, **kwargs):
        self.offer = offer
        if offer is not None:
            kwargs.setdefault("initial", {
                "title": offer.title, "offer_type": offer.offer_type, "description": offer.description,
                "category": offer.category_id, "tools": [t.pk for t in offer.tools.all()],
                "pricing_type": offer.pricing_type, "price": _dollars(offer.price_cents) or None,
                "external_url": offer.external_url, "status": offer.status, "body": offer.body,
            })
        super().__init__(*args, **kwargs)
        self._setup_terms()

    def type_options(self) -> list[dict]:
        """The offer type radios with a one-line hint each, for the type picker."""
        return [{"radio": radio, "value": radio.data["value"], "help": OFFER_TYPE_HELP.get(radio.data["value"], "")}
                for radio in self["offer_type"]]

    def clean(self):
        data = super().clean()
        pricing = data.get("pricing_type")
        if pricing == PricingType.FREE:
            data["price"] = None
        elif pricing in (PricingType.ONE_TIME, PricingType.HOURLY, PricingType.MONTHLY) and not data.get("price"):
            self.add_error("price", "Set a price, or choose Free.")
        return data

    def service_data(self) -> dict:
        """Keyword arguments for offer_create / offer_update."""
        data = self.cleaned_data
        return {
            "title": data["title"], "description": data["description"], "offer_type": data["offer_type"],
            "category": data.get("category"), "tools": list(data.get("tools") or []),
            "pricing_type": data["pricing_type"], "price_cents": _cents(data.get("price")) or 0,
            "external_url": data.get("external_url") or "", "status": data["status"],
            "body": data.get("body") or "",
        }


class AskForm(ServiceFormMixin, _TermsMixin, forms.Form):
    title = forms.CharField(label="What do you need?", max_length=200,
                            widget=forms.TextInput(attrs={"placeholder": "e.g. Beta testers for my AI meeting bot"}))
    ask_type = forms.ChoiceField(label="Kind of help", choices=AskType.choices, widget=forms.RadioSelect)
    description = forms.CharField(
        label="Details", max_length=4000, widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Context helps people say yes: what you've tried, what a great answer looks like, any deadline.",
    )
    category = forms.ModelChoiceField(label="Category", queryset=None, required=False, empty_label="Choose a category")
    tools = forms.ModelMultipleChoiceField(
        label="Tools involved", queryset=None, required=False, widget=forms.CheckboxSelectMultiple,
        help_text="Shows a “Help wanted with …” badge, so people who know the tool find your ask.",
    )
    is_paid_opportunity = forms.BooleanField(label="This is a paid opportunity", required=False)
    budget_min = _money_field("Budget from (USD)")
    budget_max = _money_field("Budget up to (USD)")

    service_field_map = {"budget_min_cents": "budget_min", "budget_max_cents": "budget_max"}

    def __init__(self, *args, ask=None, **kwargs):
        self.ask = ask
        if ask is not None:
            kwargs.setdefault("initial", {
                "title": ask.title, "ask_type": ask.ask_type, "description": ask.description,
                "category": ask.category_id, "tools": [t.pk for t in ask.tools.all()],
                "is_paid_opportunity": ask.is_paid_opportunity, "budget_min": _dollars(ask.budget_min_cents),
                "budget_max": _dollars(ask.budget_max_cents),
            })
        super().__init__(*args, **kwargs)
        self._setup_terms()

    def type_options(self) -> list[dict]:
        return [{"radio": radio, "value": radio.data["value"], "help": ASK_TYPE_HELP.get(radio.data["value"], "")}
                for radio in self["ask_type"]]

    def clean(self):
        data = super().clean()
        low, high = data.get("budget_min"), data.get("budget_max")
        if not data.get("is_paid_opportunity"):
            data["budget_min"] = data["budget_max"] = None
        elif low is not None and high is not None and low > high:
            self.add_error("budget_min", "The lowest budget can't be above the highest.")
        return data

    def service_data(self) -> dict:
        data = self.cleaned_data
        return {
            "title": data["title"], "description": data["description"], "ask_type": data["ask_type"],
            "category": data.get("category"), "tools": list(data.get("tools") or []),
            "is_paid_opportunity": bool(data.get("is_paid_opportunity")),
            "budget_min_cents": _cents(data.get("budget_min")), "budget_max_cents": _cents(data.get("budget_max")),
        }


class OfferStatusForm(forms.Form):
    """Pause, resume, publish or unpublish (draft) an offer from the list."""

    status = forms.ChoiceField(choices=[(s.value, s.label) for s in
                                        (OfferStatus.ACTIVE, OfferStatus.PAUSED, OfferStatus.DRAFT)])


class AskStatusForm(forms.Form):
    status = forms.ChoiceField(choices=AskStatus.choices)
