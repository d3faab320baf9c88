from django.urls import path

from . import views

app_name = "agents"

urlpatterns = [
    path("agents/", views.marketplace, name="marketplace"),
    path("agents/conversations/<int:pk>/", views.conversation, name="conversation"),
    path("agents/conversations/<int:pk>/rate/", views.conversation_rate, name="rate"),
    path("agents/<str:username>/", views.agent_profile, name="profile"),
    path("agents/<str:username>/start/", views.conversation_start, name="start"),
    path("creator/agents/", views.studio, name="studio"),
    path("creator/agents/<int:pk>/", views.studio_agent, name="studio_agent"),
    path("creator/agents/<int:pk>/drafts/<int:draft_pk>/", views.studio_draft, name="studio_draft"),
]
