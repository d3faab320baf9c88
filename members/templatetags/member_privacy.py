"""{% field_visible member "bio" request.user as show_bio %}: the member's profile field visibility choice."""
from django import template

from members.safety import field_visible as _field_visible

register = template.Library()


@register.simple_tag
def field_visible(member, field: str, viewer) -> bool:
    return _field_visible(member, field, viewer)
