"""The conversation endpoints, included under /api/v1/ (see messaging/api.py)."""
from django.urls import path

from . import api

app_name = "messaging_api"

urlpatterns = [
    path("connections/<int:pk>/messages/", api.ConnectionMessagesView.as_view(), name="connection-messages"),
    path("connections/<int:pk>/messages/read/", api.ConnectionMessagesReadView.as_view(),
         name="connection-messages-read"),
]
