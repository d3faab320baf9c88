"""Blocks for editorial pages (Our Story, Community Guidelines, Help & Feedback)."""
from urllib.parse import urlparse

from django.core.exceptions import ValidationError
from wagtail import blocks

from core.blocks import FAQBlock, ImageBlock, SanitizedRichTextBlock


def site_relative_or_web_url(url: str) -> str:
    """The URL if it is a path on this site ("/accounts/signup/") or an http(s) link, else ''."""
    url = (url or "").strip()
    if url.startswith("/") and not url.startswith("//"):
        return url
    return url if urlparse(url).scheme in ("http", "https") and urlparse(url).netloc else ""


class EditorialLinkValue(blocks.StructValue):
    def get_url(self) -> str:
        page = self.get("page")
        if page is not None and page.live:
            return page.url or ""
        return site_relative_or_web_url(self.get("url", ""))

    def is_external(self) -> bool:
        return self.get("page") is None and bool(urlparse(self.get("url") or "").netloc)


class EditorialCallToActionBlock(blocks.StructBlock):
    """A button on an editorial page, to one of the site's pages or to a link (e.g. "Join the Collective")."""

    label = blocks.CharBlock(max_length=40)
    page = blocks.PageChooserBlock(required=False, help_text="A page of this site, or leave empty and give a link.")
    url = blocks.CharBlock(required=False, max_length=500, label="Link",
                           help_text="A path on this site such as /accounts/signup/, or a full https:// link.")
    style = blocks.ChoiceBlock(choices=[("primary", "Primary"), ("secondary", "Secondary")], default="primary")

    def clean(self, value):
        value = super().clean(value)
        url = (value.get("url") or "").strip()
        if value.get("page") is None and not url:
            raise blocks.StructBlockValidationError(
                block_errors={"page": ValidationError("Choose a page or give a link.")})
        if url and not site_relative_or_web_url(url):
            raise blocks.StructBlockValidationError(block_errors={"url": ValidationError(
                "Enter a path on this site starting with / (e.g. /accounts/signup/) or a full https:// link.")})
        return value

    class Meta:
        icon = "link"
        template = "blocks/editorial_cta_block.html"
        value_class = EditorialLinkValue
        description = "A button to a page of the site or a link."
        preview_value = {"label": "Join the Collective", "url": "/accounts/signup/", "style": "primary"}


class GuidelineBlock(blocks.StructBlock):
    """One community guideline: a short rule and why it matters."""

    title = blocks.CharBlock(max_length=120)
    text = blocks.TextBlock(required=False, max_length=500)

    class Meta:
        icon = "tick"
        template = "blocks/guideline_block.html"


class GuidelinesBlock(blocks.StructBlock):
    """A numbered list of community guidelines."""

    heading = blocks.CharBlock(required=False, max_length=100)
    guidelines = blocks.ListBlock(GuidelineBlock(), min_num=1)

    class Meta:
        icon = "list-ol"
        template = "blocks/guidelines_block.html"
        description = "The community guidelines as a list."


class ValueBlock(blocks.StructBlock):
    name = blocks.CharBlock(max_length=40)
    text = blocks.TextBlock(max_length=300)


class ValuesBlock(blocks.StructBlock):
    """The collective's values shown side by side."""

    heading = blocks.CharBlock(required=False, max_length=100)
    values = blocks.ListBlock(ValueBlock(), min_num=1, max_num=4)

    class Meta:
        icon = "pick"
        template = "blocks/values_block.html"
        description = "Values side by side (Generosity, Curiosity, Respect)."


class EditorialStreamBlock(blocks.StreamBlock):
    heading = blocks.CharBlock(max_length=120, form_classname="title", template="blocks/heading_block.html",
                               icon="title")
    rich_text = SanitizedRichTextBlock()
    image = ImageBlock()
    values = ValuesBlock()
    guidelines = GuidelinesBlock()
    faq = FAQBlock()
    cta = EditorialCallToActionBlock()
