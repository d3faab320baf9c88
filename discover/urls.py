"""/discover/ and its lists. /discover/tools/ is the tools directory's Wagtail page tree (not here)."""
from django.urls import path

from . import views

app_name = "discover"

urlpatterns = [
    path("discover/", views.index, name="index"),
    path("discover/offers/", views.offers, name="offers"),
    path("discover/asks/", views.asks, name="asks"),
    path("discover/people/", views.people, name="people"),
]
