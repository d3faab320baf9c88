"""Page forms of Ava. They only check shapes; assistant.services decides what happens."""
from django import forms

from collective.choices import AskType, OfferType
from collective.selectors import offer_categories, tools_public

from . import content
from .choices import DraftKind, OnboardingStep
from .services import MESSAGE_MAX
from .url_import import IMPORT_TYPES

ACTIONS = ("continue", "send", "save", "remove", "import", "confirm", "discard", "skip", "agree", "finish")


class _ProposalFieldsMixin:
    """Editable fields of an imported page's proposal (title, description, type, category, tools)."""

    def _add_proposal_fields(self, *, required: bool) -> None:
        self.fields["title"] = forms.CharField(max_length=200, required=required)
        self.fields["description"] = forms.CharField(max_length=2000, required=False, widget=forms.Textarea)
        self.fields["offer_type"] = forms.ChoiceField(choices=[(t, OfferType(t).label) for t in OfferType.values],
                                                      required=False)
        self.fields["category"] = forms.SlugField(required=False)
        self.fields["tools"] = forms.TypedMultipleChoiceField(coerce=int, required=False, choices=[])
        self.fields["tools"].choices = [(t.pk, t.name) for t in tools_public().only("id", "name")]

    def proposal_edits(self) -> dict:
        data = self.cleaned_data
        edits = {"title": data.get("title") or None, "description": data.get("description") or None,
                 "offer_type": data.get("offer_type") or None, "category_slug": data.get("category") or None}
        if "tools_present" in self.data:
            edits["tool_ids"] = data.get("tools") or []
        return edits


class OnboardingForm(_ProposalFieldsMixin, forms.Form):
    step = forms.ChoiceField(choices=OnboardingStep.choices)
    # A chip's remove button posts only `remove`; a chip change (htmx) posts "save".
    action = forms.ChoiceField(choices=[(a, a) for a in ACTIONS], required=False)
    text = forms.CharField(max_length=MESSAGE_MAX, required=False, strip=True)
    link = forms.CharField(max_length=2000, required=False, strip=True)  # the inline "paste a link" box
    picks = forms.MultipleChoiceField(required=False, choices=[
        (key, key) for key in [*content.ASKS_BY_KEY, *content.OFFERS_BY_KEY]])
    remove = forms.IntegerField(required=False, min_value=0)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.data.get("action") == "confirm":
            self._add_proposal_fields(required=False)

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        action = data.get("action") or ("remove" if data.get("remove") is not None else "save")
        text, link = data.get("text") or "", data.get("link") or ""
        if action == "import":
            text = link or text
        elif action == "send" and not text:  # Enter pressed in the link box
            text = link
        kwargs = {"step": data["step"], "action": action, "text": text,
                  # Chips not in the form (another step's screen) must not clear saved picks.
                  "picks": data.get("picks") or [] if "has_picks" in self.data else None,
                  "remove": data.get("remove")}
        if action == "confirm":
            kwargs["edits"] = self.proposal_edits()
        return kwargs


class MessageForm(forms.Form):
    message = forms.CharField(max_length=MESSAGE_MAX, strip=True, error_messages={
        "required": "Type a message for Ava.", "max_length": f"Keep it under {MESSAGE_MAX} characters."})


class DraftRequestForm(forms.Form):
    kind = forms.ChoiceField(choices=DraftKind.choices)
    source = forms.IntegerField(required=False)


class DraftForm(forms.Form):
    title = forms.CharField(max_length=200, error_messages={"required": "Give it a title."})
    description = forms.CharField(max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3}))
    type = forms.ChoiceField(choices=[*AskType.choices, *OfferType.choices], required=False)
    category = forms.SlugField(required=False)


class ImportForm(forms.Form):
    url = forms.CharField(max_length=2000, strip=True, error_messages={
        "required": "Paste a link first, like https://myapp.com"},
        widget=forms.URLInput(attrs={"placeholder": "https://myapp.com", "inputmode": "url", "autocomplete": "url"}))
    hint = forms.ChoiceField(required=False, choices=[("", "")] + [(t, t) for t in IMPORT_TYPES])


class ImportCreateForm(_ProposalFieldsMixin, forms.Form):
    """The confirmed proposal. The link and image are plain URLs the member could type themselves."""

    url = forms.URLField(max_length=200, assume_scheme="https")
    image = forms.URLField(max_length=200, required=False, assume_scheme="https")
    site_name = forms.CharField(max_length=100, required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._add_proposal_fields(required=True)
        self.fields["title"].error_messages["required"] = "Give your offer a title."

    def clean_url(self):
        return _http_only(self.cleaned_data["url"])

    def clean_image(self):
        return _http_only(self.cleaned_data.get("image") or "")


def _http_only(url: str) -> str:
    if url and not url.lower().startswith(("http://", "https://")):
        raise forms.ValidationError("Use an http:// or https:// address.")
    return url


def category_choices() -> list:
    return list(offer_categories())
