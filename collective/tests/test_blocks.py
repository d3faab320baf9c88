"""Offer page blocks: what members write is rendered safely, and only embeddable videos are accepted."""
import pytest
from django.core.exceptions import ValidationError
from django.template import Context, Template
from wagtail.blocks import StreamBlockValidationError, StructBlockValidationError

from collective.content_blocks import OfferContentBlock
from collective.factories import OfferFactory
from collective.models import Offer
from core.blocks import CodeSnippetBlock, SanitizedRichTextBlock, VideoEmbedBlock, video_embed_url

STORED_XSS = (
    '<p>Hello <strong>world</strong>'
    '<script>alert("xss")</script>'
    '<a href="javascript:alert(1)">click me</a>'
    '<a href="https://example.com/ok" onclick="steal()">safe link</a>'
    '<img src="x" onerror="alert(2)">'
    '<span style="color:red" onmouseover="alert(3)">hover</span></p>'
)

YOUTUBE_ID = "dQw4w9WgXcQ"
LOOM_ID = "0123456789abcdef0123456789abcdef"

ALLOWED_VIDEO_URLS = [
    (f"https://www.youtube.com/watch?v={YOUTUBE_ID}", f"https://www.youtube-nocookie.com/embed/{YOUTUBE_ID}"),
    (f"https://youtube.com/watch?v={YOUTUBE_ID}&t=42", f"https://www.youtube-nocookie.com/embed/{YOUTUBE_ID}"),
    (f"https://m.youtube.com/watch?v={YOUTUBE_ID}", f"https://www.youtube-nocookie.com/embed/{YOUTUBE_ID}"),
    (f"https://youtu.be/{YOUTUBE_ID}", f"https://www.youtube-nocookie.com/embed/{YOUTUBE_ID}"),
    (f"https://www.youtube.com/shorts/{YOUTUBE_ID}", f"https://www.youtube-nocookie.com/embed/{YOUTUBE_ID}"),
    ("https://vimeo.com/76979871", "https://player.vimeo.com/video/76979871"),
    ("https://player.vimeo.com/video/76979871", "https://player.vimeo.com/video/76979871"),
    (f"https://www.loom.com/share/{LOOM_ID}", f"https://www.loom.com/embed/{LOOM_ID}"),
    (f"https://loom.com/embed/{LOOM_ID}", f"https://www.loom.com/embed/{LOOM_ID}"),
]

REFUSED_VIDEO_URLS = [
    pytest.param("https://evil.example/video", id="other-host"),
    pytest.param(f"https://evil.example/watch?v={YOUTUBE_ID}", id="other-host-youtube-path"),
    pytest.param(f"https://youtube.com.evil.example/watch?v={YOUTUBE_ID}", id="lookalike-host"),
    pytest.param(f"https://evil.example/?u=https://youtube.com/watch?v={YOUTUBE_ID}", id="youtube-in-query"),
    pytest.param(f"http://www.youtube.com/watch?v={YOUTUBE_ID}", id="http-youtube"),
    pytest.param("http://vimeo.com/76979871", id="http-vimeo"),
    pytest.param(f"http://www.loom.com/share/{LOOM_ID}", id="http-loom"),
    pytest.param("https://www.youtube.com/watch", id="youtube-without-video"),
    pytest.param('https://www.youtube.com/watch?v="><script>', id="youtube-bad-id"),
    pytest.param("https://vimeo.com/not-a-number", id="vimeo-bad-id"),
    pytest.param("https://www.loom.com/share/nothex", id="loom-bad-id"),
]


def stream(*children):
    """A StreamValue as it would come back from the database."""
    block = OfferContentBlock()
    return block.to_python([{"type": block_type, "value": value} for block_type, value in children])


def render_stream(value) -> str:
    return Template("{% load wagtailcore_tags %}{% include_block value %}").render(Context({"value": value}))


# --- Rich text -----------------------------------------------------------------------------------------------

def assert_sanitized(html: str) -> None:
    assert "<strong>world</strong>" in html
    assert "safe link" in html and 'href="https://example.com/ok"' in html
    lowered = html.lower()
    assert "<script" not in lowered
    assert "javascript:" not in lowered
    assert "onclick" not in lowered
    assert "onerror" not in lowered
    assert "onmouseover" not in lowered
    assert "style=" not in lowered


def test_rich_text_render_strips_scripts_handlers_and_javascript_links():
    block = SanitizedRichTextBlock()
    assert_sanitized(str(block.render(block.to_python(STORED_XSS))))


def test_rich_text_api_representation_is_sanitized():
    block = SanitizedRichTextBlock()
    assert_sanitized(block.get_api_representation(block.to_python(STORED_XSS)))


def test_rich_text_in_a_stream_is_sanitized_on_render():
    assert_sanitized(render_stream(stream(("rich_text", STORED_XSS))))


@pytest.mark.django_db
def test_rich_text_stored_on_an_offer_is_sanitized_when_the_page_renders(member):
    offer = OfferFactory(user=member, content=[{"type": "rich_text", "value": STORED_XSS}])
    offer = Offer.objects.get(pk=offer.pk)
    assert_sanitized(render_stream(offer.content))
    assert_sanitized(str(offer.content))


# --- Video embeds --------------------------------------------------------------------------------------------

def clean_video(url: str, caption: str = ""):
    block = VideoEmbedBlock()
    return block.clean(block.to_python({"url": url, "caption": caption}))


@pytest.mark.parametrize("url,embed", ALLOWED_VIDEO_URLS)
def test_video_block_accepts_https_youtube_vimeo_and_loom(url, embed):
    value = clean_video(url)
    assert value.embed_url() == embed
    assert VideoEmbedBlock().get_api_representation(value)["embed_url"] == embed


@pytest.mark.parametrize("url", REFUSED_VIDEO_URLS)
def test_video_block_refuses_other_hosts_and_plain_http(url):
    with pytest.raises(StructBlockValidationError) as excinfo:
        clean_video(url)
    assert "url" in excinfo.value.block_errors
    assert video_embed_url(url) == ""


@pytest.mark.parametrize("url", ["javascript:alert(1)", "not a url", ""])
def test_video_block_refuses_non_urls(url):
    with pytest.raises(ValidationError):
        clean_video(url)


def test_offer_content_stream_refuses_a_bad_video():
    block = OfferContentBlock()
    with pytest.raises(StreamBlockValidationError):
        block.clean(stream(("video", {"url": "https://evil.example/video", "caption": ""})))


def test_video_renders_provider_player():
    html = render_stream(stream(("video", {"url": f"https://youtu.be/{YOUTUBE_ID}", "caption": "Demo"})))
    assert f'src="https://www.youtube-nocookie.com/embed/{YOUTUBE_ID}"' in html
    assert "<figcaption>Demo</figcaption>" in html


def test_stored_javascript_video_url_never_renders_as_a_link():
    html = render_stream(stream(("video", {"url": "javascript:alert(document.cookie)", "caption": ""})))
    assert "javascript:" not in html.lower()


# --- Code snippet --------------------------------------------------------------------------------------------

def test_code_block_escapes_html():
    block = CodeSnippetBlock()
    value = block.to_python({"language": "html", "code": '<script>alert("x")</script>\n<b onclick="x()">b</b>'})
    html = str(block.render(value))
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert "&lt;b onclick=&quot;x()&quot;&gt;" in html
    assert 'class="language-html"' in html


def test_code_block_escapes_html_inside_a_stream():
    html = render_stream(stream(("code", {"language": "javascript", "code": "</code></pre><script>x()</script>"})))
    assert "<script>" not in html
    assert "&lt;/code&gt;&lt;/pre&gt;&lt;script&gt;" in html


# --- Whole stream --------------------------------------------------------------------------------------------

EVERY_NON_IMAGE_BLOCK = [
    ("rich_text", "<p>We built <strong>MeetingBot</strong>.</p>"),
    ("video", {"url": "https://vimeo.com/76979871", "caption": "A two-minute tour"}),
    ("cta", {"label": "Try the app", "url": "https://meetingbot.example.com", "style": "primary"}),
    ("features", {"heading": "What you get", "features": [
        {"title": "Summaries", "text": "In your inbox after every call."},
        {"title": "Action items", "text": ""},
    ]}),
    ("pricing", {"heading": "Plans", "tiers": [
        {"name": "Solo", "price_cents": 4_900, "interval": "month", "features": ["1 seat"], "highlighted": False},
        {"name": "Team", "price_cents": 19_900, "interval": "once", "features": ["5 seats", "Priority"],
         "highlighted": True},
    ]}),
    ("faq", {"heading": "Questions", "items": [{"question": "Is it free?", "answer": "The Solo plan\nhas a trial."}]}),
    ("testimonial", {"quote": "It saved me hours & hours.", "author": "Grace", "role": "Engineer"}),
    ("code", {"language": "python", "code": "print('<hi>')"}),
]

EXPECTED_FRAGMENTS = [
    "<strong>MeetingBot</strong>",
    'src="https://player.vimeo.com/video/76979871"',
    'href="https://meetingbot.example.com"', "Try the app",
    "Summaries", "In your inbox after every call.", "Action items",
    "Plans", "Solo", "Team", "5 seats",
    "Is it free?", "The Solo plan<br>has a trial.",
    "It saved me hours &amp; hours.", "Grace",
    "print(&#x27;&lt;hi&gt;&#x27;)",
]


def test_every_non_image_block_validates():
    block = OfferContentBlock()
    block.clean(stream(*EVERY_NON_IMAGE_BLOCK))


def test_every_non_image_block_renders_in_one_stream():
    html = render_stream(stream(*EVERY_NON_IMAGE_BLOCK))
    for fragment in EXPECTED_FRAGMENTS:
        assert fragment in html, fragment


@pytest.mark.django_db
def test_offer_with_every_non_image_block_round_trips_and_renders(member):
    offer = OfferFactory(user=member, content=[{"type": t, "value": v} for t, v in EVERY_NON_IMAGE_BLOCK])
    content = Offer.objects.get(pk=offer.pk).content
    assert [child.block_type for child in content] == [t for t, _ in EVERY_NON_IMAGE_BLOCK]
    html = render_stream(content)
    for fragment in EXPECTED_FRAGMENTS:
        assert fragment in html, fragment


def test_every_non_image_block_has_an_api_representation():
    value = stream(*EVERY_NON_IMAGE_BLOCK)
    representation = OfferContentBlock().get_api_representation(value)
    assert [item["type"] for item in representation] == [t for t, _ in EVERY_NON_IMAGE_BLOCK]
    by_type = {item["type"]: item["value"] for item in representation}
    assert by_type["video"]["embed_url"] == "https://player.vimeo.com/video/76979871"
    assert by_type["pricing"]["tiers"][1]["price_cents"] == 19_900


def test_only_one_pricing_block_per_offer():
    tiers = {"heading": "", "tiers": [{"name": "A", "price_cents": 0, "interval": "once", "features": [],
                                       "highlighted": False}]}
    with pytest.raises(StreamBlockValidationError):
        OfferContentBlock().clean(stream(("pricing", tiers), ("pricing", tiers)))
