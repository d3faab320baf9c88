import uuid

from django import forms

from core.forms import ServiceFormMixin
from members.choices import AgentCapability, AgentHosting


class AgentCreateForm(ServiceFormMixin, forms.Form):
    display_name = forms.CharField(label="Name", max_length=80)
    username = forms.CharField(label="Handle", max_length=30, help_text="Its address: /agents/<handle>/.")
    tagline = forms.CharField(label="Tagline", max_length=200, required=False)


class AgentSettingsForm(ServiceFormMixin, forms.Form):
    tagline = forms.CharField(label="Tagline", max_length=200, required=False)
    description = forms.CharField(label="What it does", max_length=3000, required=False,
                                  widget=forms.Textarea(attrs={"rows": 4}))
    capabilities = forms.MultipleChoiceField(label="Capabilities", choices=AgentCapability.choices, required=False,
                                             widget=forms.CheckboxSelectMultiple)
    instructions = forms.CharField(label="Instructions", max_length=4000, required=False,
                                   widget=forms.Textarea(attrs={"rows": 5}),
                                   help_text="How it should behave. Members never see this.")
    knowledge = forms.CharField(label="Knowledge", max_length=20000, required=False,
                                widget=forms.Textarea(attrs={"rows": 6}),
                                help_text="Text it may answer from (FAQs, notes). It also searches the collective.")
    hosting = forms.ChoiceField(label="Hosting", choices=AgentHosting.choices, widget=forms.RadioSelect,
                                help_text="Platform-hosted runs on the site's model and costs members 1 credit per "
                                          "conversation. With your own key you pay your tokens; members pay no "
                                          "credits.")
    byok_base_url = forms.URLField(label="Endpoint base URL", required=False, assume_scheme="https",
                                   help_text="OpenAI-compatible, e.g. https://api.example.com/v1")
    byok_model = forms.CharField(label="Model", max_length=100, required=False)
    api_key = forms.CharField(label="API key", required=False, max_length=500,
                              widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
                              help_text="Write-only: stored encrypted and never shown again. Leave empty to keep.")
    is_listed = forms.BooleanField(label="List it on /agents/", required=False)
    is_active = forms.BooleanField(label="Answering", required=False)

    service_field_map = {}

    def __init__(self, *args, agent=None, **kwargs):
        if agent is not None:
            kwargs.setdefault("initial", {name: getattr(agent, name) for name in (
                "tagline", "description", "capabilities", "instructions", "knowledge", "hosting", "byok_base_url",
                "byok_model", "is_listed", "is_active")})
        super().__init__(*args, **kwargs)

    def service_data(self) -> dict:
        data = dict(self.cleaned_data)
        return {"data": data, "api_key": data.pop("api_key") or None}


class MessageForm(forms.Form):
    text = forms.CharField(label="Message", max_length=4000, widget=forms.Textarea(attrs={"rows": 2}))
    request_key = forms.CharField(widget=forms.HiddenInput, max_length=64, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("request_key", uuid.uuid4().hex)


class RatingForm(forms.Form):
    stars = forms.TypedChoiceField(label="Your rating", coerce=int, choices=[(n, f"{n} ★") for n in range(5, 0, -1)],
                                   widget=forms.RadioSelect)
    comment = forms.CharField(label="A word about it", max_length=500, required=False)


class PricingForm(ServiceFormMixin, forms.Form):
    price = forms.DecimalField(label="Price of a pass (USD)", min_value=0, max_value=500, decimal_places=2,
                               help_text="0 makes it free. Paid to you through Stripe, minus the platform fee.")
    pass_messages = forms.IntegerField(label="Messages in a pass", min_value=1, max_value=500)

    service_field_map = {"price_cents": "price"}

    def __init__(self, *args, agent=None, **kwargs):
        if agent is not None:
            kwargs.setdefault("initial", {"price": agent.price_cents / 100, "pass_messages": agent.pass_messages})
        super().__init__(*args, **kwargs)

    def service_data(self) -> dict:
        return {"price_cents": int(round(self.cleaned_data["price"] * 100)),
                "pass_messages": self.cleaned_data["pass_messages"]}
