"""Template helpers of conversations: message text with safe links, and ratings summaries."""
from django import template
from django.utils.html import linebreaks, urlize
from django.utils.safestring import mark_safe

from .. import selectors

register = template.Library()


@register.filter(is_safe=True)
def message_html(body: str) -> str:
    """Plain text → escaped HTML paragraphs with its URLs linked (rel="nofollow ugc noopener")."""
    linked = urlize(body or "", nofollow=True, autoescape=True)
    linked = linked.replace('rel="nofollow"', 'rel="nofollow ugc noopener" target="_blank"')
    return mark_safe(linebreaks(linked, autoescape=False))  # noqa: S308 — escaped by urlize above


@register.simple_tag
def ratings_summary_for(member=None, offer=None):
    """{% ratings_summary_for member=member as ratings %} or {% ratings_summary_for offer=offer as ratings %}"""
    if offer is not None:
        return selectors.ratings_for_offer(offer)
    if member is not None:
        return selectors.ratings_received(member)
    return None
