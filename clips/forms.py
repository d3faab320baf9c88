import uuid

from django import forms
from wagtail.images.fields import WagtailImageField

from core.forms import ServiceFormMixin

from .choices import ClipSize, ClipTemplate


class ClipForm(ServiceFormMixin, forms.Form):
    """`source` is "kind" or "kind:id" from `sources.choices_for`; `request_key` makes a double submit harmless."""

    source = forms.ChoiceField(label="What should the clip show?")
    template = forms.ChoiceField(choices=ClipTemplate.choices, initial=ClipTemplate.SPOTLIGHT,
                                 widget=forms.RadioSelect)
    size = forms.ChoiceField(label="Format", choices=ClipSize.choices, initial=ClipSize.SQUARE,
                             widget=forms.RadioSelect)
    wants_video = forms.BooleanField(label="Also make a 6-second MP4", required=False)
    request_key = forms.CharField(widget=forms.HiddenInput, max_length=64)

    service_field_map = {"source_kind": "source"}

    def __init__(self, *args, sources=(), video=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].choices = [(_value(s), s.label) for s in sources]
        if not video:
            del self.fields["wants_video"]
        if not self.is_bound:
            self.initial.setdefault("request_key", uuid.uuid4().hex)

    def service_data(self) -> dict:
        data = dict(self.cleaned_data)
        kind, _, source_id = data.pop("source").partition(":")
        return {**data, "source_kind": kind, "source_id": int(source_id) if source_id else None}


def _value(source) -> str:
    return source.kind if source.id is None else f"{source.kind}:{source.id}"


class CoverUploadForm(forms.Form):
    image = WagtailImageField(label="Upload a picture", help_text="PNG, JPEG, GIF or WebP. Wide pictures work best "
                                                                  "(1200 × 630).")


class CoverGenerateForm(forms.Form):
    request_key = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("request_key", uuid.uuid4().hex)
