"""Page forms of connections and messages. They check shapes; the rules live in the services."""
from django import forms

from collective.services import MESSAGE_MAX_LENGTH
from core.errors import ApplicationError


class ServiceErrorsMixin:
    def add_application_error(self, error: ApplicationError, *, field_map: dict[str, str] | None = None) -> None:
        """Show a service's error on the fields it names (or on the form)."""
        field_map = field_map or {}
        placed = False
        for name, messages in error.fields.items():
            name = field_map.get(name, name)
            if name in self.fields:
                for message in messages:
                    self.add_error(name, message)
                placed = True
        if not placed:
            self.add_error(None, error.message)


class ConnectionStartForm(ServiceErrorsMixin, forms.Form):
    message = forms.CharField(
        label="Your message", max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6, "maxlength": MESSAGE_MAX_LENGTH}),
        error_messages={"required": "Write a short note so they know why you're reaching out."},
    )


class MessageForm(ServiceErrorsMixin, forms.Form):
    body = forms.CharField(
        label="Message", max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 1, "maxlength": MESSAGE_MAX_LENGTH, "placeholder": "Write a message…",
                                     "class": "chat-compose__input", "autocomplete": "off"}),
        error_messages={"required": "Write something first."},
    )


class TransitionForm(forms.Form):
    status = forms.CharField(max_length=20)


RATING_CHOICES = [(n, f"{n} star{'s' if n > 1 else ''}") for n in range(5, 0, -1)]


class RatingForm(ServiceErrorsMixin, forms.Form):
    rating = forms.TypedChoiceField(
        label="Your rating", choices=RATING_CHOICES, coerce=int, widget=forms.RadioSelect,
        error_messages={"required": "Choose 1 to 5 stars."},
    )
    feedback = forms.CharField(
        label="A few words", required=False, max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": "What was it like to work together?"}),
        help_text="Shown on their profile with your rating.",
    )
