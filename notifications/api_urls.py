"""The notification center's endpoints, included under /api/v1/ (see notifications/api.py)."""
from django.urls import path

from . import api

app_name = "notifications_api"

urlpatterns = [
    path("notifications/", api.NotificationListView.as_view(), name="list"),
    path("notifications/read-all/", api.NotificationReadAllView.as_view(), name="read-all"),
    path("notifications/<int:pk>/read/", api.NotificationReadView.as_view(), name="read"),
]
