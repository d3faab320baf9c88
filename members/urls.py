from django.urls import path

from . import views

app_name = "members"

urlpatterns = [
    path("@<str:username>/", views.profile, name="profile"),
    path("@<str:username>/asks/<slug:slug>/", views.ask_detail, name="ask_detail"),
    path("@<str:username>/<slug:slug>/", views.offer_detail, name="offer_detail"),
]
