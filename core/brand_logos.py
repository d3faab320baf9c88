"""Brand logos of curated tools, vendored from simple-icons into static/tool-logos/<tool slug>.svg.

Used where no curator has uploaded a logo; a tool with neither shows its letter tile.
"""
from functools import cache
from pathlib import Path

from django.conf import settings
from django.templatetags.static import static

FOLDER = "tool-logos"


@cache
def _vendored() -> frozenset[str]:
    found = set()
    for root in settings.STATICFILES_DIRS:
        found |= {path.stem for path in (Path(root) / FOLDER).glob("*.svg")}
    return frozenset(found)


def brand_logo_url(slug: str | None) -> str:
    """The static URL of the tool's vendored logo, or '' when there is none."""
    return static(f"{FOLDER}/{slug}.svg") if slug and slug in _vendored() else ""
