"""Blocks curators use to describe a tool on its page (ToolPage.description)."""
from wagtail import blocks

from core.blocks import ImageBlock, SanitizedRichTextBlock, VideoEmbedBlock


class ToolDescriptionBlock(blocks.StreamBlock):
    """What the tool is: formatted text, with optional headings, screenshots and a demo video."""

    heading = blocks.CharBlock(
        max_length=120, form_classname="title", template="blocks/heading_block.html", icon="title",
        description="A section heading.", preview_value="How teams use it",
    )
    paragraph = SanitizedRichTextBlock()
    image = ImageBlock()
    video = VideoEmbedBlock()

    class Meta:
        block_counts = {"paragraph": {"min_num": 1}}


class BestForBlock(blocks.StreamBlock):
    """Short use cases, one per item ("Drafting and rewriting text")."""

    use = blocks.CharBlock(max_length=200, icon="tick", label="Best for",
                           description="One short use case.", preview_value="Drafting and rewriting text")


class UsageTipsBlock(blocks.StreamBlock):
    """Practical tips, one per item, shown as a numbered list."""

    tip = blocks.TextBlock(max_length=500, icon="help", label="Tip",
                           description="One practical tip, a sentence or two.",
                           preview_value="Give it a role, the goal and the output format in your first message.")
