from django.urls import path

from . import views

app_name = "matching"

urlpatterns = [
    path("introductions/<int:pk>/introduce/", views.introduction_accept, name="introduction_accept"),
    path("introductions/<int:pk>/not-now/", views.introduction_dismiss, name="introduction_dismiss"),
]
