"""Page forms of the community room; each hands its data to a service (core.forms.ServiceFormMixin)."""
from django import forms
from wagtail.images import get_image_model
from wagtail.images.fields import WagtailImageField

from collective.choices import TaxonomyType
from collective.models import Taxonomy
from core.forms import ServiceFormMixin

DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class EventForm(ServiceFormMixin, forms.Form):
    """Times are entered in the host's time zone: the view activates it while the form cleans."""

    title = forms.CharField(max_length=140)
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 8}),
                                  help_text="What will happen and who it's for. Markdown: **bold**, lists, links.")
    starts_at = forms.DateTimeField(label="Starts", widget=DATETIME_WIDGET,
                                    input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"])
    ends_at = forms.DateTimeField(label="Ends", widget=DATETIME_WIDGET,
                                  input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"])
    online_url = forms.URLField(label="Online link", required=False, assume_scheme="https",
                                help_text="A video call link, for an online event.")
    location = forms.CharField(label="Place", max_length=200, required=False,
                               help_text="An address or venue, for an in-person event.")
    capacity = forms.IntegerField(min_value=1, max_value=10000, initial=20,
                                  help_text="When it's full, members join the waitlist.")
    category = forms.ModelChoiceField(queryset=Taxonomy.objects.none(), required=False)
    tools = forms.ModelMultipleChoiceField(queryset=Taxonomy.objects.none(), required=False,
                                           widget=forms.CheckboxSelectMultiple)
    cover_image = WagtailImageField(label="Cover image", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = Taxonomy.objects.filter(
            taxonomy_type=TaxonomyType.OFFER_CATEGORY, is_active=True).order_by("pk")
        self.fields["tools"].queryset = Taxonomy.objects.filter(
            taxonomy_type=TaxonomyType.TOOL, is_active=True).order_by("name")

    def service_data(self) -> dict:
        data = dict(self.cleaned_data)
        upload = data.pop("cover_image", None)
        data["tools"] = list(data.pop("tools") or [])
        if upload:
            image = get_image_model()(title=data["title"][:255], file=upload)
            image.save()
            data["cover_image"] = image
        return data


class MessageAttendeesForm(ServiceFormMixin, forms.Form):
    message = forms.CharField(max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))


class ThankHostForm(ServiceFormMixin, forms.Form):
    amount = forms.IntegerField(min_value=1, max_value=500, initial=10, label="Points")
    message = forms.CharField(max_length=280, required=False)
    idempotency_key = forms.CharField(widget=forms.HiddenInput, required=False)


class SubmissionForm(ServiceFormMixin, forms.Form):
    text = forms.CharField(label="What you made", required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 4}))
    link = forms.URLField(required=False, assume_scheme="https")
    offer = forms.ModelChoiceField(queryset=None, required=False, label="Or one of your offers")

    def __init__(self, *args, offers=(), **kwargs):
        super().__init__(*args, **kwargs)
        from collective.models import Offer

        self.fields["offer"].queryset = Offer.objects.filter(pk__in=[o.pk for o in offers])


class CircleThreadForm(ServiceFormMixin, forms.Form):
    title = forms.CharField(max_length=140)
    body = forms.CharField(max_length=5000, widget=forms.Textarea(attrs={"rows": 5}))


class CircleReplyForm(ServiceFormMixin, forms.Form):
    body = forms.CharField(max_length=5000, widget=forms.Textarea(attrs={"rows": 3}), label="Your reply")
