"""Page forms of connections and messages. They check shapes; the rules live in the services."""
from django import forms

from collective.services import MESSAGE_MAX_LENGTH
from core.forms import ServiceFormMixin


class ConnectionStartForm(ServiceFormMixin, forms.Form):
    service_field_map = {"initial_message": "message"}
    message = forms.CharField(
        label="Your message", max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6, "maxlength": MESSAGE_MAX_LENGTH}),
        error_messages={"required": "Write a short note so they know why you're reaching out."},
    )


class MessageForm(ServiceFormMixin, forms.Form):
    body = forms.CharField(
        label="Message", max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 1, "maxlength": MESSAGE_MAX_LENGTH, "placeholder": "Write a message…",
                                     "class": "chat-compose__input", "autocomplete": "off"}),
        error_messages={"required": "Write something first."},
    )


class TransitionForm(forms.Form):
    status = forms.CharField(max_length=20)


RATING_CHOICES = [(n, f"{n} star{'s' if n > 1 else ''}") for n in range(5, 0, -1)]


class RatingForm(ServiceFormMixin, forms.Form):
    rating = forms.TypedChoiceField(
        label="Your rating", choices=RATING_CHOICES, coerce=int, widget=forms.RadioSelect,
        error_messages={"required": "Choose 1 to 5 stars."},
    )
    feedback = forms.CharField(
        label="A few words", required=False, max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": "What was it like to work together?"}),
        help_text="Shown on their profile with your rating.",
    )
