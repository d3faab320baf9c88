from django.urls import path

from . import views

app_name = "messaging"

urlpatterns = [
    path("connections/", views.connection_list, name="connections"),
    path("connections/new/", views.connection_new, name="connection_new"),
    path("connections/<int:pk>/", views.connection_detail, name="connection_detail"),
    path("connections/<int:pk>/status/", views.connection_status, name="connection_status"),
    path("connections/<int:pk>/rate/", views.connection_rating, name="connection_rate"),
    path("messages/", views.thread_list, name="threads"),
    path("messages/<int:pk>/", views.thread_detail, name="thread"),
    path("messages/<int:pk>/send/", views.thread_send, name="thread_send"),
    path("messages/<int:pk>/updates/", views.thread_updates, name="thread_updates"),
]
