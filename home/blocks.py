"""Blocks for editorial pages (Our Story, Community Guidelines, Help & Feedback)."""
from wagtail import blocks

from core.blocks import CallToActionBlock, FAQBlock, ImageBlock, SanitizedRichTextBlock


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
    cta = CallToActionBlock()
