"""The shared StreamField block library: offer pages, lessons, tool pages and editorial pages compose these.

What members and curators write is rendered safely (nh3), and only embeddable video links are accepted."""
import re
from urllib.parse import parse_qs, urlparse

from django.core.exceptions import ValidationError
from django.utils.safestring import mark_safe
from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock

from core.sanitize import clean_html

# Video providers whose players we embed; anything else is refused when the block is saved.
VIDEO_PROVIDERS = {
    "youtube.com": "youtube", "www.youtube.com": "youtube", "m.youtube.com": "youtube",
    "youtu.be": "youtube", "vimeo.com": "vimeo", "www.vimeo.com": "vimeo",
    "player.vimeo.com": "vimeo", "loom.com": "loom", "www.loom.com": "loom",
}


def video_embed_url(url: str) -> str:
    """Player URL for an allowed provider's page URL, or '' if the URL is not embeddable."""
    parsed = urlparse(url)
    provider = VIDEO_PROVIDERS.get(parsed.hostname or "")
    if parsed.scheme != "https" or not provider:
        return ""
    path = parsed.path.strip("/")
    if provider == "youtube":
        video_id = path if parsed.hostname == "youtu.be" else parse_qs(parsed.query).get("v", [""])[0]
        if not video_id and path.startswith(("embed/", "shorts/")):
            video_id = path.split("/", 1)[1]
        return f"https://www.youtube-nocookie.com/embed/{video_id}" if re.fullmatch(r"[\w-]{6,20}", video_id) else ""
    if provider == "vimeo":
        video_id = path.split("/")[-1]
        return f"https://player.vimeo.com/video/{video_id}" if video_id.isdigit() else ""
    match = re.fullmatch(r"(?:share|embed)/([0-9a-f]{16,64})", path)
    return f"https://www.loom.com/embed/{match.group(1)}" if match else ""


class SanitizedRichTextBlock(blocks.RichTextBlock):
    """Rich text whose rendered HTML passes through nh3, whatever was stored."""

    def render_basic(self, value, context=None):
        return mark_safe(clean_html(str(value)))  # noqa: S308 - cleaned by nh3 just above

    def get_api_representation(self, value, context=None):
        return clean_html(str(value))

    class Meta:
        icon = "pilcrow"
        features = ["h2", "h3", "bold", "italic", "link", "ol", "ul", "code", "blockquote"]
        description = "Formatted text with headings, lists and links."
        preview_value = "<p>Tell people what you built and who it helps.</p>"


class ImageBlock(blocks.StructBlock):
    """One image with optional caption and alt text."""

    image = ImageChooserBlock()
    alt_text = blocks.CharBlock(required=False, max_length=200, help_text="Describe the image for screen readers.")
    caption = blocks.CharBlock(required=False, max_length=200)

    def get_api_representation(self, value, context=None):
        image = value.get("image")
        rendition = image.get_rendition("max-1200x900") if image else None
        return {
            "url": rendition.url if rendition else "",
            "width": rendition.width if rendition else None,
            "height": rendition.height if rendition else None,
            "alt_text": value.get("alt_text") or (image.title if image else ""),
            "caption": value.get("caption", ""),
        }

    class Meta:
        icon = "image"
        template = "blocks/image_block.html"
        description = "A single image with a caption."


class GalleryBlock(blocks.StructBlock):
    """A grid of screenshots or photos."""

    title = blocks.CharBlock(required=False, max_length=100)
    images = blocks.ListBlock(ImageBlock(), min_num=1, max_num=12)

    class Meta:
        icon = "image"
        template = "blocks/gallery_block.html"
        description = "A grid of images, e.g. screenshots."


def safe_href(url: str) -> str:
    """The URL if it is http(s), else '' — stored content may have skipped form validation."""
    return url if urlparse(url or "").scheme in ("http", "https") else ""


class VideoEmbedValue(blocks.StructValue):
    def embed_url(self) -> str:
        return video_embed_url(self.get("url", ""))

    def safe_url(self) -> str:
        return safe_href(self.get("url", ""))


class LinkValue(blocks.StructValue):
    def safe_url(self) -> str:
        return safe_href(self.get("url", ""))


class VideoEmbedBlock(blocks.StructBlock):
    """A YouTube, Vimeo or Loom video, embedded with the provider's player."""

    url = blocks.URLBlock(help_text="A YouTube, Vimeo or Loom link.")
    caption = blocks.CharBlock(required=False, max_length=200)

    def clean(self, value):
        value = super().clean(value)
        if not video_embed_url(value.get("url", "")):
            raise blocks.StructBlockValidationError(
                block_errors={"url": ValidationError("Use an https link to a YouTube, Vimeo or Loom video.")}
            )
        return value

    def get_api_representation(self, value, context=None):
        return {"url": value.get("url", ""), "embed_url": value.embed_url(), "caption": value.get("caption", "")}

    class Meta:
        icon = "media"
        template = "blocks/video_embed_block.html"
        value_class = VideoEmbedValue
        description = "An embedded video from YouTube, Vimeo or Loom."


class CallToActionBlock(blocks.StructBlock):
    """A prominent link button, e.g. "Try the app"."""

    label = blocks.CharBlock(max_length=40)
    url = blocks.URLBlock()
    style = blocks.ChoiceBlock(choices=[("primary", "Primary"), ("secondary", "Secondary")], default="primary")

    class Meta:
        icon = "link"
        template = "blocks/cta_block.html"
        value_class = LinkValue
        description = "A button linking to your app, booking page or download."


class FeatureBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=80)
    text = blocks.TextBlock(required=False, max_length=300)


class FeatureListBlock(blocks.StructBlock):
    """What the offer does, as a short list of features."""

    heading = blocks.CharBlock(required=False, max_length=100, default="What you get")
    features = blocks.ListBlock(FeatureBlock(), min_num=1, max_num=12)

    class Meta:
        icon = "list-ul"
        template = "blocks/feature_list_block.html"
        description = "A list of features or benefits."


class PricingTierBlock(blocks.StructBlock):
    name = blocks.CharBlock(max_length=60)
    price_cents = blocks.IntegerBlock(min_value=0, help_text="Price in cents, e.g. 4900 for $49.")
    interval = blocks.ChoiceBlock(
        choices=[("once", "one-time"), ("hour", "per hour"), ("month", "per month")], default="once"
    )
    features = blocks.ListBlock(blocks.CharBlock(max_length=120), required=False)
    highlighted = blocks.BooleanBlock(required=False)


class PricingTiersBlock(blocks.StructBlock):
    """Side-by-side plans. Display only: checkout always uses the offer's server-side price."""

    heading = blocks.CharBlock(required=False, max_length=100, default="Pricing")
    tiers = blocks.ListBlock(PricingTierBlock(), min_num=1, max_num=4)

    class Meta:
        icon = "table"
        template = "blocks/pricing_tiers_block.html"
        description = "Plans or packages with prices."


class FAQItemBlock(blocks.StructBlock):
    question = blocks.CharBlock(max_length=200)
    answer = blocks.TextBlock(max_length=1500)


class FAQBlock(blocks.StructBlock):
    """Questions people usually ask before connecting."""

    heading = blocks.CharBlock(required=False, max_length=100, default="Questions")
    items = blocks.ListBlock(FAQItemBlock(), min_num=1, max_num=20)

    class Meta:
        icon = "help"
        template = "blocks/faq_block.html"
        description = "Frequently asked questions."


class TestimonialBlock(blocks.StructBlock):
    """A quote from someone who used the offer."""

    quote = blocks.TextBlock(max_length=600)
    author = blocks.CharBlock(max_length=80)
    role = blocks.CharBlock(required=False, max_length=100)

    class Meta:
        icon = "openquote"
        template = "blocks/testimonial_block.html"
        description = "What someone said about working with you."


class CodeSnippetBlock(blocks.StructBlock):
    """Code shown as escaped, monospaced text (never executed or highlighted on the server)."""

    language = blocks.ChoiceBlock(
        choices=[(lang, lang.title()) for lang in ("python", "javascript", "typescript", "bash", "json", "html", "css", "sql", "text")],
        default="python",
    )
    code = blocks.TextBlock(max_length=10_000, rows=8)

    class Meta:
        icon = "code"
        template = "blocks/code_snippet_block.html"
        description = "A snippet of code or a prompt."
