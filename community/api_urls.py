"""/api/v1/community/… (included from config/urls.py)."""
from django.urls import path

from . import api

app_name = "community-api"

urlpatterns = [
    path("events/", api.EventListView.as_view(), name="events"),
    path("events/<int:pk>/", api.EventDetailView.as_view(), name="event-detail"),
    path("events/<int:pk>/rsvp/", api.RSVPView.as_view(), name="event-rsvp"),
    path("events/<int:pk>/rsvp/cancel/", api.RSVPCancelView.as_view(), name="event-rsvp-cancel"),
]
