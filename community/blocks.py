"""The brief of a weekly challenge: formatted text, images, a video and code, reusing the offer blocks."""
from wagtail import blocks

from core.blocks import CodeSnippetBlock, ImageBlock, SanitizedRichTextBlock, VideoEmbedBlock


class ChallengeBriefBlocks(blocks.StreamBlock):
    """What the challenge asks of members and how to take part."""

    rich_text = SanitizedRichTextBlock()
    image = ImageBlock()
    video = VideoEmbedBlock()
    code = CodeSnippetBlock()

    class Meta:
        icon = "pick"
