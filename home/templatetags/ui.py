"""Design-system template tags: inline Lucide icons, money, avatar tints, pagination and toast helpers.

Load with ``{% load ui %}``. Icons come from ``static/icons/<name>.svg`` (Lucide, ISC licence).
"""
import re
from functools import lru_cache

from django import template
from django.conf import settings
from django.contrib.staticfiles import finders
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.timesince import timesince

from core.money import format_cents

register = template.Library()

_ICON_NAME = re.compile(r"^[a-z0-9-]+$")
_SVG_BODY = re.compile(r"<svg\b[^>]*>(?P<body>.*)</svg>", re.S)
_BETWEEN_TAGS = re.compile(r">\s+<")

# Offer and ask types each have one icon, used on card covers and type tiles.
OFFER_TYPE_ICONS = {
    "app": "rocket",
    "template": "layout-grid",
    "course": "graduation-cap",
    "post": "book-open",
    "link": "link",
    "service": "wrench",
    "mentorship": "heart-handshake",
    "skill": "sparkles",
    "feedback": "message-circle",
}
ASK_TYPE_ICONS = {
    "beta_tester": "users",
    "feedback": "message-circle",
    "collaborator": "user-plus",
    "learning": "book-open",
    "hire": "wallet",
    "advice": "lightbulb",
    "introduction": "share-2",
}
AVATAR_TINTS = 6


@lru_cache(maxsize=256)
def _icon_body(name: str) -> str:
    """The inner markup of a vendored icon, read once per process."""
    path = finders.find(f"icons/{name}.svg") if _ICON_NAME.match(name) else None
    if not path:
        if settings.DEBUG:
            raise template.TemplateSyntaxError(f"Unknown icon {name!r}: add static/icons/{name}.svg")
        return ""
    with open(path, encoding="utf-8") as fh:
        match = _SVG_BODY.search(fh.read())
    return _BETWEEN_TAGS.sub("><", match.group("body").strip()) if match else ""


@register.simple_tag
def icon(name, size=20, label="", **kwargs):
    """``{% icon "search" size=20 label="Search" class="extra" %}``: an inline SVG icon.

    Decorative (aria-hidden) unless a label is given, then it is announced as an image.
    """
    body = _icon_body(str(name))
    classes = " ".join(filter(None, ["icon", kwargs.get("class", "")]))
    a11y = format_html('role="img" aria-label="{}"', label) if label else mark_safe('aria-hidden="true"')
    return format_html(
        '<svg class="{}" width="{}" height="{}" viewBox="0 0 24 24" fill="none" stroke="currentColor" '
        'stroke-width="2" stroke-linecap="round" stroke-linejoin="round" focusable="false" {}>{}</svg>',
        classes, int(size), int(size), a11y, mark_safe(body),  # noqa: S308 - our own vendored SVG
    )


@register.filter
def money(cents, currency="usd"):
    """Cents to a price: 4900 → "$49", 4950 → "$49.50". Empty for None or ""."""
    if cents in (None, ""):
        return ""
    try:
        return format_cents(int(cents), str(currency))
    except (TypeError, ValueError):
        return ""


@register.filter
def offer_icon(offer_type):
    return OFFER_TYPE_ICONS.get(str(offer_type), "gift")


@register.filter
def ask_icon(ask_type):
    return ASK_TYPE_ICONS.get(str(ask_type), "circle-help")


@register.filter
def avatar_tint(username):
    """A stable 0–5 tint for initials avatars, so a member keeps the same colour everywhere."""
    return sum(map(ord, str(username or ""))) % AVATAR_TINTS


@register.filter
def ago(value):
    """A short relative time for cards: "3 hours ago", "2 days ago", "just now"."""
    if not value:
        return ""
    if (timezone.now() - value).total_seconds() < 60:
        return "just now"
    return f"{timesince(value, depth=1)} ago"


@register.simple_tag
def elided_pages(page_obj, on_each_side=2, on_ends=1):
    """``{% elided_pages page_obj as pages %}``: page numbers with None where pages are skipped."""
    paginator = page_obj.paginator
    return [
        None if n == paginator.ELLIPSIS else n
        for n in paginator.get_elided_page_range(page_obj.number, on_each_side=on_each_side, on_ends=on_ends)
    ]


@register.filter
def toast_meta(message):
    """Read a Django message's extra_tags for the celebratory points toast.

    ``extra_tags="points"`` makes it a points toast; optional ``points:15`` and ``total:340``
    tokens fill in "+15 points!" and "Total: 340 points". Returns
    ``{"celebrate": bool, "points": "15", "total": "340"}`` (numbers only when present).
    """
    meta = {"celebrate": False}
    for token in str(getattr(message, "extra_tags", "") or "").split():
        key, sep, value = token.partition(":")
        if not sep:
            meta["celebrate"] = meta["celebrate"] or key == "points"
        elif key in ("points", "total") and value.lstrip("+").isdigit():
            meta[key] = value.lstrip("+")
    return meta


@register.simple_tag(takes_context=True)
def page_url(context, page_obj, number, anchor=""):
    """``{% page_url page_obj 2 "offers" %}``: this URL with only the page's parameter changed.

    The parameter is ``page_obj.page_param`` when a view paginates several lists on one page
    (offers_page, asks_page…), else ``page``; filters and search in the query string are kept.
    """
    request = context["request"]
    param = getattr(page_obj, "page_param", "page")
    query = request.GET.copy()
    if int(number) <= 1:
        query.pop(param, None)
    else:
        query[param] = number
    encoded = query.urlencode()
    return (f"?{encoded}" if encoded else request.path) + (f"#{anchor}" if anchor else "")
