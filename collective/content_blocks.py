"""The blocks a member can put on an offer page (Offer.content), from the shared library in core.blocks."""
from wagtail import blocks

from core.blocks import (
    CallToActionBlock,
    CodeSnippetBlock,
    FAQBlock,
    FeatureListBlock,
    GalleryBlock,
    ImageBlock,
    PricingTiersBlock,
    SanitizedRichTextBlock,
    TestimonialBlock,
    VideoEmbedBlock,
)


class OfferContentBlock(blocks.StreamBlock):
    rich_text = SanitizedRichTextBlock()
    image = ImageBlock()
    gallery = GalleryBlock()
    video = VideoEmbedBlock()
    cta = CallToActionBlock()
    features = FeatureListBlock()
    pricing = PricingTiersBlock()
    faq = FAQBlock()
    testimonial = TestimonialBlock()
    code = CodeSnippetBlock()

    class Meta:
        block_counts = {"pricing": {"max_num": 1}}
