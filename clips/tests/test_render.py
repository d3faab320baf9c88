"""The card drawing itself: exact sizes, text that always fits, the QR code of the item's URL."""
import io

import pytest
from PIL import Image, ImageChops

from clips import render

CARD = render.Card(
    kicker="Offer · Service", title="Landing page teardown", subtitle="A 30-minute review.", name="Maya Okafor",
    handle="@maya", initials="MO", tint=2, frame="gold", url="http://testserver/@maya/landing-page-teardown/",
    short_link="testserver/@maya/landing-page-teardown",
)


@pytest.mark.parametrize(("size", "expected"), [("square", (1080, 1080)), ("story", (1080, 1920))])
@pytest.mark.parametrize("theme", list(render.THEMES))
def test_png_sizes_are_exact(size, expected, theme):
    png = render.png_bytes(render.render(CARD, theme=render.THEMES[theme], size=size))
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG"
    assert image.size == expected


@pytest.mark.parametrize("size", ["square", "story"])
def test_a_120_character_title_fits_inside_its_box(size):
    title = ("Landing page teardown for founders: I review your sign-up page and send a checklist of fixes "
             "that doubles your conversions")[:120]
    assert len(title) == 120
    left, top, right, bottom = render.layout(size).title_box
    fitted = render.fit_title(title, size)
    assert " ".join(fitted.lines) == title  # nothing cut: it shrank instead
    assert all(fitted.face.getlength(line) <= right - left for line in fitted.lines)
    assert fitted.height <= bottom - top


def test_text_that_cannot_fit_is_cut_with_an_ellipsis_never_overflowing():
    text = "word " * 400
    fitted = render.fit(text, width=400, height=200, largest=60, smallest=40, max_lines=3)
    assert len(fitted.lines) <= 3
    assert fitted.lines[-1].endswith("…")
    assert all(fitted.face.getlength(line) <= 400 for line in fitted.lines)


def test_an_unbreakable_word_is_split_to_the_width():
    face = render.font(60, bold=True)
    lines = render.wrap("x" * 200, face, 300)
    assert len(lines) > 1 and all(face.getlength(line) <= 300 for line in lines)


def test_the_card_carries_the_qr_code_of_the_items_url():
    image = render.render(CARD, theme=render.THEMES["paper"], size="square")
    box = render.layout("square")
    qr = render.qr_image(CARD.url, 220)
    x = 1080 - box.margin - 220
    region = image.crop((x, box.footer_top, x + 220, box.footer_top + 220))
    assert ImageChops.difference(region, qr).getbbox() is None
    other = render.qr_image("http://testserver/@someone-else/", 220)
    assert ImageChops.difference(region, other).getbbox() is not None  # positive control


def test_rendering_is_deterministic():
    first = render.png_bytes(render.render(CARD, theme=render.THEMES["spotlight"], size="story"))
    again = render.png_bytes(render.render(CARD, theme=render.THEMES["spotlight"], size="story"))
    assert first == again


def test_a_damaged_avatar_falls_back_to_initials():
    card = render.Card(**{**CARD.__dict__, "avatar": b"not an image"})
    assert render.avatar_image(card, 132).size == (132, 132)


@pytest.mark.skipif(not render.video_available(), reason="ffmpeg is not installed (the PNG path doesn't need it)")
def test_the_video_is_an_mp4():
    data = render.mp4_bytes(CARD, theme=render.THEMES["spotlight"], size="square")
    assert data[4:8] == b"ftyp"
