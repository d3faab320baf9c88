"""Cover images for offers and courses: the offline generator (free, deterministic) and the model client.

The offline cover is abstract artwork seeded by the title, in the category's tint from the design system,
so the same title always gets the same picture. With IMAGES_BASE_URL, IMAGES_API_KEY and IMAGES_MODEL set,
covers come from an OpenAI-compatible images endpoint instead.
"""
from __future__ import annotations

import base64
import hashlib
import io
import json
import random
import urllib.error
import urllib.request

from django.conf import settings
from PIL import Image, ImageDraw, ImageFilter

SIZE = (1200, 630)  # the OpenGraph card size; cards and pages crop from it
MAX_DOWNLOAD = 8_000_000
TIMEOUT_SECONDS = 60

# (light background, deep colour, accent) per offer category, from app.css's --tint-* pairs.
PALETTES = {
    "marketing-content": ("#ffeddf", "#a4460f", "#f07a3c"),
    "sales-outreach": ("#fff3d6", "#8a5300", "#f0b13c"),
    "customer-support": ("#e0f5f1", "#0f6b5c", "#3cb8a0"),
    "operations": ("#eef0f4", "#45506a", "#7b88a8"),
    "creative-design": ("#fbe9f6", "#99306f", "#e06bb3"),
    "development": ("#e9eafd", "#3b3fb0", "#6f74e8"),
    "learning-education": ("#e6f5e9", "#22703a", "#4fbf6b"),
}
DEFAULT_PALETTE = ("#f1ecff", "#5b34c7", "#f07a3c")


class ImageModelError(Exception):
    pass


def model_configured() -> bool:
    return bool(settings.IMAGES_BASE_URL and settings.IMAGES_API_KEY and settings.IMAGES_MODEL)


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    return tuple(int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))


def artwork(title: str, category_slug: str | None = None) -> Image.Image:
    """Deterministic abstract artwork for a title: soft blobs and bands over the category's tint."""
    light, deep, accent = PALETTES.get(category_slug or "", DEFAULT_PALETTE)
    seed = int.from_bytes(hashlib.sha256(" ".join(title.lower().split()).encode()).digest()[:8], "big")
    rng = random.Random(seed)  # noqa: S311 - artwork, not security
    width, height = SIZE
    base = Image.new("RGB", SIZE, light)
    mask = Image.linear_gradient("L").rotate(rng.choice((0, 90, 180, 270))).resize(SIZE)
    base = Image.composite(Image.new("RGB", SIZE, _mix(light, deep, 0.18)), base, mask)
    layer = Image.new("RGBA", SIZE, (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    for _ in range(rng.randint(5, 8)):
        colour = rng.choice((deep, accent, accent, _mix(deep, accent, 0.5)))
        radius = rng.randint(height // 5, height // 2)
        x, y = rng.randint(-radius // 2, width), rng.randint(-radius // 2, height)
        draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=(*_rgb(colour), rng.randint(60, 150)))
    layer = layer.filter(ImageFilter.GaussianBlur(rng.randint(18, 40)))
    base.paste(layer, (0, 0), layer)
    lines = Image.new("RGBA", SIZE, (0, 0, 0, 0))
    line_draw = ImageDraw.Draw(lines)
    step = rng.randint(28, 48)
    for offset in range(-height, width, step):
        line_draw.line((offset, height, offset + height, 0), fill=(255, 255, 255, 34), width=2)
    for _ in range(rng.randint(3, 6)):  # a few crisp rings give the soft shapes an anchor
        radius = rng.randint(14, 60)
        x, y = rng.randint(radius, width - radius), rng.randint(radius, height - radius)
        line_draw.ellipse((x - radius, y - radius, x + radius, y + radius), outline=(*_rgb(deep), 170),
                          width=rng.randint(3, 6))
    base.paste(lines, (0, 0), lines)
    return base


def _mix(a: str, b: str, t: float) -> str:
    ra, rb = _rgb(a), _rgb(b)
    return "#" + "".join(f"{round(x + (y - x) * t):02x}" for x, y in zip(ra, rb, strict=True))


def png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def from_model(prompt: str) -> bytes:
    """One image from the configured OpenAI-compatible endpoint (`/images/generations`, base64 answer)."""
    body = json.dumps({"model": settings.IMAGES_MODEL, "prompt": prompt[:1000], "n": 1, "size": "1536x1024",
                       "response_format": "b64_json"}).encode()
    request = urllib.request.Request(  # noqa: S310 - the site's own configured endpoint
        settings.IMAGES_BASE_URL.rstrip("/") + "/images/generations", data=body, method="POST",
        headers={"Authorization": f"Bearer {settings.IMAGES_API_KEY}", "Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
            data = json.loads(response.read(MAX_DOWNLOAD))
        raw = base64.b64decode(data["data"][0]["b64_json"], validate=True)
        Image.open(io.BytesIO(raw)).verify()
    except (urllib.error.URLError, TimeoutError, OSError, ValueError, KeyError, IndexError, TypeError) as error:
        raise ImageModelError(str(error)) from error
    return raw


def prompt_for(title: str, description: str = "") -> str:
    return ("A calm, modern abstract cover illustration for a community post, no text, no logos, soft shapes. "
            f"Topic: {title}. {description[:300]}")
