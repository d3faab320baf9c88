"""``{% load member_settings %}{% settings_tabs request.path as tabs %}``: the /settings/ tab bar."""
from django import template

from members import settings_nav

register = template.Library()


@register.simple_tag
def settings_tabs(current_path: str) -> list[dict]:
    return settings_nav.settings_tabs(current_path)
