from django.urls import path

from . import views

app_name = "clips"

urlpatterns = [
    path("creator/clips/", views.clips_home, name="index"),
    path("creator/clips/<int:pk>/", views.clip_detail, name="detail"),
    path("creator/clips/<int:pk>/status/", views.clip_status, name="status"),
    path("creator/clips/<int:pk>/download/<str:kind>/", views.clip_download, name="download"),
    path("creator/clips/<int:pk>/delete/", views.clip_delete, name="delete"),
]
urlpatterns += [
    path("creator/covers/<str:kind>/<int:pk>/", views.cover, name="cover"),
]
