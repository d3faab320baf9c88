"""Page forms of moderation and privacy."""
from django import forms

from core.forms import ServiceFormMixin
from members.choices import PRIVATE_PROFILE_FIELDS, FieldVisibility

from .choices import MemberAction, ReportReason
from .models import NOTE_MAX_LENGTH


class ReportForm(ServiceFormMixin, forms.Form):
    reason = forms.ChoiceField(choices=ReportReason.choices, widget=forms.RadioSelect, label="What's wrong?")
    note = forms.CharField(required=False, max_length=NOTE_MAX_LENGTH, label="Anything the curators should know?",
                           widget=forms.Textarea(attrs={"rows": 4}),
                           help_text="Optional. Only curators read this; the member isn't told who reported them.")


class FieldVisibilityForm(ServiceFormMixin, forms.Form):
    def __init__(self, *args, member, **kwargs):
        super().__init__(*args, **kwargs)
        current = member.field_visibility or {}
        for name, label in PRIVATE_PROFILE_FIELDS.items():
            self.fields[name] = forms.ChoiceField(choices=FieldVisibility.choices, label=label,
                                                  initial=current.get(name, FieldVisibility.EVERYONE))

    def service_data(self) -> dict:
        return {"choices": dict(self.cleaned_data)}


class DeleteAccountForm(ServiceFormMixin, forms.Form):
    password = forms.CharField(widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
                               label="Your password", help_text="To be sure it's you.")


class DecisionForm(ServiceFormMixin, forms.Form):
    """The curator's decision on a report (Wagtail admin)."""

    hide = forms.BooleanField(required=False, label="Hide the content")
    member_action = forms.ChoiceField(choices=MemberAction.choices, initial=MemberAction.NONE,
                                      label="The member responsible")
    days = forms.IntegerField(required=False, min_value=1, max_value=3650, label="Suspension (days)")
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}), label="Note for the audit log")
