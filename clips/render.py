"""Pillow rendering of a clip card: PNG frames in the design system's colours, plus the MP4 animation.

Pure functions of a `Card` (what to say) and a `Theme` (how it looks): no database, so they are tested
directly and reused by the cover generator.
"""
from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import qrcode
from PIL import Image, ImageDraw, ImageFont, ImageOps

FONTS = Path(__file__).resolve().parent / "fonts"  # DejaVu Sans (Bitstream Vera licence), see fonts/LICENSE
SIZES = {"square": (1080, 1080), "story": (1080, 1920)}
VIDEO_SECONDS = 6
VIDEO_FPS = 15

# Avatar frames: the two ends of the gradients in app.css (--frame-*).
FRAME_COLOURS = {
    "bronze": ("#e0a26b", "#9a5b2a"),
    "silver": ("#e3e7ee", "#8a94a3"),
    "gold": ("#ffd966", "#c8911a"),
    "diamond": ("#7dd3fc", "#a78bfa"),
}
TINTS = ["#5b34c7", "#3b3fb0", "#1d4fb8", "#0b5f80", "#0f6b5c", "#22703a", "#8a5300", "#a4460f", "#b02a45", "#99306f"]


@dataclass(frozen=True)
class Theme:
    key: str
    label: str
    background: tuple[str, str]  # vertical gradient, top → bottom
    panel: str | None  # a card behind the text, or None to write on the background
    text: str
    muted: str
    chip_fill: str
    chip_text: str
    accent: str


THEMES = {
    "spotlight": Theme("spotlight", "Spotlight", ("#4f3bd1", "#37289a"), None, "#ffffff", "#e4defc",
                       "#f07a3c", "#1c1a24", "#f07a3c"),
    "sunrise": Theme("sunrise", "Sunrise", ("#fff1e6", "#ffd9bf"), "#ffffff", "#1c1a24", "#5c5766",
                     "#f07a3c", "#1c1a24", "#b4480f"),
    "paper": Theme("paper", "Paper", ("#faf9f7", "#efece6"), "#ffffff", "#1c1a24", "#5c5766",
                   "#eeebfd", "#3f2fae", "#4f3bd1"),
}


@dataclass(frozen=True)
class Card:
    kicker: str  # "Offer · Service", "Course", "Endorsement"…
    title: str
    subtitle: str
    name: str
    handle: str
    initials: str
    tint: int  # index into TINTS for the initials circle
    frame: str  # avatar frame key or "none"
    url: str  # absolute URL: the QR code's payload
    short_link: str  # the URL as printed under the QR code
    avatar: bytes | None = None  # the member's photo, if any


@cache
def font(size: int, *, bold: bool = False) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONTS / ("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf")), size)


def _width(text: str, face: ImageFont.FreeTypeFont) -> float:
    return face.getlength(text)


def wrap(text: str, face: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """Greedy word wrap by rendered width; a word longer than a line is broken by characters."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        while _width(word, face) > width:  # split an unbreakable word at the widest prefix that fits
            cut = max(1, max(i for i in range(1, len(word) + 1) if _width(word[:i], face) <= width or i == 1))
            if line:
                lines.append(line)
                line = ""
            lines.append(word[:cut])
            word = word[cut:]
        candidate = f"{line} {word}".strip()
        if _width(candidate, face) <= width:
            line = candidate
        else:
            lines.append(line)
            line = word
    if line:
        lines.append(line)
    return lines


@dataclass(frozen=True)
class Fitted:
    face: ImageFont.FreeTypeFont
    lines: list[str]
    line_height: int

    @property
    def height(self) -> int:
        return self.line_height * len(self.lines)


def fit(text: str, *, width: int, height: int, largest: int, smallest: int, bold: bool = False,
        max_lines: int = 6) -> Fitted:
    """The largest size at which `text` wraps into the box; at the smallest size, cut with an ellipsis."""
    text = " ".join(text.split())
    for size in range(largest, smallest - 1, -2):
        face = font(size, bold=bold)
        lines = wrap(text, face, width)
        line_height = round(size * 1.22)
        if len(lines) <= max_lines and line_height * len(lines) <= height:
            return Fitted(face, lines, line_height)
    face = font(smallest, bold=bold)
    line_height = round(smallest * 1.22)
    room = max(1, min(max_lines, height // line_height))
    lines = wrap(text, face, width)
    if len(lines) > room:
        lines = lines[:room]
        last = lines[-1]
        while last and _width(last + "…", face) > width:
            last = last[:-1].rstrip()
        lines[-1] = last + "…"
    return Fitted(face, lines, line_height)


def _gradient(size: tuple[int, int], top: str, bottom: str) -> Image.Image:
    mask = Image.linear_gradient("L").resize(size)
    return Image.composite(Image.new("RGB", size, bottom), Image.new("RGB", size, top), mask)


def _circle_mask(diameter: int) -> Image.Image:
    mask = Image.new("L", (diameter * 4, diameter * 4), 0)
    ImageDraw.Draw(mask).ellipse((0, 0, diameter * 4 - 1, diameter * 4 - 1), fill=255)
    return mask.resize((diameter, diameter), Image.LANCZOS)


def avatar_image(card: Card, diameter: int) -> Image.Image:
    """The member's photo (or initials on their tint) in a circle, inside their frame's ring."""
    ring = 0 if card.frame not in FRAME_COLOURS else max(6, diameter // 14)
    inner = diameter - 2 * ring
    face = None
    if card.avatar:
        try:
            face = ImageOps.fit(Image.open(io.BytesIO(card.avatar)).convert("RGB"), (inner, inner))
        except (OSError, ValueError):
            face = None  # a damaged upload falls back to initials
    if face is None:
        face = Image.new("RGB", (inner, inner), TINTS[card.tint % len(TINTS)])
        draw = ImageDraw.Draw(face)
        draw.text((inner / 2, inner / 2), card.initials[:2], font=font(inner * 2 // 5, bold=True), fill="#ffffff",
                  anchor="mm")
    out = Image.new("RGBA", (diameter, diameter), (0, 0, 0, 0))
    if ring:
        start, end = FRAME_COLOURS[card.frame]
        out.paste(_gradient((diameter, diameter), start, end), (0, 0), _circle_mask(diameter))
    out.paste(face, (ring, ring), _circle_mask(inner))
    return out


def qr_image(url: str, box: int) -> Image.Image:
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=2)
    code.add_data(url)
    code.make(fit=True)
    return code.make_image(fill_color="#1c1a24", back_color="#ffffff").get_image().convert("RGB").resize(
        (box, box), Image.NEAREST)


@dataclass(frozen=True)
class Layout:
    """Where each part of the card goes; `title_box` is what the title must fit inside."""

    margin: int
    title_box: tuple[int, int, int, int]  # left, top, right, bottom
    subtitle_box: tuple[int, int, int, int]
    footer_top: int


def layout(size: str) -> Layout:
    width, height = SIZES[size]
    margin = 84
    if size == "story":
        return Layout(margin, (margin, 420, width - margin, 1020), (margin, 1050, width - margin, 1290), 1420)
    return Layout(margin, (margin, 230, width - margin, 560), (margin, 585, width - margin, 720), 780)


def fit_title(title: str, size: str) -> Fitted:
    left, top, right, bottom = layout(size).title_box
    story = size == "story"
    return fit(title, width=right - left, height=bottom - top, largest=96 if story else 84, smallest=40, bold=True,
               max_lines=7 if story else 5)


def render(card: Card, *, theme: Theme, size: str, reveal: float = 1.0) -> Image.Image:
    """One frame of the card. `reveal` (0–1) animates the video: the text rises in, the QR code follows."""
    width, height = SIZES[size]
    box = layout(size)
    image = _gradient((width, height), *theme.background)
    draw = ImageDraw.Draw(image)
    m = box.margin
    if theme.panel:
        draw.rounded_rectangle((m // 2, m // 2, width - m // 2, height - m // 2), radius=48, fill=theme.panel)
    # Brand line and kicker chip.
    draw.text((m, m), "All Thrive AI Collective", font=font(34, bold=True), fill=theme.accent)
    chip_face = font(30, bold=True)
    chip = card.kicker.upper()
    chip_w = _width(chip, chip_face) + 48
    draw.rounded_rectangle((m, m + 70, m + chip_w, m + 126), radius=28, fill=theme.chip_fill)
    draw.text((m + 24, m + 98), chip, font=chip_face, fill=theme.chip_text, anchor="lm")

    rise = round((1 - _ease(reveal)) * 60)
    left, top, right, bottom = box.title_box
    title = fit_title(card.title, size)
    subtitle = None
    s_left, _, s_right, s_bottom = box.subtitle_box
    if card.subtitle:
        subtitle = fit(card.subtitle, width=s_right - s_left, height=s_bottom - box.subtitle_box[1], largest=38,
                       smallest=28, max_lines=5)
    # A story card has room to spare: centre the text block between the chip and the footer.
    block = title.height + (36 + subtitle.height if subtitle else 0)
    offset = max(0, (s_bottom - top - block) // 2) if size == "story" else 0
    text_layer = Image.new("RGBA", (width, height), (0, 0, 0, 0))
    text_draw = ImageDraw.Draw(text_layer)
    y = top + offset + rise
    for line in title.lines:
        text_draw.text((left, y), line, font=title.face, fill=theme.text)
        y += title.line_height
    if subtitle:
        y += 36  # right under the title; the boxes keep it above the footer
        for line in subtitle.lines:
            if y + subtitle.line_height > s_bottom + rise:
                break
            text_draw.text((s_left, y), line, font=subtitle.face, fill=theme.muted)
            y += subtitle.line_height
    alpha = text_layer.getchannel("A").point(lambda value: round(value * min(1.0, reveal * 1.4)))
    text_layer.putalpha(alpha)
    image.paste(text_layer, (0, 0), text_layer)

    # Footer: avatar, name and handle on the left; QR code and short link on the right.
    footer = box.footer_top
    qr_size = 220 if size == "square" else 260
    avatar = avatar_image(card, 132)
    image.paste(avatar, (m, footer + 24), avatar)
    name_x = m + 132 + 28
    name_room = width - m - qr_size - 40 - name_x
    name = fit(card.name, width=name_room, height=60, largest=42, smallest=28, bold=True, max_lines=1)
    draw.text((name_x, footer + 48), name.lines[0], font=name.face, fill=theme.text)
    handle = fit(card.handle, width=name_room, height=44, largest=32, smallest=22, max_lines=1)
    draw.text((name_x, footer + 108), handle.lines[0], font=handle.face, fill=theme.muted)
    if reveal >= 0.6:
        qr = qr_image(card.url, qr_size)
        qx = width - m - qr_size
        image.paste(qr, (qx, footer))
        link = fit(card.short_link, width=qr_size + 300, height=34, largest=24, smallest=16, max_lines=1)
        draw.text((qx + qr_size, footer + qr_size + 16), link.lines[0], font=link.face, fill=theme.muted,
                  anchor="ra")
    return image


def _ease(t: float) -> float:
    t = min(max(t, 0.0), 1.0)
    return 1 - (1 - t) ** 3


def png_bytes(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def video_available() -> bool:
    return shutil.which("ffmpeg") is not None


def mp4_bytes(card: Card, *, theme: Theme, size: str) -> bytes:
    """A VIDEO_SECONDS animation of the card (text rises in, then holds), encoded by ffmpeg from raw frames."""
    ffmpeg = shutil.which("ffmpeg")
    if ffmpeg is None:
        raise RuntimeError("ffmpeg is not installed")
    width, height = (w // 2 for w in SIZES[size])  # 540×540 / 540×960 keeps encoding quick
    frames = VIDEO_SECONDS * VIDEO_FPS
    still = render(card, theme=theme, size=size).resize((width, height), Image.LANCZOS).tobytes()
    with tempfile.TemporaryDirectory() as folder:
        output = Path(folder) / "clip.mp4"
        process = subprocess.Popen(  # noqa: S603 - fixed arguments, no shell
            [ffmpeg, "-loglevel", "error", "-y", "-f", "rawvideo", "-pix_fmt", "rgb24", "-s", f"{width}x{height}",
             "-r", str(VIDEO_FPS), "-i", "-", "-c:v", "libx264", "-pix_fmt", "yuv420p", "-movflags", "+faststart",
             str(output)],
            stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )
        animated = round(VIDEO_FPS * 1.5)  # the first 1.5 s animate; the rest hold the finished card
        try:
            for index in range(frames):
                if index < animated:
                    frame = render(card, theme=theme, size=size, reveal=(index + 1) / animated)
                    process.stdin.write(frame.resize((width, height), Image.LANCZOS).tobytes())
                else:
                    process.stdin.write(still)
            process.stdin.close()
        except BrokenPipeError:
            pass
        errors = process.stderr.read()
        if process.wait(timeout=120) != 0:
            raise RuntimeError(f"ffmpeg failed: {errors.decode(errors='replace')[:300]}")
        return output.read_bytes()

