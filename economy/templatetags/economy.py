"""Template tags for partials other apps include: the dashboard's Top Helpers card and profile recognition."""

from django import template

from economy import selectors

register = template.Library()


@register.simple_tag
def top_helpers_this_week(limit: int = 5):
    return selectors.featured_helpers_this_week(limit=limit)


@register.simple_tag(takes_context=True)
def recognition_for(context, member):
    request = context.get("request")
    return selectors.recognition_for(member, viewer=getattr(request, "user", None))


@register.simple_tag
def next_unlock(points: int):
    upcoming = selectors.whats_next(points or 0, limit=1)
    return upcoming[0] if upcoming else None


@register.filter
def signed(amount) -> str:
    """+1,500 / −100 (a real minus sign) for ledger amounts."""
    try:
        amount = int(amount)
    except (TypeError, ValueError):
        return ""
    return f"{'+' if amount > 0 else '−' if amount < 0 else ''}{abs(amount):,}"


# The spec's badge emoji stay in the data (toasts, API); pages draw them from the site's icon set.
BADGE_ICONS = {
    "amazing-feedback": "award",
    "thorough-review": "search",
    "quick-responder": "flame",
    "fast-helper": "rocket",
    "patient-teacher": "graduation-cap",
    "great-explainer": "lightbulb",
    "welcoming": "hand-heart",
    "supportive": "heart-handshake",
}


@register.filter
def badge_icon(slug: str) -> str:
    return BADGE_ICONS.get(slug, "award")
