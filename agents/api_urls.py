"""Agents for hire, included under /api/v1/ (see agents/api.py)."""
from django.urls import path

from . import api

app_name = "agents_api"

urlpatterns = [
    path("agents/", api.AgentListView.as_view(), name="agents"),
    path("agents/mine/", api.OwnedAgentListView.as_view(), name="mine"),
    path("agents/mine/<int:pk>/", api.OwnedAgentDetailView.as_view(), name="mine-detail"),
    path("agents/conversations/<int:pk>/", api.ConversationDetailView.as_view(), name="conversation"),
    path("agents/conversations/<int:pk>/messages/", api.MessageSendView.as_view(), name="messages"),
    path("agents/<str:username>/", api.AgentDetailView.as_view(), name="agent"),
    path("agents/<str:username>/conversations/", api.ConversationStartView.as_view(), name="start"),
]
