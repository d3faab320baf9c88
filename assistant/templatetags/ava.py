"""Template helpers for Ava's chat: her light formatting (**bold**, *emphasis*, paragraphs)."""
import re

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

register = template.Library()

_BOLD = re.compile(r"\*\*(.+?)\*\*")
_EM = re.compile(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])")


@register.filter
def ava_text(text: str) -> str:
    """Escape, then turn **x** and *x* into <strong>/<em> and blank lines into paragraphs."""
    html = escape(text or "")
    html = _BOLD.sub(r"<strong>\1</strong>", html)
    html = _EM.sub(r"<em>\1</em>", html)
    paragraphs = [p.strip().replace("\n", "<br>") for p in re.split(r"\n\s*\n", html) if p.strip()]
    return mark_safe("".join(f"<p>{p}</p>" for p in paragraphs))  # noqa: S308 - escaped above


@register.filter
def get_item(mapping, key):
    return (mapping or {}).get(key)


@register.filter
def contains(container, item) -> bool:
    return item in (container or ())


@register.filter
def percent_of(value, total) -> int:
    try:
        return round(100 * int(value) / int(total)) if int(total) else 0
    except (TypeError, ValueError):
        return 0
