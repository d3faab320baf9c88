from django.urls import path

from . import views

app_name = "storefront"

# "offers", "followers", "following" and "asks" are reserved offer slugs, so these never shadow an offer page.
urlpatterns = [
    path("@<str:username>/", views.profile, name="profile"),
    path("@<str:username>/offers/", views.profile_offers, name="profile_offers"),
    path("@<str:username>/followers/", views.followers, name="followers"),
    path("@<str:username>/following/", views.following, name="following"),
    path("@<str:username>/asks/<slug:slug>/", views.ask_detail, name="ask_detail"),
    path("@<str:username>/<slug:slug>/", views.offer_detail, name="offer_detail"),
]
