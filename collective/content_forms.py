"""Forms of the member-facing offer page editor: one per block type of `Offer.content`.

Each form edits one block of the very StreamField the curators' admin edits. It turns its fields into the
block's stored ("raw") value, then validates that value with the block's own `clean()`, so the rules
(video providers, URL schemes, list sizes) live in core/blocks.py only; the block's errors are shown
on the matching fields. Lists inside a block (features, questions, pricing tiers) are rows of a formset:
blank rows are dropped, so clearing a row removes it and a few empty rows are always there to add more.
An image block takes an upload: it becomes a Wagtail image owned by the member (services.member_image_upload),
and the block only ever stores that new image's id or the one it already had, never an id sent by the browser.
Gallery blocks still come from the admin's image library; the editor can move and remove them but not edit them.
"""
import uuid
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.forms import formset_factory
from django.utils.functional import cached_property
from wagtail.images import get_image_model
from wagtail.images.fields import WagtailImageField
from wagtail.images.utils import get_accept_attributes

from core.forms import AsciiDecimalField

from .models import Offer
from .services import block_error_messages, member_image_upload
from .text_format import html_to_markdown, markdown_to_html

EXTRA_ROWS = 2


def stream_block():
    return Offer._meta.get_field("content").stream_block


def _list_raw(values: list) -> list[dict]:
    """A ListBlock's stored form: items carry a type and an id (without ids Wagtail reads the old format)."""
    return [{"type": "item", "value": value, "id": str(uuid.uuid4())} for value in values]


def _list_values(raw) -> list:
    items = raw or []
    return [item["value"] if isinstance(item, dict) and "value" in item and "type" in item else item for item in items]


class RowForm(forms.Form):
    """One row of a list inside a block. Every field is optional here: a blank row is simply dropped,
    and a half-filled one is caught by the block's own validation."""

    def is_blank(self) -> bool:
        data = getattr(self, "cleaned_data", {}) or {}
        return not any(value not in (None, "", False) for value in data.values())


class BlockForm(forms.Form):
    block_type = ""
    type_label = ""
    type_icon = "pencil"
    type_description = ""
    rows_child = ""           # the struct child (a ListBlock) edited as formset rows
    row_form: type[RowForm] | None = None
    max_rows = 12
    rows_label = ""           # the legend of the rows, e.g. "Features"
    row_noun = "item"
    errors_to_field = ""      # where errors about the block as a whole go ("" = top of the form)

    def __init__(self, data=None, files=None, *, value=None, prefix=None, user=None):
        initial = self.initial_from(value) if value is not None else None
        super().__init__(data, files, prefix=prefix, initial=initial)
        self.user = user  # the member editing; only forms that write something of their own need it
        self.rows = None
        if self.row_form is not None:
            rows_initial = self.rows_initial_from(value) if value is not None else []
            formset_class = formset_factory(self.row_form, extra=min(EXTRA_ROWS, self.max_rows - len(rows_initial)),
                                            max_num=self.max_rows, absolute_max=self.max_rows, validate_max=True)
            self.rows = formset_class(data, initial=rows_initial, prefix=f"{prefix or 'block'}-rows")
        self._row_indexes: list[int] = []

    # --- value conversion (override per block) ----------------------------------------------------
    def initial_from(self, value) -> dict:
        return dict(value or {})

    def rows_initial_from(self, value) -> list[dict]:
        return [dict(row) for row in _list_values((value or {}).get(self.rows_child))]

    def raw_from(self, data: dict) -> dict | str:
        return {name: data.get(name) if data.get(name) is not None else "" for name in self.fields}

    def raw_row(self, data: dict):
        return data

    # --- validation --------------------------------------------------------------------------------
    @property
    def block(self):
        return stream_block().child_blocks[self.block_type]

    def is_valid(self) -> bool:
        valid = super().is_valid()
        if self.rows is not None:
            valid = self.rows.is_valid() and valid
        if not valid:
            return False
        raw = self.raw_from(dict(self.cleaned_data))
        if self.rows is not None:
            kept = [(i, form) for i, form in enumerate(self.rows.forms) if not form.is_blank()]
            self._row_indexes = [i for i, _ in kept]
            raw[self.rows_child] = _list_raw([self.raw_row(dict(form.cleaned_data)) for _, form in kept])
        try:
            self.block.clean(self.block.to_python(raw))
        except ValidationError as error:
            self._show_block_errors(block_error_messages(error))
            return False
        self.raw_value = raw
        return True

    def _show_block_errors(self, problems: dict[str, list[str]]) -> None:
        for path, messages in problems.items():
            parts = path.split(".") if path else []
            target_form, field = self, None
            if parts and parts[0] == self.rows_child and self.rows is not None:
                if len(parts) >= 3 and parts[1].isdigit() and int(parts[1]) < len(self._row_indexes):
                    target_form = self.rows.forms[self._row_indexes[int(parts[1])]]
                    field = self.row_field_for(parts[2])
                elif len(parts) == 1:
                    for message in messages:
                        if "minimum number of items" in message:
                            message = f"Add at least one {self.row_noun}."
                        self.add_error(None, message)
                    continue
            elif parts:
                field = parts[0]
            elif self.errors_to_field:
                field = self.errors_to_field
            if field not in target_form.fields:
                field = None
            for message in messages:
                target_form.add_error(field, message)

    def row_field_for(self, child: str) -> str:
        return child

    def discard(self) -> None:
        """Undo what validation wrote outside the database; called when the save was rolled back."""

    def has_errors(self) -> bool:
        return bool(self.errors) or bool(self.rows is not None and (self.rows.total_error_count()))


class TextBlockForm(BlockForm):
    block_type, type_label, type_icon = "rich_text", "Text", "pencil"
    type_description = "Paragraphs, headings, lists and links."
    errors_to_field = "text"

    text = forms.CharField(
        label="Text", max_length=20_000, widget=forms.Textarea(attrs={"rows": 10}),
        help_text="Blank line = new paragraph. **bold**, *italic*, [link text](https://…), "
                  "“- ” starts a bullet, “## ” a heading.",
    )

    def initial_from(self, value) -> dict:
        return {"text": html_to_markdown(str(getattr(value, "source", value) or ""))}

    def raw_from(self, data: dict) -> str:
        return markdown_to_html(data.get("text", ""))


class CallToActionForm(BlockForm):
    block_type, type_label, type_icon = "cta", "Button", "arrow-right"
    type_description = "A button to your app, booking page or download."

    label = forms.CharField(label="Button text", max_length=40,
                            widget=forms.TextInput(attrs={"placeholder": "Try it free"}))
    url = forms.URLField(label="Link", assume_scheme="https", widget=forms.URLInput(attrs={"placeholder": "https://"}))
    style = forms.ChoiceField(label="Style", choices=[("primary", "Primary (filled)"), ("secondary", "Secondary (soft)")])


class VideoForm(BlockForm):
    block_type, type_label, type_icon = "video", "Video", "play"
    type_description = "A YouTube, Vimeo or Loom video."

    url = forms.URLField(label="Video link", assume_scheme="https",
                         help_text="Paste the address of a YouTube, Vimeo or Loom video.",
                         widget=forms.URLInput(attrs={"placeholder": "https://www.youtube.com/watch?v=…"}))
    caption = forms.CharField(label="Caption", max_length=200, required=False)


class TestimonialForm(BlockForm):
    block_type, type_label, type_icon = "testimonial", "Testimonial", "message-square"
    type_description = "What someone said about working with you."

    quote = forms.CharField(label="Quote", max_length=600, widget=forms.Textarea(attrs={"rows": 3}))
    author = forms.CharField(label="Who said it", max_length=80)
    role = forms.CharField(label="Their role", max_length=100, required=False)


class CodeForm(BlockForm):
    block_type, type_label, type_icon = "code", "Code or prompt", "layout-grid"
    type_description = "A snippet of code or a prompt, shown as-is."

    language = forms.ChoiceField(label="Language")
    code = forms.CharField(label="Code", max_length=10_000, strip=False,
                           widget=forms.Textarea(attrs={"rows": 8, "spellcheck": "false", "class": "input--mono"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = list(self.block.child_blocks["language"].field.choices)


class ImageForm(BlockForm):
    block_type, type_label, type_icon = "image", "Image", "image"
    type_description = "A screenshot or photo, with a caption."

    image = forms.Field()  # holds the first place; the real upload field is built in __init__
    alt_text = forms.CharField(label="Describe the image", max_length=200, required=False,
                               help_text="What does it show? People using screen readers hear this instead. "
                                         "E.g. “The weekly summary email, with three action items.”")
    caption = forms.CharField(label="Caption", max_length=200, required=False)

    def __init__(self, *args, value=None, **kwargs):
        super().__init__(*args, value=value, **kwargs)
        # The only image ids this form ever stores: the block's own (from the database) or a fresh upload.
        self.stored_image_id = (value or {}).get("image") or None
        self.uploaded_image = None
        # Wagtail's own upload field (allowed formats, WAGTAILIMAGES_MAX_UPLOAD_SIZE), built here so it reads the
        # settings now; an upload is required only when there is no image to keep.
        upload = WagtailImageField(label="Image", required=not self.stored_image_id,
                                   widget=forms.FileInput(attrs={"accept": get_accept_attributes()}))
        if self.stored_image_id:
            upload.label = "Replace image"
            upload.help_text = f"Leave empty to keep the current image. {upload.help_text}"
        self.fields["image"] = upload

    def initial_from(self, value) -> dict:
        # The stored id never goes into the form: FileField.clean() would hand it back as the "upload".
        return {"alt_text": value.get("alt_text", ""), "caption": value.get("caption", "")}

    @cached_property
    def current_image(self):
        """The block's stored image, for the small preview in the edit form."""
        return get_image_model().objects.filter(pk=self.stored_image_id).first() if self.stored_image_id else None

    def raw_from(self, data: dict) -> dict:
        image_id = self.stored_image_id
        upload = data.get("image")
        if upload:  # a write during validation: the view runs it inside the save's transaction
            title = data.get("alt_text") or upload.name.rsplit(".", 1)[0]
            self.uploaded_image = member_image_upload(user=self.user, file=upload, title=title)
            image_id = self.uploaded_image.pk
        return {"image": image_id, "alt_text": data.get("alt_text") or "", "caption": data.get("caption") or ""}

    def discard(self) -> None:
        # The row was rolled back with the save; the file Wagtail already wrote to storage was not.
        if self.uploaded_image is not None:
            self.uploaded_image.file.delete(save=False)
            self.uploaded_image = None


class FeatureRowForm(RowForm):
    title = forms.CharField(label="Feature", max_length=80, required=False)
    text = forms.CharField(label="Details", max_length=300, required=False, widget=forms.Textarea(attrs={"rows": 2}))


class FeaturesForm(BlockForm):
    block_type, type_label, type_icon = "features", "Feature list", "check"
    type_description = "What people get, as a short list."
    rows_child, row_form, rows_label, row_noun = "features", FeatureRowForm, "Features", "feature"

    heading = forms.CharField(label="Heading", max_length=100, required=False, initial="What you get")


class FAQRowForm(RowForm):
    question = forms.CharField(label="Question", max_length=200, required=False)
    answer = forms.CharField(label="Answer", max_length=1500, required=False, widget=forms.Textarea(attrs={"rows": 2}))


class FAQForm(BlockForm):
    block_type, type_label, type_icon = "faq", "Questions", "circle-help"
    type_description = "Answers to what people usually ask first."
    rows_child, row_form, max_rows, rows_label, row_noun = "items", FAQRowForm, 20, "Questions", "question"

    heading = forms.CharField(label="Heading", max_length=100, required=False, initial="Questions")


class PricingRowForm(RowForm):
    name = forms.CharField(label="Plan", max_length=60, required=False)
    price = AsciiDecimalField(label="Price (USD)", required=False, min_value=Decimal("0"), max_value=Decimal("100000"),
                               decimal_places=2, widget=forms.NumberInput(attrs={"step": "0.01", "inputmode": "decimal"}))
    interval = forms.ChoiceField(label="Per", required=False,
                                 choices=[("once", "one-time"), ("hour", "per hour"), ("month", "per month")])
    features = forms.CharField(label="What's included", required=False, max_length=2000,
                               widget=forms.Textarea(attrs={"rows": 3}), help_text="One item per line.")
    highlighted = forms.BooleanField(label="Highlight this plan", required=False)

    def is_blank(self) -> bool:
        data = getattr(self, "cleaned_data", {}) or {}
        return not (data.get("name") or data.get("price") is not None or data.get("features"))


class PricingForm(BlockForm):
    block_type, type_label, type_icon = "pricing", "Pricing plans", "wallet"
    type_description = "Plans or packages side by side (display only)."
    rows_child, row_form, max_rows, rows_label, row_noun = "tiers", PricingRowForm, 4, "Plans", "plan"

    heading = forms.CharField(label="Heading", max_length=100, required=False, initial="Pricing")

    def rows_initial_from(self, value) -> list[dict]:
        rows = []
        for tier in _list_values((value or {}).get("tiers")):
            cents = tier.get("price_cents")
            rows.append({"name": tier.get("name", ""), "interval": tier.get("interval", "once"),
                         "price": None if cents in (None, "") else Decimal(cents) / 100,
                         "features": "\n".join(str(f) for f in _list_values(tier.get("features"))),
                         "highlighted": bool(tier.get("highlighted"))})
        return rows

    def raw_row(self, data: dict) -> dict:
        price = data.get("price")
        lines = [line.strip() for line in (data.get("features") or "").splitlines() if line.strip()]
        return {"name": data.get("name") or "", "interval": data.get("interval") or "once",
                "price_cents": None if price is None else int((price * 100).to_integral_value()),
                "features": _list_raw(lines), "highlighted": bool(data.get("highlighted"))}

    def row_field_for(self, child: str) -> str:
        return {"price_cents": "price"}.get(child, child)


BLOCK_FORMS: dict[str, type[BlockForm]] = {
    form.block_type: form
    for form in (TextBlockForm, FeaturesForm, CallToActionForm, ImageForm, VideoForm, FAQForm, TestimonialForm,
                 PricingForm, CodeForm)
}

# What the editor calls blocks it can't edit (they come from the admin).
READ_ONLY_LABELS = {"gallery": ("Gallery", "layout-grid")}


def block_label(block_type: str) -> tuple[str, str]:
    form = BLOCK_FORMS.get(block_type)
    return (form.type_label, form.type_icon) if form else READ_ONLY_LABELS.get(block_type, (block_type.title(), "package"))
