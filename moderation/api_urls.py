"""The trust and safety endpoints, included under /api/v1/ (see moderation/api.py)."""
from django.urls import path

from . import api

app_name = "moderation_api"

urlpatterns = [
    path("reports/", api.ReportCreateView.as_view(), name="reports"),
    path("me/reports/", api.MyReportsView.as_view(), name="my-reports"),
    path("me/blocks/", api.BlocksView.as_view(), name="blocks"),
    path("me/blocks/<str:username>/", api.BlockDeleteView.as_view(), name="block-delete"),
    path("me/mutes/", api.MutesView.as_view(), name="mutes"),
    path("me/mutes/<str:username>/", api.MuteDeleteView.as_view(), name="mute-delete"),
]
