"""Forms of /settings/notifications/. They check shapes; the rules live in notifications.services."""
import zoneinfo

from django import forms

from core.forms import ServiceFormMixin

from .choices import PREFERENCE_EVENTS, SMS_EVENTS, Event

TIME_ZONES = sorted(zone for zone in zoneinfo.available_timezones() if "/" in zone or zone == "UTC")


class PreferencesForm(forms.Form):
    """One email and (for the four SMS events) one SMS checkbox per event: email_<event>, sms_<event>."""

    def __init__(self, *args, rows=(), **kwargs):
        super().__init__(*args, **kwargs)
        initial = {row.event: row for row in rows}
        for event in PREFERENCE_EVENTS:
            row = initial.get(event)
            label = Event(event).label
            self.fields[f"email_{event}"] = forms.BooleanField(
                label=f"Email: {label}", required=False, initial=row.email if row else True)
            if event in SMS_EVENTS:
                self.fields[f"sms_{event}"] = forms.BooleanField(
                    label=f"SMS: {label}", required=False, initial=row.sms if row else True)

    def rows(self):
        """[(label, email field, sms field or None)] for the table."""
        return [(Event(event).label, self[f"email_{event}"], self[f"sms_{event}"] if event in SMS_EVENTS else None)
                for event in PREFERENCE_EVENTS]

    def choices(self) -> dict[str, dict[str, bool]]:
        data = self.cleaned_data
        return {event: {"email": data.get(f"email_{event}", False), "sms": data.get(f"sms_{event}", False)}
                for event in PREFERENCE_EVENTS}


class SmsSettingsForm(ServiceFormMixin, forms.Form):
    sms_notifications_enabled = forms.BooleanField(label="Send me text messages", required=False)
    sms_window_start = forms.TimeField(label="From", widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    sms_window_end = forms.TimeField(label="Until", widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    time_zone = forms.ChoiceField(label="Time zone", choices=[(z, z.replace("_", " ")) for z in TIME_ZONES])


class PhoneForm(ServiceFormMixin, forms.Form):
    phone_number = forms.CharField(
        label="Mobile number", max_length=32,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel",
                                      "placeholder": "+1 415 555 0123"}),
        help_text="International format, starting with + and your country code.",
        error_messages={"required": "Enter your mobile number."},
    )


class CodeForm(ServiceFormMixin, forms.Form):
    code = forms.CharField(
        label="6-digit code", max_length=12,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "pattern": "[0-9 ]*",
                                      "placeholder": "123456"}),
        error_messages={"required": "Enter the code we texted you."},
    )
