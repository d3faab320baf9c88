"""The Connect hub's tab bar — Dashboard, Connections, Messages, Community — shared by its four pages.

`{% connect_tabs "messages" %}` renders includes/connect_tabs.html with the unread messages count
(the same lazy number as the header badge) and the connection requests waiting for the member's answer.
"""
from django import template
from django.urls import reverse

from .. import selectors

register = template.Library()


@register.inclusion_tag("includes/connect_tabs.html", takes_context=True)
def connect_tabs(context, active: str):
    user = selectors.attach_unread_messages_count(context["request"].user)  # shared with the header badge
    unread = user.unread_messages_count if user.is_authenticated else 0
    pending = selectors.pending_connections_count(user)
    return {"tabs": [
        {"label": "Dashboard", "url": "/home/", "active": active == "dashboard", "icon": "layout-grid"},
        {"label": "Connections", "url": reverse("messaging:connections"), "active": active == "connections",
         "icon": "users", "count": pending or None},
        {"label": "Messages", "url": reverse("messaging:threads"), "active": active == "messages",
         "icon": "message-circle", "count": unread or None},
        {"label": "Community", "url": "/community/", "active": active == "community", "icon": "flame"},
    ]}
