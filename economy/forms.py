"""Page forms of the economy. They check shapes; the rules live in economy.services.

Each form that moves points or credits carries a one-time `idempotency_key`, made when the form is
rendered, so a double click or a resubmitted page sends the gift or conversion once.
"""

import uuid

from django import forms

from core.forms import AsciiIntegerField, ServiceFormMixin

from .choices import MAX_CREDITS_GIFT, MAX_POINTS_GIFT, POINTS_PER_CONVERSION_BLOCK


class OnceForm(ServiceFormMixin, forms.Form):
    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("idempotency_key", uuid.uuid4().hex)



class ConvertForm(OnceForm):
    points = AsciiIntegerField(
        label="Points to convert",
        min_value=POINTS_PER_CONVERSION_BLOCK,
        help_text="100 points become 10 credits. Amounts round down to the nearest 100; the rest stay as points.",
        widget=forms.NumberInput(attrs={"step": POINTS_PER_CONVERSION_BLOCK, "inputmode": "numeric"}),
        error_messages={"min_value": "Convert at least 100 points."},
    )


def _amount_field(label: str, maximum: int, help_text: str) -> forms.IntegerField:
    return AsciiIntegerField(
        label=label,
        min_value=1,
        max_value=maximum,
        help_text=help_text,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={"min_value": "Send at least 1.", "max_value": f"You can send at most {maximum} at a time."},
    )


class GiftPointsForm(OnceForm):
    amount = _amount_field(
        "Points", MAX_POINTS_GIFT, f"Up to {MAX_POINTS_GIFT} at a time, from the points you've earned."
    )
    message = forms.CharField(
        label="Note",
        required=False,
        max_length=280,
        widget=forms.TextInput(attrs={"placeholder": "Thanks for the feedback!"}),
    )


class GiftCreditsForm(OnceForm):
    amount = _amount_field("Credits", MAX_CREDITS_GIFT, f"Up to {MAX_CREDITS_GIFT} at a time.")
    message = forms.CharField(
        label="Note",
        required=False,
        max_length=280,
        widget=forms.TextInput(attrs={"placeholder": "For your next Ava session"}),
    )


class BadgeForm(ServiceFormMixin, forms.Form):
    badge = forms.ChoiceField(label="Badge", widget=forms.RadioSelect)

    def __init__(self, *args, badge_types=(), given=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["badge"].choices = [(b.slug, f"{b.icon} {b.name}") for b in badge_types if b.slug not in given]


class EndorsementForm(ServiceFormMixin, forms.Form):
    content = forms.CharField(
        label="Endorsement",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Shown on their profile. Say what they did and how it helped.",
    )


class ReportForm(forms.Form):
    reason = forms.CharField(label="What's wrong with it?", max_length=280, required=False)
