"""Ava's routes: /onboarding/, /ava/… (assistant, dashboard panel, drafts) and /ava/import/ (link import)."""
from django.urls import path

from . import views

app_name = "assistant"

urlpatterns = [
    path("onboarding/", views.onboarding, name="onboarding"),
    path("ava/", views.ava, name="ava"),
    path("ava/panel/", views.panel, name="panel"),
    path("ava/conversations/", views.conversations, name="conversations"),
    path("ava/c/<int:pk>/", views.conversation, name="conversation"),
    path("ava/c/<int:pk>/draft/", views.draft_request, name="draft_request"),
    path("ava/c/<int:pk>/delete/", views.conversation_delete, name="conversation_delete"),
    path("ava/c/<int:pk>/drafts/<int:message_pk>/post/", views.draft_post, name="draft_post"),
    path("ava/c/<int:pk>/drafts/<int:message_pk>/dismiss/", views.draft_dismiss, name="draft_dismiss"),
    path("ava/import/", views.import_url, name="import"),
    path("ava/import/create/", views.import_create, name="import_create"),
]
